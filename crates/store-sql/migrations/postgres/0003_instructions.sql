-- Issue 5: instructions (指令) with revisions and the events their state and
-- acknowledgements are derived from; production progress entries; supplier links.

CREATE TABLE instructions (
    id          UUID PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    contract_id UUID NOT NULL REFERENCES contracts(id) ON DELETE RESTRICT,
    state       TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    version     BIGINT NOT NULL,
    doc         TEXT NOT NULL,
    search_text TEXT NOT NULL,
    issued_at   TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX instructions_contract ON instructions(contract_id, id);
CREATE INDEX instructions_state ON instructions(state, id);

CREATE TABLE instruction_revisions (
    instruction_id UUID NOT NULL REFERENCES instructions(id),
    revision       BIGINT NOT NULL,
    doc            TEXT NOT NULL,
    author         TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (instruction_id, revision)
);

-- Facts: create, edit, issue, revise, acknowledge, cancel. Append-only.
CREATE TABLE instruction_events (
    seq            BIGSERIAL PRIMARY KEY,
    instruction_id UUID NOT NULL REFERENCES instructions(id),
    revision       BIGINT NOT NULL,
    action         TEXT NOT NULL,
    department     TEXT,
    actor_id       UUID,
    actor          TEXT NOT NULL,
    role           TEXT,
    reason         TEXT,
    detail         TEXT NOT NULL,
    at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX instruction_events_instruction ON instruction_events(instruction_id, seq);

-- Daily production reports per instruction line. Append-only: a wrong report is corrected
-- by a later one, never edited.
CREATE TABLE progress_entries (
    id             UUID PRIMARY KEY,
    instruction_id UUID NOT NULL REFERENCES instructions(id),
    revision       BIGINT NOT NULL,
    line           BIGINT NOT NULL,
    date           TEXT NOT NULL,
    doc            TEXT NOT NULL,
    source         TEXT NOT NULL,
    supplier_id    UUID,
    actor          TEXT NOT NULL,
    at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX progress_entries_instruction ON progress_entries(instruction_id, date, id);

CREATE TABLE supplier_links (
    id             UUID PRIMARY KEY,
    token_hash     TEXT NOT NULL UNIQUE,
    instruction_id UUID NOT NULL REFERENCES instructions(id),
    supplier_id    UUID NOT NULL REFERENCES parties(id),
    lines          TEXT NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX supplier_links_instruction ON supplier_links(instruction_id);

CREATE FUNCTION instruction_facts_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER instruction_events_no_change BEFORE UPDATE OR DELETE ON instruction_events
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();
CREATE TRIGGER progress_entries_no_change BEFORE UPDATE OR DELETE ON progress_entries
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();
