-- 014: visits (issue 13: F-VISIT 0-7) and what pre-check-in needs of the
-- profile, insurance and payments (issue 14: F-PROFILE 1-2, F-BILL 4).
-- Moments are seconds since the epoch (UTC); the pages speak the
-- hospital's time zone (conf timezone), and the day-based rules (30 days)
-- count its calendar days (lib/policy/policy_visit.c).

-- A clinic's telephone (cancelling inside its notice is done by phone)
-- and its usual place.
ALTER TABLE clinics ADD COLUMN phone TEXT;
ALTER TABLE clinics ADD COLUMN location TEXT;

-- What a clinic offers (issue 13.2). code: the scheduling system's
-- appointment type (SIU AIS-3 / SCH-8), to match its messages. notice:
-- hours before the start after which a family can no longer cancel
-- online. copay in cents (0: none).
CREATE TABLE visit_types (
	id		INTEGER PRIMARY KEY,
	clinic_id	INTEGER NOT NULL REFERENCES clinics(id),
	name		TEXT NOT NULL,
	code		TEXT,
	minutes		INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
	video		INTEGER NOT NULL DEFAULT 0,
	self_schedule	INTEGER NOT NULL DEFAULT 0,
	notice_hours	INTEGER NOT NULL DEFAULT 24 CHECK (notice_hours BETWEEN 0 AND 720),
	copay_cents	INTEGER NOT NULL DEFAULT 0 CHECK (copay_cents BETWEEN 0 AND 1000000),
	active		INTEGER NOT NULL DEFAULT 1,
	UNIQUE (clinic_id, name)
);

-- The documents a visit type has families sign at pre-check-in. A text
-- is never edited once signed against: a change retires the row and adds
-- a new one, so a signature's text and hash always match a row.
CREATE TABLE visit_documents (
	id		INTEGER PRIMARY KEY,
	visit_type_id	INTEGER NOT NULL REFERENCES visit_types(id),
	title		TEXT NOT NULL,
	body		TEXT NOT NULL,
	retired		INTEGER NOT NULL DEFAULT 0,
	created		INTEGER NOT NULL
);
CREATE INDEX visit_documents_type ON visit_documents(visit_type_id);

-- Open times a clinic publishes (or the scheduling system sends as
-- "open" appointments) for self-scheduling. A slot is taken while a
-- booked visit names it (visits_slot below); withdrawn slots are not
-- offered.
CREATE TABLE slots (
	id		INTEGER PRIMARY KEY,
	clinic_id	INTEGER NOT NULL REFERENCES clinics(id),
	visit_type_id	INTEGER NOT NULL REFERENCES visit_types(id),
	provider	TEXT,
	location	TEXT,
	start_at	INTEGER NOT NULL,
	minutes		INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
	source		TEXT NOT NULL DEFAULT 'clinic' CHECK (source IN ('clinic', 'siu')),
	filler_id	TEXT UNIQUE,
	withdrawn	INTEGER NOT NULL DEFAULT 0,
	created		INTEGER NOT NULL
);
CREATE INDEX slots_open ON slots(clinic_id, visit_type_id, start_at);

-- Appointments: from the scheduling system (SIU, keyed by the filler
-- appointment id as "authority^id") or booked in the portal. room: the
-- unguessable name of the visit's video room. Cancelled, confirmed:
-- when, and by whom as the audit names actors ("family:12", "siu").
CREATE TABLE visits (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	clinic_id	INTEGER NOT NULL REFERENCES clinics(id),
	visit_type_id	INTEGER REFERENCES visit_types(id),
	type_name	TEXT NOT NULL,
	provider	TEXT,
	location	TEXT,
	video		INTEGER NOT NULL DEFAULT 0,
	start_at	INTEGER NOT NULL,
	minutes		INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
	status		TEXT NOT NULL DEFAULT 'booked' CHECK (status IN
			    ('booked', 'cancelled', 'noshow', 'completed')),
	confidential	INTEGER NOT NULL DEFAULT 0,
	source		TEXT NOT NULL CHECK (source IN ('siu', 'portal')),
	filler_id	TEXT UNIQUE,
	slot_id		INTEGER REFERENCES slots(id),
	room		TEXT NOT NULL UNIQUE,
	booked_by	INTEGER REFERENCES accounts(id),
	confirmed	INTEGER,
	confirmed_by	TEXT,
	cancelled	INTEGER,
	cancelled_by	TEXT,
	cancel_reason	TEXT,
	created		INTEGER NOT NULL,
	updated		INTEGER NOT NULL
);
CREATE INDEX visits_patient ON visits(patient_id, start_at);
CREATE INDEX visits_clinic ON visits(clinic_id, start_at);
-- Two families booking one slot at once: the second insert fails here
-- (issue 13.5: a constraint, not a check-then-insert).
CREATE UNIQUE INDEX visits_slot ON visits(slot_id) WHERE status = 'booked';

-- Pre-check-in (issue 13.7): each step done separately, by whom and when.
CREATE TABLE visit_checkins (
	visit_id	INTEGER NOT NULL REFERENCES visits(id),
	step		TEXT NOT NULL CHECK (step IN
			    ('contact', 'insurance', 'copay', 'documents')),
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	done		INTEGER NOT NULL,
	PRIMARY KEY (visit_id, step)
);

-- A signed document: the exact text signed, its SHA-256 (hex), the name
-- typed, the account that signed, when.
CREATE TABLE visit_signatures (
	id		INTEGER PRIMARY KEY,
	visit_id	INTEGER NOT NULL REFERENCES visits(id),
	document_id	INTEGER NOT NULL REFERENCES visit_documents(id),
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	signer_name	TEXT NOT NULL,
	body		TEXT NOT NULL,
	sha256		TEXT NOT NULL,
	signed		INTEGER NOT NULL,
	UNIQUE (visit_id, document_id)
);

-- "Request a visit" (issue 13.4): the clinic's queue.
CREATE TABLE visit_requests (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	clinic_id	INTEGER NOT NULL REFERENCES clinics(id),
	reason		TEXT NOT NULL,
	preferred	TEXT NOT NULL,
	phone		TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'new' CHECK (status IN
			    ('new', 'contacted', 'scheduled', 'closed')),
	created		INTEGER NOT NULL,
	updated		INTEGER NOT NULL,
	updated_by	INTEGER REFERENCES staff(id)
);
CREATE INDEX visit_requests_clinic ON visit_requests(clinic_id, status, created);
CREATE INDEX visit_requests_patient ON visit_requests(patient_id, created);

-- Reminder e-mails sent (issue 13.9), so a rerun sends none twice.
CREATE TABLE visit_reminders (
	visit_id	INTEGER NOT NULL REFERENCES visits(id),
	days		INTEGER NOT NULL,
	sent		INTEGER NOT NULL,
	PRIMARY KEY (visit_id, days)
);

-- Contact information of a family account (F-PROFILE 1): applied at
-- once. A new e-mail address waits in email_changes until its link is
-- followed.
ALTER TABLE accounts ADD COLUMN address1 TEXT;
ALTER TABLE accounts ADD COLUMN address2 TEXT;
ALTER TABLE accounts ADD COLUMN city TEXT;
ALTER TABLE accounts ADD COLUMN state TEXT;
ALTER TABLE accounts ADD COLUMN postal TEXT;
ALTER TABLE accounts ADD COLUMN phone_mobile TEXT;
ALTER TABLE accounts ADD COLUMN phone_home TEXT;
ALTER TABLE accounts ADD COLUMN preferred TEXT NOT NULL DEFAULT 'email'
    CHECK (preferred IN ('email', 'mobile', 'home', 'text'));
ALTER TABLE accounts ADD COLUMN contact_updated INTEGER;

CREATE TABLE email_changes (
	id		INTEGER PRIMARY KEY,
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	email		TEXT NOT NULL,
	token_hash	BLOB NOT NULL UNIQUE,
	created		INTEGER NOT NULL,
	expires		INTEGER NOT NULL,
	used		INTEGER
);
CREATE INDEX email_changes_account ON email_changes(account_id);

-- Insurance on file per patient (F-PROFILE 2): from C-CDA payers
-- sections, the billing system, or an approved change. rank 1 primary.
CREATE TABLE coverages (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	payer		TEXT NOT NULL,
	plan		TEXT,
	member_id	TEXT,
	group_no	TEXT,
	subscriber	TEXT,
	relationship	TEXT,
	rank		INTEGER NOT NULL DEFAULT 1,
	source		TEXT NOT NULL CHECK (source IN ('cda', 'billing', 'family')),
	document_id	INTEGER REFERENCES documents(id),
	active		INTEGER NOT NULL DEFAULT 1,
	updated		INTEGER NOT NULL
);
CREATE INDEX coverages_patient ON coverages(patient_id);

-- A change the family submitted: reviewed by billing staff, never applied
-- directly. coverage_id NULL: a new coverage. Card photos checked by
-- content (lib/base/magic.c).
CREATE TABLE insurance_changes (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	coverage_id	INTEGER REFERENCES coverages(id),
	visit_id	INTEGER REFERENCES visits(id),
	payer		TEXT NOT NULL,
	plan		TEXT,
	member_id	TEXT NOT NULL,
	group_no	TEXT,
	subscriber	TEXT NOT NULL,
	relationship	TEXT NOT NULL,
	rank		INTEGER NOT NULL DEFAULT 1,
	front		BLOB,
	front_mime	TEXT,
	back		BLOB,
	back_mime	TEXT,
	status		TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
			    ('pending', 'approved', 'rejected')),
	reason		TEXT,
	created		INTEGER NOT NULL,
	decided		INTEGER,
	decided_by	INTEGER REFERENCES staff(id)
);
CREATE INDEX insurance_changes_status ON insurance_changes(status, created);
CREATE INDEX insurance_changes_patient ON insurance_changes(patient_id);

-- Payments through the processor's hosted page (F-BILL 4): the portal
-- never sees a card. reference: the portal's, random, sent signed to the
-- processor; txn: the processor's transaction id. A payment that arrives
-- for something no longer due is kept and flagged for a refund.
CREATE TABLE payments (
	id		INTEGER PRIMARY KEY,
	reference	TEXT NOT NULL UNIQUE,
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	patient_id	INTEGER REFERENCES patients(id),	-- a copay's
	purpose		TEXT NOT NULL CHECK (purpose IN ('copay', 'statement')),
	visit_id	INTEGER REFERENCES visits(id),
	statement_id	INTEGER,
	amount_cents	INTEGER NOT NULL CHECK (amount_cents > 0),
	currency	TEXT NOT NULL DEFAULT 'USD',
	status		TEXT NOT NULL DEFAULT 'started' CHECK (status IN
			    ('started', 'paid', 'declined', 'cancelled')),
	refund		INTEGER NOT NULL DEFAULT 0,
	txn		TEXT UNIQUE,
	created		INTEGER NOT NULL,
	decided		INTEGER
);
CREATE INDEX payments_visit ON payments(visit_id);
CREATE INDEX payments_account ON payments(account_id, created);
