/*
 * Billing's review of families' insurance changes (issue 14.2): the
 * pending changes with their patient and the account that sent them, a
 * card photo, the coverage a change replaces, and the decision that
 * applies an approved change (lib/app/insreview.c decides who may).
 */
#ifndef PORTAL_STORE_INSREVIEW_H
#define PORTAL_STORE_INSREVIEW_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

/* The fields of a coverage, as a change proposes them or as on file. */
struct ins_fields {
	const char	*payer;
	const char	*plan;		/* "" if none */
	const char	*member_id;
	const char	*group_no;	/* "" if none */
	const char	*subscriber;
	const char	*relationship;
	long		 rank;
};

struct ins_change {
	int64_t		 id;
	int64_t		 patient_id;
	int64_t		 account_id;
	int64_t		 coverage_id;	/* 0: a new coverage */
	int64_t		 visit_id;	/* 0 if none */
	struct ins_fields f;
	int		 has_front, has_back;
	const char	*front_mime, *back_mime;	/* "" if none */
	const char	*status;	/* pending, approved, rejected */
	const char	*reason;	/* "" if none */
	time_t		 created;
	time_t		 decided;
	const char	*pt_given, *pt_family, *mrn;
	const char	*asker_given, *asker_family, *asker_email;
};

struct ins_coverage {
	int64_t		 id;
	int64_t		 patient_id;
	struct ins_fields f;
	const char	*source;
	int		 active;
	time_t		 updated;
};

/* The pending changes, oldest first, at most limit; *total all pending.
 * 0 or -1. */
int	store_ins_pending(struct db *, struct arena *, long limit,
	    struct ins_change **out, size_t *n, int64_t *total);
/* 1 and *out, 0 if none, -1. */
int	store_ins_get(struct db *, struct arena *, int64_t id,
	    struct ins_change *out);
/* A card photo (back 0: the front, 1: the back): 1 with its bytes (the
 * arena's) and MIME type, 0 if none, -1. */
int	store_ins_photo(struct db *, struct arena *, int64_t id, int back,
	    const unsigned char **data, size_t *len, const char **mime);
/* The coverage with that id: 1, 0, -1. */
int	store_ins_coverage(struct db *, struct arena *, int64_t id,
	    struct ins_coverage *out);
/* Puts f on file for the patient, source 'family': over the coverage
 * (when coverage is not 0: 1, or 0 if it is not the patient's) or as a
 * new one (its id). -1 on error. */
int64_t	store_ins_apply(struct db *, int64_t patient, int64_t coverage,
	    const struct ins_fields *f, time_t now);
/* Decides a pending change: 1, 0 if decided already, -1. */
int	store_ins_decide(struct db *, int64_t id, const char *status,
	    const char *reason, int64_t staff, time_t now);

#endif
