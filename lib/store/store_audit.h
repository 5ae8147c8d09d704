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

/*
 * The privacy office's search (issue 16.1). Each member narrows the
 * rows; 0 or "" leaves it open. A kind is a prefix of the actor
 * ("family:"), a family a prefix of the action ("record.").
 */
struct store_audit_filter {
	int64_t		 patient;
	const char	*actor;		/* "family:12", "cli" */
	const char	*actor_kind;	/* "family:" */
	const char	*action;	/* "record.view.labs" */
	const char	*action_family;	/* "record." */
	int64_t		 since;		/* at >= since */
	int64_t		 until;		/* at < until */
};

/* A row found, with its patient's MRN and name (NULL if none). */
struct audit_found {
	struct audit_row	 r;
	const char		*mrn;
	const char		*given;
	const char		*family;
};

/* The rows of f, newest first: at most limit from offset into *out
 * (arena), their number in *n. 0 or -1. */
int	store_audit_search(struct db *, struct arena *,
	    const struct store_audit_filter *f, int64_t offset, size_t limit,
	    struct audit_found **out, size_t *n);
/* Calls fn for each row of f, oldest first, one at a time (nothing kept:
 * each row's text is in the arena a until fn returns, which may reset
 * a scratch arena of its own); stops early as store_audit_each. */
int	store_audit_walk(struct db *, struct arena *,
	    const struct store_audit_filter *f,
	    int (*fn)(const struct audit_found *, void *), void *arg);
/* The rows of one patient that are disclosures (the rule is
 * store_audit.c's Q_DISCLOSURES, explained there), oldest first. */
int	store_audit_disclosures(struct db *, struct arena *, int64_t patient,
	    int (*fn)(const struct audit_found *, void *), void *arg);
/* Who an actor of kind ("family", "staff", "provider", "sponsored") and
 * id is, in words ("Ana Ruiz <ana@example.org>", "Sam Lee (slee)"):
 * 1 and *out (arena), 0 if none, -1. */
int	store_audit_actor_words(struct db *, struct arena *, const char *kind,
	    int64_t id, const char **out);

#endif
