-- Issue 6: bookings (订舱) with every version kept, shipments (出运) whose containers,
-- milestones and sent advices live in one versioned document, their append-only events,
-- and customer tracking links.

CREATE TABLE bookings (
    id          UUID PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    customer_id UUID NOT NULL REFERENCES parties(id) ON DELETE RESTRICT,
    state       TEXT NOT NULL,
    version     BIGINT NOT NULL,
    doc         TEXT NOT NULL,
    search_text TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX bookings_customer ON bookings(customer_id, id);

-- Every version of a booking, written with it. Append-only.
CREATE TABLE booking_revisions (
    booking_id UUID NOT NULL REFERENCES bookings(id),
    version    BIGINT NOT NULL,
    action     TEXT NOT NULL,
    state      TEXT NOT NULL,
    doc        TEXT NOT NULL,
    reason     TEXT,
    actor      TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (booking_id, version)
);

CREATE TABLE shipments (
    id          UUID PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    booking_id  UUID NOT NULL UNIQUE REFERENCES bookings(id),
    customer_id UUID NOT NULL REFERENCES parties(id) ON DELETE RESTRICT,
    stage       TEXT NOT NULL,
    version     BIGINT NOT NULL,
    doc         TEXT NOT NULL,
    search_text TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX shipments_customer ON shipments(customer_id, id);
CREATE INDEX shipments_stage ON shipments(stage, id);

CREATE TABLE shipment_events (
    seq         BIGSERIAL PRIMARY KEY,
    shipment_id UUID NOT NULL REFERENCES shipments(id),
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX shipment_events_shipment ON shipment_events(shipment_id, seq);

CREATE TABLE tracking_links (
    id          UUID PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    shipment_id UUID NOT NULL REFERENCES shipments(id),
    documents   TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX tracking_links_shipment ON tracking_links(shipment_id);

CREATE TRIGGER booking_revisions_no_change BEFORE UPDATE OR DELETE ON booking_revisions
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();
CREATE TRIGGER shipment_events_no_change BEFORE UPDATE OR DELETE ON shipment_events
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();
