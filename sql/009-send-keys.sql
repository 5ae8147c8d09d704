-- 009: idempotent sends (issue 9.4). Every compose and reply form carries
-- a one-time key, made when the form is shown; the message it sends is
-- stored with it, in the same transaction, so a second POST of the same
-- form (a retry after a lost answer, a killed worker, a double click)
-- finds the message and stores nothing.
--
-- A column of messages rather than a table of its own: the key is
-- committed with the very row it guards, the lookup leads straight to the
-- thread to show, and nothing else has to be cleaned up. Unique per author
-- (care team or family, and who), so one person's keys never meet
-- another's; messages stored before this migration, and by the bench
-- generator, have none.
ALTER TABLE messages ADD COLUMN send_key TEXT;
CREATE UNIQUE INDEX messages_send_key ON messages(from_staff, author_id,
    send_key) WHERE send_key IS NOT NULL;
