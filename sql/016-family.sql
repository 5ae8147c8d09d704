-- 016: the family's experience (issue 15): what the home page, the
-- e-mail links, the reminders and the contact form keep. Each part
-- appends its own block below, headed by the issue item it serves.

-- (15.1, helper H1) The patient a family session last showed (a page
-- with ?p= answered for them): the default of the family pages that take
-- ?p= when it is absent. Only a default: every request still asks the
-- policy, and one the account no longer sees falls back to the first it
-- does. No reference: a session lives minutes, and the id is never trusted.
ALTER TABLE sessions ADD COLUMN patient_id INTEGER;
-- (15.2, helper H2) A lab result's name in the document's own words
-- (the code's originalText), which the record shows over the coded
-- name (often a LOINC long name such as "Hemoglobin [Mass/volume] in
-- Blood"). NULL when the document gave none or the same words; kept
-- beside name, not instead of it, so the release rules (lab_tests)
-- still see the coded name, and the display name as well.
ALTER TABLE results ADD COLUMN display_name TEXT;
