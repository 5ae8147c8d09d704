-- 006: a patient's own access (issue 7.2 and 7.4, F-SIGNUP 1, 2, 4, 7).
-- Activation tokens are issued either for the family (printed on the visit
-- papers: parents and guardians) or for the patient's own account (given to
-- the patient privately by clinic staff); one kind never opens the other.
-- The patient's own e-mail address on file is the one a 13-17-year-old
-- signs up with and the one told of their account. A second own account
-- for a patient proved by token waits in the staff queue like an MRN
-- request, marked by its proof.

ALTER TABLE activation_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'family'
    CHECK (scope IN ('family', 'self'));

ALTER TABLE patients ADD COLUMN email TEXT;

ALTER TABLE signup_requests ADD COLUMN proof TEXT NOT NULL DEFAULT 'mrn'
    CHECK (proof IN ('mrn', 'self_token'));
