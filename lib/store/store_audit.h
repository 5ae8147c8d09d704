/* The audit table: append and read, never change. */
#ifndef PORTAL_STORE_AUDIT_H
#define PORTAL_STORE_AUDIT_H

#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct audit_row {
	int64_t		 id;
	int64_t		 at;
	const char	*actor;
	const char	*action;
	int64_t		 patient_id;	/* 0 if none */
	const char	*addr;
	const char	*detail;
	const char	*prev;
	const char	*hash;
};

/* The action of the row that starts the keyed chain (audit.h). */
#define STORE_AUDIT_MARKER	"audit.keyed"

/* The last row's hash into out (65 bytes), or the genesis value
 * (64 zeros) for an empty log. 0 or -1. */
int	store_audit_last(struct db *, char out[65]);
/* The number of rows and the last row's hash (genesis if none), read
 * together. 0 or -1. */
int	store_audit_head(struct db *, int64_t *count, char head[65]);
/* 1 if a row with the marker action exists, 0 if not, -1. */
int	store_audit_marked(struct db *);
int	store_audit_append(struct db *, const struct audit_row *);
/* Calls fn for each row in id order; stops early if fn returns nonzero
 * and returns that value; -1 on a database error. */
int	store_audit_each(struct db *, struct arena *,
	    int (*fn)(const struct audit_row *, void *), void *arg);

#endif
