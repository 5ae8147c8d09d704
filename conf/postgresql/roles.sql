-- roles.sql: the portal's two PostgreSQL roles and its database, made once
-- by hospital IT (INSTALL, section 9). Run it with psql as a superuser, or
-- as an administrator with CREATEROLE and CREATEDB (a managed service's
-- master user), connected to any existing database:
--
--	psql -h db.example.org -U postgres -d postgres \
--	    -v owner=portal_owner -v web=portal_web -v db=portal \
--	    -f roles.sql
--
-- owner  logs in for `portalctl init`, `migrate` and `copy` only; it owns
--        the database and so every table the migrations create.
-- web    logs in for the workers, portal-audit and every other portalctl
--        command (mail, cron, audit, import, ...). It owns nothing, so it
--        cannot ALTER or DROP; grants.sql gives it rows, not tables, and
--        only SELECT and INSERT on the audit log.
--
-- No password is written here (it would stay in shell history and in the
-- server's log); set them afterwards with psql's \password, which sends
-- only a SCRAM hash:
--
--	\password portal_owner
--	\password portal_web
--
-- Running it again changes nothing that is already as it should be: roles
-- and the database are made only if missing, the rest is re-stated.

\set ON_ERROR_STOP on

\if :{?owner}
\else
\set owner portal_owner
\endif
\if :{?web}
\else
\set web portal_web
\endif
\if :{?db}
\else
\set db portal
\endif

-- The roles: they log in, and neither may make roles or databases.
SELECT format('CREATE ROLE %I LOGIN', :'owner')
    WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'web')
    WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'web') \gexec
ALTER ROLE :"owner" LOGIN NOCREATEDB NOCREATEROLE INHERIT;
ALTER ROLE :"web" LOGIN NOCREATEDB NOCREATEROLE INHERIT;
-- Only a superuser may state NOSUPERUSER and the like, so an existing role
-- that has more is refused instead (a role made here never has).
SELECT set_config('portal.owner', :'owner', false),
    set_config('portal.web', :'web', false) \g /dev/null
DO $$
BEGIN
	IF EXISTS (SELECT FROM pg_roles WHERE rolname IN
	    (current_setting('portal.owner'), current_setting('portal.web'))
	    AND (rolsuper OR rolreplication OR rolbypassrls)) THEN
		RAISE EXCEPTION 'roles.sql: the owner or web role is a superuser, '
		    'or may replicate or bypass row security: take that away first';
	END IF;
END
$$;

-- An administrator who is not a superuser may give a database to a role,
-- and set that role's default privileges, only as a member of it
-- (PostgreSQL 15); a superuser needs no membership and is given none.
SELECT NOT rolsuper AS need_member FROM pg_roles
    WHERE rolname = current_user \gset
\if :need_member
GRANT :"owner" TO CURRENT_USER;
\endif

-- The database, owned by the owner role, in UTF-8 (the portal's text is),
-- with the C.UTF-8 locale: text sorts by code point as on SQLite, and an
-- operating system upgrade's new collation rules cannot corrupt its
-- indexes (case-insensitive comparisons use the portal's own ICU
-- collation, nocase).
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L LOCALE %L '
    'TEMPLATE template0', :'db', :'owner', 'UTF8', 'C.UTF-8')
    WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO :"owner";

-- Only the portal's two roles connect; nobody else makes temporary tables.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"web";

\connect :"db"

-- In the portal's database: tables and sequences the owner makes later
-- (every migration) are open to the web role from the moment they exist.
-- grants.sql re-states the same on the tables that exist, and takes
-- UPDATE and DELETE on the audit log back.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"web";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"web";
