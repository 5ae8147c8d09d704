-- 005: practices, providers and each patient's primary care physician on
-- file (F-PROFILE 3, P-ACCESS 1): the relationship data the provider rules
-- (policy_provider) read. Filled by the provider portal's provisioning and
-- by import; the family portal shows the PCP read-only.
CREATE TABLE practices (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	phone		TEXT,
	address		TEXT
);

CREATE TABLE providers (
	id		INTEGER PRIMARY KEY,
	npi		TEXT UNIQUE,
	given		TEXT NOT NULL,
	family		TEXT NOT NULL,
	credential	TEXT,				-- MD, DO, NP, PA
	practice_id	INTEGER REFERENCES practices(id),
	email		TEXT,
	phone		TEXT
);
CREATE INDEX providers_practice ON providers(practice_id);

ALTER TABLE patients ADD COLUMN pcp_id INTEGER REFERENCES providers(id);
