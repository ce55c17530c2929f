-- Issue 9: receipts (收汇) and the ledger that applies them to instalments or writes off
-- what is left (both append-only; a correction is an entry of the opposite sign), and the
-- outbox of messages with the tasks of the work queue that reminders (催款) make.

CREATE TABLE receipts (
    id             BLOB PRIMARY KEY,
    customer_id    BLOB NOT NULL REFERENCES parties(id),
    currency       TEXT NOT NULL,
    value_date     TEXT NOT NULL,
    bank_reference TEXT NOT NULL,
    doc            TEXT NOT NULL,
    note           TEXT,
    by_name        TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX receipts_customer ON receipts(customer_id, value_date);
CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts is append-only'); END;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts is append-only'); END;

CREATE TABLE receivable_entries (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BLOB NOT NULL REFERENCES parties(id),
    kind        TEXT NOT NULL,
    contract_id BLOB REFERENCES contracts(id),
    instalment  INTEGER,
    receipt_id  BLOB REFERENCES receipts(id),
    amount      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    reason      TEXT,
    by_name     TEXT NOT NULL,
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX receivable_entries_customer ON receivable_entries(customer_id, seq);
CREATE INDEX receivable_entries_contract ON receivable_entries(contract_id, seq);
CREATE TRIGGER receivable_entries_no_update BEFORE UPDATE ON receivable_entries
BEGIN SELECT RAISE(ABORT, 'receivable_entries is append-only'); END;
CREATE TRIGGER receivable_entries_no_delete BEFORE DELETE ON receivable_entries
BEGIN SELECT RAISE(ABORT, 'receivable_entries is append-only'); END;

CREATE TABLE outbox (
    id          BLOB PRIMARY KEY,
    kind        TEXT NOT NULL,
    dedupe_key  TEXT NOT NULL UNIQUE,
    to_address  TEXT NOT NULL,
    lang        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   BLOB NOT NULL,
    state       TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_entity ON outbox(entity_id, created_at);

CREATE TABLE tasks (
    id          BLOB PRIMARY KEY,
    kind        TEXT NOT NULL,
    dedupe_key  TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,
    title       TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   BLOB NOT NULL,
    due         TEXT,
    state       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX tasks_role ON tasks(role, state, created_at);
CREATE INDEX tasks_entity ON tasks(entity_id);
