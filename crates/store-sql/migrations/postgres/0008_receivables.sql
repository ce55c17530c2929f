-- Issue 9: receipts (收汇) and the ledger that applies them to instalments or writes off
-- what is left (both append-only; a correction is an entry of the opposite sign), and the
-- outbox of messages with the tasks of the work queue that reminders (催款) make.

CREATE TABLE receipts (
    id             UUID PRIMARY KEY,
    customer_id    UUID NOT NULL REFERENCES parties(id),
    currency       TEXT NOT NULL,
    value_date     DATE NOT NULL,
    bank_reference TEXT NOT NULL,
    doc            TEXT NOT NULL,
    note           TEXT,
    by_name        TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX receipts_customer ON receipts(customer_id, value_date);
CREATE TRIGGER receipts_no_change BEFORE UPDATE OR DELETE ON receipts
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();

CREATE TABLE receivable_entries (
    seq         BIGSERIAL PRIMARY KEY,
    customer_id UUID NOT NULL REFERENCES parties(id),
    kind        TEXT NOT NULL,
    contract_id UUID REFERENCES contracts(id),
    instalment  BIGINT,
    receipt_id  UUID REFERENCES receipts(id),
    amount      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    reason      TEXT,
    by_name     TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX receivable_entries_customer ON receivable_entries(customer_id, seq);
CREATE INDEX receivable_entries_contract ON receivable_entries(contract_id, seq);
CREATE TRIGGER receivable_entries_no_change BEFORE UPDATE OR DELETE ON receivable_entries
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();

CREATE TABLE outbox (
    id          UUID PRIMARY KEY,
    kind        TEXT NOT NULL,
    dedupe_key  TEXT NOT NULL UNIQUE,
    to_address  TEXT NOT NULL,
    lang        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   UUID NOT NULL,
    state       TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX outbox_entity ON outbox(entity_id, created_at);

CREATE TABLE tasks (
    id          UUID PRIMARY KEY,
    kind        TEXT NOT NULL,
    dedupe_key  TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,
    title       TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   UUID NOT NULL,
    due         DATE,
    state       TEXT NOT NULL,
    version     BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX tasks_role ON tasks(role, state, created_at);
CREATE INDEX tasks_entity ON tasks(entity_id);
