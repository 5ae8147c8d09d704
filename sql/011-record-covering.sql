-- Issue 9: the record pages read from indexes that hold what they need.
-- A lab or radiology page walks (patient_id, kind) in its own order
-- (resulted, then id, newest first) and skips the other kind; the summary
-- counts what is released from the columns the release rules look at,
-- all in the index, without reading the rows (store_record.c, SCAN).
DROP INDEX results_patient;
-- engine: sqlite
CREATE INDEX results_patient_kind ON results(patient_id, kind, resulted, id,
    code, name, confidential, outside, encounter_id);
-- engine: postgresql
-- Without the free texts code and name: a B-tree entry is at most 2,704
-- bytes there, and a document's long result name would fail its import
-- (SQLite has no such limit). PostgreSQL reads them from the rows.
CREATE INDEX results_patient_kind ON results(patient_id, kind, resulted, id,
    confidential, outside, encounter_id);
-- engine: all
