-- 012: the provider portal's people (issue 11: P-REG, P-LOGIN, P-SPONSOR),
-- staff roles, and second factors for both portals.

-- A staff member holds any number of roles (issue 11.8): verifier (family
-- sign-ups), provisioning (provider applications), billing, clinic (a
-- care team member: the inbox), admin. The old single column goes; every
-- care-team member on file keeps the inbox through the role "clinic".
CREATE TABLE staff_roles (
	staff_id	INTEGER NOT NULL REFERENCES staff(id),
	role		TEXT NOT NULL CHECK (role IN
			    ('verifier', 'provisioning', 'billing', 'clinic', 'admin')),
	PRIMARY KEY (staff_id, role)
);
INSERT INTO staff_roles (staff_id, role) SELECT id, role FROM staff;
INSERT INTO staff_roles (staff_id, role)
	SELECT DISTINCT staff_id, 'clinic' FROM staff_clinics;
ALTER TABLE staff DROP COLUMN role;

-- Sessions of the provider portal: its own kinds. A session's stage is
-- 'in' (signed in), 'mfa' (password right, the second factor to come) or
-- 'enrol' (password right, a second factor to set up first because the
-- hospital requires one); only the second factor's own pages take the
-- last two. Sessions live minutes: the upgrade signs everyone out rather
-- than rebuild the table to widen its CHECK.
DROP TABLE sessions;
CREATE TABLE sessions (
	id		INTEGER PRIMARY KEY,
	token_hash	BLOB NOT NULL UNIQUE,
	kind		TEXT NOT NULL CHECK (kind IN
			    ('family', 'staff', 'provider', 'sponsored')),
	principal	INTEGER NOT NULL,
	stage		TEXT NOT NULL DEFAULT 'in' CHECK (stage IN ('in', 'mfa', 'enrol')),
	created		INTEGER NOT NULL,
	seen		INTEGER NOT NULL,
	addr		TEXT
);
CREATE INDEX sessions_principal ON sessions(kind, principal);

-- A practice named by an applicant is listed for others to pick only
-- once provisioning staff approved that applicant.
ALTER TABLE practices ADD COLUMN fax TEXT;
ALTER TABLE practices ADD COLUMN listed INTEGER NOT NULL DEFAULT 1;

-- Provider-portal accounts: registered clinicians (kind 'provider') and
-- the staff they sponsor (kind 'sponsored'). A clinician's application
-- is the row itself, status 'pending' until decided. pw_hash is NULL
-- until the person chooses one through the e-mailed single-use link.
CREATE TABLE provider_accounts (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('provider', 'sponsored')),
	email		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	given		TEXT NOT NULL,
	family		TEXT NOT NULL,
	phone		TEXT,
	status		TEXT NOT NULL CHECK (status IN
			    ('pending', 'approved', 'rejected', 'suspended', 'revoked')),
	pw_hash		TEXT,
	pw_changed	INTEGER,
	sso_user	TEXT UNIQUE,		-- Children's ID (REMOTE_USER)
	-- a clinician's:
	npi		TEXT UNIQUE,
	credential	TEXT CHECK (credential IN ('MD', 'DO', 'NP', 'PA')),
	specialty	TEXT,
	hospital	INTEGER NOT NULL DEFAULT 0,	-- hospital physician without EMR access
	practice_id	INTEGER REFERENCES practices(id),
	provider_id	INTEGER REFERENCES providers(id),	-- directory entry, from approval
	sponsor_asked	INTEGER NOT NULL DEFAULT 0,
	sponsor_granted	INTEGER NOT NULL DEFAULT 0,
	-- a sponsored user's:
	sponsor_id	INTEGER REFERENCES provider_accounts(id),
	staff_kind	TEXT CHECK (staff_kind IN ('nurse', 'referral', 'office', 'other')),
	-- the decision on an application:
	decided_by	INTEGER REFERENCES staff(id),
	decided		INTEGER,
	reason		TEXT,
	created		INTEGER NOT NULL
);
CREATE INDEX provider_accounts_status ON provider_accounts(status, created);
CREATE INDEX provider_accounts_sponsor ON provider_accounts(sponsor_id);

-- An application's documents: uploaded (data, with the type its content
-- shows) or to be faxed (data NULL until staff mark it received).
CREATE TABLE provider_documents (
	id		INTEGER PRIMARY KEY,
	account_id	INTEGER NOT NULL REFERENCES provider_accounts(id),
	kind		TEXT NOT NULL CHECK (kind IN ('agreement', 'identity', 'sponsorship')),
	name		TEXT,
	mime		TEXT,
	data		BLOB,
	fax_received	INTEGER,
	fax_by		INTEGER REFERENCES staff(id),
	created		INTEGER NOT NULL,
	UNIQUE (account_id, kind)
);

-- Single-use links to choose a password (on approval, for a new sponsored
-- user), stored as store_tokens' e-mail links are.
CREATE TABLE provider_links (
	id		INTEGER PRIMARY KEY,
	selector	TEXT NOT NULL UNIQUE,
	verifier_hash	TEXT NOT NULL,
	account_id	INTEGER NOT NULL REFERENCES provider_accounts(id),
	purpose		TEXT NOT NULL CHECK (purpose IN ('setup')),
	created		INTEGER NOT NULL,
	expires		INTEGER NOT NULL,
	used		INTEGER
);
CREATE INDEX provider_links_account ON provider_links(account_id, purpose);

-- E-mailed single-use pass codes (P-LOGIN 3): short, typed in, expiring,
-- void after a few wrong tries.
CREATE TABLE pass_codes (
	id		INTEGER PRIMARY KEY,
	account_id	INTEGER NOT NULL REFERENCES provider_accounts(id),
	purpose		TEXT NOT NULL CHECK (purpose IN ('reset', 'questions')),
	code_hash	TEXT NOT NULL,
	created		INTEGER NOT NULL,
	expires		INTEGER NOT NULL,
	tries		INTEGER NOT NULL DEFAULT 0,
	used		INTEGER
);
CREATE INDEX pass_codes_account ON pass_codes(account_id, purpose);

-- Security questions, asked in addition to a pass code; answers stored as
-- passwords are.
CREATE TABLE security_answers (
	account_id	INTEGER NOT NULL REFERENCES provider_accounts(id),
	n		INTEGER NOT NULL,
	question	TEXT NOT NULL,
	answer_hash	TEXT NOT NULL,
	PRIMARY KEY (account_id, n)
);

-- Second factors (TOTP, RFC 6238) of family and provider-portal accounts:
-- the secret sealed with a key derived from the installation key;
-- enabled NULL while enrolling; last_step, the last time step accepted,
-- so that a code is taken once.
CREATE TABLE mfa (
	kind		TEXT NOT NULL CHECK (kind IN ('family', 'provider')),
	principal	INTEGER NOT NULL,
	secret		BLOB NOT NULL,
	enabled		INTEGER,
	last_step	INTEGER NOT NULL DEFAULT 0,
	created		INTEGER NOT NULL,
	PRIMARY KEY (kind, principal)
);
CREATE TABLE recovery_codes (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('family', 'provider')),
	principal	INTEGER NOT NULL,
	code_hash	TEXT NOT NULL,
	used		INTEGER
);
CREATE INDEX recovery_codes_owner ON recovery_codes(kind, principal);
