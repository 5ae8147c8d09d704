-- 019: one index of the audit log by patient, not two (issue 9).
-- audit_patient (patient_id, at) and audit_patient_id (patient_id, id,
-- 018) put every audit row into two indexes by patient, at random places:
-- the single audit writer spent most of its time there, and the staff
-- inbox (up to 50 rows a page) went from about 570 to 830 pages/s in
-- make bench without the first. Every query by patient reads the log in
-- id order from audit_patient_id; the provider portal's "found in a
-- search lately" (store_ppatients' seen) bounds its rows by the first id
-- of the window, found by audit_at (at, id, 017).
DROP INDEX audit_patient;
