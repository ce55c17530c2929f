-- Foundation: users, sessions, API tokens, login throttling, parties, audit trail.

CREATE TABLE users (
    id            UUID PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    locale        TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    version       BIGINT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE api_tokens (
    id         UUID PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_failures (
    id    BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL,
    at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures(email, at);

CREATE TABLE parties (
    id          UUID PRIMARY KEY,
    version     BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    name_zh     TEXT,
    name_latin  TEXT,
    sort_name   TEXT NOT NULL COLLATE "C",
    search_text TEXT NOT NULL,
    bic         TEXT,
    customer_id UUID REFERENCES parties(id) ON DELETE RESTRICT,
    addresses   JSONB NOT NULL,
    contacts    JSONB NOT NULL,
    notes       TEXT NOT NULL,
    -- The party as the API shows it (derived on every write, never edited): list pages
    -- aggregate it in the database instead of decoding and re-encoding every row.
    doc         TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX parties_sort ON parties(sort_name, id);
CREATE INDEX parties_kind_sort ON parties(kind, sort_name, id);
CREATE INDEX parties_kind_id ON parties(kind, id);
CREATE INDEX parties_customer ON parties(customer_id);

-- The audit trail is append-only: a trigger refuses UPDATE and DELETE, and every event
-- carries the hash of its predecessor so that an edit made around the trigger is found by
-- `gendan audit verify`.
CREATE TABLE audit_events (
    seq         BIGINT PRIMARY KEY,
    id          UUID NOT NULL UNIQUE,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    UUID,
    actor       TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   UUID NOT NULL,
    action      TEXT NOT NULL,
    changes     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events(entity_type, entity_id, seq);

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- The head of the chain: one row, locked (FOR UPDATE) by every writer so that several
-- app servers append in one order.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
