-- Issue 8: the cross-check (单证审核) of a shipment's set: every run kept with its report,
-- the people's decisions on findings (a warning accepted, a blocking finding overridden),
-- and the daily jobs. All append-only except a job's finish.

CREATE TABLE document_check_runs (
    id          BLOB PRIMARY KEY,
    shipment_id BLOB NOT NULL REFERENCES shipments(id),
    trigger     TEXT NOT NULL,
    ran_at      TEXT NOT NULL,
    blocking    INTEGER NOT NULL,
    warnings    INTEGER NOT NULL,
    report      TEXT NOT NULL
) STRICT;
CREATE INDEX document_check_runs_shipment ON document_check_runs(shipment_id, ran_at);
CREATE TRIGGER document_check_runs_no_update BEFORE UPDATE ON document_check_runs
BEGIN SELECT RAISE(ABORT, 'document_check_runs is append-only'); END;
CREATE TRIGGER document_check_runs_no_delete BEFORE DELETE ON document_check_runs
BEGIN SELECT RAISE(ABORT, 'document_check_runs is append-only'); END;

CREATE TABLE document_finding_decisions (
    id          BLOB PRIMARY KEY,
    shipment_id BLOB NOT NULL REFERENCES shipments(id),
    rule        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    decision    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    user_id     BLOB NOT NULL,
    by_name     TEXT NOT NULL,
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX document_finding_decisions_shipment ON document_finding_decisions(shipment_id, at);
CREATE TRIGGER document_finding_decisions_no_update BEFORE UPDATE ON document_finding_decisions
BEGIN SELECT RAISE(ABORT, 'document_finding_decisions is append-only'); END;
CREATE TRIGGER document_finding_decisions_no_delete BEFORE DELETE ON document_finding_decisions
BEGIN SELECT RAISE(ABORT, 'document_finding_decisions is append-only'); END;

-- A named job claimed once per day (the first instance to insert the row runs it).
CREATE TABLE jobs (
    name        TEXT NOT NULL,
    day         TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    result      TEXT,
    PRIMARY KEY (name, day)
) STRICT;
