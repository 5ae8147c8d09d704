-- 015: billing statements from the hospital's billing system (issue 14.3,
-- F-BILL 4), paid through the processor hand-off of 014's payments.
-- Amounts are whole cents; dates are the billing system's (YYYY-MM-DD).

-- A guarantor account: who answers for a patient's bills. In the portal a
-- statement belongs to the family account whose (verified) e-mail is the
-- guarantor's on file and which holds one of its patients (policy_bill).
CREATE TABLE guarantors (
	id		INTEGER PRIMARY KEY,
	number		TEXT NOT NULL UNIQUE,		-- the billing system's
	name		TEXT NOT NULL,
	email		TEXT COLLATE NOCASE,
	updated		INTEGER NOT NULL
);
CREATE INDEX guarantors_email ON guarantors(email);

-- A statement as the billing system issued it. balance_cents: what the
-- guarantor account owed as of the statement (previous balance included),
-- so the newest statement of an account is its balance.
CREATE TABLE statements (
	id		INTEGER PRIMARY KEY,
	number		TEXT NOT NULL UNIQUE,		-- the billing system's
	guarantor_id	INTEGER NOT NULL REFERENCES guarantors(id),
	date		TEXT NOT NULL,
	due_date	TEXT,
	balance_cents	INTEGER NOT NULL,
	imported	INTEGER NOT NULL,
	updated		INTEGER NOT NULL
);
CREATE INDEX statements_guarantor ON statements(guarantor_id, date);

-- Its line items. confidential: the hospital marks confidential care
-- (a 13-17-year-old's), which never reaches a parent's view where the
-- configuration says so (bill_hide_confidential).
CREATE TABLE statement_lines (
	id		INTEGER PRIMARY KEY,
	statement_id	INTEGER NOT NULL REFERENCES statements(id),
	line		INTEGER NOT NULL,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	service_date	TEXT NOT NULL,
	description	TEXT NOT NULL,
	charges_cents	INTEGER NOT NULL,
	insurance_cents	INTEGER NOT NULL,
	adjustment_cents INTEGER NOT NULL,
	due_cents	INTEGER NOT NULL,
	confidential	INTEGER NOT NULL DEFAULT 0,
	UNIQUE (statement_id, line)
);
CREATE INDEX statement_lines_patient ON statement_lines(patient_id);

-- A statement payment names its statement and guarantor (014 payments:
-- statement_id, and patient_id NULL).
ALTER TABLE payments ADD COLUMN guarantor_id INTEGER REFERENCES guarantors(id);
CREATE INDEX payments_statement ON payments(statement_id);

-- (helper F) One statement payment under way at a time: two submits of
-- the same statement in parallel start one payment at most (the second
-- insert meets this index and starts nothing; issue 14.4).
CREATE UNIQUE INDEX payments_statement_started ON payments(statement_id)
    WHERE status = 'started';

-- A guarantor account found by its e-mail stays with the family account
-- that had that address when the address changes in the portal
-- (profile's e-mail change binds it first): account_id, once set, is who
-- the guarantor is in the portal, whatever address either side has since.
ALTER TABLE guarantors ADD COLUMN account_id INTEGER REFERENCES accounts(id);
CREATE INDEX guarantors_account ON guarantors(account_id);
