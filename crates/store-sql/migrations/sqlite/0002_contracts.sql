-- Issue 3: products, customer profiles, company profile, letters of credit (versioned JSON
-- records with every version kept), sales contracts with revisions, transitions,
-- attachments and gap-free numbers.

CREATE TABLE records (
    id          BLOB PRIMARY KEY,
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    parent_id   BLOB,
    version     INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    search_text TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (kind, key)
) STRICT;
CREATE INDEX records_parent ON records(kind, parent_id);

-- Every version of every record, written in the same transaction as the record.
CREATE TABLE record_revisions (
    record_id BLOB NOT NULL,
    version   INTEGER NOT NULL,
    doc       TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (record_id, version)
) STRICT;

CREATE TABLE number_sequences (
    scope TEXT PRIMARY KEY,
    last  INTEGER NOT NULL
) STRICT;

CREATE TABLE contracts (
    id            BLOB PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    state         TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    buyer_id      BLOB NOT NULL REFERENCES parties(id) ON DELETE RESTRICT,
    contract_date TEXT NOT NULL,
    author_id     BLOB,
    doc           TEXT NOT NULL,
    search_text   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX contracts_buyer ON contracts(buyer_id, contract_date);
CREATE INDEX contracts_state ON contracts(state, contract_date);
CREATE INDEX contracts_date ON contracts(contract_date, number);

CREATE TABLE contract_revisions (
    contract_id BLOB NOT NULL REFERENCES contracts(id),
    revision    INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    author_id   BLOB,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (contract_id, revision)
) STRICT;

-- The facts a contract's state is derived from: its state is the last event's to_state.
CREATE TABLE contract_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id BLOB NOT NULL REFERENCES contracts(id),
    revision    INTEGER NOT NULL,
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    actor_id    BLOB,
    actor       TEXT NOT NULL,
    reason      TEXT,
    detail      TEXT NOT NULL,
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX contract_events_contract ON contract_events(contract_id, seq);

CREATE TABLE attachments (
    id           BLOB PRIMARY KEY,
    entity_type  TEXT NOT NULL,
    entity_id    BLOB NOT NULL,
    purpose      TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    uploaded_by  TEXT NOT NULL,
    at           TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_entity ON attachments(entity_type, entity_id);
