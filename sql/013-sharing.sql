-- 013: who sees which patient in the provider portal (issue 12: F-SHARE,
-- P-ACCESS, P-TOKEN): the provider directory's public fields, the shares
-- families make and the invitation tokens they issue, providers' requests
-- for access, and each provider-portal user's saved patient list.

-- The directory: loaded from the NPPES NPI registry file (portalctl
-- providers import), from approved provider accounts, and from C-CDA
-- import (a patient's PCP). family_key is the family name in ASCII lower
-- case, so that a prefix search uses an index on both engines.
ALTER TABLE providers ADD COLUMN specialty TEXT;
ALTER TABLE providers ADD COLUMN organization TEXT;
ALTER TABLE providers ADD COLUMN address TEXT;
ALTER TABLE providers ADD COLUMN city TEXT;
ALTER TABLE providers ADD COLUMN state TEXT;
ALTER TABLE providers ADD COLUMN postal TEXT;
ALTER TABLE providers ADD COLUMN family_key TEXT;
ALTER TABLE providers ADD COLUMN source TEXT NOT NULL DEFAULT 'hospital';
ALTER TABLE providers ADD COLUMN updated INTEGER;
UPDATE providers SET family_key = lower(family);
CREATE INDEX providers_family_key ON providers(family_key);

-- Patient search in the provider portal: by MRN (unique already) or by
-- family name with the date of birth.
CREATE INDEX patients_dob ON patients(dob);

-- Invitation tokens (P-TOKEN): bound to one patient (the provider types
-- the MRN with it), single use, expiring; stored as store_tokens' are
-- (a plain selector, an scrypt hash of the verifier). scope is what the
-- access it gives shows: 'patient' when the patient themself (13 or
-- more) issued it, 'clinical' otherwise (policy_share).
CREATE TABLE share_tokens (
	id		INTEGER PRIMARY KEY,
	selector	TEXT NOT NULL UNIQUE,
	verifier_hash	TEXT NOT NULL,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	scope		TEXT NOT NULL CHECK (scope IN ('clinical', 'patient')),
	by_account	INTEGER NOT NULL REFERENCES accounts(id),
	invitee		TEXT NOT NULL,			-- the provider's name, as invited
	provider_id	INTEGER REFERENCES providers(id), -- picked from the directory
	email		TEXT,				-- where it was e-mailed, if it was
	created		INTEGER NOT NULL,
	expires		INTEGER NOT NULL,
	tries		INTEGER NOT NULL DEFAULT 0,	-- validations with a wrong MRN
	used		INTEGER,
	used_by		INTEGER REFERENCES provider_accounts(id),
	revoked		INTEGER,
	revoked_by	INTEGER REFERENCES accounts(id)
);
CREATE INDEX share_tokens_patient ON share_tokens(patient_id);

-- Access a family gave (F-SHARE 1, P-ACCESS 1): to a directory entry (a
-- provider, and through them their sponsored users), by sharing ('share'),
-- by a validated token ('token') or by approving a provider's request
-- ('request'), until revoked. One grant in force per patient, provider
-- and scope.
CREATE TABLE patient_shares (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	provider_id	INTEGER NOT NULL REFERENCES providers(id),
	how		TEXT NOT NULL CHECK (how IN ('share', 'token', 'request')),
	scope		TEXT NOT NULL CHECK (scope IN ('clinical', 'patient')),
	by_account	INTEGER NOT NULL REFERENCES accounts(id),
	token_id	INTEGER REFERENCES share_tokens(id),
	created		INTEGER NOT NULL,
	revoked		INTEGER,
	revoked_by	INTEGER REFERENCES accounts(id)
);
CREATE UNIQUE INDEX patient_shares_live ON patient_shares(patient_id,
	provider_id, scope) WHERE revoked IS NULL;
CREATE INDEX patient_shares_provider ON patient_shares(provider_id, patient_id);

-- A provider's request for access (P-ACCESS 2). 'share' requests go to
-- the patient's account holders, who approve or decline them; 'pcp'
-- requests are e-mailed to the support team and kept here so that a
-- second one is not sent while the first is open. account_id is who
-- asked (a provider or a sponsored user); provider_id whose access it
-- would be (for a sponsored user, the sponsor's directory entry).
CREATE TABLE access_requests (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	account_id	INTEGER NOT NULL REFERENCES provider_accounts(id),
	provider_id	INTEGER NOT NULL REFERENCES providers(id),
	kind		TEXT NOT NULL CHECK (kind IN ('pcp', 'share')),
	status		TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
			    ('pending', 'approved', 'declined')),
	created		INTEGER NOT NULL,
	decided		INTEGER,
	decided_by	INTEGER REFERENCES accounts(id),
	share_id	INTEGER REFERENCES patient_shares(id)
);
CREATE UNIQUE INDEX access_requests_open ON access_requests(patient_id,
	provider_id, kind) WHERE status = 'pending';
CREATE INDEX access_requests_patient ON access_requests(patient_id, status);

-- A provider-portal user's saved patient list (P-ACCESS 5): their own,
-- also for sponsored users. Access is asked again at every look.
CREATE TABLE saved_patients (
	account_id	INTEGER NOT NULL REFERENCES provider_accounts(id),
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	created		INTEGER NOT NULL,
	PRIMARY KEY (account_id, patient_id)
);
