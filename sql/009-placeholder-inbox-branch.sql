-- 009: PLACEHOLDER on branch i9-inbox only, so that 010 can run here.
-- Issue 9's send-key branch owns migration 009: at merge, delete this file
-- and keep theirs (two files numbered 009 stop `portalctl migrate`, naming
-- both, so a forgotten placeholder cannot slip through).
SELECT 1;
