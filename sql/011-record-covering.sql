-- Issue 9: the record pages read from indexes that hold what they need.
-- A lab or radiology page walks (patient_id, kind) in its own order
-- (resulted, then id, newest first) and skips the other kind; the summary
-- counts what is released from the columns the release rules look at,
-- all in the index, without reading the rows (store_record.c, SCAN).
DROP INDEX results_patient;
CREATE INDEX results_patient_kind ON results(patient_id, kind, resulted, id,
    code, name, confidential, outside, encounter_id);
