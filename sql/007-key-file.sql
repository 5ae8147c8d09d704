-- Issue 7.8: the installation key lives in its own file (key_file in
-- portal.conf, mode 0600), out of the database, so that a copy of the
-- database does not carry the key that signs CSRF tokens and keys the
-- audit chain. portalctl init/migrate writes the file (with this key, if
-- there is one) before applying this migration.
DELETE FROM secrets WHERE name = 'key';
