-- 003: secure messages between families and the care team (F-MSG), the
-- clinics that make up care teams, and the hospital's holidays (business
-- days for the expected answer time).

CREATE TABLE clinics (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE
);

-- Staff members answer for the clinics they belong to.
CREATE TABLE staff_clinics (
	staff_id	INTEGER NOT NULL REFERENCES staff(id),
	clinic_id	INTEGER NOT NULL REFERENCES clinics(id),
	PRIMARY KEY (staff_id, clinic_id)
);

-- A patient's care team: the clinics that care for the patient.
CREATE TABLE patient_clinics (
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	clinic_id	INTEGER NOT NULL REFERENCES clinics(id),
	PRIMARY KEY (patient_id, clinic_id)
);
CREATE INDEX patient_clinics_clinic ON patient_clinics(clinic_id);

CREATE TABLE holidays (
	date		TEXT PRIMARY KEY,		-- YYYY-MM-DD
	name		TEXT NOT NULL
);

-- A thread belongs to the account that started it (F-MSG 4); the care
-- team of its clinic sees it too.
CREATE TABLE threads (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	clinic_id	INTEGER NOT NULL REFERENCES clinics(id),
	account_id	INTEGER NOT NULL REFERENCES accounts(id),
	by_patient	INTEGER NOT NULL,		-- started by the patient's own account
	topic		TEXT NOT NULL,
	subject		TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN
			    ('waiting', 'answered')),	-- waiting: for the care team
	due		INTEGER,			-- answer due while waiting
	unread_family	INTEGER NOT NULL DEFAULT 0,
	unread_staff	INTEGER NOT NULL DEFAULT 0,
	created		INTEGER NOT NULL,
	updated		INTEGER NOT NULL
);
CREATE INDEX threads_owner ON threads(account_id, patient_id, updated);
CREATE INDEX threads_clinic ON threads(clinic_id, status, due);

CREATE TABLE messages (
	id		INTEGER PRIMARY KEY,
	thread_id	INTEGER NOT NULL REFERENCES threads(id),
	from_staff	INTEGER NOT NULL DEFAULT 0,
	author_id	INTEGER NOT NULL,		-- accounts.id or staff.id
	body		TEXT NOT NULL,			-- Markdown, as typed
	html		TEXT NOT NULL,			-- rendered once, safe
	sent		INTEGER NOT NULL,
	due		INTEGER				-- family messages: answer due
);
CREATE INDEX messages_thread ON messages(thread_id, id);

-- Attachments are stored with their message, in the same transaction.
CREATE TABLE attachments (
	id		INTEGER PRIMARY KEY,
	message_id	INTEGER NOT NULL REFERENCES messages(id),
	name		TEXT NOT NULL,			-- safe download name
	mime		TEXT NOT NULL,			-- from the content, not the client
	size		INTEGER NOT NULL,
	data		BLOB NOT NULL
);
CREATE INDEX attachments_message ON attachments(message_id);
