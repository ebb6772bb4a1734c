-- Issue 6: department queues — staff and their roles, invite codes, cards in group chats,
-- prompts waiting for a typed answer, and the facts that time limits and statistics need.

-- The facts time limits count from (epoch ms, computed in Rust) and who the complaint is
-- assigned to. The queue and the deadline watcher read these columns instead of replaying
-- the event log.
ALTER TABLE complaints ADD COLUMN assignee BIGINT;
ALTER TABLE complaints ADD COLUMN dispatched_at BIGINT;
ALTER TABLE complaints ADD COLUMN accepted_at BIGINT;
ALTER TABLE complaints ADD COLUMN paused_at BIGINT;
ALTER TABLE complaints ADD COLUMN resolved_at BIGINT;
-- How often it was returned (退单): ping-pong is visible and counted.
ALTER TABLE complaints ADD COLUMN returns INTEGER NOT NULL DEFAULT 0;
UPDATE complaints SET dispatched_at = created_at WHERE handler IS NOT NULL;
-- "Mine" in a clerk's queue.
CREATE INDEX complaints_assignee ON complaints (assignee, status);

-- Each event carries the department and the handler at that moment, so that per-department
-- figures need no JSON functions (which SQLite and PostgreSQL spell differently).
ALTER TABLE complaint_events ADD COLUMN department TEXT;
ALTER TABLE complaint_events ADD COLUMN handler TEXT;
UPDATE complaint_events SET
    department = (SELECT c.department FROM complaints c WHERE c.id = complaint_events.complaint_id),
    handler = (SELECT c.handler FROM complaints c WHERE c.id = complaint_events.complaint_id);
-- Weekly figures read the events of a period.
CREATE INDEX complaint_events_at ON complaint_events (at, kind);

-- Being an admin is a right beside the role (an admin may also be staff or a supervisor);
-- a department lead is staff who also receives chases and the department's figures.
ALTER TABLE users ADD COLUMN is_admin BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN is_lead BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET is_admin = TRUE, role = 'complainant' WHERE role = 'admin';
-- Who works in a department.
CREATE INDEX users_department ON users (department, role);

-- One-time invite codes: /invite creates one, /join (or the start=join-CODE deep link) uses it.
CREATE TABLE invites (
    code        TEXT PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('staff', 'lead', 'supervisor')),
    -- NULL for supervisors.
    department  TEXT REFERENCES departments(code),
    created_by  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_by     BIGINT,
    used_at     BIGINT
);

-- A complaint's card: which message in which chat shows it. A button press on a card is
-- matched by (chat, message) to its complaint, never by reading the card's text.
CREATE TABLE cards (
    chat_id     BIGINT NOT NULL,
    message_id  BIGINT NOT NULL,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
-- The card to edit when the complaint moves.
CREATE INDEX cards_complaint ON cards (complaint_id, chat_id);

-- A ForceReply prompt waiting for its answer: the reply to (chat, message) is the text the
-- pressed button asked for (a reason, a question, a note, the reply to the complainant).
CREATE TABLE prompts (
    chat_id     BIGINT NOT NULL,
    message_id  BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    -- What the answer is for, as the service's prompt code (e.g. 'return', 'resolve').
    action      TEXT NOT NULL,
    -- A suggestion carried with the prompt (the department a complaint is returned towards).
    extra       TEXT,
    expires_at  BIGINT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);

-- The group chats the bot is in, as Telegram reports them (my_chat_member updates).
CREATE TABLE bot_chats (
    chat_id     BIGINT PRIMARY KEY,
    title       TEXT NOT NULL DEFAULT '',
    -- 'member', 'administrator', 'left' or 'kicked'.
    status      TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- Notices beyond plain text: 'card' (sent once, then edited in place: complaint_id names it),
-- 'photo' and 'document' (payload holds the bytes, file_name their name).
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'text';
ALTER TABLE outbox ADD COLUMN complaint_id BIGINT;
ALTER TABLE outbox ADD COLUMN file_name TEXT;
ALTER TABLE outbox ADD COLUMN payload BLOB;

-- Conversations are kept per (chat, user): a clerk can be mid-answer in a group and in a
-- private chat at once. SQLite cannot change a primary key in place: the table is rebuilt.
CREATE TABLE dialogues_by_chat (
    chat_id     BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    state       TEXT NOT NULL,
    version     BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
-- Until now every conversation was a private chat, whose id is the user's.
INSERT INTO dialogues_by_chat (chat_id, user_id, state, version, updated_at)
    SELECT user_id, user_id, state, version, updated_at FROM dialogues;
DROP TABLE dialogues;
ALTER TABLE dialogues_by_chat RENAME TO dialogues;
