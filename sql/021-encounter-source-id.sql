-- 021: a visit's id in the documents (root, extension), to know it again
-- (review of session 16). A note marked confidential names its visit; a
-- later summary document may list the same visit, unmarked, and it was a
-- second row with nothing to say it was confidential care: a parent of a
-- teen read its title. Rows of one visit share source_id now, and the
-- importer makes them all confidential when one is (store_import.c).
ALTER TABLE encounters ADD COLUMN source_id TEXT;
CREATE INDEX encounters_source ON encounters(patient_id, source_id);
