/*
 * The SQLite engine behind db.h (db_engine.h): one file, WAL, every
 * commit fsync'd. The registry's statements are compiled when the
 * database opens and kept for the life of the process (a worker checks
 * them all, then keeps only those it uses); a request costs no compile.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "db_engine.h"
#include "db_sqlite.h"

#define DB_STR_(x) #x
#define DB_STR(x) DB_STR_(x)

/*
 * How long a statement waits for another connection's write lock before
 * it fails (SQLITE_BUSY, and the page answers 503). A write here holds the
 * lock for a few milliseconds (one fsync'd commit); 32 workers queued
 * behind each other wait some 200 ms. Two seconds is ten times that, and
 * short enough that a person is told "try again" instead of watching a
 * page hang: the web servers' own limits (nginx fastcgi_read_timeout,
 * Apache's ProxyTimeout, both 60 s by default) are never reached, and a
 * worker held up by a lock is free again soon for the next request.
 */
#define DB_BUSY_MS	2000
/*
 * How often a waiter tries the lock again. SQLite's own busy_timeout backs
 * off to 100 ms between tries, so a waiter that came first sleeps through
 * the releases that later waiters (still trying every few ms) take: under
 * a queue of 1 MB sends, one in a hundred waited past the two seconds and
 * got a 503 while others got through in 20 ms. Every waiter trying at the
 * same short interval is served about in turn.
 */
#define DB_RETRY_US	2000

/* How db_open leaves a connection; db_bulk(db, 0) comes back to it. */
#define DB_PRAGMAS \
	"PRAGMA journal_mode=WAL;" \
	"PRAGMA synchronous=FULL;" \
	"PRAGMA foreign_keys=ON;" \
	"PRAGMA trusted_schema=OFF;" \
	"PRAGMA cache_size=-2000;"	/* SQLite's default */
/* A bulk load: no journal, no sync, no foreign keys, 256 MB of cache. */
#define DB_PRAGMAS_BULK \
	"PRAGMA journal_mode=OFF;" \
	"PRAGMA synchronous=OFF;" \
	"PRAGMA foreign_keys=OFF;" \
	"PRAGMA cache_size=-262144;"

/* The engine's connection (db_engine.h: struct db first). */
struct sq {
	struct db	 db;
	sqlite3		*sq;
	int		 failed;	/* latest failure's extended code, 0 if
					 * none since db_failure_clear */
	int		 requests;	/* db_failure_clear is called per
					 * request: fail fast within one */
	sqlite3_stmt	*rd_begin;	/* "BEGIN" (deferred): db_read */
	sqlite3_stmt	*rd_end;	/* "COMMIT": db_read_end */
	int		 req_read;	/* the open transaction is the
					 * request's read (db_request_read) */
	struct timespec	 busy_since;	/* the current wait's start */
	int		 busy_ms;	/* its limit, 0: fail at once */
	char		*path;		/* the file's path, NULL in memory */
	dev_t		 dev;		/* and the file it was at open */
	ino_t		 ino;
};

#define SQ(d)	((struct sq *)(d))
#define ST(s)	((sqlite3_stmt *)(s)->h)

/* SQLite's busy handler: try again every DB_RETRY_US until busy_ms. */
static int
busy_retry(void *arg, int count)
{
	struct sq	*d = arg;
	struct timespec	 now;
	long		 ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		d->busy_since = now;
	ms = (now.tv_sec - d->busy_since.tv_sec) * 1000 +
	    (now.tv_nsec - d->busy_since.tv_nsec) / 1000000;
	if (ms >= d->busy_ms)
		return 0;
	usleep(DB_RETRY_US);
	return 1;
}

/* Wait up to ms for another connection's lock (0: not at all). */
static void
busy_wait(struct sq *d, int ms)
{
	d->busy_ms = ms;
	sqlite3_busy_handler(d->sq, ms > 0 ? busy_retry : NULL, d);
}

int
db_sqlite_unavailable(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:	/* past the busy timeout */
	case SQLITE_LOCKED:
	case SQLITE_FULL:
	case SQLITE_READONLY:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_NOMEM:
	case SQLITE_PROTOCOL:
		return 1;
	default:
		return 0;
	}
}

/* Remembers the connection's latest failure. Once the database cannot
 * answer, the rest of a web request fails at once instead of waiting out
 * the busy timeout again at each statement: its answer is a 503 anyway.
 * A process that never calls db_failure_clear (portalctl, a daemon)
 * keeps waiting for locks as before. */
static void
failed(struct sq *d)
{
	d->failed = sqlite3_extended_errcode(d->sq);
	if (d->failed == SQLITE_OK)
		d->failed = SQLITE_ERROR;
	if (d->requests && db_sqlite_unavailable(d->failed))
		busy_wait(d, 0);
}

static void
sq_failure_clear(struct db *db)
{
	struct sq	*d = SQ(db);

	if (d->requests && d->failed != 0 && db_sqlite_unavailable(d->failed))
		busy_wait(d, DB_BUSY_MS);
	d->requests = 1;
	d->failed = 0;
}

static int
sq_unavailable(const struct db *db)
{
	const struct sq	*d = (const struct sq *)db;

	return d->failed != 0 && db_sqlite_unavailable(d->failed);
}

/* Compiles the slot's statement; 0, or -1 with the reason in err. One
 * statement an entry: text after the first is refused, not ignored. */
static int
sq_compile(struct db_stmt *s, char *err, size_t errsz)
{
	struct sq	*d = SQ(s->db);
	sqlite3_stmt	*st = NULL;
	const char	*tail = NULL;

	if (sqlite3_prepare_v3(d->sq, s->q->text, -1,
	    SQLITE_PREPARE_PERSISTENT, &st, &tail) != SQLITE_OK) {
		failed(d);
		snprintf(err, errsz, "statement %s.%s does not compile: %s",
		    s->tab, s->q->name, sqlite3_errmsg(d->sq));
		return -1;
	}
	if (st == NULL || (tail != NULL && tail[strspn(tail, " \t\r\n;")] != '\0')) {
		snprintf(err, errsz, "statement %s.%s: %s", s->tab, s->q->name,
		    st == NULL ? "no SQL" : "more than one statement");
		sqlite3_finalize(st);
		return -1;
	}
	s->h = st;
	return 0;
}

static void
sq_drop(struct db_stmt *s)
{
	sqlite3_finalize(ST(s));
	s->h = NULL;
}

static void
sq_release(struct db *db)
{
	sqlite3_db_release_memory(SQ(db)->sq);
	db_sqlite_map_release(SQ(db)->sq);
}

/* A worker checked every statement at open and keeps none compiled until
 * it uses it (issue 9.6). */
static void
sq_trim(struct db *db)
{
	size_t	 i;

	for (i = 0; i < DB_SLOTS; i++)
		if (db->slots[i].h != NULL)
			sq_drop(&db->slots[i]);
	sq_release(db);
	malloc_trim(0);
}

static void
sq_close(struct db *db)
{
	struct sq	*d = SQ(db);

	sqlite3_finalize(d->rd_begin);
	sqlite3_finalize(d->rd_end);
	sqlite3_close(d->sq);
	free(d->path);
	free(d);
}

static struct db *
sq_open(const char *path, int flags, char *err, size_t errsz)
{
	struct sq	*d;
	int		 oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, fd;
	int		 schema = (flags & (DB_CREATE | DB_SCHEMA)) != 0;
	char		*msg = NULL;
	const char	*vfs;
	struct stat	 st;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	d->db.e = &db_sqlite_engine;
	/* Made here, 0640 (SQLite would make it 0644), before SQLite opens
	 * it: its -wal and -shm files take the database file's mode. An
	 * in-memory database (the fuzz harness) has no file. */
	if (flags & DB_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if ((flags & DB_CREATE) && strcmp(path, ":memory:") != 0) {
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) == -1) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			goto err;
		}
		close(fd);
	}
	/* A worker reads the file through a mapping: no system call a page
	 * (db_sqlite_map.c). */
	vfs = (flags & DB_WORKER) && db_sqlite_map_init() == 0 ?
	    DB_SQLITE_MAP_VFS : NULL;
	if (sqlite3_open_v2(path, &d->sq, oflags, vfs) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path,
		    d->sq ? sqlite3_errmsg(d->sq) : "cannot open");
		goto err;
	}
	busy_wait(d, DB_BUSY_MS);
	sqlite3_extended_result_codes(d->sq, 1);
	/* The file as opened, for sq_here. */
	if (strcmp(path, ":memory:") != 0) {
		if (stat(path, &st) == -1 || (d->path = strdup(path)) == NULL) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			goto err;
		}
		d->dev = st.st_dev;
		d->ino = st.st_ino;
	}
	/* Health data: every commit reaches the disk before we answer. */
	if (sqlite3_exec(d->sq, DB_PRAGMAS, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, msg ? msg : "pragma failed");
		sqlite3_free(msg);
		goto err;
	}
	if ((flags & DB_WORKER) && sqlite3_exec(d->sq, "PRAGMA cache_size=-"
	    DB_STR(DB_WORKER_CACHE_KB) ";", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, sqlite3_errmsg(d->sq));
		goto err;
	}
	if (sqlite3_prepare_v3(d->sq, "BEGIN", -1, SQLITE_PREPARE_PERSISTENT,
	    &d->rd_begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(d->sq, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT,
	    &d->rd_end, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, sqlite3_errmsg(d->sq));
		goto err;
	}
	/* Under DB_SCHEMA the tables are entered, to be compiled on use. */
	if (db_registry(&d->db, !schema, err, errsz) == -1)
		goto err;
	if (flags & DB_WORKER)
		sq_trim(&d->db);
	return &d->db;
err:
	db_close(&d->db);
	return NULL;
}

int
db_protect(const char *path, char *err, size_t errsz)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	struct stat	 st;
	char		 p[4096];
	size_t		 i;
	int		 changed = 0;

	if (db_is_server(path))
		return 0;	/* the server keeps its own files */
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, ext[i]);
		if (lstat(p, &st) == -1) {
			if (errno == ENOENT)
				continue;
			snprintf(err, errsz, "%s: %s", p, strerror(errno));
			return -1;
		}
		if (!S_ISREG(st.st_mode) || (st.st_mode & 0137) == 0)
			continue;
		if (chmod(p, st.st_mode & 0640) == -1) {
			snprintf(err, errsz, "chmod %s: %s", p, strerror(errno));
			return -1;
		}
		changed++;
	}
	return changed;
}

sqlite3 *
db_handle(struct db *db)
{
	return db->e == &db_sqlite_engine ? SQ(db)->sq : NULL;
}

int64_t
db_steps(struct db *db)
{
	int64_t	 n = 0;
	size_t	 i;

	if (db->e != &db_sqlite_engine)
		return -1;
	for (i = 0; i < DB_SLOTS; i++)
		if (db->slots[i].h != NULL)
			n += sqlite3_stmt_status(ST(&db->slots[i]),
			    SQLITE_STMTSTATUS_VM_STEP, 0);
	return n;
}

/* Binds v as parameter i (from 1); SQLite's result code. */
static int
sq_bind1(struct db_stmt *s, int i, const struct db_val *v)
{
	switch (v->type) {
	case 'i':
		return sqlite3_bind_int64(ST(s), i, v->i);
	case 't':
		return v->t == NULL ? sqlite3_bind_null(ST(s), i) :
		    sqlite3_bind_text(ST(s), i, v->t, -1, SQLITE_STATIC);
	case 'b':
		return sqlite3_bind_blob64(ST(s), i, v->b, v->len,
		    SQLITE_STATIC);
	default:
		abort();	/* a format letter we lack: a bug */
	}
}

static int
sq_bound(struct db_stmt *s, int rc)
{
	struct sq	*d = SQ(s->db);

	if (rc != SQLITE_OK) {
		failed(d);
		fprintf(stderr, "db: %s.%s: bind: %s\n", s->tab, s->q->name,
		    sqlite3_errmsg(d->sq));
		return -1;
	}
	return 0;
}

static int
sq_bind(struct db_stmt *s, const char *fmt, va_list ap)
{
	struct db_val	 v;
	va_list		 aq;
	int		 i, rc = SQLITE_OK;

	va_copy(aq, ap);
	for (i = 1; *fmt != '\0' && rc == SQLITE_OK; fmt++, i++) {
		db_val_arg(&v, *fmt, &aq);
		rc = sq_bind1(s, i, &v);
	}
	va_end(aq);
	return sq_bound(s, rc);
}

static int
sq_bind_vals(struct db_stmt *s, const struct db_val *v, size_t n)
{
	size_t	 i;
	int	 rc = SQLITE_OK;

	for (i = 0; i < n && rc == SQLITE_OK; i++)
		rc = sq_bind1(s, (int)i + 1, &v[i]);
	return sq_bound(s, rc);
}

/* Ends the request's read, if that is the transaction open: a write is
 * to come (a read transaction that then writes would fail, not wait, when
 * another connection committed since it began: SQLITE_BUSY_SNAPSHOT). */
static void
sq_read_yield(struct sq *d)
{
	if (!d->req_read)
		return;
	d->req_read = 0;
	if (sqlite3_txn_state(d->sq, NULL) != SQLITE_TXN_WRITE &&
	    !sqlite3_get_autocommit(d->sq)) {
		sqlite3_step(d->rd_end);
		sqlite3_reset(d->rd_end);
	}
}

static void
sq_request_read(struct db *db, int on)
{
	struct sq	*d = SQ(db);

	if (!on)
		sq_read_yield(d);
	else if (sqlite3_get_autocommit(d->sq)) {
		if (sqlite3_step(d->rd_begin) == SQLITE_DONE)
			d->req_read = 1;
		sqlite3_reset(d->rd_begin);
	}
}

static int
sq_step(struct db_stmt *s)
{
	struct sq	*d = SQ(s->db);
	int		 rc;

	if (d->req_read && !sqlite3_stmt_readonly(ST(s)))
		sq_read_yield(d);
	if ((rc = sqlite3_step(ST(s))) == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	failed(d);
	fprintf(stderr, "db: %s.%s: %s\n", s->tab, s->q->name,
	    sqlite3_errmsg(d->sq));
	return -1;
}

static void
sq_reset(struct db_stmt *s)
{
	sqlite3_reset(ST(s));
	sqlite3_clear_bindings(ST(s));
}

static int64_t
sq_col_int(struct db_stmt *s, int i)
{
	return sqlite3_column_int64(ST(s), i);
}

static int
sq_col_null(struct db_stmt *s, int i)
{
	return sqlite3_column_type(ST(s), i) == SQLITE_NULL;
}

static const char *
sq_col_str(struct db_stmt *s, int i, size_t *len)
{
	const char	*p = (const char *)sqlite3_column_text(ST(s), i);

	*len = (size_t)sqlite3_column_bytes(ST(s), i);
	return p;
}

static const void *
sq_col_blob(struct db_stmt *s, int i, size_t *len)
{
	const void	*p = sqlite3_column_blob(ST(s), i);

	*len = (size_t)sqlite3_column_bytes(ST(s), i);
	return p;
}

static long
sq_changes(struct db *db)
{
	return (long)sqlite3_changes(SQ(db)->sq);
}

/* A write takes the lock at once (IMMEDIATE); a read (db_read) is one
 * prepared, deferred BEGIN whose snapshot the first read takes. */
static int
sq_begin(struct db *db, int write)
{
	struct sq	*d = SQ(db);
	int		 rc;

	if (write) {
		sq_read_yield(d);
		if (sqlite3_exec(d->sq, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
		    SQLITE_OK)
			return 0;
		failed(d);
		return -1;
	}
	rc = sqlite3_step(d->rd_begin);
	sqlite3_reset(d->rd_begin);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
sq_commit(struct db *db)
{
	struct sq	*d = SQ(db);
	int		 rc;

	d->req_read = 0;
	if (sqlite3_txn_state(d->sq, NULL) != SQLITE_TXN_WRITE) {
		rc = sqlite3_step(d->rd_end);
		sqlite3_reset(d->rd_end);
		if (rc == SQLITE_DONE)
			return 0;
	} else if (sqlite3_exec(d->sq, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	failed(d);
	return -1;
}

static void
sq_rollback(struct db *db)
{
	SQ(db)->req_read = 0;
	sqlite3_exec(SQ(db)->sq, "ROLLBACK", NULL, NULL, NULL);
}

static int
sq_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(SQ(db)->sq);
}

static int
sq_in_write(struct db *db)
{
	return sqlite3_txn_state(SQ(db)->sq, NULL) == SQLITE_TXN_WRITE;
}

static const char *
sq_errmsg(struct db *db)
{
	return sqlite3_errmsg(SQ(db)->sq);
}

static int
sq_bulk(struct db *db, int on)
{
	char	*msg = NULL;

	if (sqlite3_exec(SQ(db)->sq, on ? DB_PRAGMAS_BULK : DB_PRAGMAS, NULL,
	    NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "db: bulk load: %s\n", msg ? msg : "pragma failed");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* One text value of a PRAGMA into out; 0 or -1. */
static int
pragma_text(struct db *db, const char *sql, char *out, size_t outsz)
{
	sqlite3_stmt	*st;
	const unsigned char *t;
	int		 rc = -1;

	if (sqlite3_prepare_v2(SQ(db)->sq, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (t = sqlite3_column_text(st, 0)) != NULL) {
		snprintf(out, outsz, "%s", (const char *)t);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

static int
sq_durability(struct db *db, char *out, size_t outsz)
{
	static const char *const sync[] = { "off", "normal", "full", "extra" };
	char		 journal[32], level[8], *end;
	long		 n;

	if (pragma_text(db, "PRAGMA journal_mode", journal, sizeof(journal)) == -1 ||
	    pragma_text(db, "PRAGMA synchronous", level, sizeof(level)) == -1)
		return -1;
	n = strtol(level, &end, 10);
	if (end == level || *end != '\0' || n < 0 || n > 3)
		return -1;
	/* In WAL mode "full" syncs the log at every commit; "normal" only
	 * at checkpoints, so a power cut may take the last commits. */
	snprintf(out, outsz, "SQLite %s, journal_mode=%s, synchronous=%s: %s",
	    sqlite3_libversion(), journal, sync[n], n >= 2 ?
	    "every commit is on disk (fsync) before it returns" :
	    "a power failure may lose the last commits");
	return 0;
}

static int
sq_version(struct db *db)
{
	char	 v[16], *end;
	long	 n;

	if (pragma_text(db, "PRAGMA user_version", v, sizeof(v)) == -1)
		return -1;
	n = strtol(v, &end, 10);
	return end == v || *end != '\0' || n < 0 || n > 999 ? -1 : (int)n;
}

/* The file at the path is the one the connection opened, and the
 * process may still read and write it: a file moved away or replaced
 * (a restore copied into place) leaves the connection on the old one,
 * where SQLite would go on answering as if nothing happened. */
static int
sq_here(struct db *db)
{
	struct sq	*d = SQ(db);
	struct stat	 st;

	if (d->path == NULL)
		return 1;
	return stat(d->path, &st) == 0 && st.st_dev == d->dev &&
	    st.st_ino == d->ino && access(d->path, R_OK | W_OK) == 0;
}

static int
sq_apply(struct db *db, const char *text, int num, char *err, size_t errsz)
{
	struct sq	*d = SQ(db);
	char		 pragma[64], *msg = NULL;

	snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d;", num);
	if (sqlite3_exec(d->sq, text, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(d->sq, pragma, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errsz, "%s", msg ? msg : sqlite3_errmsg(d->sq));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

const struct db_engine db_sqlite_engine = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.compile = sq_compile,
	.drop = sq_drop,
	.bind = sq_bind,
	.bind_vals = sq_bind_vals,
	.step = sq_step,
	.reset = sq_reset,
	.col_int = sq_col_int,
	.col_null = sq_col_null,
	.col_str = sq_col_str,
	.col_blob = sq_col_blob,
	.changes = sq_changes,
	.begin = sq_begin,
	.request_read = sq_request_read,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_transaction = sq_in_transaction,
	.in_write = sq_in_write,
	.errmsg = sq_errmsg,
	.unavailable = sq_unavailable,
	.failure_clear = sq_failure_clear,
	.release = sq_release,
	.bulk = sq_bulk,
	.durability = sq_durability,
	.version = sq_version,
	.here = sq_here,
	.apply = sq_apply,
};
