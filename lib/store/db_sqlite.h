/*
 * The SQLite engine's own handle, for tests that read or damage the file
 * below the store (tests/unit, tests/fuzz). Nothing in lib/, bin/ or
 * cgi-bin/ includes it: they speak db.h.
 */
#ifndef PORTAL_DB_SQLITE_H
#define PORTAL_DB_SQLITE_H

#include <stdint.h>

#include <sqlite3.h>

struct db;

/* The connection under db (owned by db: do not close it). */
sqlite3	*db_handle(struct db *);
/* 1 if SQLite's result code rc (primary or extended) means the database
 * cannot answer now (db_unavailable's class), 0 if it is a bug. */
int	 db_sqlite_unavailable(int rc);
/* The virtual-machine steps the prepared statements have taken so far
 * (SQLITE_STMTSTATUS_VM_STEP, summed): the work they did, rows visited
 * included, whatever the data's size. A test compares a page's steps over
 * a small and a large database. -1 on another engine. */
int64_t	 db_steps(struct db *);

/* A web worker's connection reads the database file through a mapping
 * (db_sqlite_map.c): the VFS of that name, registered once (0 or -1), and
 * the mapping given back (db_release). */
#define DB_SQLITE_MAP_VFS	"portal-map"
int	 db_sqlite_map_init(void);
void	 db_sqlite_map_release(sqlite3 *);

#endif
