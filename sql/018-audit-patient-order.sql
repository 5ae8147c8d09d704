-- 018: one patient's audit log in id order (issue 16.1 review). The
-- privacy office's search of a patient (newest first, a page at a time)
-- and its export and accounting of disclosures (oldest first, in pages of
-- 500 after the last id seen) read the patient's rows in id order from
-- this index, instead of sorting all of them for every page with
-- audit_patient (patient_id, at), which stays for the queries by time.
CREATE INDEX audit_patient_id ON audit(patient_id, id);
