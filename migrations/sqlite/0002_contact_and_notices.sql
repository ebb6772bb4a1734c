-- Issue 5: the name a named complainant chose to show, and outbox rows that carry buttons,
-- are recorded once and remember the message they became.

-- The name the department sees for a named complaint (the Telegram name, or one the
-- complainant typed); NULL for anonymous complaints and for those filed before this column.
ALTER TABLE complaints ADD COLUMN contact_name TEXT;

-- Inline buttons of the notice, as JSON rows of {"label", "data"}; NULL when there are none.
ALTER TABLE outbox ADD COLUMN buttons TEXT;
-- A notice produced twice (a retried transaction, two instances) is stored once: the writer
-- names it (e.g. 'filed:42') and inserts with ON CONFLICT (dedupe_key) DO NOTHING.
ALTER TABLE outbox ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe_key);
-- The Telegram message the notice became, so that it can be edited later.
ALTER TABLE outbox ADD COLUMN sent_message_id BIGINT;
