/*
 * A whole portal database copied from one engine to the other (portalctl
 * copy, issue 10.4): SQLite to an empty PostgreSQL database when a
 * hospital outgrows one machine, and back. The tables, their columns and
 * their order (parents before children, so every foreign key holds at
 * each row) are one list here; a database whose tables or columns differ
 * from it is refused before any row moves, so a migration that adds a
 * table or a column without adding it here fails loudly, never copies
 * part of the data.
 */
#ifndef PORTAL_STORE_COPY_H
#define PORTAL_STORE_COPY_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* One table: its columns as the schema names them, a type letter a
 * column (i integer, t text, b blob: db_bindv's letters), and its primary
 * key, by which rows are read in order ("id" is read in pages). */
struct store_copy_table {
	const char	*name;
	const char	*cols;		/* "id, mrn, given" */
	const char	*types;		/* "itt" */
	const char	*key;		/* "id", "account_id, patient_id" */
};

/* Every table of the schema but portal_schema (the engine's bookkeeping:
 * the destination's own migrations set it), in the order they are
 * copied. */
extern const struct store_copy_table	 store_copy_tables[];
extern const size_t			 store_copy_ntables;

/* Prepares the catalog's questions only (store_copy_ntab,
 * store_copy_check), for a database that may not have the portal's
 * tables yet. 0, or -1 with the reason in err. */
int	store_copy_prepare_catalog(struct db *, char *err, size_t errsz);
/* Prepares the copy's statements on db (each table's read, insert, count,
 * and the catalog's questions). 0, or -1 with the reason in err. */
int	store_copy_prepare(struct db *, char *err, size_t errsz);
/* How many tables db holds, the portal's or any other (0: an empty
 * database). 0 or -1. */
int	store_copy_ntab(struct db *, int64_t *n);
/* Whether db's tables and columns are exactly the list's: 0 if so, 1
 * (the first difference in err) if not, -1 on a database error. */
int	store_copy_check(struct db *, char *err, size_t errsz);
/* Rows in each listed table: counts[store_copy_ntables]. 0 or -1. */
int	store_copy_counts(struct db *, int64_t *counts);

/* Told how far the copy is: a table's rows done of total (done 0 as it
 * starts, total when it ends, and every few thousand rows between). */
typedef void	store_copy_progress(void *arg, const char *table, int64_t done,
		    int64_t total);

/*
 * Copies every listed table's rows from from into to, in the list's
 * order, inside the caller's transactions (from: db_read, one snapshot;
 * to: db_begin, one transaction), then moves to's id generators past the
 * copied ids (PostgreSQL's identity sequences; SQLite needs nothing).
 * 0, or -1 with the table, the row and why in err (the caller rolls
 * back). progress may be NULL.
 */
int	store_copy_rows(struct db *from, struct db *to, store_copy_progress *,
	    void *arg, char *err, size_t errsz);

#endif
