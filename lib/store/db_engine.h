/*
 * Between db.c (the engine-neutral half of db.h: the statement registry,
 * the run helpers, migrations' files, transactions' end hook) and the
 * engines behind it: db_sqlite.c and db_pg.c. Nothing outside lib/store/
 * includes it.
 *
 * An engine's connection is a struct whose first member is struct db,
 * and each statement slot keeps the engine's own handle in h. db_open
 * picks the engine by the database setting: a libpq URI
 * (postgresql://, postgres://) is PostgreSQL, anything else an SQLite
 * file.
 */
#ifndef PORTAL_DB_ENGINE_H
#define PORTAL_DB_ENGINE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define DB_SLOTS 1024		/* power of two; well over the statements we have
				 * (portalctl copy adds four a table) */

struct db_stmt {
	const struct db_sql	*q;	/* the key; NULL for a free slot */
	const char		*tab;	/* its table's name, for messages */
	struct db		*db;
	void			*h;	/* the engine's statement; NULL until
					 * compiled */
};

struct db_engine {
	const char	*name;		/* "sqlite", "postgresql": migrations'
					 * "-- engine:" blocks */
	struct db	*(*open)(const char *, int flags, char *, size_t);
	void		 (*close)(struct db *);
	/* Compiles s (s->h) or says why in err; drops it again. */
	int		 (*compile)(struct db_stmt *s, char *err, size_t);
	void		 (*drop)(struct db_stmt *s);
	int		 (*bind)(struct db_stmt *, const char *fmt, va_list);
	int		 (*bind_vals)(struct db_stmt *, const struct db_val *,
			    size_t);
	int		 (*step)(struct db_stmt *);
	void		 (*reset)(struct db_stmt *);
	int64_t		 (*col_int)(struct db_stmt *, int);
	int		 (*col_null)(struct db_stmt *, int);
	const char	*(*col_str)(struct db_stmt *, int, size_t *len);
	const void	*(*col_blob)(struct db_stmt *, int, size_t *len);
	long		 (*changes)(struct db *);
	/* write 1: a write transaction, taken at once; 0: a read (db_read). */
	int		 (*begin)(struct db *, int write);
	/* db_request_read; NULL: nothing to share. */
	void		 (*request_read)(struct db *, int on);
	int		 (*commit)(struct db *);
	void		 (*rollback)(struct db *);
	int		 (*in_transaction)(struct db *);
	int		 (*in_write)(struct db *);
	const char	*(*errmsg)(struct db *);
	int		 (*unavailable)(const struct db *);
	void		 (*failure_clear)(struct db *);
	void		 (*release)(struct db *);	/* NULL: nothing held */
	int		 (*bulk)(struct db *, int on);
	int		 (*durability)(struct db *, char *, size_t);
	int		 (*version)(struct db *);
	/* 1 if the database the connection uses is still the one its
	 * setting names (db_health); NULL: always (a server). */
	int		 (*here)(struct db *);
	/* Runs one migration's text (this engine's blocks only) and records
	 * version num, inside the transaction db_migrate opened. */
	int		 (*apply)(struct db *, const char *text, int num,
			    char *err, size_t);
};

struct db {
	const struct db_engine	*e;
	void			(*end_fn)(void *, int);	/* db_on_end */
	void			*end_arg;
	int64_t			 runs;	/* statements run (db_runs) */
	struct db_stmt		 slots[DB_SLOTS];
};

extern const struct db_engine	db_sqlite_engine;
extern const struct db_engine	db_pg_engine;

/* Enters the registry (store.c) into db's slots; compiles every statement
 * if compile. 0, or -1 with the reason in err. */
int	db_registry(struct db *, int compile, char *err, size_t errsz);
/* The next of db_bindv's arguments, of type letter type, into *v (a
 * letter we lack is a bug: abort). */
void	db_val_arg(struct db_val *v, int type, va_list *ap);
/* The transaction ended: tells the db_on_end hook, once. */
void	db_ended(struct db *, int committed);
/* Copies the parts of a migration's text meant for engine (its
 * "-- engine: NAME" blocks, and "-- engine: all") into a new string. */
char	*db_engine_text(const char *text, const char *engine);

#endif
