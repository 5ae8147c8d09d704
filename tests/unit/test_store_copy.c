/*
 * portalctl copy (issue 10.4): the list of tables in lib/store/store_copy.c
 * against the schema the migrations make (every table, every column in
 * order with its type letter, parents before children), the check that
 * refuses a database with a table or a column the list lacks, and whole
 * copies through ctl_copy: NULLs, blobs (empty, with zero bytes), text
 * with quotes and accents, integers past 2^53, the audit chain; a copy
 * refused halfway (a row whose parent is missing) leaves the destination
 * without rows and names the table. With PORTAL_TEST_PG (host=DIR port=N
 * user=U) the copy goes SQLite -> PostgreSQL -> SQLite, else SQLite ->
 * SQLite. Tests run from the project root ("sql" is the real folder).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "conf.h"
#include "copy.h"
#include "db.h"
#include "db_sqlite.h"
#include "keyfile.h"
#include "store_copy.h"
#include "t.h"

#define T0	1700000000

static char	 dir[] = "/tmp/test_store_copy.XXXXXX";
static char	 pgname[64], pgconn[512], pgurl[512];

static struct db *
fresh(const char *name)
{
	struct db	*db;
	char		 p[256], err[512];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	unlink(p);
	if ((db = db_open(p, DB_CREATE, err, sizeof(err))) == NULL ||
	    db_migrate(db, "sql", err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", p, err);
		exit(1);
	}
	return db;
}

static int
run(struct db *db, const char *sql)
{
	char	*msg = NULL;
	int	 rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		fprintf(stderr, "sql: %s: %s\n", sql, msg ? msg : "?");
	sqlite3_free(msg);
	return rc == SQLITE_OK ? 0 : -1;
}

static const struct store_copy_table *
listed(const char *name, size_t *at)
{
	size_t	 i;

	for (i = 0; i < store_copy_ntables; i++)
		if (strcmp(store_copy_tables[i].name, name) == 0) {
			*at = i;
			return &store_copy_tables[i];
		}
	return NULL;
}

/* The list against the schema: tables, columns in order, type letters,
 * and every foreign key's table earlier in the list. */
static void
test_list(void)
{
	struct db			*db = fresh("list.db");
	const struct store_copy_table	*t;
	sqlite3_stmt			*st, *cs;
	char				 cols[1024], types[64], sql[256];
	size_t				 at, parent, n = 0, len;
	const char			*decl;

	T_OK(sqlite3_prepare_v2(db_handle(db), "SELECT name FROM sqlite_master "
	    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", -1, &st,
	    NULL) == SQLITE_OK, "prepare");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		n++;
		t = listed(name, &at);
		T_OK(t != NULL, "table %s of the schema is not in "
		    "lib/store/store_copy.c's list", name);
		if (t == NULL)
			continue;
		snprintf(sql, sizeof(sql), "SELECT name, type FROM "
		    "pragma_table_info('%s') ORDER BY cid", name);
		sqlite3_prepare_v2(db_handle(db), sql, -1, &cs, NULL);
		cols[0] = types[0] = '\0';
		while (sqlite3_step(cs) == SQLITE_ROW) {
			len = strlen(cols);
			snprintf(cols + len, sizeof(cols) - len, "%s%s",
			    len ? ", " : "", sqlite3_column_text(cs, 0));
			decl = (const char *)sqlite3_column_text(cs, 1);
			len = strlen(types);
			snprintf(types + len, sizeof(types) - len, "%c",
			    strcmp(decl, "INTEGER") == 0 ? 'i' :
			    strcmp(decl, "BLOB") == 0 ? 'b' : 't');
		}
		sqlite3_finalize(cs);
		T_STR(t->cols, cols, name);
		T_STR(t->types, types, name);
		snprintf(sql, sizeof(sql), "SELECT \"table\" FROM "
		    "pragma_foreign_key_list('%s')", name);
		sqlite3_prepare_v2(db_handle(db), sql, -1, &cs, NULL);
		while (sqlite3_step(cs) == SQLITE_ROW) {
			const char *p = (const char *)sqlite3_column_text(cs, 0);

			T_OK(listed(p, &parent) != NULL && parent <= at,
			    "%s refers to %s, which the list copies after it",
			    name, p);
		}
		sqlite3_finalize(cs);
	}
	sqlite3_finalize(st);
	T_INT(store_copy_ntables, n, "tables in the list and the schema");
	db_close(db);
}

/* store_copy_check: a table or a column the list lacks is refused. */
static void
test_check(void)
{
	struct db	*db = fresh("check.db");
	char		 err[512] = "";

	T_INT(store_copy_prepare(db, err, sizeof(err)), 0, "prepare");
	T_INT(store_copy_check(db, err, sizeof(err)), 0, err);
	run(db, "CREATE TABLE newer (id INTEGER PRIMARY KEY)");
	T_INT(store_copy_check(db, err, sizeof(err)), 1, "an unlisted table");
	T_OK(strstr(err, "newer") != NULL, "names the table: %s", err);
	run(db, "DROP TABLE newer");
	run(db, "ALTER TABLE holidays ADD COLUMN kind TEXT");
	T_INT(store_copy_check(db, err, sizeof(err)), 1, "an unlisted column");
	T_OK(strstr(err, "holidays.kind") != NULL, "names the column: %s", err);
	db_close(db);
}

/* The source: rows of every kind a column holds, and an audit chain. */
static void
fill(struct db *db, int dangling)
{
	char	 err[256] = "";

	T_INT(run(db,
	    "INSERT INTO patients (id, mrn, given, family, dob, sex, created) "
	    "VALUES (5, 'M5', 'Zoë', 'O''Hara', '2015-01-02', NULL, 1),"
	    " (6, 'M6', 'Al', 'Ng', '2016-01-02', 'M', 9007199254740993);"
	    "INSERT INTO relations VALUES (3, 5, 'parent', 'Bo', 'O''Hara', "
	    "NULL, '555');"
	    "INSERT INTO accounts (id, email, pw_hash, given, family, verified, "
	    "created, pw_changed) VALUES (7, 'bo@example.org', 'x', 'Bo', "
	    "'Ñ', NULL, 1, 1);"
	    "INSERT INTO clinics (id, name) VALUES (2, 'Cardiology');"
	    "INSERT INTO threads (id, patient_id, clinic_id, account_id, "
	    "by_patient, topic, subject, created, updated) VALUES "
	    "(4, 5, 2, 7, 0, 'general', 'a \"quoted\" subject', 1, 1);"
	    "INSERT INTO messages (id, thread_id, author_id, body, html, sent) "
	    "VALUES (9, 4, 7, 'line one\nline two', '<p>hi</p>', 1);"
	    "INSERT INTO attachments VALUES "
	    "(11, 9, 'a.bin', 'application/octet-stream', 4, x'00ff0010'),"
	    " (12, 9, 'e.bin', 'application/octet-stream', 0, x'');"
	    "INSERT INTO sessions VALUES (1, x'0001', 'family', 7, 'in', 1, 2, "
	    "NULL, NULL);"
	    "INSERT INTO provider_accounts (id, kind, email, given, family, "
	    "status, created) VALUES (3, 'provider', 'dr@example.org', 'Di', "
	    "'Ng', 'approved', 1);"
	    "INSERT INTO provider_accounts (id, kind, email, given, family, "
	    "status, sponsor_id, staff_kind, created) VALUES (4, 'sponsored', "
	    "'rn@example.org', 'Ro', 'Ne', 'approved', 3, 'nurse', 1);"
	    "INSERT INTO mfa VALUES ('provider', 3, x'00ff10', NULL, 0, 1);"
	    "INSERT INTO holidays VALUES ('2026-12-25', 'Christmas');"
	    "INSERT INTO throttle (key, since, failures) VALUES ('k', 1, 2);"
	    "INSERT INTO patient_clinics VALUES (5, 2), (6, 2);"), 0, "fill");
	T_INT(audit_start(db, T0, err, sizeof(err)), 1, "audit_start");
	T_INT(audit_write(db, T0 + 1, "staff:1", "record.view", 5, "127.0.0.1",
	    "a detail"), 0, "audit_write");
	T_INT(audit_write(db, T0 + 2, "family:7", "message.send", 0, NULL,
	    NULL), 0, "audit_write");
	if (dangling) {
		/* An old file written with foreign keys off. */
		run(db, "PRAGMA foreign_keys = OFF");
		run(db, "INSERT INTO relations VALUES (4, 99, 'parent', 'X', "
		    "'Y', NULL, NULL)");
		run(db, "PRAGMA foreign_keys = ON");
	}
}

/* Every row of every listed table, values with their types, as one
 * text: two databases hold the same rows if their texts are equal. */
static char *
content(const char *path)
{
	sqlite3		*h;
	sqlite3_stmt	*st;
	char		 sql[1024];
	char		*out = NULL;
	size_t		 len = 0, i;
	int		 c;
	FILE		*f = open_memstream(&out, &len);

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return NULL;
	for (i = 0; i < store_copy_ntables; i++) {
		snprintf(sql, sizeof(sql), "SELECT %s FROM %s ORDER BY %s",
		    store_copy_tables[i].cols, store_copy_tables[i].name,
		    store_copy_tables[i].key);
		fprintf(f, "%s\n", store_copy_tables[i].name);
		if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
			continue;
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (c = 0; c < sqlite3_column_count(st); c++) {
				fprintf(f, "%d:", sqlite3_column_type(st, c));
				if (sqlite3_column_bytes(st, c) > 0)
					fwrite(sqlite3_column_blob(st, c), 1,
					    (size_t)sqlite3_column_bytes(st, c),
					    f);
				fputc('|', f);
			}
			fputc('\n', f);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	fclose(f);
	return out;
}

static int
psql(const char *sql)
{
	char	 cmd[1024];

	snprintf(cmd, sizeof(cmd), "PGOPTIONS='-c client_min_messages=warning' "
	    "psql -q '%s dbname=postgres' -c '%s' >&2",
	    pgconn, sql);
	return system(cmd);
}

/* PORTAL_TEST_PG: a new database on that server for the middle step. */
static int
pg_setup(void)
{
	const char	*pg = getenv("PORTAL_TEST_PG");
	char		 host[256], user[64], sql[128];
	int		 port;

	if (pg == NULL || *pg == '\0')
		return 0;
	if (sscanf(pg, "host=%255s port=%d user=%63s", host, &port, user) != 3) {
		fprintf(stderr, "PORTAL_TEST_PG: host=DIR port=N user=U\n");
		exit(1);
	}
	snprintf(pgconn, sizeof(pgconn), "%s", pg);
	snprintf(pgname, sizeof(pgname), "copy_unit_%ld", (long)getpid());
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", pgname);
	psql(sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", pgname);
	if (psql(sql) != 0) {
		fprintf(stderr, "cannot create database %s\n", pgname);
		exit(1);
	}
	snprintf(pgurl, sizeof(pgurl), "postgresql:///%s?host=%s&port=%d&user=%s",
	    pgname, host, port, user);
	return 1;
}

static void
pg_done(void)
{
	char	 sql[128];

	if (pgname[0] == '\0')
		return;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", pgname);
	psql(sql);
}

static void
test_copy(struct conf *cf, const unsigned char *key)
{
	struct db	*db = fresh("a.db");
	char		 a[256], b[256], c[256], *ca, *cc;
	int		 pg = pg_setup();

	fill(db, 0);
	db_close(db);
	snprintf(a, sizeof(a), "%s/a.db", dir);
	snprintf(b, sizeof(b), "%s/b.db", dir);
	snprintf(c, sizeof(c), "%s/c.db", dir);
	T_INT(ctl_copy(cf, a, pg ? pgurl : b, stdout, stderr), 0,
	    "copy a -> middle");
	/* Not twice into the same: it is no longer empty. */
	T_INT(ctl_copy(cf, a, pg ? pgurl : b, stdout, stderr), 1,
	    "copy into a full one");
	T_INT(ctl_copy(cf, pg ? pgurl : b, c, stdout, stderr), 0,
	    "copy middle -> c");
	ca = content(a);
	cc = content(c);
	T_OK(ca != NULL && cc != NULL && strcmp(ca, cc) == 0,
	    "c's rows are not a's");
	free(ca);
	free(cc);
	/* New rows after the copy take new ids (the identity sequences). */
	audit_key_set(key);
	if ((db = db_open(pg ? pgurl : b, 0, a, sizeof(a))) != NULL) {
		audit_write(db, T0 + 3, "staff:1", "record.view", 6, NULL, NULL);
		T_INT(audit_verify(db, NULL, 0, &(struct audit_report){ 0 }), 0,
		    "the copy's chain after one more row");
		db_close(db);
	} else
		T_OK(0, "open the copy: %s", a);
	pg_done();
}

/* A row the destination refuses: it is left without rows, and the
 * message names the table and the row (on PostgreSQL, the rows of the
 * insert that held it). */
static void
test_refused(struct conf *cf, const unsigned char *key, const char *to,
    const char *where)
{
	struct db	*db = fresh("bad.db");
	char		 a[256], err[512], *out = NULL;
	size_t		 len = 0;
	int64_t		 counts[64];
	size_t		 i;
	FILE		*f;

	fill(db, 1);
	db_close(db);
	snprintf(a, sizeof(a), "%s/bad.db", dir);
	audit_key_set(key);
	f = open_memstream(&out, &len);
	T_INT(ctl_copy(cf, a, to, stdout, f), 1, "copy of a dangling row");
	fclose(f);
	T_OK(strstr(out, where) != NULL && strstr(out, "rolled back") != NULL,
	    "message: %s", out);
	free(out);
	if ((db = db_open(to, DB_SCHEMA, err, sizeof(err))) == NULL ||
	    store_copy_prepare(db, err, sizeof(err)) == -1 ||
	    store_copy_counts(db, counts) == -1)
		T_OK(0, "open the copy: %s", err);
	else
		for (i = 0; i < store_copy_ntables; i++)
			T_INT(counts[i], 0, store_copy_tables[i].name);
	db_close(db);
}

int
main(void)
{
	struct conf	 cf;
	unsigned char	 key[KEYFILE_LEN];
	char		 keyfile[256], sql[] = "sql", err[256], bad[256];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(keyfile, sizeof(keyfile), "%s/portal.key", dir);
	memset(key, 7, sizeof(key));
	if (keyfile_create(keyfile, key, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	audit_key_set(key);
	memset(&cf, 0, sizeof(cf));
	cf.sql = sql;
	cf.key_file = keyfile;
	test_list();
	test_check();
	test_copy(&cf, key);
	snprintf(bad, sizeof(bad), "%s/bad-copy.db", dir);
	test_refused(&cf, key, bad, "table relations: row 2 of 2");
	if (pg_setup()) {
		test_refused(&cf, key, pgurl, "table relations: rows 1-2 of 2");
		/* Left with the schema and no rows, it takes a copy again. */
		snprintf(err, sizeof(err), "%s/a.db", dir);
		T_INT(ctl_copy(&cf, err, pgurl, stdout, stderr), 0,
		    "copy into the database a failed copy left");
		pg_done();
	}
	audit_key_clear();
	snprintf(err, sizeof(err), "rm -rf %s", dir);
	if (system(err) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	return t_done("store_copy");
}
