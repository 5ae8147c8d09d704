/*
 * Pre-check-in's reads and writes (issue 13.7): the steps done, the
 * patient's coverages and the insurance changes the family submitted
 * (issue 14.2: reviewed by billing, never applied here), the visit
 * type's documents and their signatures, the copay's payment state.
 */
#ifndef PORTAL_STORE_CHECKIN_H
#define PORTAL_STORE_CHECKIN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

/* Records step ("contact"...) done by account; a step done already
 * keeps its first row. 0 or -1. */
int	store_checkin_step(struct db *, int64_t visit, const char *step,
	    int64_t account, time_t now);

struct coverage {
	int64_t		 id;
	const char	*payer;
	const char	*plan;		/* "" when none, as the others */
	const char	*member_id;
	const char	*group_no;
	const char	*subscriber;
	const char	*relationship;
	long		 rank;
	time_t		 updated;
};
/* The patient's active coverages, primary first: 0 or -1. */
int	store_coverages(struct db *, struct arena *, int64_t patient,
	    struct coverage **out, size_t *n);
/* 1 if coverage id is the patient's and active, 0, -1. */
int	store_coverage_of(struct db *, int64_t patient, int64_t id);

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

struct visit_doc {
	int64_t		 id;
	const char	*title;
	const char	*body;
};
/* The visit type's documents not retired, in the order added: 0 or -1. */
int	store_visit_docs(struct db *, struct arena *, int64_t type,
	    struct visit_doc **out, size_t *n);
/* Document id if it is type's and not retired: 1 and *out, 0, -1. */
int	store_visit_doc_get(struct db *, struct arena *, int64_t type,
	    int64_t id, struct visit_doc *out);

struct signature {
	int64_t		 document;
	int64_t		 account;
	const char	*signer;
	const char	*body;
	const char	*sha256;
	time_t		 signed_at;
	const char	*title;		/* the document's */
};
/* Stores a signature: 1 if stored, 0 if the document was signed for the
 * visit already (the first stands), -1. */
int	store_signature_add(struct db *, int64_t visit, int64_t document,
	    int64_t account, const char *signer, const char *body,
	    const char *sha256, time_t now);
/* The visit's signatures: 0 or -1. */
int	store_signatures(struct db *, struct arena *, int64_t visit,
	    struct signature **out, size_t *n);
/* One: 1 and *out, 0, -1. */
int	store_signature_get(struct db *, struct arena *, int64_t visit,
	    int64_t document, struct signature *out);

/* The status of the visit's latest copay payment ("started", "paid",
 * ...) into *status: 1, 0 if none, -1. */
int	store_copay_status(struct db *, struct arena *, int64_t visit,
	    const char **status);

#endif
