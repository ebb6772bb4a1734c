-- Issue 7: time limits on the working-day calendar, stored as moments (epoch ms, computed in
-- Rust on the calendar), so that the deadline watcher and the queue read indexed columns
-- instead of computing the calendar for every row.

-- 签收 by, 退单 allowed until, 办结 by, rated by.
ALTER TABLE complaints ADD COLUMN accept_due_at BIGINT;
ALTER TABLE complaints ADD COLUMN return_until BIGINT;
ALTER TABLE complaints ADD COLUMN resolve_due_at BIGINT;
ALTER TABLE complaints ADD COLUMN rating_due_at BIGINT;
-- Some limit counts through a year whose holiday notice is not published yet.
ALTER TABLE complaints ADD COLUMN due_provisional BOOLEAN NOT NULL DEFAULT FALSE;
-- The resolve limit is a fresh one, given when the complaint was reopened (重办).
ALTER TABLE complaints ADD COLUMN due_fresh BOOLEAN NOT NULL DEFAULT FALSE;
-- The working days of the extension (延期) that waits for a supervisor's decision.
ALTER TABLE complaints ADD COLUMN extension_days INTEGER;
-- When the watcher must look at the complaint next (its next warning, chase or escalation);
-- NULL when nothing is due. The watcher's scan is `next_alert_at <= now`, on this index.
ALTER TABLE complaints ADD COLUMN next_alert_at BIGINT;
CREATE INDEX complaints_next_alert ON complaints (next_alert_at);
-- The limit that runs now (accept until accepted, then resolve; NULL while the clock is
-- stopped or the complaint is out of the department's hands): the queue is sorted on it,
-- most urgent (overdue) first.
ALTER TABLE complaints ADD COLUMN urgent_at BIGINT;
CREATE INDEX complaints_queue ON complaints (handler, status, urgent_at);
