/*
 * Insurance on file and the changes families report (issue 14.2,
 * F-PROFILE 2): one set of reads and writes for pre-check-in and the
 * insurance summary (lib/app/insurance.c), and the billing system's
 * coverages loaded by `portalctl insurance import`.
 */
#ifndef PORTAL_STORE_INSURANCE_H
#define PORTAL_STORE_INSURANCE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct coverage {
	int64_t		 id;
	const char	*payer;
	const char	*plan;		/* "" when none, as the others */
	const char	*member_id;
	const char	*group_no;
	const char	*subscriber;
	const char	*relationship;
	long		 rank;
	const char	*source;	/* cda, billing, family */
	time_t		 updated;
};
/* The patient's active coverages, primary first: 0 or -1. */
int	store_coverages(struct db *, struct arena *, int64_t patient,
	    struct coverage **out, size_t *n);
/* 1 and its *rank if coverage id is the patient's and active, 0, -1. */
int	store_coverage_of(struct db *, int64_t patient, int64_t id,
	    long *rank);
/* The rank after the patient's active coverages (1 if none): 0, -1. */
int	store_coverage_next_rank(struct db *, int64_t patient, long *rank);

struct ins_change {
	int64_t		 id;
	int64_t		 patient;
	int64_t		 account;
	int64_t		 coverage;	/* 0: a new coverage */
	int64_t		 visit;		/* 0: not from a pre-check-in */
	const char	*payer;
	const char	*plan;
	const char	*member_id;
	const char	*group_no;
	const char	*subscriber;
	const char	*relationship;
	long		 rank;		/* the coverage's it changes, or the
					 * next one for a new coverage */
	const unsigned char *front;	/* NULL when none */
	size_t		 front_len;
	const char	*front_mime;
	const unsigned char *back;
	size_t		 back_len;
	const char	*back_mime;
	const char	*status;	/* pending, approved, rejected */
	const char	*reason;	/* "" when none */
	time_t		 created;
	time_t		 decided;
};
/* Stores a pending change: its id, or -1. */
int64_t	store_ins_change_new(struct db *, const struct ins_change *c, time_t now);
/* The changes submitted from this visit's pre-check-in, newest first
 * (no photos read): 0 or -1. */
int	store_ins_changes_of_visit(struct db *, struct arena *, int64_t visit,
	    struct ins_change **out, size_t *n);

/* The changes submitted for patient, from anywhere, newest first (no
 * photos read): 0 or -1. */
int	store_ins_changes_of_patient(struct db *, struct arena *,
	    int64_t patient, struct ins_change **out, size_t *n);

/* A coverage from the billing system (source 'billing'): the patient's
 * active coverage of that rank that billing keeps (from an earlier load,
 * or a family's change billing approved; the newest if several) is
 * replaced in place, else one is added. Coverages from C-CDA documents
 * are the C-CDA import's and stay as they are. 1 added, 0 updated (or
 * unchanged), -1. */
int	store_coverage_import(struct db *, const struct coverage *,
	    int64_t patient, time_t now);

#endif
