-- 016: the family's experience (issue 15): what the home page, the
-- e-mail links, the reminders and the contact form keep. Each part
-- appends its own block below, headed by the issue item it serves.

-- (15.1, helper H1) The patient a family session last showed (a page
-- with ?p= answered for them): the default of the family pages that take
-- ?p= when it is absent. Only a default: every request still asks the
-- policy, and one the account no longer sees falls back to the first it
-- does. No reference: a session lives minutes, and the id is never trusted.
ALTER TABLE sessions ADD COLUMN patient_id INTEGER;
