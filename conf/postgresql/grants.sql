-- grants.sql: what the web role may do in the portal's database, stated
-- again after every `portalctl init`, `migrate` and `copy` (INSTALL,
-- section 9). Run it with psql as the owner role, in the portal's database:
--
--	psql 'postgresql://portal_owner@db.example.org/portal?sslmode=verify-full' \
--	    -v web=portal_web -f grants.sql
--
-- roles.sql's default privileges already open each new table to the web
-- role; this script makes the whole database agree with the rule whatever
-- happened before (a table made by another role's session, a grant given
-- by hand, a restore with pg_restore --no-privileges):
--   - rows of every table: SELECT, INSERT, UPDATE, DELETE; sequences:
--     USAGE, SELECT; nothing else (no TRUNCATE, REFERENCES, TRIGGER);
--   - the audit log: SELECT and INSERT only. It is append-only for the
--     workers; the schema's triggers also refuse UPDATE and DELETE to
--     everyone, but not TRUNCATE, which a trigger on rows never sees;
--   - nobody but the owner creates anything in schema public.
-- The web role owns nothing, so ALTER, DROP and CREATE stay refused.
-- Running it twice gives the same result as once.

\set ON_ERROR_STOP on

\if :{?web}
\else
\set web portal_web
\endif

BEGIN;

-- As the owner: the default privileges below are the current role's, and
-- only the owner may grant on its tables.
DO $$
BEGIN
	IF (SELECT datdba FROM pg_database WHERE datname = current_database())
	    <> (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN
		RAISE EXCEPTION 'grants.sql: run it as the owner of database %',
		    current_database();
	END IF;
END
$$;

-- The owner of the database owns schema public (PostgreSQL 15); nobody
-- else may create in it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"web";

-- Future tables and sequences (the same as roles.sql, for an owner whose
-- database was made some other way).
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"web";
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"web";

-- The tables and sequences there are now: exactly these privileges.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM :"web";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM :"web";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public
    TO :"web";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"web";

-- The audit log: read and append only.
REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM :"web";
-- The schema version is the migrations' (the owner's): read only.
SELECT format('REVOKE INSERT, UPDATE, DELETE ON portal_schema FROM %I', :'web')
    WHERE to_regclass('public.portal_schema') IS NOT NULL \gexec

-- Nobody else has anything on the portal's tables.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;

COMMIT;
