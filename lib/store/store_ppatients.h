/*
 * A provider's patients (issue 12: P-ACCESS 1-3, 5): the patient search
 * of the provider portal, the account holders a request for access goes
 * to, the requests providers made (access_requests) and the grants in
 * force to one directory entry. Nothing here decides who sees what: the
 * caller asks paccess for every patient it shows.
 */
#ifndef PORTAL_STORE_PPATIENTS_H
#define PORTAL_STORE_PPATIENTS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store_patients.h"

struct arena;
struct db;

/*
 * Patients born on dob (YYYY-MM-DD) whose family name starts with
 * family (already in ASCII lower case, nfamily characters) and, if given
 * is not NULL, whose given name starts with given (the same, ngiven
 * characters): at most limit, by name. The prefixes are compared as
 * text, never as patterns. 0 or -1.
 */
int	store_ppatients_by_name(struct db *, struct arena *, const char *family,
	    size_t nfamily, const char *given, size_t ngiven, const char *dob,
	    long limit, struct patient **out, size_t *n);

/* One family account holding a patient by an active link, with what the
 * access policy needs about the link (the patient's half is the
 * patient's row). */
struct pholder {
	int64_t		 account_id;
	const char	*email;
	const char	*role;		/* account_patients.role */
	int		 on_file;	/* the relation is still on file */
};

/* The active links of patient to accounts not disabled. 0 or -1. */
int	store_ppatients_holders(struct db *, struct arena *, int64_t patient,
	    struct pholder **out, size_t *n);

/* A provider's request for access (access_requests). */
struct preq {
	int64_t		 id;
	int64_t		 patient_id;
	const char	*kind;		/* pcp, share */
	const char	*status;	/* pending, approved, declined */
	int64_t		 created;
	int64_t		 decided;	/* 0 if not yet */
	/* The patient's, to pick them out on the page: */
	const char	*given;
	const char	*family;
	const char	*dob;
};

/* The pending request of kind for patient and directory entry provider:
 * its id, 0 if none, -1 on error. */
int64_t	store_preq_pending(struct db *, int64_t patient, int64_t provider,
	    const char *kind);
/* A new pending request of kind by provider-portal account account for
 * directory entry provider: its id; 0 if one is already pending; -1. */
int64_t	store_preq_create(struct db *, int64_t patient, int64_t account,
	    int64_t provider, const char *kind, time_t now);
/* The requests account made, newest first. 0 or -1. */
int	store_preq_mine(struct db *, struct arena *, int64_t account,
	    struct preq **out, size_t *n);

/* A grant in force to a directory entry, with its patient. */
struct pshared {
	int64_t		 patient_id;
	const char	*how;		/* share, token, request */
	int64_t		 created;
	const char	*given;
	const char	*family;
	const char	*dob;
};

/* The grants in force to directory entry provider, by patient name, one
 * row a patient (the oldest grant). 0 or -1. */
int	store_ppatients_shared(struct db *, struct arena *, int64_t provider,
	    struct pshared **out, size_t *n);

/* 1 if the audit log has a row of action by actor ("provider:12") on
 * patient since then, 0 if not, -1 on error. */
int	store_ppatients_seen(struct db *, int64_t patient, const char *actor,
	    const char *action, time_t since);

#endif
