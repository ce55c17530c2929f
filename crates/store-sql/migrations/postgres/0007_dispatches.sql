-- Issue 9: dispatches of document sets (寄单) by courier, through the banks (collection) or
-- as an L/C presentation, and the steps of each (append-only).

CREATE TABLE dispatches (
    id          UUID PRIMARY KEY,
    shipment_id UUID NOT NULL REFERENCES shipments(id),
    kind        TEXT NOT NULL,
    state       TEXT NOT NULL,
    version     BIGINT NOT NULL,
    doc         TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX dispatches_shipment ON dispatches(shipment_id, created_at);

CREATE TABLE dispatch_events (
    seq         BIGSERIAL PRIMARY KEY,
    dispatch_id UUID NOT NULL REFERENCES dispatches(id),
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    note        TEXT,
    by_name     TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX dispatch_events_dispatch ON dispatch_events(dispatch_id, seq);
CREATE TRIGGER dispatch_events_no_change BEFORE UPDATE OR DELETE ON dispatch_events
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();
