-- Issue 8: the cross-check (单证审核) of a shipment's set: every run kept with its report,
-- the people's decisions on findings (a warning accepted, a blocking finding overridden),
-- and the daily jobs. All append-only except a job's finish.

CREATE TABLE document_check_runs (
    id          UUID PRIMARY KEY,
    shipment_id UUID NOT NULL REFERENCES shipments(id),
    trigger     TEXT NOT NULL,
    ran_at      TIMESTAMPTZ NOT NULL,
    blocking    BIGINT NOT NULL,
    warnings    BIGINT NOT NULL,
    report      TEXT NOT NULL
);
CREATE INDEX document_check_runs_shipment ON document_check_runs(shipment_id, ran_at);

CREATE TABLE document_finding_decisions (
    id          UUID PRIMARY KEY,
    shipment_id UUID NOT NULL REFERENCES shipments(id),
    rule        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    decision    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    user_id     UUID NOT NULL,
    by_name     TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX document_finding_decisions_shipment ON document_finding_decisions(shipment_id, at);

CREATE TRIGGER document_check_runs_no_change BEFORE UPDATE OR DELETE ON document_check_runs
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();
CREATE TRIGGER document_finding_decisions_no_change BEFORE UPDATE OR DELETE ON document_finding_decisions
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();

-- A named job claimed once per day (the first instance to insert the row runs it).
CREATE TABLE jobs (
    name        TEXT NOT NULL,
    day         DATE NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    result      TEXT,
    PRIMARY KEY (name, day)
);
