-- Issue 3: products, customer profiles, company profile, letters of credit (versioned JSON
-- records with every version kept), sales contracts with revisions, transitions,
-- attachments and gap-free numbers.

CREATE TABLE records (
    id          UUID PRIMARY KEY,
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    parent_id   UUID,
    version     BIGINT NOT NULL,
    doc         TEXT NOT NULL,
    search_text TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (kind, key)
);
CREATE INDEX records_parent ON records(kind, parent_id);

-- Every version of every record, written in the same transaction as the record.
CREATE TABLE record_revisions (
    record_id UUID NOT NULL,
    version   BIGINT NOT NULL,
    doc       TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (record_id, version)
);

CREATE TABLE number_sequences (
    scope TEXT PRIMARY KEY,
    last  BIGINT NOT NULL
);

CREATE TABLE contracts (
    id            UUID PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    state         TEXT NOT NULL,
    revision      BIGINT NOT NULL,
    version       BIGINT NOT NULL,
    buyer_id      UUID NOT NULL REFERENCES parties(id) ON DELETE RESTRICT,
    contract_date TEXT NOT NULL,
    author_id     UUID,
    doc           TEXT NOT NULL,
    search_text   TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX contracts_buyer ON contracts(buyer_id, contract_date);
CREATE INDEX contracts_state ON contracts(state, contract_date);
CREATE INDEX contracts_date ON contracts(contract_date, number);

CREATE TABLE contract_revisions (
    contract_id UUID NOT NULL REFERENCES contracts(id),
    revision    BIGINT NOT NULL,
    doc         TEXT NOT NULL,
    author_id   UUID,
    author      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (contract_id, revision)
);

-- The facts a contract's state is derived from: its state is the last event's to_state.
CREATE TABLE contract_events (
    seq         BIGSERIAL PRIMARY KEY,
    contract_id UUID NOT NULL REFERENCES contracts(id),
    revision    BIGINT NOT NULL,
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    actor_id    UUID,
    actor       TEXT NOT NULL,
    reason      TEXT,
    detail      TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX contract_events_contract ON contract_events(contract_id, seq);

CREATE TABLE attachments (
    id           UUID PRIMARY KEY,
    entity_type  TEXT NOT NULL,
    entity_id    UUID NOT NULL,
    purpose      TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BYTEA NOT NULL,
    uploaded_by  TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachments_entity ON attachments(entity_type, entity_id);
