-- Throttling (issue 7 items 3 and 9).
-- Growing delays between sign-in attempts count from the last failure.
ALTER TABLE throttle ADD COLUMN last_at INTEGER NOT NULL DEFAULT 0;
-- An activation token is voided after too many wrong dates of birth.
ALTER TABLE activation_tokens ADD COLUMN voided INTEGER;
