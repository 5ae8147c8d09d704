/*
 * The PostgreSQL engine's translations, for their unit tests
 * (tests/unit/test_db_pg.c). Nothing in lib/, bin/ or cgi-bin/ includes
 * it: they speak db.h.
 */
#ifndef PORTAL_DB_PG_H
#define PORTAL_DB_PG_H

/* A statement's text with SQLite's ? and ?N parameters numbered $N;
 * *nparam their largest number. Malloc'd; NULL if out of memory or a
 * number is out of range (1..32). */
char	*db_pg_params(const char *sql, int *nparam);
/* A migration's text with SQLite's type words in PostgreSQL's
 * (INTEGER PRIMARY KEY, INTEGER, BLOB), quotes and comments as they are.
 * Malloc'd; NULL if out of memory. */
char	*db_pg_schema(const char *sql);

#endif
