-- Issue 6: bookings (订舱) with every version kept, shipments (出运) whose containers,
-- milestones and sent advices live in one versioned document, their append-only events,
-- and customer tracking links.

CREATE TABLE bookings (
    id          BLOB PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    customer_id BLOB NOT NULL REFERENCES parties(id) ON DELETE RESTRICT,
    state       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    search_text TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX bookings_customer ON bookings(customer_id, id);

-- Every version of a booking, written with it. Append-only.
CREATE TABLE booking_revisions (
    booking_id BLOB NOT NULL REFERENCES bookings(id),
    version    INTEGER NOT NULL,
    action     TEXT NOT NULL,
    state      TEXT NOT NULL,
    doc        TEXT NOT NULL,
    reason     TEXT,
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (booking_id, version)
) STRICT;
CREATE TRIGGER booking_revisions_no_update BEFORE UPDATE ON booking_revisions
BEGIN SELECT RAISE(ABORT, 'booking_revisions is append-only'); END;
CREATE TRIGGER booking_revisions_no_delete BEFORE DELETE ON booking_revisions
BEGIN SELECT RAISE(ABORT, 'booking_revisions is append-only'); END;

CREATE TABLE shipments (
    id          BLOB PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    booking_id  BLOB NOT NULL UNIQUE REFERENCES bookings(id),
    customer_id BLOB NOT NULL REFERENCES parties(id) ON DELETE RESTRICT,
    stage       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    search_text TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX shipments_customer ON shipments(customer_id, id);
CREATE INDEX shipments_stage ON shipments(stage, id);

CREATE TABLE shipment_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    shipment_id BLOB NOT NULL REFERENCES shipments(id),
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX shipment_events_shipment ON shipment_events(shipment_id, seq);
CREATE TRIGGER shipment_events_no_update BEFORE UPDATE ON shipment_events
BEGIN SELECT RAISE(ABORT, 'shipment_events is append-only'); END;
CREATE TRIGGER shipment_events_no_delete BEFORE DELETE ON shipment_events
BEGIN SELECT RAISE(ABORT, 'shipment_events is append-only'); END;

CREATE TABLE tracking_links (
    id          BLOB PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    shipment_id BLOB NOT NULL REFERENCES shipments(id),
    documents   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX tracking_links_shipment ON tracking_links(shipment_id);
