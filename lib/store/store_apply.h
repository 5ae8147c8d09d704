/*
 * A clinician's application to the provider portal (issue 11.1-2): the
 * practices an applicant picks from or names, the application's
 * documents, the provisioning queue and its decision, and the directory
 * entry (providers) an approval finds or makes. The account itself is
 * store_provider's.
 */
#ifndef PORTAL_STORE_APPLY_H
#define PORTAL_STORE_APPLY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct practice {
	int64_t		 id;
	const char	*name;
	const char	*address;	/* NULL if none on file */
	const char	*phone;
	const char	*fax;
	int		 listed;	/* offered to applicants */
};

/* An application's document, without its bytes. */
struct apply_doc {
	int64_t		 id;
	int64_t		 account_id;
	const char	*kind;		/* agreement identity sponsorship */
	const char	*name;		/* a safe file name (uploaded), or NULL */
	const char	*mime;		/* the type its content showed, or NULL */
	int64_t		 size;		/* bytes held, 0 if none (to be faxed) */
	int64_t		 fax_received;	/* when staff marked it, 0 if not */
	int64_t		 fax_by;
	int64_t		 created;
};

/* The listed practices, by name: *out (arena) and *n. 0 or -1. */
int	store_practice_listed(struct db *, struct arena *, struct practice **out,
	    size_t *n);
/* 1 and *out, 0 if no such practice, -1 on error. */
int	store_practice_get(struct db *, struct arena *, int64_t id,
	    struct practice *out);
/* A practice named by an applicant, not listed until approval (address,
 * phone, fax may be NULL). Its id, or -1. */
int64_t	store_practice_create(struct db *, const char *name, const char *address,
	    const char *phone, const char *fax);
/* Offers the practice to applicants from now on. 0 or -1. */
int	store_practice_list(struct db *, int64_t id);

/* An uploaded document (data, len, with the type its content showed) or,
 * data NULL, one the applicant will fax. Its id, or -1. */
int64_t	store_apply_doc_add(struct db *, int64_t account, const char *kind,
	    const char *name, const char *mime, const void *data, size_t len,
	    time_t now);
/* The application's documents (no bytes), in kind order. 0 or -1. */
int	store_apply_docs(struct db *, struct arena *, int64_t account,
	    struct apply_doc **out, size_t *n);
/* One document and its bytes (*data in the arena, NULL if none).
 * 1, 0 if no such document, -1 on error. */
int	store_apply_doc_get(struct db *, struct arena *, int64_t id,
	    struct apply_doc *out, const unsigned char **data);
/* Marks a document to be faxed as received by staff member by. 1, 0 if
 * it was already marked or was uploaded, -1 on error. */
int	store_apply_doc_faxed(struct db *, int64_t id, int64_t by, time_t now);

/* The ids of the oldest pending applications (at most limit), oldest
 * first. 0 or -1. */
int	store_apply_pending(struct db *, struct arena *, long limit,
	    int64_t **ids, size_t *n);
/* The ids of approved clinicians who sign in by password and have not
 * chosen one yet (at most limit), oldest decision first. 0 or -1. */
int	store_apply_unset(struct db *, struct arena *, long limit,
	    int64_t **ids, size_t *n);
/* How many applications wait; -1 on error. */
long	store_apply_pending_total(struct db *);

struct apply_decision {
	int64_t		 account;
	const char	*status;	/* approved rejected */
	int64_t		 by;		/* the staff member */
	const char	*reason;	/* rejected: what the applicant is told */
	int		 sponsor_granted;
	const char	*sso_user;	/* Children's ID, or NULL */
	int64_t		 provider_id;	/* approved: the directory entry, else 0 */
};
/* Records the decision on a pending application. 1, 0 if it is not
 * pending (decided already), -1 on error (also: a Children's ID that is
 * another account's). */
int	store_apply_decide(struct db *, const struct apply_decision *d,
	    time_t now);

/* The directory entry with this NPI: 1 and *id, 0 if none, -1. */
int	store_directory_by_npi(struct db *, const char *npi, int64_t *id);
/* A new directory entry; its id, or -1. */
int64_t	store_directory_create(struct db *, const char *npi, const char *given,
	    const char *family, const char *credential, int64_t practice,
	    const char *email, const char *phone);
/* Fills what an existing entry lacks (practice, credential, e-mail,
 * phone); what the directory has stays. 0 or -1. */
int	store_directory_fill(struct db *, int64_t id, const char *credential,
	    int64_t practice, const char *email, const char *phone);

#endif
