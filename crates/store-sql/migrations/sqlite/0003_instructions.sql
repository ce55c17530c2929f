-- Issue 5: instructions (指令) with revisions and the events their state and
-- acknowledgements are derived from; production progress entries; supplier links.

CREATE TABLE instructions (
    id          BLOB PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    contract_id BLOB NOT NULL REFERENCES contracts(id) ON DELETE RESTRICT,
    state       TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    search_text TEXT NOT NULL,
    issued_at   TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX instructions_contract ON instructions(contract_id, id);
CREATE INDEX instructions_state ON instructions(state, id);

CREATE TABLE instruction_revisions (
    instruction_id BLOB NOT NULL REFERENCES instructions(id),
    revision       INTEGER NOT NULL,
    doc            TEXT NOT NULL,
    author         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (instruction_id, revision)
) STRICT;

-- Facts: create, edit, issue, revise, acknowledge, cancel. Append-only.
CREATE TABLE instruction_events (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    instruction_id BLOB NOT NULL REFERENCES instructions(id),
    revision       INTEGER NOT NULL,
    action         TEXT NOT NULL,
    department     TEXT,
    actor_id       BLOB,
    actor          TEXT NOT NULL,
    role           TEXT,
    reason         TEXT,
    detail         TEXT NOT NULL,
    at             TEXT NOT NULL
) STRICT;
CREATE INDEX instruction_events_instruction ON instruction_events(instruction_id, seq);
CREATE TRIGGER instruction_events_no_update BEFORE UPDATE ON instruction_events
BEGIN SELECT RAISE(ABORT, 'instruction_events is append-only'); END;
CREATE TRIGGER instruction_events_no_delete BEFORE DELETE ON instruction_events
BEGIN SELECT RAISE(ABORT, 'instruction_events is append-only'); END;

-- Daily production reports per instruction line. Append-only: a wrong report is corrected
-- by a later one, never edited.
CREATE TABLE progress_entries (
    id             BLOB PRIMARY KEY,
    instruction_id BLOB NOT NULL REFERENCES instructions(id),
    revision       INTEGER NOT NULL,
    line           INTEGER NOT NULL,
    date           TEXT NOT NULL,
    doc            TEXT NOT NULL,
    source         TEXT NOT NULL,
    supplier_id    BLOB,
    actor          TEXT NOT NULL,
    at             TEXT NOT NULL
) STRICT;
CREATE INDEX progress_entries_instruction ON progress_entries(instruction_id, date, id);
CREATE TRIGGER progress_entries_no_update BEFORE UPDATE ON progress_entries
BEGIN SELECT RAISE(ABORT, 'progress_entries is append-only'); END;
CREATE TRIGGER progress_entries_no_delete BEFORE DELETE ON progress_entries
BEGIN SELECT RAISE(ABORT, 'progress_entries is append-only'); END;

CREATE TABLE supplier_links (
    id             BLOB PRIMARY KEY,
    token_hash     TEXT NOT NULL UNIQUE,
    instruction_id BLOB NOT NULL REFERENCES instructions(id),
    supplier_id    BLOB NOT NULL REFERENCES parties(id),
    lines          TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    revoked_at     TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX supplier_links_instruction ON supplier_links(instruction_id);
