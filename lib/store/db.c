/*
 * The SQLite engine behind db.h. The registry's statements (store.c) are
 * prepared when the database opens and kept for the life of the process,
 * found again by their struct db_sql's address; a request costs no
 * statement compile.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "arena.h"
#include "db.h"
#include "db_sqlite.h"
#include "store.h"

#define DB_SLOTS 512
#define DB_STR_(x) #x
#define DB_STR(x) DB_STR_(x)	/* power of two; well over the statements we have */

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

struct db_stmt {
	const struct db_sql	*q;	/* the key; NULL for a free slot */
	const char		*tab;	/* its table's name, for messages */
	sqlite3_stmt		*st;	/* NULL until compiled (DB_SCHEMA) */
	struct db		*db;
};

struct db {
	sqlite3		*sq;
	int		 failed;	/* latest failure's extended code, 0 if
					 * none since db_failure_clear */
	int		 requests;	/* db_failure_clear is called per
					 * request: fail fast within one */
	void		(*end_fn)(void *, int);	/* db_on_end */
	void		*end_arg;
	sqlite3_stmt	*rd_begin;	/* "BEGIN" (deferred): db_read */
	sqlite3_stmt	*rd_end;	/* "COMMIT": db_read_end */
	struct db_stmt	 slots[DB_SLOTS];
};

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
failed(struct db *db)
{
	db->failed = sqlite3_extended_errcode(db->sq);
	if (db->failed == SQLITE_OK)
		db->failed = SQLITE_ERROR;
	if (db->requests && db_sqlite_unavailable(db->failed))
		sqlite3_busy_timeout(db->sq, 0);
}

void
db_failure_clear(struct db *db)
{
	if (db->requests && db->failed != 0 &&
	    db_sqlite_unavailable(db->failed))
		sqlite3_busy_timeout(db->sq, DB_BUSY_MS);
	db->requests = 1;
	db->failed = 0;
}

int
db_unavailable(const struct db *db)
{
	return db->failed != 0 && db_sqlite_unavailable(db->failed);
}

static size_t
slot_hash(const struct db_sql *q)
{
	return ((uintptr_t)q / sizeof(*q)) & (DB_SLOTS - 1);
}

/* The slot of q, or the free one where it goes; NULL if the table is full
 * (or, with add 0, if q is not there). */
static struct db_stmt *
slot_find(struct db *db, const struct db_sql *q, int add)
{
	size_t	 h = slot_hash(q), i;

	for (i = 0; i < DB_SLOTS; i++, h = (h + 1) & (DB_SLOTS - 1)) {
		if (db->slots[h].q == q)
			return &db->slots[h];
		if (db->slots[h].q == NULL)
			return add ? &db->slots[h] : NULL;
	}
	return NULL;
}

/* Compiles the slot's statement; 0, or -1 with the reason in err. One
 * statement an entry: text after the first is refused, not ignored. */
static int
slot_compile(struct db_stmt *s, char *err, size_t errsz)
{
	const char	*tail = NULL;

	if (sqlite3_prepare_v3(s->db->sq, s->q->text, -1,
	    SQLITE_PREPARE_PERSISTENT, &s->st, &tail) != SQLITE_OK) {
		failed(s->db);
		snprintf(err, errsz, "statement %s.%s does not compile: %s",
		    s->tab, s->q->name, sqlite3_errmsg(s->db->sq));
		s->st = NULL;
		return -1;
	}
	if (s->st == NULL || (tail != NULL && tail[strspn(tail, " \t\r\n;")] != '\0')) {
		snprintf(err, errsz, "statement %s.%s: %s", s->tab, s->q->name,
		    s->st == NULL ? "no SQL" : "more than one statement");
		sqlite3_finalize(s->st);
		s->st = NULL;
		return -1;
	}
	return 0;
}

/* Enters the table's statements; compiles them if compile. 0 or -1. */
static int
tab_add(struct db *db, const struct db_sqltab *t, int compile, char *err,
    size_t errsz)
{
	struct db_stmt	*s;
	size_t		 i;

	for (i = 0; i < t->n; i++) {
		if ((s = slot_find(db, &t->q[i], 1)) == NULL) {
			snprintf(err, errsz, "statement %s.%s: more than %d "
			    "statements", t->name, t->q[i].name, DB_SLOTS);
			return -1;
		}
		if (s->q == NULL) {
			s->q = &t->q[i];
			s->tab = t->name;
			s->db = db;
		}
		if (compile && s->st == NULL && slot_compile(s, err, errsz) == -1)
			return -1;
	}
	return 0;
}

struct db *
db_open(const char *path, int flags, char *err, size_t errsz)
{
	struct db	*db;
	int		 oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, fd;
	int		 schema = (flags & (DB_CREATE | DB_SCHEMA)) != 0;
	char		*msg = NULL;
	size_t		 i;

	if ((db = calloc(1, sizeof(*db))) == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
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
	if (sqlite3_open_v2(path, &db->sq, oflags, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path,
		    db->sq ? sqlite3_errmsg(db->sq) : "cannot open");
		goto err;
	}
	sqlite3_busy_timeout(db->sq, DB_BUSY_MS);
	sqlite3_extended_result_codes(db->sq, 1);
	/* Health data: every commit reaches the disk before we answer. */
	if (sqlite3_exec(db->sq, DB_PRAGMAS, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, msg ? msg : "pragma failed");
		sqlite3_free(msg);
		goto err;
	}
	if ((flags & DB_WORKER) && sqlite3_exec(db->sq, "PRAGMA cache_size=-"
	    DB_STR(DB_WORKER_CACHE_KB) ";", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, sqlite3_errmsg(db->sq));
		goto err;
	}
	if (sqlite3_prepare_v3(db->sq, "BEGIN", -1, SQLITE_PREPARE_PERSISTENT,
	    &db->rd_begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(db->sq, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT,
	    &db->rd_end, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, sqlite3_errmsg(db->sq));
		goto err;
	}
	/* Under DB_SCHEMA the tables are entered, to be compiled on use. */
	for (i = 0; i < store_ntables; i++)
		if (tab_add(db, store_tables[i], !schema, err, errsz) == -1)
			goto err;
	/* A worker checked them all, and keeps none compiled until used. */
	if (flags & DB_WORKER) {
		for (i = 0; i < DB_SLOTS; i++) {
			sqlite3_finalize(db->slots[i].st);
			db->slots[i].st = NULL;
		}
		sqlite3_db_release_memory(db->sq);
		malloc_trim(0);
	}
	return db;
err:
	db_close(db);
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

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	for (i = 0; i < DB_SLOTS; i++)
		sqlite3_finalize(db->slots[i].st);
	sqlite3_finalize(db->rd_begin);
	sqlite3_finalize(db->rd_end);
	sqlite3_close(db->sq);
	free(db);
}

sqlite3 *
db_handle(struct db *db)
{
	return db->sq;
}

/* One of SQLite's statement counters, summed over the compiled ones. */
static int64_t
stmt_sum(struct db *db, int op)
{
	int64_t	 n = 0;
	size_t	 i;

	for (i = 0; i < DB_SLOTS; i++)
		if (db->slots[i].st != NULL)
			n += sqlite3_stmt_status(db->slots[i].st, op, 0);
	return n;
}

int64_t
db_runs(struct db *db)
{
	return stmt_sum(db, SQLITE_STMTSTATUS_RUN);
}

int64_t
db_steps(struct db *db)
{
	return stmt_sum(db, SQLITE_STMTSTATUS_VM_STEP);
}

int
db_prepare(struct db *db, const struct db_sqltab *t, char *err, size_t errsz)
{
	return tab_add(db, t, 1, err, errsz);
}

struct db_stmt *
db_stmt(struct db *db, const struct db_sql *q)
{
	struct db_stmt	*s;
	char		 err[512];

	if ((s = slot_find(db, q, 0)) == NULL) {
		fprintf(stderr, "db: statement %s is in no prepared table "
		    "(lib/store/store.c lists them)\n", q->name);
		return NULL;
	}
	if (s->st == NULL && slot_compile(s, err, sizeof(err)) == -1) {
		fprintf(stderr, "db: %s\n", err);
		return NULL;
	}
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	return s;
}

static int
db_vbind(struct db_stmt *s, const char *fmt, va_list ap)
{
	int		 i, rc = SQLITE_OK;
	const char	*t;
	const void	*p;
	size_t		 n;

	for (i = 1; *fmt != '\0' && rc == SQLITE_OK; fmt++, i++) {
		switch (*fmt) {
		case 'i':
			rc = sqlite3_bind_int64(s->st, i, va_arg(ap, int64_t));
			break;
		case 't':
			t = va_arg(ap, const char *);
			rc = t == NULL ? sqlite3_bind_null(s->st, i) :
			    sqlite3_bind_text(s->st, i, t, -1, SQLITE_STATIC);
			break;
		case 'b':
			p = va_arg(ap, const void *);
			n = va_arg(ap, size_t);
			rc = sqlite3_bind_blob64(s->st, i, p, n, SQLITE_STATIC);
			break;
		default:
			abort();	/* a format letter we lack: a bug */
		}
	}
	if (rc != SQLITE_OK) {
		failed(s->db);
		fprintf(stderr, "db: %s.%s: bind: %s\n", s->tab, s->q->name,
		    sqlite3_errmsg(s->db->sq));
		return -1;
	}
	return 0;
}

int
db_step(struct db_stmt *s)
{
	int	 rc;

	if (s == NULL)
		return -1;
	if ((rc = sqlite3_step(s->st)) == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	failed(s->db);
	fprintf(stderr, "db: %s.%s: %s\n", s->tab, s->q->name,
	    sqlite3_errmsg(s->db->sq));
	return -1;
}

/* Binds and takes the first step. */
static int
run(struct db_stmt *s, const char *fmt, va_list ap)
{
	if (s == NULL || db_vbind(s, fmt, ap) == -1)
		return -1;
	return db_step(s);
}

int
db_bindv(struct db_stmt *s, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = run(s, fmt, ap);
	va_end(ap);
	return rc;
}

void
db_reset(struct db_stmt *s)
{
	if (s != NULL)
		sqlite3_reset(s->st);
}

int64_t
db_col_int(struct db_stmt *s, int i)
{
	return sqlite3_column_int64(s->st, i);
}

int
db_col_null(struct db_stmt *s, int i)
{
	return sqlite3_column_type(s->st, i) == SQLITE_NULL;
}

char *
db_col_text(struct arena *a, struct db_stmt *s, int i)
{
	const unsigned char	*p = sqlite3_column_text(s->st, i);

	if (p == NULL)
		return NULL;
	return arena_strndup(a, (const char *)p,
	    (size_t)sqlite3_column_bytes(s->st, i));
}

const char *
db_col_str(struct db_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s->st, i);
}

const void *
db_col_blob(struct db_stmt *s, int i, size_t *len)
{
	const void	*p = sqlite3_column_blob(s->st, i);

	*len = (size_t)sqlite3_column_bytes(s->st, i);
	return p;
}

/* Runs q to its end; DB_DONE (or DB_ROW for a statement with rows) or -1. */
static int
run_all(struct db *db, const struct db_sql *q, const char *fmt, va_list ap)
{
	struct db_stmt	*s = db_stmt(db, q);
	int		 rc = run(s, fmt, ap);

	db_reset(s);
	return rc;
}

int
db_exec(struct db *db, const struct db_sql *q, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = run_all(db, q, fmt, ap);
	va_end(ap);
	return rc == -1 ? -1 : 0;
}

long
db_changes(struct db *db, const struct db_sql *q, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = run_all(db, q, fmt, ap);
	va_end(ap);
	return rc == -1 ? -1 : (long)sqlite3_changes(db->sq);
}

/* After the first row: one more step, so a statement with RETURNING
 * finishes its change and reports an error at its end. 0 or -1. */
static int
finish(struct db_stmt *s)
{
	int	 rc = db_step(s);

	db_reset(s);
	return rc == -1 ? -1 : 0;
}

int64_t
db_insert(struct db *db, const struct db_sql *q, const char *fmt, ...)
{
	struct db_stmt	*s = db_stmt(db, q);
	va_list		 ap;
	int64_t		 id = 0;
	int		 rc;

	va_start(ap, fmt);
	rc = run(s, fmt, ap);
	va_end(ap);
	if (rc == DB_ROW) {
		id = db_col_int(s, 0);
		return finish(s) == -1 ? -1 : id;
	}
	db_reset(s);
	return rc == -1 ? -1 : 0;
}

int
db_int(struct db *db, const struct db_sql *q, int64_t *out, const char *fmt, ...)
{
	struct db_stmt	*s = db_stmt(db, q);
	va_list		 ap;
	int		 rc;

	*out = 0;
	va_start(ap, fmt);
	rc = run(s, fmt, ap);
	va_end(ap);
	if (rc == DB_ROW) {
		*out = db_col_int(s, 0);
		return finish(s) == -1 ? -1 : 1;
	}
	db_reset(s);
	return rc == -1 ? -1 : 0;
}

int
db_row(struct db *db, struct arena *a, const struct db_sql *q, db_fill *fill,
    void *out, const char *fmt, ...)
{
	struct db_stmt	*s = db_stmt(db, q);
	va_list		 ap;
	int		 rc;

	va_start(ap, fmt);
	rc = run(s, fmt, ap);
	va_end(ap);
	if (rc == DB_ROW) {
		fill(s, a, out);
		return finish(s) == -1 ? -1 : 1;
	}
	db_reset(s);
	return rc == -1 ? -1 : 0;
}

int
db_rows(struct db *db, struct arena *a, const struct db_sql *q, db_fill *fill,
    size_t size, void *outp, size_t *n, const char *fmt, ...)
{
	struct db_stmt	*s = db_stmt(db, q);
	void		**out = outp;
	size_t		  cap = 0;
	va_list		  ap;
	int		  rc;

	*out = NULL;
	*n = 0;
	va_start(ap, fmt);
	rc = run(s, fmt, ap);
	va_end(ap);
	for (; rc == DB_ROW; rc = db_step(s))
		fill(s, a, arena_push(a, out, n, &cap, size));
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int
db_begin(struct db *db)
{
	db->end_fn = NULL;
	if (sqlite3_exec(db->sq, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	    SQLITE_OK)
		return 0;
	failed(db);
	return -1;
}

/* The transaction ended: tells the db_on_end hook, once. */
static void
ended(struct db *db, int committed)
{
	void	(*fn)(void *, int) = db->end_fn;

	db->end_fn = NULL;
	if (fn != NULL)
		fn(db->end_arg, committed);
}

int
db_commit(struct db *db)
{
	if (sqlite3_exec(db->sq, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
		ended(db, 1);
		return 0;
	}
	failed(db);
	db_rollback(db);
	ended(db, 0);
	return -1;
}

/* Both statements are prepared once (db_open): a request's read costs no
 * compile. BEGIN is deferred: the snapshot is taken by the first read. */
int
db_read(struct db *db)
{
	int	 rc;

	if (db_in_transaction(db))
		return 0;
	rc = sqlite3_step(db->rd_begin);
	sqlite3_reset(db->rd_begin);
	return rc == SQLITE_DONE ? 1 : -1;
}

void
db_read_end(struct db *db, int began)
{
	int	 rc;

	if (began != 1 || !db_in_transaction(db))
		return;
	rc = sqlite3_step(db->rd_end);
	sqlite3_reset(db->rd_end);
	if (rc != SQLITE_DONE)
		db_rollback(db);
	else
		ended(db, 1);
}

void
db_rollback(struct db *db)
{
	if (db_in_transaction(db))
		sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
	ended(db, 0);
}

void
db_on_end(struct db *db, void (*fn)(void *, int), void *arg)
{
	db->end_fn = fn;
	db->end_arg = arg;
}

int
db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->sq);
}

int
db_in_write(struct db *db)
{
	return sqlite3_txn_state(db->sq, NULL) == SQLITE_TXN_WRITE;
}

const char *
db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->sq);
}

int
db_bulk(struct db *db, int on)
{
	char	*msg = NULL;

	if (sqlite3_exec(db->sq, on ? DB_PRAGMAS_BULK : DB_PRAGMAS, NULL, NULL,
	    &msg) != SQLITE_OK) {
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

	if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (t = sqlite3_column_text(st, 0)) != NULL) {
		snprintf(out, outsz, "%s", (const char *)t);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

int
db_durability(struct db *db, char *out, size_t outsz)
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

int
db_version(struct db *db)
{
	sqlite3_stmt	*st;
	int		 v = -1;

	if (sqlite3_prepare_v2(db->sq, "PRAGMA user_version", -1, &st, NULL)
	    != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
migration_num(const char *name)
{
	int	 n = 0, i;

	for (i = 0; i < 3; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	if (name[3] != '-' || strlen(name) < 9 ||
	    strcmp(name + strlen(name) - 4, ".sql") != 0)
		return -1;
	return n;
}

static char *
slurp(const char *path)
{
	FILE	*f;
	long	 n;
	char	*p = NULL;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n + 1)) != NULL) {
		if (fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		} else
			p[n] = '\0';
	}
	fclose(f);
	return p;
}

static int
namecmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int
db_migrate(struct db *db, const char *sqldir, char *err, size_t errsz)
{
	struct dirent	**ents = NULL;
	int		  n, i, num, cur, rc = -1;
	char		  path[4096], pragma[64], *text, *msg = NULL;

	if ((cur = db_version(db)) < 0) {
		snprintf(err, errsz, "cannot read schema version");
		return -1;
	}
	if ((n = scandir(sqldir, &ents, NULL, namecmp)) < 0) {
		snprintf(err, errsz, "%s: %s", sqldir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((num = migration_num(ents[i]->d_name)) < 0)
			continue;
		/* Two files with one number: someone's migration would be
		 * skipped for good. */
		if (i + 1 < n && migration_num(ents[i + 1]->d_name) == num) {
			snprintf(err, errsz, "%s and %s share the number %03d",
			    ents[i]->d_name, ents[i + 1]->d_name, num);
			goto out;
		}
		if (num <= cur)
			continue;
		if (num != cur + 1) {
			snprintf(err, errsz, "%s: migration %03d missing",
			    ents[i]->d_name, cur + 1);
			goto out;
		}
		snprintf(path, sizeof(path), "%s/%s", sqldir, ents[i]->d_name);
		if ((text = slurp(path)) == NULL) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			goto out;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d;", num);
		if (db_begin(db) == -1 ||
		    sqlite3_exec(db->sq, text, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db->sq, pragma, NULL, NULL, &msg) != SQLITE_OK ||
		    db_commit(db) == -1) {
			snprintf(err, errsz, "%s: %s", path,
			    msg ? msg : sqlite3_errmsg(db->sq));
			sqlite3_free(msg);
			free(text);
			db_rollback(db);
			goto out;
		}
		free(text);
		cur = num;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return rc;
}
