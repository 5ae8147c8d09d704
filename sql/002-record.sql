-- 002: the health record, as imported from the hospital's C-CDA documents
-- (F-RECORD 1-2). Every item names the document it came from and whether
-- that document came from outside the hospital (F-PROXY 6). Times that the
-- release rules compare are Unix seconds; what is shown as written is text.

CREATE TABLE documents (
	id		INTEGER PRIMARY KEY,
	sha256		TEXT NOT NULL UNIQUE,		-- the same document twice is one
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	doc_code	TEXT,				-- LOINC of the document type
	title		TEXT,
	source		TEXT,				-- custodian / author organisation
	outside		INTEGER NOT NULL DEFAULT 0,
	confidential	INTEGER NOT NULL DEFAULT 0,	-- confidentialityCode R or V
	effective	TEXT,
	imported	INTEGER NOT NULL
);
CREATE INDEX documents_patient ON documents(patient_id);

-- Visits: 001 made the table; the record needs more of each.
ALTER TABLE encounters ADD COLUMN document_id INTEGER REFERENCES documents(id);
ALTER TABLE encounters ADD COLUMN start_at TEXT;	-- as written, ISO 8601
ALTER TABLE encounters ADD COLUMN end_at TEXT;
ALTER TABLE encounters ADD COLUMN status TEXT NOT NULL DEFAULT 'completed'; -- or 'planned'
ALTER TABLE encounters ADD COLUMN title TEXT;
ALTER TABLE encounters ADD COLUMN location TEXT;
ALTER TABLE encounters ADD COLUMN provider TEXT;	-- care provider's name
ALTER TABLE encounters ADD COLUMN provider_contact TEXT; -- phone / address
ALTER TABLE encounters ADD COLUMN outside INTEGER NOT NULL DEFAULT 0;

CREATE TABLE notes (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	encounter_id	INTEGER REFERENCES encounters(id),
	document_id	INTEGER REFERENCES documents(id),
	department	TEXT,
	note_type	TEXT NOT NULL DEFAULT 'clinic',	-- clinic, discharge_summary, consult, ...
	title		TEXT,
	author		TEXT,
	body		TEXT NOT NULL,
	completed	INTEGER,			-- unix seconds; NULL: not completed
	confidential	INTEGER NOT NULL DEFAULT 0,
	outside		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notes_patient ON notes(patient_id, completed);

-- Lab and radiology results.
CREATE TABLE results (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	encounter_id	INTEGER REFERENCES encounters(id),
	document_id	INTEGER REFERENCES documents(id),
	kind		TEXT NOT NULL CHECK (kind IN ('lab', 'radiology')),
	panel		TEXT,				-- organizer, e.g. "CBC"
	code		TEXT,				-- LOINC
	name		TEXT NOT NULL,
	value		TEXT,
	unit		TEXT,
	ref_range	TEXT,
	flag		TEXT,				-- interpretation: H, L, A, N ...
	report		TEXT,				-- radiology report text
	resulted	INTEGER,			-- unix seconds; NULL: not resulted
	resulted_text	TEXT,
	confidential	INTEGER NOT NULL DEFAULT 0,
	outside		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX results_patient ON results(patient_id, resulted);

CREATE TABLE medications (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	document_id	INTEGER REFERENCES documents(id),
	name		TEXT NOT NULL,
	code		TEXT,
	dose		TEXT,
	route		TEXT,
	frequency	TEXT,
	start_text	TEXT,
	stop_text	TEXT,
	status		TEXT,
	confidential	INTEGER NOT NULL DEFAULT 0,
	outside		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX medications_patient ON medications(patient_id);

CREATE TABLE allergies (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	document_id	INTEGER REFERENCES documents(id),
	substance	TEXT NOT NULL,
	reaction	TEXT,
	severity	TEXT,
	status		TEXT,
	confidential	INTEGER NOT NULL DEFAULT 0,
	outside		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX allergies_patient ON allergies(patient_id);

CREATE TABLE problems (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	document_id	INTEGER REFERENCES documents(id),
	name		TEXT NOT NULL,
	code		TEXT,
	onset_text	TEXT,
	status		TEXT,
	confidential	INTEGER NOT NULL DEFAULT 0,
	outside		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX problems_patient ON problems(patient_id);

CREATE TABLE immunizations (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	document_id	INTEGER REFERENCES documents(id),
	name		TEXT NOT NULL,
	code		TEXT,
	date_text	TEXT,
	status		TEXT,
	confidential	INTEGER NOT NULL DEFAULT 0,
	outside		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX immunizations_patient ON immunizations(patient_id);

CREATE TABLE vitals (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	document_id	INTEGER REFERENCES documents(id),
	name		TEXT NOT NULL,
	code		TEXT,
	value		TEXT,
	unit		TEXT,
	taken_text	TEXT,
	confidential	INTEGER NOT NULL DEFAULT 0,
	outside		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX vitals_patient ON vitals(patient_id);

-- Sections a document has only as narrative text (no coded entries),
-- and the narrative of the others, kept as text.
CREATE TABLE narratives (
	id		INTEGER PRIMARY KEY,
	patient_id	INTEGER NOT NULL REFERENCES patients(id),
	document_id	INTEGER NOT NULL REFERENCES documents(id),
	loinc		TEXT,
	title		TEXT,
	body		TEXT NOT NULL,
	confidential	INTEGER NOT NULL DEFAULT 0,
	outside		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX narratives_patient ON narratives(patient_id);
