-- Issue 7: official holiday notices loaded after a release (`yingshang calendar load`).
-- The notices of 2023–2026 are embedded in the binary; the State Council publishes the next
-- year's each autumn, and an admin loads it here, so that every instance on this database
-- counts working days on it at once, without a new release. One row per year: loading a year
-- again replaces its notice (a corrected notice replaces the first), and a stored year wins
-- over the embedded one.
CREATE TABLE calendar_notices (
    year        INTEGER PRIMARY KEY,
    -- The notice as loaded, in holiday-cn's JSON shape ({"year", "papers", "days"}); checked
    -- before it is stored, and parsed again when read, by the same code.
    notice      TEXT NOT NULL,
    -- When (epoch ms) and by whom, e.g. "cli (root)": a due date that moved can be explained.
    loaded_at   BIGINT NOT NULL,
    loaded_by   TEXT NOT NULL
);
