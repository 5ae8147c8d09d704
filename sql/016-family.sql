-- 016: the family's experience (issue 15): what the home page, the
-- e-mail links, the reminders and the contact form keep. Each part
-- appends its own block below, headed by the issue item it serves.

-- (15.2, helper H2) A lab result's name in the document's own words
-- (the code's originalText), which the record shows over the coded
-- name (often a LOINC long name such as "Hemoglobin [Mass/volume] in
-- Blood"). NULL when the document gave none or the same words; kept
-- beside name, not instead of it, so the release rules (lab_tests)
-- still see the coded name, and the display name as well.
ALTER TABLE results ADD COLUMN display_name TEXT;
