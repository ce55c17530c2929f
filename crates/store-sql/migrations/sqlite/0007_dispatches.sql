-- Issue 9: dispatches of document sets (寄单) by courier, through the banks (collection) or
-- as an L/C presentation, and the steps of each (append-only).

CREATE TABLE dispatches (
    id          BLOB PRIMARY KEY,
    shipment_id BLOB NOT NULL REFERENCES shipments(id),
    kind        TEXT NOT NULL,
    state       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX dispatches_shipment ON dispatches(shipment_id, created_at);

CREATE TABLE dispatch_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    dispatch_id BLOB NOT NULL REFERENCES dispatches(id),
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    note        TEXT,
    by_name     TEXT NOT NULL,
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX dispatch_events_dispatch ON dispatch_events(dispatch_id, seq);
CREATE TRIGGER dispatch_events_no_update BEFORE UPDATE ON dispatch_events
BEGIN SELECT RAISE(ABORT, 'dispatch_events is append-only'); END;
CREATE TRIGGER dispatch_events_no_delete BEFORE DELETE ON dispatch_events
BEGIN SELECT RAISE(ABORT, 'dispatch_events is append-only'); END;
