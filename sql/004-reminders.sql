-- 004: birthday reminders sent (F-PROXY 3), so that `portalctl cron`,
-- which runs every few minutes, sends each one once.
CREATE TABLE reminders_sent (
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	days		INTEGER NOT NULL,	-- days before the 18th birthday
	sent		INTEGER NOT NULL,
	PRIMARY KEY (account_id, patient_id, days)
);
