/*
 * The database connection: opened once per process (WAL, foreign keys,
 * synchronous=FULL, a busy timeout), a cache of prepared statements keyed
 * by their SQL text's address, transactions, and numbered migrations.
 * Only lib/store_* files call these.
 */
#ifndef PORTAL_DB_H
#define PORTAL_DB_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

struct db;

/* Opens (and creates, if create) the database at path. NULL on error,
 * with the reason in err. */
struct db	*db_open(const char *path, int create, char *err, size_t errsz);
void		 db_close(struct db *);
/* Takes group write and every right of others off the database file at
 * path and its -wal, -shm and -journal files (0640 at most: health data).
 * Returns how many files it changed, or -1 with the reason in err. */
int		 db_protect(const char *path, char *err, size_t errsz);
sqlite3		*db_handle(struct db *);

/*
 * The prepared statement for sql (a string literal: the cache is keyed by
 * its address), reset and with bindings cleared. Aborts on a prepare
 * error: a statement that does not compile is a bug, not a runtime case.
 */
sqlite3_stmt	*db_stmt(struct db *, const char *sql);

/*
 * Binds args by fmt: 'i' int64_t, 't' const char * (NULL binds NULL),
 * 'b' const void *, size_t. Then db_step. Returns the sqlite3_step code.
 */
int		 db_bindv(sqlite3_stmt *, const char *fmt, ...);
/* Runs a statement that returns no rows; 0 on SQLITE_DONE, else -1. */
int		 db_exec(struct db *, const char *sql, const char *fmt, ...);
/* Reads column i as text; the arena copy is NULL for SQL NULL. */
struct arena;
char		*db_text(struct arena *, sqlite3_stmt *, int i);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; 0 or -1. */
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);

/* Applies every sql/NNN-*.sql whose NNN exceeds PRAGMA user_version, in
 * order, each in its own transaction. 0, or -1 with the reason in err. */
int		 db_migrate(struct db *, const char *sqldir, char *err, size_t errsz);
/* The schema version (PRAGMA user_version). */
int		 db_version(struct db *);

#endif
