-- Issue 7: trade documents (单证) with every revision kept, the verification log and the
-- steps that make a document final and sent.

CREATE TABLE trade_documents (
    id             BLOB PRIMARY KEY,
    shipment_id    BLOB NOT NULL REFERENCES shipments(id),
    kind           TEXT NOT NULL,
    number         TEXT NOT NULL,
    revision       INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    final_revision INTEGER,
    sent_at        TEXT,
    doc            TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (kind, number)
) STRICT;
CREATE INDEX trade_documents_shipment ON trade_documents(shipment_id, kind, id);

CREATE TABLE trade_document_revisions (
    document_id BLOB NOT NULL REFERENCES trade_documents(id),
    revision    INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (document_id, revision)
) STRICT;
CREATE TRIGGER trade_document_revisions_no_update BEFORE UPDATE ON trade_document_revisions
BEGIN SELECT RAISE(ABORT, 'trade_document_revisions is append-only'); END;
CREATE TRIGGER trade_document_revisions_no_delete BEFORE DELETE ON trade_document_revisions
BEGIN SELECT RAISE(ABORT, 'trade_document_revisions is append-only'); END;

-- The verification log. Append-only.
CREATE TABLE trade_document_checks (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id BLOB NOT NULL REFERENCES trade_documents(id),
    revision    INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX trade_document_checks_document ON trade_document_checks(document_id, seq);
CREATE TRIGGER trade_document_checks_no_update BEFORE UPDATE ON trade_document_checks
BEGIN SELECT RAISE(ABORT, 'trade_document_checks is append-only'); END;
CREATE TRIGGER trade_document_checks_no_delete BEFORE DELETE ON trade_document_checks
BEGIN SELECT RAISE(ABORT, 'trade_document_checks is append-only'); END;
