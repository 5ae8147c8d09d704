/*
 * The database layer on temporary files: opening, the migrations of sql/
 * (and folders written here with a gap and with bad SQL), every statement
 * of the registry prepared at open (and one that does not compile
 * refused, by name), db_rows and its kin, then round trips through the
 * real schema for each store_* module and the old key's place. The audit chain has its own test (test_audit.c).
 * Tests run from the project root, so "sql" is the real folder.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "arena.h"
#include "civil.h"
#include "db.h"
#include "db_sqlite.h"
#include "http.h"
#include "store_accounts.h"
#include "store_outbox.h"
#include "store_patients.h"
#include "store_record.h"
#include "store_secrets.h"
#include "store_sess.h"
#include "store_throttle.h"
#include "store_tokens.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define T0		1700000000	/* "now" in these tests */

static char	tmpdir[] = "/tmp/test_db.XXXXXX";

/* Removes dir and what it holds (files and folders of files). */
static void
rm_tree(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		 p[1024];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char	 p[1024];
	FILE	*f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if ((f = fopen(p, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		perror(p);
		exit(1);
	}
}

/* One integer from a query on the raw handle; -1 on error. */
static long long
q_int(struct db *db, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
has_table(struct db *db, const char *name)
{
	char	 sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name = '%s'", name);
	return q_int(db, sql) == 1;
}

/* The highest NNN of sql/NNN-*.sql. */
static int
highest_migration(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	int		 max = 0, n;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		size_t	 len = strlen(e->d_name);

		if (len > 8 && e->d_name[3] == '-' &&
		    strcmp(e->d_name + len - 4, ".sql") == 0 &&
		    sscanf(e->d_name, "%3d", &n) == 1 && n > max)
			max = n;
	}
	closedir(d);
	return max;
}

static struct db *
open_db(const char *name, int migrate)
{
	struct db	*db;
	char		 p[1024], err[512] = "";

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	if ((db = db_open(p, 1, err, sizeof(err))) == NULL) {
		fprintf(stderr, "db_open %s: %s\n", p, err);
		exit(1);
	}
	if (migrate && db_migrate(db, "sql", err, sizeof(err)) == -1) {
		fprintf(stderr, "db_migrate: %s\n", err);
		exit(1);
	}
	return db;
}

static void
test_migrate(void)
{
	struct db	*db;
	char		 err[512], p[1024], dir[1024];
	long long	 objs, schema;
	int		 top = highest_migration("sql");

	T_OK(top >= 1, "no migrations in sql/");

	/* Opening. */
	snprintf(p, sizeof(p), "%s/none.db", tmpdir);
	err[0] = '\0';
	T_OK(db_open(p, 0, err, sizeof(err)) == NULL,
	    "db_open of a missing file without create");
	T_OK(err[0] != '\0', "db_open: no message");
	snprintf(p, sizeof(p), "%s/no/such/dir.db", tmpdir);
	err[0] = '\0';
	T_OK(db_open(p, 1, err, sizeof(err)) == NULL,
	    "db_open in a missing folder");
	T_OK(err[0] != '\0', "db_open: no message");

	db = open_db("m.db", 0);
	T_INT(db_version(db), 0, "a new database's version");
	T_INT(q_int(db, "PRAGMA foreign_keys"), 1, "foreign_keys");
	T_INT(q_int(db, "PRAGMA synchronous"), 2, "synchronous=FULL");
	err[0] = '\0';
	T_INT(db_migrate(db, "sql", err, sizeof(err)), 0, "db_migrate");
	T_STR(err, "", "db_migrate message");
	T_INT(db_version(db), top, "version after db_migrate");
	objs = q_int(db, "SELECT count(*) FROM sqlite_master");
	schema = q_int(db, "PRAGMA schema_version");
	T_OK(objs > 0, "no tables after db_migrate");
	/* Again: nothing to do, nothing changes. */
	T_INT(db_migrate(db, "sql", err, sizeof(err)), 0, "db_migrate again");
	T_INT(db_version(db), top, "version after the second db_migrate");
	T_INT(q_int(db, "SELECT count(*) FROM sqlite_master"), objs,
	    "objects after the second db_migrate");
	T_INT(q_int(db, "PRAGMA schema_version"), schema,
	    "schema changed by the second db_migrate");
	err[0] = '\0';
	T_INT(db_migrate(db, "/nonexistent/sql", err, sizeof(err)), -1,
	    "db_migrate of a missing folder");
	T_OK(err[0] != '\0', "db_migrate of a missing folder: no message");
	db_close(db);

	/* A gap: 001 then 003. Other files are not migrations. */
	snprintf(dir, sizeof(dir), "%s/gap", tmpdir);
	mkdir(dir, 0700);
	write_file(dir, "001-a.sql", "CREATE TABLE a (x);\n");
	write_file(dir, "003-c.sql", "CREATE TABLE c (x);\n");
	write_file(dir, "README", "not SQL\n");
	write_file(dir, "notes.sql", "NOT SQL;\n");
	db = open_db("gap.db", 0);
	err[0] = '\0';
	T_INT(db_migrate(db, dir, err, sizeof(err)), -1, "db_migrate with a gap");
	T_OK(strstr(err, "002") != NULL, "gap message: \"%s\"", err);
	T_OK(!has_table(db, "c"), "migration 003 applied across a gap");
	T_OK(db_version(db) < 3, "version %d after a gap", db_version(db));
	db_close(db);

	/* Bad SQL in 002: it leaves nothing behind, 001 stays. */
	snprintf(dir, sizeof(dir), "%s/bad", tmpdir);
	mkdir(dir, 0700);
	write_file(dir, "001-a.sql", "CREATE TABLE a (x);\n");
	write_file(dir, "002-b.sql", "CREATE TABLE b (x);\nINSERT INTO a VALUES (1);\n"
	    "CREATE TABLE bb (x);\nTHIS IS NOT SQL;\nCREATE TABLE bbb (x);\n");
	db = open_db("bad.db", 0);
	err[0] = '\0';
	T_INT(db_migrate(db, dir, err, sizeof(err)), -1, "db_migrate with bad SQL");
	T_OK(strstr(err, "002-b.sql") != NULL, "bad SQL message: \"%s\"", err);
	T_INT(db_version(db), 1, "version after bad SQL");
	T_OK(has_table(db, "a"), "001 not kept");
	T_OK(!has_table(db, "b") && !has_table(db, "bb") && !has_table(db, "bbb"),
	    "a partial migration was kept");
	T_INT(q_int(db, "SELECT count(*) FROM a"), 0, "a partial insert was kept");
	/* Fixed, it applies. */
	write_file(dir, "002-b.sql", "CREATE TABLE b (x);\n");
	T_INT(db_migrate(db, dir, err, sizeof(err)), 0, "db_migrate after the fix");
	T_INT(db_version(db), 2, "version after the fix");
	T_OK(has_table(db, "b"), "table b after the fix");
	db_close(db);
}

/* The health check's question (issue 16.4): the newest migration
 * shipped, and db_health on a current, a behind, a moved, a replaced and
 * a locked database; the check never makes a file. */
static void
test_health(void)
{
	struct db	*db, *other;
	struct stat	 st;
	char		 p[1024], away[1024], dir[1024], err[512];
	const char	*why;
	int		 top = highest_migration("sql");

	T_INT(db_migration_newest("sql"), top, "newest migration shipped");
	snprintf(dir, sizeof(dir), "%s/gap", tmpdir);
	T_INT(db_migration_newest(dir), 3, "newest of 001, 003 and others");
	T_INT(db_migration_newest("/nonexistent/sql"), -1, "a missing folder");

	db = open_db("health.db", 1);
	T_INT(db_health(db, top, NULL), 1, "a current database");
	T_INT(db_health(db, top + 1, &why), 0, "a migration missing");
	T_OK(why != NULL && strstr(why, "migration is missing") != NULL,
	    "why: %s", why ? why : "(null)");
	T_INT(db_health(db, 0, NULL), 0, "no migrations shipped");
	T_INT(q_int(db, "SELECT count(*) FROM audit"), 0, "rows written");
	q_int(db, "PRAGMA user_version = 1");
	T_INT(db_health(db, top, NULL), 0, "the version lowered");
	q_int(db, "PRAGMA user_version = 999");
	T_INT(db_health(db, top, NULL), 0, "a version from a newer release");
	snprintf(p, sizeof(p), "PRAGMA user_version = %d", top);
	q_int(db, p);
	T_INT(db_health(db, top, NULL), 1, "the version back");

	/* Moved away: the connection still reads the old file; the check
	 * says no, and makes no file at the path. Back: yes again. */
	snprintf(p, sizeof(p), "%s/health.db", tmpdir);
	snprintf(away, sizeof(away), "%s/health.away", tmpdir);
	T_INT(rename(p, away), 0, "rename");
	T_INT(db_health(db, top, &why), 0, "the file moved away");
	T_OK(why != NULL && strstr(why, "not the one opened") != NULL,
	    "why: %s", why ? why : "(null)");
	T_OK(stat(p, &st) == -1, "the check made a file");
	/* Another file in its place (a restore while running). */
	write_file(tmpdir, "health.db", "");
	T_INT(db_health(db, top, NULL), 0, "another file in its place");
	unlink(p);
	T_INT(rename(away, p), 0, "rename back");
	T_INT(db_health(db, top, NULL), 1, "the file back");

	/* Another connection holds the writers' lock: no, after the busy
	 * timeout, and the check left no transaction open. */
	if ((other = db_open(p, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "db_open: %s\n", err);
		exit(1);
	}
	T_INT(db_begin(other), 0, "the other's lock");
	T_INT(db_health(db, top, &why), 0, "a locked database");
	T_OK(why != NULL && strstr(why, "takes no writer") != NULL,
	    "why: %s", why ? why : "(null)");
	T_INT(db_in_transaction(db), 0, "a transaction left open");
	db_rollback(other);
	T_INT(db_health(db, top, &why), 1, "the lock given back");
	T_OK(why == NULL, "why of a yes: %s", why ? why : "(null)");
	db_close(other);
	db_close(db);
}

/* The installation key's old place: empty after the migrations (the key
 * lives in its file, issue 7.8); a key an older version left there is
 * what portalctl migrate reads to move it. */
static void
test_secret(struct db *db)
{
	static const unsigned char old[32] = "a key an older version stored.";
	unsigned char	 k[32];
	sqlite3_stmt	*st;

	T_INT(q_int(db, "SELECT count(*) FROM secrets"), 0, "no key in the database");
	T_INT(store_secret_key(db, k), -1, "store_secret_key of no key");
	T_INT(sqlite3_prepare_v2(db_handle(db), "INSERT INTO secrets (name, value) "
	    "VALUES ('key', ?)", -1, &st, NULL), SQLITE_OK, "prepare");
	sqlite3_bind_blob(st, 1, old, sizeof(old), SQLITE_STATIC);
	T_INT(sqlite3_step(st), SQLITE_DONE, "an old key");
	sqlite3_finalize(st);
	T_INT(store_secret_key(db, k), 0, "store_secret_key");
	T_OK(memcmp(k, old, sizeof(k)) == 0, "the old key read back");
	T_INT(sqlite3_exec(db_handle(db), "DELETE FROM secrets", NULL, NULL, NULL),
	    SQLITE_OK, "remove it again");
}

/* One text from a query on the raw handle, into buf; NULL if none. */
static const char *
q_text(struct db *db, const char *sql, char *buf, size_t bufsz)
{
	sqlite3_stmt		*st;
	const unsigned char	*t;
	const char		*r = NULL;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (t = sqlite3_column_text(st, 0)) != NULL) {
		snprintf(buf, bufsz, "%s", (const char *)t);
		r = buf;
	}
	sqlite3_finalize(st);
	return r;
}

/*
 * db_open without DB_SCHEMA prepares every statement of the registry: on
 * the current schema it opens; on a schema behind the code (a table
 * missing) it refuses, naming the statement, where a worker used to
 * abort on the first request that ran it. DB_SCHEMA opens it anyway and
 * fails only the calls whose statement does not compile.
 */
static void
test_registry(void)
{
	struct db	*db;
	struct patient	 pt;
	struct arena	*a = arena_new();
	char		 p[1024], err[512];

	db = open_db("reg.db", 1);
	db_close(db);
	snprintf(p, sizeof(p), "%s/reg.db", tmpdir);
	err[0] = '\0';
	db = db_open(p, 0, err, sizeof(err));
	T_OK(db != NULL, "db_open of the current schema: %s", err);
	db_close(db);
	/* A worker's connection: checked at open, small, and it works. */
	db = db_open(p, DB_WORKER, err, sizeof(err));
	T_OK(db != NULL, "db_open for a worker: %s", err);
	if (db != NULL) {
		sqlite3_stmt	*st;

		T_INT(sqlite3_prepare_v2(db_handle(db), "PRAGMA cache_size", -1,
		    &st, NULL), SQLITE_OK, "cache_size");
		T_INT(sqlite3_step(st), SQLITE_ROW, "cache_size row");
		T_INT(sqlite3_column_int(st, 0), -DB_WORKER_CACHE_KB,
		    "a worker's page cache is bounded");
		sqlite3_finalize(st);
		T_INT(store_patient_by_id(db, a, 1, &pt), 0,
		    "a worker's statement compiles on first use");
	}
	db_close(db);

	/* The schema behind the code: no throttle table. */
	db = open_db("reg.db", 0);
	T_INT(sqlite3_exec(db_handle(db), "DROP TABLE throttle", NULL, NULL,
	    NULL), SQLITE_OK, "drop a table");
	db_close(db);
	err[0] = '\0';
	db = db_open(p, 0, err, sizeof(err));
	T_OK(db == NULL, "db_open with a statement that does not compile");
	T_OK(strstr(err, "statement throttle.") != NULL &&
	    strstr(err, "does not compile") != NULL &&
	    strstr(err, "no such table: throttle") != NULL,
	    "the message names the statement: \"%s\"", err);
	db_close(db);
	err[0] = '\0';
	db = db_open(p, DB_WORKER, err, sizeof(err));
	T_OK(db == NULL && strstr(err, "no such table: throttle") != NULL,
	    "a worker does not start on a schema behind the code: \"%s\"", err);
	db_close(db);

	db = db_open(p, DB_SCHEMA, err, sizeof(err));
	T_OK(db != NULL, "db_open with DB_SCHEMA: %s", err);
	if (db != NULL) {
		T_INT(store_throttle_fail(db, "k", T0, 60), -1,
		    "a call whose statement does not compile fails");
		T_INT(store_patient_by_id(db, a, 1, &pt), 0,
		    "the others run");
	}
	db_close(db);
	arena_free(a);
}

/* Statements of the tests' own (db_prepare): a table t of three rows. */
enum { TQ_ROWS, TQ_ONE, TQ_COUNT, TQ_ADD, TQ_SET, TQ_BLOB, TQ_OVERFLOW, TQ__MAX };
static const struct db_sql tq[TQ__MAX] = {
	[TQ_ROWS] = { "rows", "SELECT id, name FROM t WHERE id >= ? ORDER BY id" },
	[TQ_ONE] = { "one", "SELECT id, name FROM t WHERE id = ?" },
	[TQ_COUNT] = { "count", "SELECT count(*) FROM t" },
	[TQ_ADD] = { "add", "INSERT INTO t (name) VALUES (?) RETURNING id" },
	[TQ_SET] = { "set", "UPDATE t SET name = ? WHERE id <= ?" },
	[TQ_BLOB] = { "blob", "SELECT ?, ?" },
	/* Compiles, fails when run (integer overflow). */
	[TQ_OVERFLOW] = { "overflow",
	    "SELECT id, abs(-9223372036854775806 - id) FROM t ORDER BY id" },
};
static const struct db_sqltab tq_tab = DB_SQLTAB("test", tq);

struct trow {
	int64_t		 id;
	const char	*name;
};

static void
trow_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct trow	*r = row;

	r->id = db_col_int(st, 0);
	r->name = db_col_text(a, st, 1);
}

static void
test_rows(void)
{
	static const struct db_sql bad[] = {
		{ "fine", "SELECT 1", NULL },
		{ "broken", "SELEC 1", NULL },
	}, two[] = {
		{ "two", "SELECT 1; SELECT 2", NULL },
	}, stray = { "stray", "SELECT 1", NULL };
	static const struct db_sqltab bad_tab = DB_SQLTAB("bad", bad),
	    two_tab = DB_SQLTAB("twice", two);
	struct arena	*a = arena_new();
	struct db	*db = open_db("rows.db", 0);
	struct db_stmt	*st;
	struct trow	*rows, one;
	const void	*p;
	size_t		 n, len;
	int64_t		 v, runs;
	char		 err[512];

	T_INT(sqlite3_exec(db_handle(db), "CREATE TABLE t (id INTEGER PRIMARY "
	    "KEY, name TEXT); INSERT INTO t (name) VALUES ('one'), (NULL), "
	    "('three')", NULL, NULL, NULL), SQLITE_OK, "table t");
	err[0] = '\0';
	T_INT(db_prepare(db, &tq_tab, err, sizeof(err)), 0, "db_prepare");
	T_STR(err, "", "db_prepare message");
	T_INT(db_prepare(db, &bad_tab, err, sizeof(err)), -1,
	    "db_prepare of a statement that does not compile");
	T_OK(strstr(err, "statement bad.broken does not compile") != NULL,
	    "db_prepare names it: \"%s\"", err);
	T_INT(db_prepare(db, &two_tab, err, sizeof(err)), -1,
	    "db_prepare of two statements in one");
	T_OK(strstr(err, "twice.two") != NULL &&
	    strstr(err, "more than one statement") != NULL,
	    "two statements: \"%s\"", err);

	/* db_rows: every row, in order, NULL as NULL. */
	T_INT(db_rows(db, a, &tq[TQ_ROWS], trow_fill, sizeof(*rows), &rows, &n,
	    "i", (int64_t)1), 0, "db_rows");
	T_INT(n, 3, "db_rows count");
	if (n == 3) {
		T_INT(rows[0].id, 1, "first row id");
		T_STR(rows[0].name, "one", "first row name");
		T_STR(rows[1].name, NULL, "a NULL text");
		T_INT(rows[2].id, 3, "third row id");
		T_STR(rows[2].name, "three", "third row name");
	}
	T_INT(db_rows(db, a, &tq[TQ_ROWS], trow_fill, sizeof(*rows), &rows, &n,
	    "i", (int64_t)3), 0, "db_rows from 3");
	T_INT(n, 1, "db_rows from 3: one row");
	T_INT(db_rows(db, a, &tq[TQ_ROWS], trow_fill, sizeof(*rows), &rows, &n,
	    "i", (int64_t)9), 0, "db_rows of none");
	T_INT(n, 0, "no rows");
	T_OK(rows == NULL, "no rows: NULL array");
	/* An error in the middle of the rows (the second overflows). */
	T_INT(db_rows(db, a, &tq[TQ_OVERFLOW], trow_fill, sizeof(*rows), &rows,
	    &n, ""), -1, "db_rows of a statement that fails");
	T_INT(n, 1, "the rows read before the error");
	/* A statement in no prepared table. */
	T_OK(db_stmt(db, &stray) == NULL, "db_stmt of a stray statement");
	T_INT(db_rows(db, a, &stray, trow_fill, sizeof(*rows), &rows, &n, ""),
	    -1, "db_rows of a stray statement");
	T_INT(db_exec(db, &stray, ""), -1, "db_exec of a stray statement");

	/* db_row, db_int, db_insert, db_changes; db_runs counts each run. */
	runs = db_runs(db);
	T_INT(db_row(db, a, &tq[TQ_ONE], trow_fill, &one, "i", (int64_t)3), 1,
	    "db_row");
	T_STR(one.name, "three", "db_row name");
	T_INT(db_row(db, a, &tq[TQ_ONE], trow_fill, &one, "i", (int64_t)7), 0,
	    "db_row of none");
	T_INT(db_int(db, &tq[TQ_COUNT], &v, ""), 1, "db_int");
	T_INT(v, 3, "db_int value");
	T_INT(db_insert(db, &tq[TQ_ADD], "t", "four"), 4, "db_insert id");
	T_INT(db_changes(db, &tq[TQ_SET], "ti", "x", (int64_t)2), 2, "db_changes");
	T_INT(db_changes(db, &tq[TQ_SET], "ti", "x", (int64_t)0), 0,
	    "db_changes of none");
	T_INT(db_runs(db) - runs, 6, "db_runs: six statements run");
	T_INT(db_in_transaction(db), 0, "not in a transaction");
	T_INT(db_begin(db), 0, "db_begin");
	T_INT(db_in_transaction(db), 1, "in a transaction");
	/* A read inside a transaction leaves it to its owner. */
	T_INT(db_read(db), 0, "db_read inside a transaction");
	db_read_end(db, 0);
	T_INT(db_in_transaction(db), 1, "db_read_end left the owner's");
	db_rollback(db);
	T_INT(db_in_transaction(db), 0, "rolled back");

	/* One read of several statements, then nothing open. */
	T_INT(db_read(db), 1, "db_read begins");
	T_INT(db_in_transaction(db), 1, "in the read");
	T_INT(db_int(db, &tq[TQ_COUNT], &v, ""), 1, "db_int in the read");
	T_INT(v, 4, "the read sees the rows");
	db_read_end(db, 1);
	T_INT(db_in_transaction(db), 0, "db_read_end ends it");
	T_INT(db_begin(db), 0, "a write after the read");
	db_rollback(db);

	/* The request's read: one snapshot, and it yields to a write. */
	{
		char		 p2[1024];
		sqlite3		*other = NULL;

		snprintf(p2, sizeof(p2), "%s/rows.db", tmpdir);
		T_INT(sqlite3_open(p2, &other), SQLITE_OK, "a second connection");
		db_request_read(db, 1);
		T_INT(db_in_transaction(db), 1, "the request's read is open");
		T_INT(db_int(db, &tq[TQ_COUNT], &v, ""), 1, "read in it");
		T_INT(sqlite3_exec(other, "INSERT INTO t (name) "
		    "VALUES ('five')", NULL, NULL, NULL), SQLITE_OK,
		    "another connection commits");
		T_INT(db_int(db, &tq[TQ_COUNT], &v, ""), 1, "read again");
		T_INT(v, 4, "one snapshot: the other's row is not seen yet");
		T_INT(db_read(db), 0, "a handler's db_read inside it");
		/* Without yielding, this write would upgrade the old snapshot
		 * and fail at once (SQLITE_BUSY_SNAPSHOT). */
		T_INT(db_insert(db, &tq[TQ_ADD], "t", "six"), 6,
		    "a write statement ends the read and is written");
		T_INT(db_in_transaction(db), 0, "the read is over");
		db_request_read(db, 0);
		db_request_read(db, 1);
		T_INT(db_int(db, &tq[TQ_COUNT], &v, ""), 1, "a new read");
		T_INT(sqlite3_exec(other, "INSERT INTO t (name) "
		    "VALUES ('seven')", NULL, NULL, NULL), SQLITE_OK,
		    "another commit");
		T_INT(db_begin(db), 0, "db_begin inside the request's read");
		T_INT(db_insert(db, &tq[TQ_ADD], "t", "eight"), 8,
		    "its write, after the other's");
		T_INT(db_commit(db), 0, "committed");
		db_request_read(db, 0);
		T_INT(db_in_transaction(db), 0, "nothing open");
		db_request_read(db, 1);
		T_INT(db_int(db, &tq[TQ_COUNT], &v, ""), 1, "read");
		db_request_read(db, 0);
		T_INT(db_in_transaction(db), 0, "db_request_read(0) ends it");
		T_INT(v, 8, "every row");
		sqlite3_close(other);
	}

	/* The low-level calls: blob and NULL columns. */
	st = db_stmt(db, &tq[TQ_BLOB]);
	T_INT(db_bindv(st, "bt", "a\0b", (size_t)3, (const char *)NULL), DB_ROW,
	    "db_bindv");
	p = db_col_blob(st, 0, &len);
	T_OK(len == 3 && p != NULL && memcmp(p, "a\0b", 3) == 0, "db_col_blob");
	T_INT(db_col_null(st, 1), 1, "db_col_null");
	T_INT(db_col_null(st, 0), 0, "db_col_null of bytes");
	T_INT(db_step(st), DB_DONE, "db_step to the end");
	db_reset(st);
	T_OK(db_errmsg(db) != NULL, "db_errmsg");

	db_close(db);
	arena_free(a);
}

/* db_release gives back what a large value left in the page cache (a
 * worker after an upload, issue 9.6). */
static void
test_release(void)
{
	struct db	*db = open_db("release.db", 0);
	int		 cur = 0, hi = 0, before;

	T_INT(sqlite3_exec(db_handle(db), "PRAGMA cache_size=-1024; "
	    "CREATE TABLE b (v BLOB); INSERT INTO b VALUES "
	    "(zeroblob(1048576))", NULL, NULL, NULL), SQLITE_OK,
	    "a 1 MB value stored");
	sqlite3_db_status(db_handle(db), SQLITE_DBSTATUS_CACHE_USED, &cur,
	    &hi, 0);
	before = cur;
	T_OK(before > 512 * 1024, "the page cache holds it: %d bytes", before);
	db_release(db);
	sqlite3_db_status(db_handle(db), SQLITE_DBSTATUS_CACHE_USED, &cur,
	    &hi, 0);
	T_OK(cur < 64 * 1024, "db_release gave back %d of %d bytes",
	    before - cur, before);
	db_close(db);
}

/* 1 if this process maps the file at path (a line of /proc/self/maps
 * ending in it: not its -shm, which every connection maps). */
static int
mapped(const char *path)
{
	FILE	*f = fopen("/proc/self/maps", "r");
	char	 line[4096];
	size_t	 n, pn = strlen(path);
	int	 found = 0;

	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		n = strcspn(line, "\n");
		if (n >= pn && memcmp(line + n - pn, path, pn) == 0)
			found = 1;
	}
	if (f != NULL)
		fclose(f);
	return found;
}

/* kB of this process's mappings of path's WAL index now resident. */
static long
shm_rss_kb(const char *path)
{
	FILE	*f = fopen("/proc/self/smaps", "r");
	char	 line[4096], want[1100];
	size_t	 n, wn;
	long	 kb, sum = 0;
	int	 in = 0;

	snprintf(want, sizeof(want), "%s-shm", path);
	wn = strlen(want);
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		n = strcspn(line, "\n");
		/* A mapping's line starts with its address (lower-case
		 * hex), its fields with a capital ("Rss:"). */
		if ((line[0] >= '0' && line[0] <= '9') ||
		    (line[0] >= 'a' && line[0] <= 'f'))
			in = n >= wn && memcmp(line + n - wn, want, wn) == 0;
		else if (in && sscanf(line, "Rss: %ld kB", &kb) == 1)
			sum += kb;
	}
	if (f != NULL)
		fclose(f);
	return sum;
}

static int64_t
q_int64(struct db *db, const char *sql)
{
	sqlite3_stmt	*st;
	int64_t		 v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A worker reads the file through its mapping (db_sqlite_map.c) and sees
 * what other connections commit, after a checkpoint wrote it into the
 * file, after the file outgrew the mapping; db_release unmaps. */
static void
test_map(void)
{
	struct db	*w = open_db("map.db", 1), *r;
	char		 p[1024], err[512] = "";
	long		 kb;

	snprintf(p, sizeof(p), "%s/map.db", tmpdir);
	T_INT(sqlite3_exec(db_handle(w), "CREATE TABLE m (v BLOB); INSERT INTO "
	    "m VALUES (zeroblob(4096)); PRAGMA wal_checkpoint(FULL)", NULL, NULL,
	    NULL), SQLITE_OK, "a row, in the file");
	r = db_open(p, DB_WORKER, err, sizeof(err));
	T_OK(r != NULL, "a worker's connection: %s", err);
	if (r == NULL) {
		db_close(w);
		return;
	}
	T_INT(q_int64(r, "SELECT sum(length(v)) FROM m"), 4096, "read");
	T_OK(mapped(p), "a worker's connection maps the database file");
	/* Into the file (a checkpoint), within the mapping and past it. */
	T_INT(sqlite3_exec(db_handle(w), "INSERT INTO m VALUES "
	    "(randomblob(100000)); PRAGMA wal_checkpoint(FULL)", NULL, NULL,
	    NULL), SQLITE_OK, "a row checkpointed");
	T_INT(q_int64(r, "SELECT sum(length(v)) FROM m"), 104096,
	    "the worker sees it");
	T_INT(sqlite3_exec(db_handle(w), "INSERT INTO m VALUES "
	    "(zeroblob(70000000)); UPDATE m SET v = x'0102' WHERE rowid = 1; "
	    "PRAGMA wal_checkpoint(FULL)", NULL, NULL, NULL), SQLITE_OK,
	    "70 MB more, past the mapping's slack, checkpointed");
	T_INT(q_int64(r, "SELECT sum(length(v)) FROM m"), 70100002,
	    "the worker sees the grown file");
	T_INT(q_int64(r, "SELECT hex(v) = '0102' FROM m WHERE rowid = 1"), 1,
	    "and the page changed in place");
	T_INT(q_int64(r, "SELECT count(*) FROM m WHERE rowid = 3 AND "
	    "substr(v, 69999999, 2) = x'0000'"), 1,
	    "and the end of the new value");
	/* A WAL of some 30 MB (not checkpointed): an index of several
	 * regions, all of them looked through by a read. */
	T_INT(sqlite3_exec(db_handle(w), "PRAGMA wal_autocheckpoint=0; "
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 7500) INSERT INTO m SELECT randomblob(3000) FROM n",
	    NULL, NULL, NULL), SQLITE_OK, "7,500 pages into the WAL");
	T_INT(q_int64(r, "SELECT count(*) FROM m WHERE rowid = 2"), 1,
	    "a read looks through the WAL's index");
	kb = shm_rss_kb(p);
	T_OK(kb >= 64, "its index is resident: %ld kB", kb);
	db_release(r);
	/* (The writer's connection, in this process too, shares the
	 * mapping: what it alone looked through stays.) */
	T_OK(shm_rss_kb(p) <= kb - 64, "db_release gives back the regions "
	    "the worker looked through: %ld of %ld kB left", shm_rss_kb(p), kb);
	T_INT(q_int64(r, "SELECT count(*) FROM m"), 7503,
	    "and the index reads back");
	db_release(r);
	T_OK(!mapped(p), "db_release unmaps");
	T_INT(q_int64(r, "SELECT count(*) FROM m"), 7503, "read after it");
	T_OK(mapped(p), "mapped again");
	db_close(r);
	T_OK(!mapped(p), "db_close unmaps");
	db_close(w);
}

/* A page the mapping no longer has (the file cut short behind SQLite's
 * back inside a read; an I/O error is the same signal) is read with pread
 * instead: an error for SQLite to report, not a SIGBUS that kills the
 * worker. */
static void
test_map_bus(void)
{
	struct db	*w = open_db("bus.db", 1), *r;
	char		 p[1024], err[512] = "";
	int		 began;

	snprintf(p, sizeof(p), "%s/bus.db", tmpdir);
	T_INT(sqlite3_exec(db_handle(w), "CREATE TABLE m (v BLOB); "
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 300) INSERT INTO m SELECT randomblob(3000) FROM n; "
	    "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), SQLITE_OK,
	    "300 pages of rows, in the file");
	db_close(w);
	r = db_open(p, DB_WORKER, err, sizeof(err));
	T_OK(r != NULL, "a worker's connection: %s", err);
	if (r == NULL)
		return;
	began = db_read(r);
	T_INT(q_int64(r, "SELECT length(v) FROM m WHERE rowid = 1"), 3000,
	    "a first read");
	T_OK(mapped(p), "mapped");
	T_INT(truncate(p, 64 * 1024), 0, "the file cut to 64 kB");
	T_OK(q_int64(r, "SELECT sum(length(v)) FROM m") != 900000,
	    "the rest cannot be read (and the process lives)");
	T_OK(!mapped(p), "the mapping is given up");
	db_read_end(r, began);
	db_close(r);
}

/* civil_when writes what SQLite's strftime(..., 'localtime') wrote for a
 * note's time, in the hospital's zone; and a note's "when" is it. */
static void
test_when(struct db *db, struct arena *a, int64_t pid)
{
	static const int64_t	 at[] = { 0, 1700000000, 1710054000, 1730613600,
	    951782400, 4102444799LL };
	const char		*tz = getenv("TZ");
	char			 saved[128], sql[256], want[64], got[CIVIL_WHEN_LEN];
	struct rec_row		*rows;
	size_t			 i, n;

	snprintf(saved, sizeof(saved), "%s", tz != NULL ? tz : "");
	setenv("TZ", "America/New_York", 1);
	tzset();
	for (i = 0; i < NELEM(at); i++) {
		snprintf(sql, sizeof(sql), "SELECT strftime('%%Y-%%m-%%d %%H:%%M', "
		    "%lld, 'unixepoch', 'localtime')", (long long)at[i]);
		T_OK(q_text(db, sql, want, sizeof(want)) != NULL, "strftime");
		T_STR(civil_when((time_t)at[i], got), want, "civil_when");
	}
	snprintf(sql, sizeof(sql), "INSERT INTO notes (patient_id, outside, "
	    "title, body, completed, confidential) VALUES (%lld, 0, 'N', 'B', "
	    "1710054000, 0), (%lld, 0, 'M', 'B', NULL, 0)", (long long)pid,
	    (long long)pid);
	T_INT(sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL), SQLITE_OK,
	    "two notes");
	T_INT(store_record_rows(db, a, pid, REC_NOTES, &rows, &n), 0,
	    "store_record_rows");
	T_INT(n, 2, "notes");
	if (n == 2) {
		T_STR(rows[0].when, "2024-03-10 03:00", "a note's when");
		T_INT(rows[0].at, 1710054000, "a note's at");
		T_STR(rows[1].when, NULL, "a note not completed");
	}
	if (tz != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
}

static void
test_patients(struct db *db, struct arena *a, int64_t *pid_out, int64_t *rel_out)
{
	struct patient	 p, got;
	struct relation	 r, *rs;
	size_t		 n;
	int64_t		 pid, pid2, rid;

	memset(&p, 0, sizeof(p));
	p.mrn = "MRN001";
	p.given = "Ana";
	p.family = "Lopez";
	p.dob = "2012-05-06";
	p.sex = "F";
	p.foster = 1;
	p.guardianship = 0;
	pid = store_patient_create(db, &p, T0);
	T_OK(pid > 0, "store_patient_create");
	T_INT(store_patient_by_mrn(db, a, "MRN001", &got), 1, "store_patient_by_mrn");
	T_INT(got.id, pid, "patient id");
	T_STR(got.mrn, "MRN001", "patient mrn");
	T_STR(got.given, "Ana", "patient given");
	T_STR(got.family, "Lopez", "patient family");
	T_STR(got.dob, "2012-05-06", "patient dob");
	T_STR(got.sex, "F", "patient sex");
	T_INT(got.foster, 1, "patient foster");
	T_INT(got.guardianship, 0, "patient guardianship");
	memset(&got, 0, sizeof(got));
	T_INT(store_patient_by_id(db, a, pid, &got), 1, "store_patient_by_id");
	T_STR(got.mrn, "MRN001", "patient by id");
	T_INT(store_patient_by_mrn(db, a, "MRN002", &got), 0, "unknown MRN");
	T_INT(store_patient_by_id(db, a, 9999, &got), 0, "unknown patient id");
	T_INT(store_patient_create(db, &p, T0), -1, "duplicate MRN");
	p.mrn = "MRN002";
	p.sex = NULL;
	p.foster = 0;
	p.guardianship = 1;
	pid2 = store_patient_create(db, &p, T0);
	T_OK(pid2 > 0 && pid2 != pid, "second patient");
	T_INT(store_patient_by_id(db, a, pid2, &got), 1, "second patient by id");
	T_STR(got.sex, NULL, "NULL sex");
	T_INT(got.guardianship, 1, "second patient guardianship");

	/* The people on file. */
	memset(&r, 0, sizeof(r));
	r.patient_id = pid;
	r.kind = "parent";
	r.given = "Maria";
	r.family = "Lopez";
	r.email = "maria@example.org";
	r.phone = "555-0100";
	rid = store_relation_add(db, &r);
	T_OK(rid > 0, "store_relation_add");
	r.kind = "dcf_caseworker";
	r.given = "Sam";
	r.family = "Case";
	r.email = NULL;
	r.phone = NULL;
	T_OK(store_relation_add(db, &r) > rid, "second relation");
	r.kind = "uncle";
	T_INT(store_relation_add(db, &r), -1, "a relation of an unknown kind");
	r.kind = "parent";
	r.patient_id = 9999;
	T_INT(store_relation_add(db, &r), -1, "a relation of no patient");
	T_INT(store_relations(db, a, pid, &rs, &n), 0, "store_relations");
	T_INT(n, 2, "relation count");
	if (n == 2) {
		T_INT(rs[0].id, rid, "relation order");
		T_STR(rs[0].kind, "parent", "relation kind");
		T_STR(rs[0].given, "Maria", "relation given");
		T_STR(rs[0].email, "maria@example.org", "relation email");
		T_STR(rs[0].phone, "555-0100", "relation phone");
		T_INT(rs[0].patient_id, pid, "relation patient");
		T_STR(rs[1].kind, "dcf_caseworker", "second relation kind");
		T_STR(rs[1].email, NULL, "NULL email");
	}
	T_INT(store_relations(db, a, pid2, &rs, &n), 0, "store_relations of none");
	T_INT(n, 0, "no relations");

	/* Visits. */
	T_OK(store_encounter_add(db, pid, "2024-03-01", "outpatient", "Cardiology",
	    0) > 0, "store_encounter_add");
	T_OK(store_encounter_add(db, pid, "2024-04-01", "inpatient", NULL, 1) > 0,
	    "store_encounter_add confidential");
	T_INT(store_encounter_on(db, pid, "2024-03-01"), 1, "visit on the day");
	T_INT(store_encounter_on(db, pid, "2024-04-01"), 1, "second visit");
	T_INT(store_encounter_on(db, pid, "2024-03-02"), 0, "no visit that day");
	T_INT(store_encounter_on(db, pid2, "2024-03-01"), 0, "other patient's visit");
	T_INT(store_encounter_add(db, 9999, "2024-03-01", "outpatient", NULL, 0), -1,
	    "a visit of no patient");
	*pid_out = pid;
	*rel_out = rid;
}

static void
test_accounts(struct db *db, struct arena *a, int64_t pid, int64_t rid)
{
	struct account	 acc;
	struct holding	*h;
	struct patient	 p;
	size_t		 n;
	int64_t		 id, id2, pid2;

	id = store_account_create(db, "Parent@Example.org", "scrypt$x", "Maria",
	    "Lopez", T0);
	T_OK(id > 0, "store_account_create");
	T_INT(store_account_by_email(db, a, "parent@example.org", &acc), 1,
	    "store_account_by_email lower case");
	T_INT(acc.id, id, "account id");
	T_STR(acc.email, "Parent@Example.org", "account email as stored");
	T_STR(acc.pw_hash, "scrypt$x", "account pw_hash");
	T_STR(acc.given, "Maria", "account given");
	T_STR(acc.family, "Lopez", "account family");
	T_INT(acc.verified, 0, "account not verified");
	T_INT(acc.disabled, 0, "account not disabled");
	T_INT(store_account_by_email(db, a, "PARENT@EXAMPLE.ORG", &acc), 1,
	    "store_account_by_email upper case");
	T_INT(store_account_by_email(db, a, "other@example.org", &acc), 0,
	    "unknown address");
	T_INT(store_account_create(db, "parent@example.ORG", "h", "X", "Y", T0), -1,
	    "duplicate address in another case");
	T_INT(store_account_verify(db, id, T0 + 5), 0, "store_account_verify");
	T_INT(store_account_verify(db, id, T0 + 99), 0, "store_account_verify again");
	T_INT(store_account_by_id(db, a, id, &acc), 1, "store_account_by_id");
	T_INT(acc.verified, T0 + 5, "verified time (the first)");
	T_INT(store_account_set_password(db, id, "scrypt$y", T0 + 6), 0,
	    "store_account_set_password");
	T_INT(store_account_by_id(db, a, id, &acc), 1, "account after new password");
	T_STR(acc.pw_hash, "scrypt$y", "new pw_hash");
	T_INT(store_account_by_id(db, a, id + 100, &acc), 0, "unknown account id");

	/* Holdings. */
	T_STR(store_holding_status(db, a, id, pid), NULL, "no holding yet");
	T_INT(store_holding_set(db, id, pid, "parent", rid, "pending", T0), 0,
	    "store_holding_set pending");
	T_STR(store_holding_status(db, a, id, pid), "pending", "holding pending");
	T_INT(store_holding_set(db, id, pid, "parent", rid, "active", T0), 0,
	    "store_holding_set active");
	T_STR(store_holding_status(db, a, id, pid), "active", "holding active");
	T_INT(store_holding_set(db, id, pid, "uncle", rid, "active", T0), -1,
	    "a holding in an unknown role");
	T_INT(store_holding_set(db, id, pid, "parent", rid, "maybe", T0), -1,
	    "a holding in an unknown status");
	memset(&p, 0, sizeof(p));
	p.mrn = "MRN-AB";
	p.given = "Aaron";
	p.family = "Lopez";
	p.dob = "2008-01-01";
	pid2 = store_patient_create(db, &p, T0);
	T_INT(store_holding_set(db, id, pid2, "self", 0, "pending", T0), 0,
	    "store_holding_set without relation");
	T_INT(q_int(db, "SELECT count(*) FROM account_patients WHERE "
	    "role = 'self' AND relation_id IS NULL"), 1, "relation 0 stored as NULL");
	T_INT(store_holdings(db, a, id, &h, &n), 0, "store_holdings");
	T_INT(n, 2, "holding count");
	if (n == 2) {
		/* Active first, though "Aaron" sorts before "Ana". */
		T_INT(h[0].patient_id, pid, "active holding first");
		T_STR(h[0].role, "parent", "holding role");
		T_STR(h[0].status, "active", "holding status");
		T_STR(h[0].given, "Ana", "holding given");
		T_STR(h[0].dob, "2012-05-06", "holding dob");
		T_INT(h[1].patient_id, pid2, "pending holding second");
		T_STR(h[1].role, "self", "second holding role");
	}
	id2 = store_account_create(db, "other@example.org", "h", "O", "P", T0);
	T_INT(store_holdings(db, a, id2, &h, &n), 0, "store_holdings of none");
	T_INT(n, 0, "no holdings");
}

static void
test_tokens(struct db *db, struct arena *a, int64_t pid)
{
	struct secret_row	 r;
	int64_t			 id, acct, l1, l2, l3;

	id = store_token_create(db, "SEL001", "vhash", pid, "family", T0, T0 + 100);
	T_OK(id > 0, "store_token_create");
	T_INT(store_token_create(db, "SEL001", "v2", pid, "self", T0, T0 + 100), -1,
	    "duplicate selector");
	T_INT(store_token_create(db, "SEL002", "v2", 9999, "family", T0, T0 + 100), -1,
	    "a token of no patient");
	T_INT(store_token_get(db, a, "SEL001", &r), 1, "store_token_get");
	T_INT(r.id, id, "token id");
	T_INT(r.owner, pid, "token owner");
	T_STR(r.verifier_hash, "vhash", "token verifier");
	T_INT(r.expires, T0 + 100, "token expiry");
	T_INT(r.used, 0, "token unused");
	T_STR(r.scope, "family", "token scope");
	T_INT(store_token_get(db, a, "SEL999", &r), 0, "unknown selector");
	T_INT(store_token_use(db, id, T0 + 10), 1, "store_token_use");
	T_INT(store_token_use(db, id, T0 + 11), 0, "store_token_use twice");
	T_INT(store_token_get(db, a, "SEL001", &r), 1, "used token");
	T_INT(r.used, T0 + 10, "token use time (the first)");
	/* A voided token (wrong dates of birth) cannot be used. */
	id = store_token_create(db, "SEL003", "vh3", pid, "family", T0, T0 + 100);
	T_INT(store_token_voided(db, id), 0, "a new token is not voided");
	T_INT(store_token_void(db, id, T0 + 5), 0, "store_token_void");
	T_INT(store_token_voided(db, id), 1, "store_token_voided");
	T_INT(store_token_use(db, id, T0 + 6), 0, "a voided token is not used");
	T_INT(store_token_voided(db, 424242), 0, "no such token");

	acct = store_account_create(db, "links@example.org", "h", "L", "K", T0);
	l1 = store_elink_create(db, "lsel1", "vh1", acct, "verify", T0, T0 + 3600);
	T_OK(l1 > 0, "store_elink_create");
	T_INT(store_elink_get(db, a, "lsel1", "verify", &r), 1, "store_elink_get");
	T_INT(r.owner, acct, "link owner");
	T_STR(r.verifier_hash, "vh1", "link verifier");
	T_INT(r.expires, T0 + 3600, "link expiry");
	T_INT(store_elink_get(db, a, "lsel1", "reset", &r), 0,
	    "a link of another purpose");
	T_INT(store_elink_use(db, l1, "verify", T0 + 1), 1, "store_elink_use");
	T_INT(store_elink_use(db, l1, "verify", T0 + 2), 0, "store_elink_use twice");
	T_INT(store_elink_create(db, "lsel9", "vh", acct, "login", T0, T0 + 1), -1,
	    "a link of an unknown purpose");

	/* Only the newest reset link works. */
	l2 = store_elink_create(db, "lsel2", "vh2", acct, "reset", T0, T0 + 3600);
	l3 = store_elink_create(db, "lsel3", "vh3", acct, "verify", T0, T0 + 3600);
	T_INT(store_elink_retire(db, acct, "reset", T0 + 3), 0, "store_elink_retire");
	T_INT(store_elink_use(db, l2, "reset", T0 + 4), 0, "a retired link");
	T_INT(store_elink_get(db, a, "lsel2", "reset", &r), 1, "retired link row");
	T_INT(r.used, T0 + 3, "retired link time");
	T_INT(store_elink_use(db, l3, "verify", T0 + 4), 1, "a link of the other purpose");
}

static void
test_throttle(struct db *db)
{
	const long		 w = 900;
	struct throttle_row	 row;

	T_INT(store_throttle_get(db, "acct:x", T0, w), 0, "no failures");
	T_INT(store_throttle_fail(db, "acct:x", T0, w), 0, "store_throttle_fail");
	store_throttle_fail(db, "acct:x", T0 + 10, w);
	store_throttle_fail(db, "acct:x", T0 + 20, w);
	store_throttle_fail(db, "addr:192.0.2.1", T0 + 20, w);
	T_INT(store_throttle_get(db, "acct:x", T0 + 30, w), 3, "three in the window");
	T_INT(store_throttle_get(db, "acct:x", T0 + w - 1, w), 3,
	    "three at the window's end");
	T_INT(store_throttle_get(db, "addr:192.0.2.1", T0 + 30, w), 1, "another key");
	T_INT(store_throttle_get(db, "acct:y", T0 + 30, w), 0, "an unknown key");
	T_INT(store_throttle_get(db, "acct:x", T0 + w + 1, w), 0, "after the window");
	store_throttle_fail(db, "acct:x", T0 + w + 1, w);
	T_INT(store_throttle_get(db, "acct:x", T0 + w + 2, w), 1,
	    "a new window starts at 1");
	store_throttle_fail(db, "acct:x", T0 + w + 100, w);
	T_INT(store_throttle_get(db, "acct:x", T0 + w + 200, w), 2,
	    "counting in the new window");
	T_INT(store_throttle_clear(db, "acct:x"), 0, "store_throttle_clear");
	T_INT(store_throttle_get(db, "acct:x", T0 + w + 200, w), 0, "cleared");
	T_INT(store_throttle_get(db, "addr:192.0.2.1", T0 + 30, w), 1,
	    "clearing one key keeps the others");

	/* The latest event, for growing delays; clearing by prefix. */
	store_throttle_fail(db, "la:h1@192.0.2.1", T0, w);
	store_throttle_fail(db, "la:h1@192.0.2.1", T0 + 40, w);
	store_throttle_fail(db, "la:h1#dev", T0 + 50, w);
	store_throttle_fail(db, "la:h2@192.0.2.1", T0 + 50, w);
	T_INT(store_throttle_row(db, "la:h1@192.0.2.1", T0 + 60, w, &row), 1,
	    "store_throttle_row");
	T_INT(row.tr_count, 2, "row count");
	T_INT(row.tr_since, T0, "row since");
	T_INT(row.tr_last, T0 + 40, "row last");
	T_INT(store_throttle_row(db, "la:h1@192.0.2.1", T0 + w + 1, w, &row), 0,
	    "a stale row");
	T_INT(row.tr_count, 0, "a stale row counts 0");
	T_INT(store_throttle_clear_prefix(db, "la:h1"), 0,
	    "store_throttle_clear_prefix");
	T_INT(store_throttle_get(db, "la:h1@192.0.2.1", T0 + 60, w), 0,
	    "prefix cleared (address)");
	T_INT(store_throttle_get(db, "la:h1#dev", T0 + 60, w), 0,
	    "prefix cleared (browser)");
	T_INT(store_throttle_get(db, "la:h2@192.0.2.1", T0 + 60, w), 1,
	    "another account's key stays");
}

static void
test_outbox(struct db *db, struct arena *a)
{
	struct outmail	 m;
	int64_t		 m1, m2, m3;
	int		 i, rc;

	m1 = store_outbox_add(db, "a@example.org", "S1", "B1", T0);
	m2 = store_outbox_add(db, "b@example.org", "S2", "B2", T0 + 1);
	T_OK(m1 > 0 && m2 > m1, "store_outbox_add");
	T_INT(store_outbox_claim(db, a, T0 + 2, &m), 1, "claim the first");
	T_INT(m.id, m1, "oldest first");
	T_STR(m.to, "a@example.org", "claimed to");
	T_STR(m.subject, "S1", "claimed subject");
	T_STR(m.body, "B1", "claimed body");
	T_INT(m.created, T0, "claimed created");
	T_INT(m.attempts, 1, "first attempt");
	T_INT(store_outbox_claim(db, a, T0 + 2, &m), 1, "claim the second");
	T_INT(m.id, m2, "the second");
	T_INT(store_outbox_claim(db, a, T0 + 2, &m), 0, "nothing left to claim");
	T_INT(store_outbox_sent(db, m1, T0 + 3), 0, "store_outbox_sent");
	T_INT(store_outbox_failed(db, m2, "sendmail failed"), 0,
	    "store_outbox_failed");
	/* Claimed less than 10 minutes ago: not again. */
	T_INT(store_outbox_claim(db, a, T0 + 300, &m), 0, "within 5 minutes");
	T_INT(store_outbox_claim(db, a, T0 + 2 + 599, &m), 0, "within 10 minutes");
	T_INT(store_outbox_claim(db, a, T0 + 2 + 601, &m), 1, "retried after 10");
	T_INT(m.id, m2, "the failed one is retried");
	T_INT(m.attempts, 2, "second attempt");
	T_INT(store_outbox_sent(db, m2, T0 + 700), 0, "sent at last");
	T_INT(store_outbox_claim(db, a, T0 + 5000, &m), 0, "all sent");
	T_INT(q_int(db, "SELECT count(*) FROM outbox WHERE last_error IS NOT NULL"),
	    1, "error kept");

	/* At most 20 attempts. */
	m3 = store_outbox_add(db, "c@example.org", "S3", "B3", T0);
	for (i = 0, rc = 1; i < 20 && rc == 1; i++) {
		rc = store_outbox_claim(db, a, T0 + 10000 + i * 601, &m);
		if (rc == 1)
			store_outbox_failed(db, m.id, "no");
	}
	T_INT(i, 20, "twenty attempts");
	T_INT(m.id, m3, "the third message");
	T_INT(m.attempts, 20, "attempt count");
	T_INT(store_outbox_claim(db, a, T0 + 10000 + 21 * 601, &m), 0,
	    "no 21st attempt");
}

static void
test_sess(struct db *db)
{
	unsigned char	 h1[32], h2[32], h3[32], h4[32];
	struct sess	 s;
	int64_t		 s1, s2, s3, s4;

	memset(h1, 1, 32);
	memset(h2, 2, 32);
	memset(h3, 3, 32);
	memset(h4, 4, 32);
	s1 = store_sess_create(db, SESS_FAMILY, SESS_IN, 7, h1, T0, "192.0.2.1");
	T_OK(s1 > 0, "store_sess_create");
	T_INT(store_sess_create(db, SESS_STAFF, SESS_IN, 8, h1, T0, NULL), -1,
	    "duplicate session hash");
	T_INT(store_sess_get(db, h1, &s), 1, "store_sess_get");
	T_INT(s.s_id, s1, "session id");
	T_INT(s.s_kind, SESS_FAMILY, "session kind");
	T_INT(s.s_principal, 7, "session principal");
	T_INT(s.s_created, T0, "session created");
	T_INT(s.s_seen, T0, "session seen");
	T_OK(memcmp(s.s_hash, h1, 32) == 0, "session hash");
	T_INT(store_sess_get(db, h2, &s), 0, "unknown session");
	T_INT(store_sess_touch(db, s1, T0 + 60), 0, "store_sess_touch");
	T_INT(store_sess_get(db, h1, &s), 1, "touched session");
	T_INT(s.s_seen, T0 + 60, "session seen after touch");
	T_INT(s.s_created, T0, "session created after touch");

	s2 = store_sess_create(db, SESS_STAFF, SESS_IN, 7, h2, T0, NULL);
	T_INT(store_sess_get(db, h2, &s), 1, "staff session");
	T_INT(s.s_kind, SESS_STAFF, "staff session kind");
	T_INT(store_sess_delete(db, s1), 0, "store_sess_delete");
	T_INT(store_sess_get(db, h1, &s), 0, "deleted session");
	T_INT(store_sess_get(db, h2, &s), 1, "the other session stays");

	/* Ending a principal's sessions ends only those of that kind. */
	s1 = store_sess_create(db, SESS_FAMILY, SESS_IN, 7, h1, T0, NULL);
	T_INT(store_sess_delete_principal(db, SESS_FAMILY, 7), 0,
	    "store_sess_delete_principal");
	T_INT(store_sess_get(db, h1, &s), 0, "the family session ended");
	T_INT(store_sess_get(db, h2, &s), 1, "the staff session of the same id stays");

	/* Purge: idle since before T0+100, or made before T0-1000. */
	s1 = store_sess_create(db, SESS_FAMILY, SESS_IN, 1, h1, T0 - 5000, NULL);
	store_sess_touch(db, s1, T0 + 200);		/* too old */
	s3 = store_sess_create(db, SESS_FAMILY, SESS_IN, 2, h3, T0 + 50, NULL);	/* idle */
	s4 = store_sess_create(db, SESS_FAMILY, SESS_IN, 3, h4, T0, NULL);
	store_sess_touch(db, s4, T0 + 150);		/* live */
	store_sess_touch(db, s2, T0 + 100);		/* exactly at the limit */
	T_INT(store_sess_purge(db, T0 + 100, T0 - 1000), 2, "store_sess_purge count");
	T_INT(store_sess_get(db, h1, &s), 0, "purged: too old");
	T_INT(store_sess_get(db, h3, &s), 0, "purged: idle");
	T_INT(store_sess_get(db, h4, &s), 1, "kept: live");
	T_INT(store_sess_get(db, h2, &s), 1, "kept: seen at the limit");
	T_INT(store_sess_purge(db, T0 + 100, T0 - 1000), 0, "purge again");
	(void)s3;
}

static double
mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Issue 9.3: which of SQLite's failures say "the database cannot answer
 * now" (503, Retry-After) and which are bugs (500); then the class as a
 * connection reports it: a UNIQUE violation is a bug, a lock held by
 * another connection past the busy timeout is not, and db_failure_clear
 * forgets it.
 */
static void
test_unavailable(struct db *db)
{
	static const struct {
		int		 rc;
		int		 unavailable;
		const char	*name;
	} codes[] = {
		{ SQLITE_BUSY, 1, "BUSY" },
		{ SQLITE_BUSY_SNAPSHOT, 1, "BUSY_SNAPSHOT" },
		{ SQLITE_LOCKED, 1, "LOCKED" },
		{ SQLITE_LOCKED_SHAREDCACHE, 1, "LOCKED_SHAREDCACHE" },
		{ SQLITE_FULL, 1, "FULL" },
		{ SQLITE_READONLY, 1, "READONLY" },
		{ SQLITE_READONLY_DBMOVED, 1, "READONLY_DBMOVED" },
		{ SQLITE_IOERR, 1, "IOERR" },
		{ SQLITE_IOERR_WRITE, 1, "IOERR_WRITE" },
		{ SQLITE_IOERR_FSYNC, 1, "IOERR_FSYNC" },
		{ SQLITE_CANTOPEN, 1, "CANTOPEN" },
		{ SQLITE_NOMEM, 1, "NOMEM" },
		{ SQLITE_PROTOCOL, 1, "PROTOCOL" },
		{ SQLITE_ERROR, 0, "ERROR" },
		{ SQLITE_CONSTRAINT, 0, "CONSTRAINT" },
		{ SQLITE_CONSTRAINT_UNIQUE, 0, "CONSTRAINT_UNIQUE" },
		{ SQLITE_CONSTRAINT_FOREIGNKEY, 0, "CONSTRAINT_FOREIGNKEY" },
		{ SQLITE_MISUSE, 0, "MISUSE" },
		{ SQLITE_RANGE, 0, "RANGE" },
		{ SQLITE_MISMATCH, 0, "MISMATCH" },
		{ SQLITE_CORRUPT, 0, "CORRUPT" },
		{ SQLITE_NOTADB, 0, "NOTADB" },
		{ SQLITE_SCHEMA, 0, "SCHEMA" },
		{ SQLITE_TOOBIG, 0, "TOOBIG" },
		{ SQLITE_OK, 0, "OK" },
	};
	static const struct db_sql q[] = {
		{ "add", "INSERT INTO unavail (id) VALUES (1)", NULL },
	};
	static const struct db_sqltab tab = DB_SQLTAB("unavail", q);
	struct db	*other;
	char		 err[512] = "";
	size_t		 i;
	double		 t0;
	int		 ready[2];
	pid_t		 child;
	char		 c;

	for (i = 0; i < NELEM(codes); i++)
		T_INT(db_sqlite_unavailable(codes[i].rc), codes[i].unavailable,
		    codes[i].name);

	T_INT(sqlite3_exec(db_handle(db), "CREATE TABLE unavail (id INTEGER "
	    "PRIMARY KEY)", NULL, NULL, NULL), SQLITE_OK, "unavail table");
	T_INT(db_prepare(db, &tab, err, sizeof(err)), 0, "unavail prepared");
	T_INT(db_unavailable(db), 0, "no failure yet");
	T_INT(db_exec(db, &q[0], ""), 0, "the first row");
	T_INT(db_exec(db, &q[0], ""), -1, "the same row again");
	T_INT(db_unavailable(db), 0, "a UNIQUE violation is a bug");

	other = open_db("store.db", 0);
	T_INT(db_begin(other), 0, "another connection takes the lock");
	db_failure_clear(db);		/* as a web worker does per request */
	t0 = mono();
	T_INT(db_begin(db), -1, "busy past the timeout");
	T_INT(db_unavailable(db), 1, "busy is unavailable");
	T_OK(mono() - t0 >= 1.5 && mono() - t0 < 5, "waited the busy timeout");
	t0 = mono();
	T_INT(db_begin(db), -1, "busy again");
	T_OK(mono() - t0 < 0.5, "in the same request, no second wait");
	db_failure_clear(db);
	T_INT(db_unavailable(db), 0, "cleared");
	t0 = mono();
	T_INT(db_begin(db), -1, "busy in the next request");
	T_OK(mono() - t0 >= 1.5, "the next request waits again");
	db_failure_clear(db);
	db_rollback(other);
	db_close(other);
	T_INT(db_begin(db), 0, "the lock is free again");
	db_rollback(db);
	T_INT(db_unavailable(db), 0, "still no failure");

	/* A lock let go within the timeout: the waiter takes it soon after,
	 * trying again every few ms (not failing at once, not sleeping on). */
	if (pipe(ready) == -1 || (child = fork()) == -1) {
		T_OK(0, "pipe and fork");
		return;
	}
	if (child == 0) {
		other = open_db("store.db", 0);
		if (db_begin(other) == 0 && write(ready[1], "x", 1) == 1)
			usleep(300000);
		db_rollback(other);
		_exit(0);
	}
	T_INT(read(ready[0], &c, 1), 1, "the other process holds the lock");
	db_failure_clear(db);
	t0 = mono();
	T_INT(db_begin(db), 0, "taken once the other lets go");
	T_OK(mono() - t0 >= 0.2 && mono() - t0 < 1, "within a few ms of it");
	db_rollback(db);
	waitpid(child, NULL, 0);
	close(ready[0]);
	close(ready[1]);
}

int
main(void)
{
	struct arena	*a = arena_new();
	struct db	*db;
	int64_t		 pid = 0, rid = 0;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_migrate();
	test_health();
	test_registry();
	test_rows();
	test_release();
	test_map();
	test_map_bus();

	db = open_db("store.db", 1);
	test_secret(db);
	test_patients(db, a, &pid, &rid);
	arena_reset(a);
	test_accounts(db, a, pid, rid);
	arena_reset(a);
	test_tokens(db, a, pid);
	arena_reset(a);
	test_throttle(db);
	test_outbox(db, a);
	arena_reset(a);
	test_sess(db);
	test_when(db, a, pid);
	arena_reset(a);
	test_unavailable(db);
	db_close(db);

	rm_tree(tmpdir);
	arena_free(a);
	return t_done("test_db");
}
