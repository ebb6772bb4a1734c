-- yingshang schema, SQLite flavour. migrations/postgres/0001_init.sql is the same schema for
-- PostgreSQL; the two differ only in id columns and types. Timestamps are UTC epoch
-- milliseconds computed in Rust (never CURRENT_TIMESTAMP), so both engines compare them alike.

-- Departments; the nine defaults are seeded from the rules file at start.
CREATE TABLE departments (
    code        TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    -- The department's group chat, once bound (complaints are announced there).
    chat_id     BIGINT,
    active      BOOLEAN NOT NULL DEFAULT TRUE
);

-- Everyone who has talked to the bot. Complainants are users with role 'complainant'.
CREATE TABLE users (
    id          BIGINT PRIMARY KEY,           -- Telegram user id
    display_name TEXT NOT NULL DEFAULT '',
    -- NULL until the user picks a language; Telegram's language_code decides until then.
    lang        TEXT,
    role        TEXT NOT NULL DEFAULT 'complainant'
                CHECK (role IN ('complainant', 'staff', 'supervisor', 'admin')),
    department  TEXT REFERENCES departments(code),
    -- Set when Telegram says the user blocked the bot; the outbox stops trying.
    unreachable BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT NOT NULL
);

-- Per-day counter behind tracking numbers: one atomic upsert hands out the next number.
CREATE TABLE day_counters (
    day         BIGINT PRIMARY KEY,           -- YYYYMMDD in Asia/Shanghai
    last_seq    BIGINT NOT NULL
);

CREATE TABLE complaints (
    id          INTEGER PRIMARY KEY,
    day         BIGINT NOT NULL,
    seq         BIGINT NOT NULL,
    tracking_no TEXT NOT NULL UNIQUE,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    lang        TEXT NOT NULL,
    text        TEXT NOT NULL,
    category    TEXT NOT NULL,
    -- What the classifier proposed; differs from category when the complainant corrected it,
    -- which is kept so the classifier can learn from corrections.
    proposed_category TEXT NOT NULL,
    confidence  DOUBLE PRECISION NOT NULL,
    matched     TEXT NOT NULL,                -- JSON array of the terms shown as the reason
    -- The responsible department; NULL while the supervisors re-dispatch it after a return.
    department  TEXT REFERENCES departments(code),
    -- Who actually handles it: the department, or 'yingshang' / 'leadership' on a conflict of
    -- interest; NULL (with department) while the supervisors re-dispatch a returned complaint.
    handler     TEXT,
    conflict_of_interest BOOLEAN NOT NULL,
    company     TEXT,
    phone       TEXT,
    anonymous   BOOLEAN NOT NULL,
    status      TEXT NOT NULL,
    reopened_before   BOOLEAN NOT NULL DEFAULT FALSE,
    extension_pending BOOLEAN NOT NULL DEFAULT FALSE,
    extension_granted BOOLEAN NOT NULL DEFAULT FALSE,
    -- Bumped on every change; a change computed from an older version is refused.
    version     BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CONSTRAINT complaints_day_seq UNIQUE (day, seq)
);
-- /my lists a user's complaints newest first; the daily limit counts them per day.
CREATE INDEX complaints_user ON complaints (user_id, created_at);
-- Department queues.
CREATE INDEX complaints_handler_status ON complaints (handler, status);

-- The append-only audit log: every step of every complaint. Statistics are computed from it.
CREATE TABLE complaint_events (
    id          INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    at          BIGINT NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    BIGINT,
    kind        TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}'    -- JSON: the action's fields (reason, text, ...)
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- Photos and documents, by Telegram file id (the files stay on Telegram's servers).
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    kind        TEXT NOT NULL CHECK (kind IN ('photo', 'document')),
    file_id     TEXT NOT NULL,
    file_name   TEXT,
    added_at    BIGINT NOT NULL
);
CREATE INDEX attachments_complaint ON attachments (complaint_id);

-- Where each private conversation stands, so a restart resumes it.
CREATE TABLE dialogues (
    user_id     BIGINT PRIMARY KEY,
    state       TEXT NOT NULL,                -- JSON of service::dialogue::State
    -- Bumped on every save; a save that expected another version lost a race and is refused.
    version     BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- Telegram update ids already handled: the same update delivered twice is handled once.
CREATE TABLE processed_updates (
    update_id   BIGINT PRIMARY KEY,
    at          BIGINT NOT NULL
);

-- Notifications to send, written in the same transaction as the change they announce.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    chat_id     BIGINT NOT NULL,
    text        TEXT NOT NULL,                -- HTML
    created_at  BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    sent_at     BIGINT,
    -- Set when delivery is impossible (bot blocked, chat gone); such rows are not retried.
    failed_at   BIGINT,
    last_error  TEXT
);
-- The sender's scan: unsent, not failed, due.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
