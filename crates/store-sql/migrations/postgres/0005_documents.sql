-- Issue 7: trade documents (单证) with every revision kept, the verification log and the
-- steps that make a document final and sent.

CREATE TABLE trade_documents (
    id             UUID PRIMARY KEY,
    shipment_id    UUID NOT NULL REFERENCES shipments(id),
    kind           TEXT NOT NULL,
    number         TEXT NOT NULL,
    revision       BIGINT NOT NULL,
    version        BIGINT NOT NULL,
    final_revision BIGINT,
    sent_at        TIMESTAMPTZ,
    doc            TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (kind, number)
);
CREATE INDEX trade_documents_shipment ON trade_documents(shipment_id, kind, id);

CREATE TABLE trade_document_revisions (
    document_id UUID NOT NULL REFERENCES trade_documents(id),
    revision    BIGINT NOT NULL,
    doc         TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (document_id, revision)
);

-- The verification log. Append-only.
CREATE TABLE trade_document_checks (
    seq         BIGSERIAL PRIMARY KEY,
    document_id UUID NOT NULL REFERENCES trade_documents(id),
    revision    BIGINT NOT NULL,
    doc         TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX trade_document_checks_document ON trade_document_checks(document_id, seq);

CREATE TRIGGER trade_document_revisions_no_change BEFORE UPDATE OR DELETE ON trade_document_revisions
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();
CREATE TRIGGER trade_document_checks_no_change BEFORE UPDATE OR DELETE ON trade_document_checks
FOR EACH ROW EXECUTE FUNCTION instruction_facts_append_only();
