-- Foundation: users, sessions, API tokens, login throttling, parties, audit trail.
-- Timestamps are RFC 3339 text (UTC), ids are UUIDv7 as 16-byte blobs.

CREATE TABLE users (
    id            BLOB PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    locale        TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE api_tokens (
    id         BLOB PRIMARY KEY,
    user_id    BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    at    TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_email_at ON login_failures(email, at);

CREATE TABLE parties (
    id          BLOB PRIMARY KEY,
    version     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    name_zh     TEXT,
    name_latin  TEXT,
    sort_name   TEXT NOT NULL,
    search_text TEXT NOT NULL,
    bic         TEXT,
    customer_id BLOB REFERENCES parties(id) ON DELETE RESTRICT,
    addresses   TEXT NOT NULL,
    contacts    TEXT NOT NULL,
    notes       TEXT NOT NULL,
    -- The party as the API shows it (derived on every write, never edited): list pages
    -- aggregate it in the database instead of decoding and re-encoding every row.
    doc         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX parties_sort ON parties(sort_name, id);
CREATE INDEX parties_kind_sort ON parties(kind, sort_name, id);
CREATE INDEX parties_kind_id ON parties(kind, id);
CREATE INDEX parties_customer ON parties(customer_id);

-- The audit trail is append-only: triggers refuse UPDATE and DELETE, and every event
-- carries the hash of its predecessor so that an edit made around the triggers is found
-- by `gendan audit verify`.
CREATE TABLE audit_events (
    seq         INTEGER PRIMARY KEY,
    id          BLOB NOT NULL UNIQUE,
    at          TEXT NOT NULL,
    actor_id    BLOB,
    actor       TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   BLOB NOT NULL,
    action      TEXT NOT NULL,
    changes     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_entity ON audit_events(entity_type, entity_id, seq);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

-- The head of the chain: one row, locked by every writer.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
) STRICT;
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
