/*
 * The audit log (S-1, S-6): every sign-in (successful or not), every
 * account or access change and every view of health information is one
 * row, chained to the row before by an HMAC-SHA-256 under a key derived
 * from the installation key, which is not in the database (issue 7.5).
 * Someone who can edit the database but not read the key file cannot
 * write a row that verifies; removing the newest rows is caught by the
 * signed checkpoints (count + head) kept outside the database
 * (lib/audit_checkpoint.c). Rows written before the chain was keyed
 * stay as they were (plain SHA-256): the first keyed row, the marker
 * "audit.keyed", links to their last hash and names their count, so
 * they cannot be changed afterwards either.
 */
#ifndef PORTAL_AUDIT_H
#define PORTAL_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct audit_row;
struct call;
struct db;

/* Derives the chain's and the checkpoints' keys from the installation
 * key (keyfile.h) for this process; audit_key_clear wipes them. Until
 * then audit_write refuses. */
void	audit_key_set(const unsigned char ikm[32]);
void	audit_key_clear(void);
/* The checkpoints' signing key, or NULL before audit_key_set (for
 * audit_checkpoint.c). */
const unsigned char *audit_checkpoint_key(void);

/*
 * Appends a row, durable when it returns 0 (issue 9.1). Inside the
 * caller's transaction if one is open (so the row commits with the change
 * it records). Else, in a process that PORTAL_AUDIT_SOCKET points at the
 * audit writer (a web worker under portal-serve), the writer appends it
 * with the rows of other workers in one commit and acknowledges it; if
 * the writer cannot be reached, or without that variable (portalctl,
 * tests), in a transaction of its own. 0, or -1 (also without a key, or
 * before audit_start made the keyed chain).
 */
int	audit_write(struct db *, time_t at, const char *actor, const char *action,
	    int64_t patient, const char *addr, const char *detail);
/* The same for an operation: the actor ("family:12", "staff:3",
 * "anonymous", "cli") and address from the call, its clock. The outcome
 * is counted in the call's audit record if it has one (call.h). */
int	audit_call(const struct call *, const char *action, int64_t patient,
	    const char *detail);

/*
 * The rows of one operation that shows several patients at once (the
 * account's list, the care team's inbox): written together, all or none,
 * acknowledged once. In the call's arena.
 */
struct audit_group;
struct audit_group *audit_group_new(const struct call *);
void	audit_group_add(struct audit_group *, const char *action,
	    int64_t patient, const char *detail);
/* audit_group_add, unless the group holds a row of that action for that
 * patient already: a list shows many rows of one patient, the audit
 * names the patient once. */
void	audit_group_once(struct audit_group *, const char *action,
	    int64_t patient, const char *detail);
/* Writes the group's rows as audit_call writes one; an empty group is 0. */
int	audit_group_write(struct audit_group *);

/* For the audit writer (audit_writer.h): appends rows[0..n) after the
 * chain's head, read once, inside the caller's transaction. 0 or -1. */
int	audit_append(struct db *, struct arena *, const struct audit_row *rows,
	    size_t n);

/* Starts the keyed chain if the log has none yet: checks the unkeyed rows
 * already there, then appends the marker row. 1 if it wrote the marker,
 * 0 if there was one, -1 with the reason in err (an unkeyed chain that
 * is already broken is not sealed over). */
int	audit_start(struct db *, time_t now, char *err, size_t errsz);
/* 1 if the log has its keyed chain (a marker row), 0 if not, -1. */
int	audit_started(struct db *);

/* What a checkpoint records. */
struct audit_checkpoint {
	int64_t		 count;		/* rows in the log */
	char		 head[65];	/* the newest row's hash; 64 zeros if none */
	int64_t		 at;		/* when it was taken (Unix seconds) */
};

enum audit_fault {
	AUDIT_INTACT,
	AUDIT_ROW,		/* row bad: changed, inserted, or one before it removed */
	AUDIT_UNKEYED,		/* no keyed chain: its marker (or everything) is gone */
	AUDIT_TRUNCATED,	/* fewer rows than checkpoint[cp] counted */
	AUDIT_DIVERGED,		/* row number checkpoint[cp].count has another hash */
};

struct audit_report {
	enum audit_fault fault;
	int64_t		 count;		/* rows checked and found good */
	int64_t		 legacy;	/* of them, unkeyed rows before the marker */
	int64_t		 bad;		/* AUDIT_ROW: the first bad row's id */
	size_t		 cp;		/* AUDIT_TRUNCATED, _DIVERGED: which */
	char		 head[65];	/* the last good row's hash */
};

/* Checks the whole chain, and that every checkpoint given (any order)
 * still matches it. 0 if intact, 1 if not (the report says why and
 * where), -1 on a database error or without a key. */
int	audit_verify(struct db *, const struct audit_checkpoint *cps, size_t ncps,
	    struct audit_report *out);

#endif
