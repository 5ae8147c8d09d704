-- 020: the department each record item came from (review of session 16).
-- A note from Psychiatry or the Adolescent Substance Abuse Program is never
-- shown (F-PROXY 6), but the problems, medications and results coded in
-- its sections were imported as rows of their own with nothing to say
-- where they came from, and were shown. Each such row now carries its
-- document's department (a note's or an imaging report's, as the note
-- itself does: lib/cda/cda_import.c doc_department), and the release
-- rules read it (lib/policy/policy_record.c). NULL: a summary document's
-- entry, of no one department.
-- The rows filled below find their note by document: without this index
-- each row scans every note (hours at a hospital's size, the portal down
-- meanwhile; review of session 16).
CREATE INDEX notes_document ON notes(document_id);
ALTER TABLE results ADD COLUMN department TEXT;
ALTER TABLE medications ADD COLUMN department TEXT;
ALTER TABLE allergies ADD COLUMN department TEXT;
ALTER TABLE problems ADD COLUMN department TEXT;
ALTER TABLE immunizations ADD COLUMN department TEXT;
ALTER TABLE vitals ADD COLUMN department TEXT;
-- The rows imported before: their note's department, or an imaging
-- report's visit's (the report's own was not kept when it had no visit).
UPDATE results SET department = (SELECT max(n.department) FROM notes n
    WHERE n.document_id = results.document_id)
    WHERE document_id IN (SELECT document_id FROM notes);
UPDATE results SET department = (SELECT e.department FROM encounters e
    WHERE e.id = results.encounter_id)
    WHERE kind = 'radiology' AND department IS NULL;
UPDATE medications SET department = (SELECT max(n.department) FROM notes n
    WHERE n.document_id = medications.document_id)
    WHERE document_id IN (SELECT document_id FROM notes);
UPDATE allergies SET department = (SELECT max(n.department) FROM notes n
    WHERE n.document_id = allergies.document_id)
    WHERE document_id IN (SELECT document_id FROM notes);
UPDATE problems SET department = (SELECT max(n.department) FROM notes n
    WHERE n.document_id = problems.document_id)
    WHERE document_id IN (SELECT document_id FROM notes);
UPDATE immunizations SET department = (SELECT max(n.department) FROM notes n
    WHERE n.document_id = immunizations.document_id)
    WHERE document_id IN (SELECT document_id FROM notes);
UPDATE vitals SET department = (SELECT max(n.department) FROM notes n
    WHERE n.document_id = vitals.document_id)
    WHERE document_id IN (SELECT document_id FROM notes);
