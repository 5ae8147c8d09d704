-- 001: the foundation. Patients and the people on file for them, family and
-- staff accounts, the links between accounts and patients, the sign-up
-- verification queue, single-use secrets, sessions, sign-in throttling,
-- the e-mail outbox and the append-only audit log.
-- Times are Unix seconds (UTC); calendar dates are 'YYYY-MM-DD' text.

CREATE TABLE secrets (
	name	TEXT PRIMARY KEY,
	value	BLOB NOT NULL
);

CREATE TABLE patients (
	id		INTEGER PRIMARY KEY,
	mrn		TEXT NOT NULL UNIQUE,
	given		TEXT NOT NULL,
	family		TEXT NOT NULL,
	dob		TEXT NOT NULL,
	sex		TEXT,
	foster		INTEGER NOT NULL DEFAULT 0,	-- in DCF custody
	guardianship	INTEGER NOT NULL DEFAULT 0,	-- guardianship papers on file (adults)
	created		INTEGER NOT NULL
);

-- The people the hospital has on file for a patient.
CREATE TABLE relations (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	kind		TEXT NOT NULL CHECK (kind IN
			    ('parent', 'legal_guardian', 'dcf_caseworker', 'foster_parent')),
	given		TEXT NOT NULL,
	family		TEXT NOT NULL,
	email		TEXT COLLATE NOCASE,
	phone		TEXT
);
CREATE INDEX relations_patient ON relations(patient_id);

-- Visits, as far as sign-up needs them (MRN + date of a past visit).
CREATE TABLE encounters (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	date		TEXT NOT NULL,
	kind		TEXT NOT NULL DEFAULT 'outpatient',
	department	TEXT,
	confidential	INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX encounters_patient ON encounters(patient_id, date);

CREATE TABLE accounts (
	id		INTEGER PRIMARY KEY,
	email		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	pw_hash		TEXT NOT NULL,
	given		TEXT NOT NULL,
	family		TEXT NOT NULL,
	verified	INTEGER,			-- time the address was verified
	disabled	INTEGER NOT NULL DEFAULT 0,
	created		INTEGER NOT NULL,
	pw_changed	INTEGER NOT NULL
);

-- Which patients an account holds, and as whom.
CREATE TABLE account_patients (
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	role		TEXT NOT NULL CHECK (role IN
			    ('self', 'parent', 'legal_guardian', 'dcf_caseworker')),
	relation_id	INTEGER REFERENCES relations(id),
	status		TEXT NOT NULL CHECK (status IN ('active', 'pending', 'rejected')),
	created		INTEGER NOT NULL,
	PRIMARY KEY (account_id, patient_id)
);
CREATE INDEX account_patients_patient ON account_patients(patient_id);

-- Hospital staff (before the tables that name them: PostgreSQL checks a
-- reference when it is made).
CREATE TABLE staff (
	id		INTEGER PRIMARY KEY,
	username	TEXT NOT NULL UNIQUE COLLATE NOCASE,
	pw_hash		TEXT NOT NULL,
	name		TEXT NOT NULL,
	email		TEXT,
	role		TEXT NOT NULL CHECK (role IN ('verifier', 'admin')),
	disabled	INTEGER NOT NULL DEFAULT 0,
	created		INTEGER NOT NULL
);

-- Sign-ups and added patients proved by MRN + visit date wait here for
-- hospital staff. What the applicant typed is kept as typed.
CREATE TABLE signup_requests (
	id		INTEGER PRIMARY KEY,
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	role		TEXT NOT NULL CHECK (role IN ('self', 'guardian')),
	mrn		TEXT NOT NULL,
	visit_date	TEXT NOT NULL,
	patient_id	INTEGER REFERENCES patients(id),	-- the MRN's patient, if any
	status		TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
			    ('pending', 'approved', 'rejected')),
	reason		TEXT,					-- rejection reason code
	decided_by	INTEGER REFERENCES staff(id),
	decided		INTEGER,
	created		INTEGER NOT NULL
);
CREATE INDEX signup_requests_status ON signup_requests(status, created);

-- Activation tokens printed on visit papers: the selector finds the row,
-- the verifier is kept only as an scrypt hash.
CREATE TABLE activation_tokens (
	id		INTEGER PRIMARY KEY,
	selector	TEXT NOT NULL UNIQUE,
	verifier_hash	TEXT NOT NULL,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	issued		INTEGER NOT NULL,
	expires		INTEGER NOT NULL,
	used		INTEGER
);

-- Single-use links sent by e-mail (address verification, password reset).
CREATE TABLE email_links (
	id		INTEGER PRIMARY KEY,
	selector	TEXT NOT NULL UNIQUE,
	verifier_hash	TEXT NOT NULL,
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	purpose		TEXT NOT NULL CHECK (purpose IN ('verify', 'reset')),
	created		INTEGER NOT NULL,
	expires		INTEGER NOT NULL,
	used		INTEGER
);
CREATE INDEX email_links_account ON email_links(account_id, purpose);

-- Sessions: the cookie holds 256 random bits, the table their SHA-256.
CREATE TABLE sessions (
	id		INTEGER PRIMARY KEY,
	token_hash	BLOB NOT NULL UNIQUE,
	kind		TEXT NOT NULL CHECK (kind IN ('family', 'staff')),
	principal	INTEGER NOT NULL,
	created		INTEGER NOT NULL,
	seen		INTEGER NOT NULL,
	addr		TEXT
);
CREATE INDEX sessions_principal ON sessions(kind, principal);

-- Sign-in failures per key ("acct:<sha256 of the address>", "addr:<ip>").
CREATE TABLE throttle (
	key		TEXT PRIMARY KEY,
	since		INTEGER NOT NULL,
	failures	INTEGER NOT NULL
);

CREATE TABLE outbox (
	id		INTEGER PRIMARY KEY,
	created		INTEGER NOT NULL,
	to_addr		TEXT NOT NULL,
	subject		TEXT NOT NULL,
	body		TEXT NOT NULL,
	claimed		INTEGER,
	sent		INTEGER,
	attempts	INTEGER NOT NULL DEFAULT 0,
	last_error	TEXT
);
CREATE INDEX outbox_unsent ON outbox(sent, id);

-- Append-only: each row's hash covers the previous row's hash.
CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	actor		TEXT NOT NULL,
	action		TEXT NOT NULL,
	patient_id	INTEGER,
	addr		TEXT,
	detail		TEXT,
	prev		TEXT NOT NULL,
	hash		TEXT NOT NULL
);
CREATE INDEX audit_patient ON audit(patient_id, at);
-- engine: sqlite
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
	BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
	BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
-- engine: postgresql
-- (and TRUNCATE, which SQLite does not have)
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit log is append-only';
END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
-- engine: all
