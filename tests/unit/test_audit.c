/*
 * The keyed audit chain and its checkpoints (S-6, issue 7.5), on real
 * databases in a temporary folder: rows changed and rehashed without the
 * key, rows changed and rehashed with it after a checkpoint, the newest
 * rows removed, the marker removed, and an unkeyed chain from before the
 * key (sealed by the marker). The key file (issue 7.8): its format and
 * the modes it refuses; the database's file mode. Run from the project
 * root ("sql" is the real folder).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "arena.h"
#include "audit.h"
#include "audit_checkpoint.h"
#include "crypto.h"
#include "db.h"
#include "db_sqlite.h"
#include "keyfile.h"
#include "t.h"

#define T0		1700000000
#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static char	tmpdir[] = "/tmp/test_audit.XXXXXX";

static const unsigned char key1[32] = "0123456789abcdef0123456789abcde";
static const unsigned char key2[32] = "another key, not the portal's..";

static void
rm_tree(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		 p[1024];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static long long
q_int(sqlite3 *sq, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static struct db *
open_db(const char *name, char *path, size_t pathsz)
{
	struct db	*db;
	char		 err[512] = "";

	snprintf(path, pathsz, "%s/%s", tmpdir, name);
	if ((db = db_open(path, 1, err, sizeof(err))) == NULL ||
	    db_migrate(db, "sql", err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", path, err);
		exit(1);
	}
	return db;
}

/*
 * What someone with the database file but not the key file does: after
 * changing a row, recomputes the hashes of rows from..to, keyed with key (NULL:
 * plain SHA-256, the old unkeyed chain). The serialization is the one
 * audit.c documents; the key label is the chain's.
 */
static void
rechain(sqlite3 *sq, int64_t from, int64_t to, const unsigned char *key)
{
	sqlite3_stmt	*sel, *upd;
	unsigned char	 ck[32], h[32];
	char		 prev[65], hash[65], *m;
	const char	*s[4];
	int		 i;

	if (key != NULL)
		crypto_hkdf_expand(key, "portal audit chain v1", ck);
	sqlite3_exec(sq, "DROP TRIGGER IF EXISTS audit_no_update", NULL, NULL, NULL);
	sqlite3_prepare_v2(sq, "SELECT id, at, COALESCE(patient_id, 0), actor, "
	    "action, addr, detail, prev FROM audit WHERE id BETWEEN ? AND ? "
	    "ORDER BY id",
	    -1, &sel, NULL);
	sqlite3_prepare_v2(sq, "UPDATE audit SET prev = ?, hash = ? WHERE id = ?",
	    -1, &upd, NULL);
	sqlite3_bind_int64(sel, 1, from);
	sqlite3_bind_int64(sel, 2, to);
	prev[0] = '\0';
	while (sqlite3_step(sel) == SQLITE_ROW) {
		if (prev[0] == '\0')
			snprintf(prev, sizeof(prev), "%s", sqlite3_column_text(sel, 7));
		for (i = 0; i < 4; i++) {
			s[i] = (const char *)sqlite3_column_text(sel, 3 + i);
			if (s[i] == NULL)
				s[i] = "";
		}
		m = sqlite3_mprintf("%d:%s|%lld|%lld|%d:%s|%d:%s|%d:%s|%d:%s|",
		    (int)strlen(prev), prev,
		    (long long)sqlite3_column_int64(sel, 1),
		    (long long)sqlite3_column_int64(sel, 2),
		    (int)strlen(s[0]), s[0], (int)strlen(s[1]), s[1],
		    (int)strlen(s[2]), s[2], (int)strlen(s[3]), s[3]);
		if (key != NULL)
			crypto_hmac_sha256(ck, 32, m, strlen(m), h);
		else
			crypto_sha256(m, strlen(m), h);
		sqlite3_free(m);
		crypto_hex(h, 32, hash);
		sqlite3_bind_text(upd, 1, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(upd, 2, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(upd, 3, sqlite3_column_int64(sel, 0));
		sqlite3_step(upd);
		sqlite3_reset(upd);
		memcpy(prev, hash, sizeof(prev));
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
}

static void
sql(sqlite3 *sq, const char *text)
{
	char	*msg = NULL;

	T_OK(sqlite3_exec(sq, text, NULL, NULL, &msg) == SQLITE_OK, "%s: %s",
	    text, msg ? msg : "");
	sqlite3_free(msg);
}

static const struct {
	const char	*actor, *action;
	int64_t		 patient;
	const char	*addr, *detail;
} rows[] = {
	{ "anonymous", "login_failed", 0, "192.0.2.1", "family" },
	{ "family:1", "login", 0, "192.0.2.1", NULL },
	{ "family:1", "view_record", 7, "192.0.2.1", "summary" },
	{ "staff:3", "approve_request", 7, NULL, "request 12" },
	{ "family:1", "logout", 0, "2001:db8::1", "a|b:c\nd" },
};

static void
write_rows(struct db *db, time_t t)
{
	size_t	 i;

	for (i = 0; i < NELEM(rows); i++)
		T_INT(audit_write(db, t + (time_t)i, rows[i].actor, rows[i].action,
		    rows[i].patient, rows[i].addr, rows[i].detail), 0, "audit_write");
}

static int
verify(struct db *db, const struct audit_checkpoint *cps, size_t n,
    struct audit_report *r)
{
	return audit_verify(db, cps, n, r);
}

/* Start, write, verify; what the triggers refuse. */
static void
test_chain(void)
{
	struct audit_report	 r;
	struct db		*db;
	sqlite3			*sq;
	char			 path[1024], err[256];

	db = open_db("chain.db", path, sizeof(path));
	audit_key_clear();
	T_INT(audit_write(db, T0, "x", "y", 0, NULL, NULL), -1,
	    "audit_write without a key");
	T_INT(audit_verify(db, NULL, 0, &r), -1, "audit_verify without a key");
	audit_key_set(key1);
	T_INT(audit_write(db, T0, "x", "y", 0, NULL, NULL), -1,
	    "audit_write before the keyed chain is started");
	T_INT(audit_started(db), 0, "audit_started on a new log");
	T_INT(verify(db, NULL, 0, &r), 1, "an empty log");
	T_INT(r.fault, AUDIT_UNKEYED, "an empty log has no keyed chain");
	T_INT(audit_start(db, T0, err, sizeof(err)), 1, "audit_start");
	T_INT(audit_start(db, T0, err, sizeof(err)), 0, "audit_start again");
	T_INT(audit_started(db), 1, "audit_started");
	write_rows(db, T0);
	T_INT(verify(db, NULL, 0, &r), 0, "audit_verify");
	T_INT(r.count, 6, "rows (marker and five)");
	T_INT(r.legacy, 0, "no unkeyed rows");
	T_INT(r.fault, AUDIT_INTACT, "fault of an intact log");

	/* Inside the caller's transaction: rolled back with it. */
	T_INT(db_begin(db), 0, "db_begin");
	T_INT(audit_write(db, T0 + 9, "family:1", "x", 0, NULL, NULL), 0,
	    "audit_write in a transaction");
	db_rollback(db);
	sq = db_handle(db);
	T_INT(q_int(sq, "SELECT count(*) FROM audit"), 6,
	    "audit row outlived its rollback");
	T_INT(q_int(sq, "SELECT count(*) FROM audit WHERE patient_id IS NULL"), 4,
	    "patient 0 stored as NULL");
	T_OK(sqlite3_exec(sq, "UPDATE audit SET detail = 'x' WHERE id = 3",
	    NULL, NULL, NULL) != SQLITE_OK, "UPDATE of audit allowed");
	T_OK(sqlite3_exec(sq, "DELETE FROM audit WHERE id = 3",
	    NULL, NULL, NULL) != SQLITE_OK, "DELETE of audit allowed");

	/* The same rows under another key do not verify. */
	audit_key_set(key2);
	T_INT(verify(db, NULL, 0, &r), 1, "audit_verify under another key");
	T_INT(r.bad, 1, "the first keyed row fails under another key");
	audit_key_set(key1);
	db_close(db);
}

/* Someone with the database but not the key rewrites a row and every
 * later hash: with a wrong key, or the old unkeyed way. */
static void
test_rewrite(void)
{
	struct audit_report	 r;
	struct db		*db;
	sqlite3			*raw;
	char			 path[1024], err[256];

	db = open_db("rewrite.db", path, sizeof(path));
	audit_key_set(key1);
	T_INT(audit_start(db, T0, err, sizeof(err)), 1, "audit_start");
	write_rows(db, T0);
	if (sqlite3_open(path, &raw) != SQLITE_OK) {
		T_OK(0, "sqlite3_open %s", path);
		return;
	}
	sql(raw, "DROP TRIGGER IF EXISTS audit_no_update; "
	    "UPDATE audit SET detail = 'nothing to see' WHERE id = 4");
	T_INT(verify(db, NULL, 0, &r), 1, "a changed row");
	T_INT(r.fault, AUDIT_ROW, "a changed row: fault");
	T_INT(r.bad, 4, "a changed row: which");
	T_INT(r.count, 3, "rows before the changed one");

	rechain(raw, 4, INT64_MAX, key2);
	T_INT(verify(db, NULL, 0, &r), 1, "rehashed with a wrong key");
	T_INT(r.bad, 4, "rehashed with a wrong key: which");
	rechain(raw, 4, INT64_MAX, NULL);
	T_INT(verify(db, NULL, 0, &r), 1, "rehashed unkeyed");
	T_INT(r.bad, 4, "rehashed unkeyed: which");
	rechain(raw, 1, INT64_MAX, NULL);
	T_INT(verify(db, NULL, 0, &r), 1, "the whole log rehashed unkeyed");
	T_INT(r.bad, 1, "the whole log rehashed unkeyed: the marker fails");

	/* Put back, and rehashed with the right key, it holds again. */
	sql(raw, "UPDATE audit SET detail = 'summary' WHERE id = 4");
	rechain(raw, 1, INT64_MAX, key1);
	T_INT(verify(db, NULL, 0, &r), 0, "restored");
	T_INT(r.count, 6, "restored: rows");

	/* A removed row breaks the link of the next. */
	sql(raw, "DROP TRIGGER IF EXISTS audit_no_delete; DELETE FROM audit WHERE id = 3");
	T_INT(verify(db, NULL, 0, &r), 1, "a removed row");
	T_INT(r.bad, 4, "the row after the removed one");
	/* Removing the marker and all after it leaves no keyed chain. */
	sql(raw, "DELETE FROM audit WHERE id >= 1");
	sql(raw, "INSERT INTO audit (at, actor, action, prev, hash) VALUES "
	    "(1, 'a', 'b', '0000000000000000000000000000000000000000000000000000000000000000', 'x')");
	rechain(raw, 1, INT64_MAX, NULL);
	T_INT(verify(db, NULL, 0, &r), 1, "an unkeyed log");
	T_INT(r.fault, AUDIT_UNKEYED, "an unkeyed log: fault");
	sqlite3_close(raw);
	db_close(db);
}

/* Checkpoints: lines, signatures, truncation, a rewrite with the key. */
static void
test_checkpoints(void)
{
	struct audit_checkpoint	 cp1, cp2, cps[2], got, *loaded;
	struct audit_report	 r;
	struct arena		*a = arena_new();
	struct db		*db;
	sqlite3			*raw;
	FILE			*f;
	char			 path[1024], cpfile[1024], err[256], *l1, *l2, *bad;
	size_t			 n, nbad, firstbad;

	db = open_db("cp.db", path, sizeof(path));
	audit_key_set(key1);
	T_INT(audit_start(db, T0, err, sizeof(err)), 1, "audit_start");
	write_rows(db, T0);
	T_OK((l1 = audit_checkpoint_take(db, a, T0 + 10, &cp1)) != NULL,
	    "audit_checkpoint_take");
	T_INT(cp1.count, 6, "checkpoint count");
	T_INT(cp1.at, T0 + 10, "checkpoint time");
	T_INT(audit_checkpoint_parse(l1, &got), AUDIT_CP_OK, "parse own line");
	T_INT(got.count, 6, "parsed count");
	T_STR(got.head, cp1.head, "parsed head");
	T_INT(audit_checkpoint_parse(arena_printf(a, "Nov 30 12:00:01 host "
	    "portal-audit[42]: %s\n", l1), &got), AUDIT_CP_OK,
	    "a line from syslog, with its prefix");
	T_INT(audit_checkpoint_parse("Nov 30 12:00:01 host sshd[1]: hello", &got),
	    AUDIT_CP_NONE, "not a checkpoint");
	bad = arena_strdup(a, l1);
	bad[strlen("checkpoint v1 count=")] = '7';	/* count=6 -> 7 */
	T_INT(audit_checkpoint_parse(bad, &got), AUDIT_CP_BAD, "a changed count");
	T_INT(audit_checkpoint_parse(arena_printf(a, "%s x", l1), &got),
	    AUDIT_CP_BAD, "trailing text");
	audit_key_set(key2);
	T_INT(audit_checkpoint_parse(l1, &got), AUDIT_CP_BAD, "another key's line");
	audit_key_set(key1);

	write_rows(db, T0 + 20);
	T_OK((l2 = audit_checkpoint_take(db, a, T0 + 30, &cp2)) != NULL,
	    "second checkpoint");
	T_INT(cp2.count, 11, "second checkpoint count");
	cps[0] = cp2;
	cps[1] = cp1;
	T_INT(verify(db, cps, 2, &r), 0, "intact log, both checkpoints");

	/* The file: recorded, read back, with noise and a forged line. */
	snprintf(cpfile, sizeof(cpfile), "%s/cp.checkpoints", tmpdir);
	T_INT(audit_checkpoint_record(l1, cpfile, err, sizeof(err)), 0,
	    "audit_checkpoint_record");
	T_INT(audit_checkpoint_record(l2, cpfile, err, sizeof(err)), 0,
	    "audit_checkpoint_record again");
	if ((f = fopen(cpfile, "r")) != NULL) {
		T_INT(audit_checkpoint_load(f, a, &loaded, &n, &nbad, &firstbad), 0,
		    "audit_checkpoint_load");
		fclose(f);
		T_INT(n, 2, "checkpoints loaded");
		T_INT(nbad, 0, "bad lines");
		T_INT(loaded[1].count, 11, "the second one");
	} else
		T_OK(0, "%s not written", cpfile);
	if ((f = fopen(cpfile, "a")) != NULL) {
		fprintf(f, "some other line\n%s\n", bad);
		fclose(f);
	}
	if ((f = fopen(cpfile, "r")) != NULL) {
		audit_checkpoint_load(f, a, &loaded, &n, &nbad, &firstbad);
		fclose(f);
		T_INT(n, 2, "checkpoints loaded with noise");
		T_INT(nbad, 1, "the forged line");
		T_INT(firstbad, 4, "the forged line's number");
	}

	if (sqlite3_open(path, &raw) != SQLITE_OK) {
		T_OK(0, "sqlite3_open %s", path);
		arena_free(a);
		return;
	}
	/* The newest 3 rows removed: only a checkpoint can tell. */
	sql(raw, "DROP TRIGGER IF EXISTS audit_no_delete; DELETE FROM audit WHERE id > 8");
	T_INT(verify(db, NULL, 0, &r), 0, "truncated log, no checkpoint");
	T_INT(verify(db, &cp1, 1, &r), 0, "truncated after the first checkpoint");
	T_INT(verify(db, cps, 2, &r), 1, "truncated log against its checkpoints");
	T_INT(r.fault, AUDIT_TRUNCATED, "truncated: fault");
	T_INT(r.cp, 0, "truncated: the checkpoint that counted more");
	T_INT(r.count, 8, "truncated: rows left");

	/* Everything after the marker removed. */
	sql(raw, "DELETE FROM audit WHERE id > 1");
	T_INT(verify(db, &cp1, 1, &r), 1, "all but the marker removed");
	T_INT(r.fault, AUDIT_TRUNCATED, "all but the marker removed: fault");

	/* Someone with the key rewrites rows 1-6 consistently: the
	 * checkpoint taken before still shows it. */
	sqlite3_close(raw);
	db_close(db);
	db = open_db("cp2.db", path, sizeof(path));
	T_INT(audit_start(db, T0, err, sizeof(err)), 1, "audit_start");
	write_rows(db, T0);
	T_OK(audit_checkpoint_take(db, a, T0 + 10, &cp1) != NULL, "checkpoint");
	if (sqlite3_open(path, &raw) != SQLITE_OK) {
		T_OK(0, "sqlite3_open %s", path);
		arena_free(a);
		return;
	}
	sql(raw, "DROP TRIGGER IF EXISTS audit_no_update; "
	    "UPDATE audit SET detail = 'nothing to see' WHERE id = 4");
	rechain(raw, 4, INT64_MAX, key1);
	T_INT(verify(db, NULL, 0, &r), 0, "rewritten with the key, no checkpoint");
	T_INT(verify(db, &cp1, 1, &r), 1, "rewritten with the key, checkpoint");
	T_INT(r.fault, AUDIT_DIVERGED, "rewritten with the key: fault");
	sqlite3_close(raw);
	db_close(db);
	arena_free(a);
}

/* A log from before the key: its unkeyed chain is checked, then sealed
 * by the marker; changing it afterwards (even rehashed) shows. */
static void
test_legacy(void)
{
	struct audit_report	 r;
	struct db		*db;
	sqlite3			*raw;
	char			 path[1024], err[256];

	db = open_db("legacy.db", path, sizeof(path));
	if (sqlite3_open(path, &raw) != SQLITE_OK) {
		T_OK(0, "sqlite3_open %s", path);
		return;
	}
	sql(raw, "INSERT INTO audit (at, actor, action, detail, prev, hash) VALUES "
	    "(1, 'family:1', 'login', NULL, '0000000000000000000000000000000000000000000000000000000000000000', ''),"
	    "(2, 'family:1', 'view_record', 'summary', '', ''),"
	    "(3, 'staff:2', 'approve', 'request 1', '', '')");
	rechain(raw, 1, INT64_MAX, NULL);
	audit_key_set(key1);
	/* A broken unkeyed chain is not sealed over. */
	sql(raw, "DROP TRIGGER IF EXISTS audit_no_update; "
	    "UPDATE audit SET detail = 'x' WHERE id = 2");
	T_INT(audit_start(db, T0, err, sizeof(err)), -1, "audit_start on a broken log");
	T_OK(strstr(err, "broken at row 2") != NULL, "audit_start says where: %s", err);
	T_INT(audit_started(db), 0, "no marker after the refusal");
	sql(raw, "UPDATE audit SET detail = 'summary' WHERE id = 2");

	T_INT(audit_start(db, T0, err, sizeof(err)), 1, "audit_start after unkeyed rows");
	T_INT(q_int(raw, "SELECT count(*) FROM audit WHERE action = 'audit.keyed' "
	    "AND detail = 'keyed chain starts after 3 unkeyed rows'"), 1,
	    "the marker names the unkeyed rows");
	write_rows(db, T0);
	T_INT(verify(db, NULL, 0, &r), 0, "unkeyed rows, then keyed");
	T_INT(r.count, 9, "rows");
	T_INT(r.legacy, 3, "unkeyed rows");

	/* Changing an old row and rehashing the unkeyed part breaks the
	 * marker's link; so does a changed count in the marker. */
	sql(raw, "UPDATE audit SET detail = 'x' WHERE id = 2");
	rechain(raw, 2, 3, NULL);
	T_INT(verify(db, NULL, 0, &r), 1, "an unkeyed row changed after sealing");
	T_INT(r.bad, 4, "the marker no longer links");
	sqlite3_close(raw);
	db_close(db);
}

/* The key file's format and modes; the database file's mode. */
static void
test_files(void)
{
	unsigned char	 k[KEYFILE_LEN], back[KEYFILE_LEN];
	struct stat	 st;
	struct db	*db;
	char		 path[1100], dbp[1024], err[256];
	mode_t		 old;
	int		 fd;

	snprintf(path, sizeof(path), "%s/portal.key", tmpdir);
	memcpy(k, key1, sizeof(k));
	T_INT(keyfile_exists(path, err, sizeof(err)), 0, "no key file yet");
	T_INT(keyfile_read(path, back, err, sizeof(err)), -1, "reading no file");
	old = umask(0);
	T_INT(keyfile_create(path, k, err, sizeof(err)), 0, "keyfile_create");
	umask(old);
	T_INT(keyfile_exists(path, err, sizeof(err)), 1, "key file made");
	T_INT(keyfile_create(path, k, err, sizeof(err)), -1, "never over a file");
	T_INT(stat(path, &st), 0, "stat key file");
	T_INT(st.st_mode & 07777, 0600, "key file mode");
	T_INT(st.st_size, 65, "key file size");
	T_INT(keyfile_read(path, back, err, sizeof(err)), 0, "keyfile_read");
	T_OK(memcmp(k, back, sizeof(k)) == 0, "key read back");
	chmod(path, 0640);
	T_INT(keyfile_read(path, back, err, sizeof(err)), 0, "0640 is accepted");
	chmod(path, 0644);
	T_INT(keyfile_read(path, back, err, sizeof(err)), -1, "0644 is refused");
	T_OK(strstr(err, "0644") != NULL, "the refusal names the mode: %s", err);
	chmod(path, 0660);
	T_INT(keyfile_read(path, back, err, sizeof(err)), -1, "0660 is refused");
	chmod(path, 0600);
	if ((fd = open(path, O_WRONLY | O_APPEND)) != -1) {
		(void)write(fd, "x", 1);
		close(fd);
	}
	T_INT(keyfile_read(path, back, err, sizeof(err)), -1, "a longer file");
	unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT, 0600)) != -1) {
		(void)write(fd, "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdeG\n", 65);
		close(fd);
	}
	T_INT(keyfile_read(path, back, err, sizeof(err)), -1, "not hex");

	/* A new database is 0640 whatever the umask allows. */
	old = umask(0);
	db = open_db("mode.db", dbp, sizeof(dbp));
	umask(old);
	T_INT(stat(dbp, &st), 0, "stat database");
	T_INT(st.st_mode & 07777, 0640, "database file mode");
	snprintf(path, sizeof(path), "%s-wal", dbp);
	T_INT(stat(path, &st), 0, "stat -wal");
	T_INT(st.st_mode & 07777, 0640, "-wal file mode");
	snprintf(path, sizeof(path), "%s-shm", dbp);
	if (stat(path, &st) == 0)
		T_INT(st.st_mode & 07777, 0640, "-shm file mode");
	/* An older database made 0644 is narrowed. */
	chmod(dbp, 0664);
	snprintf(path, sizeof(path), "%s-wal", dbp);
	chmod(path, 0644);
	T_INT(db_protect(dbp, err, sizeof(err)) >= 2, 1, "db_protect changed files");
	T_INT(stat(dbp, &st), 0, "stat database");
	T_INT(st.st_mode & 07777, 0640, "database narrowed");
	T_INT(stat(path, &st), 0, "stat -wal");
	T_INT(st.st_mode & 07777, 0640, "-wal narrowed");
	T_INT(db_protect(dbp, err, sizeof(err)), 0, "db_protect again");
	db_close(db);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_chain();
	test_rewrite();
	test_checkpoints();
	test_legacy();
	test_files();
	audit_key_clear();
	rm_tree(tmpdir);
	return t_done("test_audit");
}
