/*
 * Pre-check-in's reads and writes (issue 13.7): the steps done, the
 * visit type's documents and their signatures, the copay's payment
 * state. Coverages and insurance changes: store_insurance.h.
 */
#ifndef PORTAL_STORE_CHECKIN_H
#define PORTAL_STORE_CHECKIN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store_insurance.h"

struct arena;
struct db;

/* Records step ("contact"...) done by account; a step done already
 * keeps its first row. 0 or -1. */
int	store_checkin_step(struct db *, int64_t visit, const char *step,
	    int64_t account, time_t now);

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
