/*
 * The database, behind an engine-neutral interface: no engine type shows
 * here, so a second engine (PostgreSQL) can stand behind the same calls.
 * Only lib/store/ files run statements; the rest of lib/ may open, close,
 * begin, commit and roll back.
 *
 * Every statement a store file runs stands in its statement table (a
 * struct db_sqltab, indexed by an enum in that file), and every table is
 * listed once in lib/store/store.c. db_open prepares them all, so a
 * statement that does not compile stops the process at start, naming it;
 * a request never compiles one. Statements are plain SQL that SQLite and
 * PostgreSQL both read: ? or ?N parameters (PostgreSQL's engine numbers
 * them $N), ON CONFLICT, RETURNING id; no engine functions (dates are
 * formatted in C, civil_when). Where the two cannot share a text, the
 * entry's pg member holds PostgreSQL's.
 */
#ifndef PORTAL_DB_H
#define PORTAL_DB_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct db_stmt;			/* a prepared statement (opaque) */

/* One statement: a name for messages ("accounts.by_email" is table name
 * and entry name) and its SQL text. */
struct db_sql {
	const char	*name;
	const char	*text;
	const char	*pg;	/* PostgreSQL's own text, if it differs */
};

/* A store file's statements: store_<file>_sql, listed in store.c. */
struct db_sqltab {
	const char		*name;
	const struct db_sql	*q;
	size_t			 n;
};

#define DB_SQLTAB(tabname, arr) \
	{ (tabname), (arr), sizeof(arr) / sizeof((arr)[0]) }

/* db_step's answers (and -1 for an error). */
#define DB_DONE		0
#define DB_ROW		1

/* db_open's flags. Without either, the schema must be current: every
 * statement of the registry is prepared, and one that does not compile
 * makes db_open fail, naming it (a worker, portalctl's commands).
 * DB_SCHEMA is for portalctl init/migrate and tests that build a scratch
 * database: the schema may be behind the code, so statements compile on
 * first use and one that does not fails its call (-1), never the process.
 * DB_CREATE makes the file (0640) and implies DB_SCHEMA.
 * DB_WORKER is a web worker's connection, sized to stay small (issue 9.6):
 * a program uses a few of the registry's statements, so they are all
 * compiled once at open (a schema behind the code fails there, as without
 * the flag) and then dropped, to compile again on first use (all ~200
 * kept cost every worker 0.7 MB); and the page cache is
 * bounded at DB_WORKER_CACHE_KB (the operating system caches the file). */
#define DB_CREATE	0x1
#define DB_SCHEMA	0x2
#define DB_WORKER	0x4
#define DB_WORKER_CACHE_KB	1024

/* Opens the database at path (WAL, foreign keys, synchronous=FULL, a busy
 * timeout) and, without DB_SCHEMA, prepares every statement. NULL on
 * error, with the reason in err (the statement's name if one does not
 * compile). */
struct db	*db_open(const char *path, int flags, char *err, size_t errsz);
void		 db_close(struct db *);
/* 1 if the database setting names a server (a PostgreSQL URI), 0 if an
 * SQLite file. */
int		 db_is_server(const char *database);
/* The engine's name: "sqlite" or "postgresql". */
const char	*db_engine(const struct db *);
/* How many statements db has run so far: a test counts a page's or an
 * operation's statements as the difference. */
int64_t		 db_runs(struct db *);
/* Takes group write and every right of others off the database file at
 * path and its -wal, -shm and -journal files (0640 at most: health data).
 * Returns how many files it changed, or -1 with the reason in err. */
int		 db_protect(const char *path, char *err, size_t errsz);

/* Prepares a program's own statement table beside the registry (the
 * bench's bulk load). 0, or -1 with the name of the statement that does
 * not compile in err. */
int		 db_prepare(struct db *, const struct db_sqltab *, char *err,
		    size_t errsz);

/*
 * The prepared statement q, reset and with bindings cleared; NULL (after
 * a message on stderr) if q is in no prepared table or, under DB_SCHEMA,
 * does not compile. Every function below takes a NULL statement as an
 * error.
 */
struct db_stmt	*db_stmt(struct db *, const struct db_sql *q);
/*
 * Binds args by fmt: 'i' int64_t, 't' const char * (NULL binds NULL),
 * 'b' const void *, size_t. Then steps: DB_ROW, DB_DONE or -1.
 */
int		 db_bindv(struct db_stmt *, const char *fmt, ...);
/* One value for db_bind_vals, whose count is known only at run time
 * (portalctl copy): type 'i' (i), 't' (t; NULL binds NULL) or 'b' (b,
 * len), as db_bindv's letters. */
struct db_val {
	char		 type;
	int64_t		 i;
	const char	*t;
	const void	*b;
	size_t		 len;
};
/* Binds v[0..n) as db_bindv binds its arguments, then steps: DB_ROW,
 * DB_DONE or -1. */
int		 db_bind_vals(struct db_stmt *, const struct db_val *v,
		    size_t n);
/* The next row: DB_ROW, DB_DONE or -1. */
int		 db_step(struct db_stmt *);
/* Ends a statement's run (its rows are gone; it stays prepared). */
void		 db_reset(struct db_stmt *);
/* Column i of the current row: an integer (0 for NULL), 1 if NULL, text
 * copied into the arena (NULL for NULL), bytes (valid until the next
 * step; *len their count). */
int64_t		 db_col_int(struct db_stmt *, int i);
int		 db_col_null(struct db_stmt *, int i);
char		*db_col_text(struct arena *, struct db_stmt *, int i);
/* Column i as text valid until the next step or reset (NULL for NULL). */
const char	*db_col_str(struct db_stmt *, int i);
const void	*db_col_blob(struct db_stmt *, int i, size_t *len);

/* Runs q, which returns no rows (or rows nobody reads); 0 or -1. */
int		 db_exec(struct db *, const struct db_sql *q, const char *fmt, ...);
/* Runs q (INSERT, UPDATE, DELETE); the number of rows it changed, or -1. */
long		 db_changes(struct db *, const struct db_sql *q, const char *fmt, ...);
/* Runs q, an INSERT ... RETURNING id; the new row's id, or -1. */
int64_t		 db_insert(struct db *, const struct db_sql *q, const char *fmt, ...);
/* Runs q; *out is the first column of its first row as an integer.
 * 1 if there was a row, 0 if none (*out 0), -1 on error. */
int		 db_int(struct db *, const struct db_sql *q, int64_t *out,
		    const char *fmt, ...);

/* Fills one struct (row) from the current row of st, texts in the arena. */
typedef void	 db_fill(struct db_stmt *st, struct arena *, void *row);
/* Runs q and fills *out from its first row. 1, 0 if no row, -1 on error. */
int		 db_row(struct db *, struct arena *, const struct db_sql *q,
		    db_fill *, void *out, const char *fmt, ...);
/*
 * Runs q and collects its rows: *outp (a T ** passed as void *) becomes
 * an arena array of *n structs of size bytes, each filled by fill.
 * 0, or -1 on error (*n then counts the rows read before it).
 */
int		 db_rows(struct db *, struct arena *, const struct db_sql *q,
		    db_fill *, size_t size, void *outp, size_t *n,
		    const char *fmt, ...);

/* Begins (a write transaction, taken at once) / commits / rolls back;
 * 0 or -1. A failed commit rolls back. */
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
/*
 * One consistent read for a request's several statements (and one lock
 * on the database's files, not one a statement): db_read begins a read
 * transaction and returns 1, or 0 if a transaction is already open (then
 * db_read_end leaves it to its owner), or -1. db_read_end(db, what
 * db_read returned) ends it. Nothing may be written between the two:
 * end the read before an audit row or any other write.
 */
int		 db_read(struct db *);
void		 db_read_end(struct db *, int began);
/*
 * The request's read (http_main, around a GET's session and handler):
 * on SQLite one read transaction for all of it, so a page takes the WAL's
 * read lock once and checks once whether the database changed, instead of
 * once a statement or db_read (a system call each on the lock file). It
 * gives way by itself: db_begin, or a statement that writes, ends it
 * first, and the rest of the request reads as before. On engines where a
 * transaction costs a round trip (PostgreSQL) it does nothing.
 */
void		 db_request_read(struct db *, int on);
/* 1 inside a transaction (db_begin's or db_read's), else 0. */
int		 db_in_transaction(struct db *);
/* 1 inside a transaction that writes (db_begin's), else 0: a row written
 * now commits with it. */
int		 db_in_write(struct db *);
/* Calls fn(arg, committed) once when the open transaction ends (commit:
 * 1; rollback or a failed commit: 0); one hook per connection, a second
 * call replaces it. For the audit's rows written inside a caller's
 * transaction: durable only if that transaction commits. */
void		 db_on_end(struct db *, void (*fn)(void *, int), void *arg);
/* The engine's message for the latest failed call (for a log line). */
const char	*db_errmsg(struct db *);
/*
 * Whether the latest failure since db_failure_clear says the database
 * cannot answer now (busy past the busy timeout, locked, disk full,
 * read-only, an I/O error, cannot open, out of memory): 1, and the page
 * is a 503 with Retry-After. 0 if there was none, or if it was a bug (a
 * constraint, a misuse, bad SQL): a 500. db_failure_clear forgets it;
 * lib/web/http.c calls it before each request, and once it has been
 * called, a connection that could not answer does not wait for a lock
 * again until the next call (the rest of that request fails at once).
 */
int		 db_unavailable(const struct db *);
void		 db_failure_clear(struct db *);
/* Gives back what large values left held: a web worker calls it once
 * idle (http.c idle_trim, issue 9.6). SQLite: the page cache's unused
 * pages. PostgreSQL: after a value of 256 kB or more, outside a
 * transaction, the connection (libpq's grown buffers), made again by
 * the next request's db_failure_clear. */
void		 db_release(struct db *);

/*
 * A bulk load (the bench's generator, tests/bench/store_bench.c): on,
 * the file is not crash-safe and foreign keys are not checked until it is
 * turned off, which restores what db_open set. Outside a transaction.
 * 0 or -1. Nothing that serves a page calls it.
 */
int		 db_bulk(struct db *, int on);

/* Applies every sql/NNN-*.sql whose NNN exceeds the schema version, in
 * order, each in its own transaction. 0, or -1 with the reason in err. */
int		 db_migrate(struct db *, const char *sqldir, char *err, size_t errsz);
/* The schema version (the number of the last migration applied). */
int		 db_version(struct db *);
/* The number of the newest migration in sqldir (its sql/NNN-*.sql), 0
 * if none, or -1 if the folder cannot be read. */
int		 db_migration_newest(const char *sqldir);
/*
 * The health check's question (GET /healthz): 1 if the database answers
 * now as a page needs it and its schema version is want; else 0. It takes
 * the writers' lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the advisory
 * lock) within the busy timeout, reads the version and rolls back:
 * nothing is written, and a database locked by another process is a 0
 * within the busy timeout (every page writes a session or an audit row,
 * so a node that cannot is not healthy). An SQLite file moved away,
 * replaced or no longer readable and writable at its path is a 0 too
 * (the open connection would still use the old file); nothing creates
 * one. On 0, *why (if why is not NULL) is a static sentence for the log:
 * no health information, no secret.
 */
int		 db_health(struct db *, int want, const char **why);
/* How this connection makes a commit durable, in words for the operator
 * (portalctl status, make bench): engine, journal, sync mode, and what
 * that means. 0, or -1. */
int		 db_durability(struct db *, char *out, size_t outsz);

#endif
