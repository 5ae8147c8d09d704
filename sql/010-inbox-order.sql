-- 010: the care team's inbox in index order (issue 9.5). Waiting threads
-- are read by due time from threads_clinic (clinic_id, status, due, and
-- the id SQLite appends); answered ones, newest update first, from this
-- index, backwards. Each page reads at most a page of rows per clinic,
-- however many threads a clinic has ever had.
CREATE INDEX threads_answered ON threads(clinic_id, status, updated);
-- A waiting thread always has its due time (the message that makes it
-- wait sets it, in the same transaction); one without would be missed by
-- the waiting part's range, so any left from before are due since their
-- last update: overdue, at the top.
UPDATE threads SET due = updated WHERE status = 'waiting' AND due IS NULL;

-- A thread page lists its attachments without touching their rows (and
-- so without the pages that hold the files' bytes).
CREATE INDEX attachments_listed ON attachments(message_id, id, name, mime, size);
DROP INDEX attachments_message;
