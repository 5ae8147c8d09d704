/* The staff verification queue of MRN + visit-date requests. */
#ifndef PORTAL_STORE_SIGNUP_H
#define PORTAL_STORE_SIGNUP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct sreq {
	int64_t		 id;
	int64_t		 account_id;
	const char	*role;		/* self or guardian */
	const char	*mrn;		/* as the applicant typed it */
	const char	*visit_date;
	int64_t		 patient_id;	/* 0 if the MRN is not ours */
	const char	*status;
	int64_t		 created;
	/* The applicant. */
	const char	*email;
	const char	*given;
	const char	*family;
	int64_t		 verified;
	const char	*proof;		/* mrn, or self_token: a second own
					 * account proved by a self-access token */
};

int64_t	store_sreq_create(struct db *, int64_t account, const char *role,
	    const char *mrn, const char *visit_date, int64_t patient, time_t now);
/* Queues a second own account of patient (role self) proved by a
 * self-access token: the request's id, or -1. */
int64_t	store_sreq_self_token(struct db *, int64_t account, const char *mrn,
	    int64_t patient, time_t now);
/* The oldest limit pending requests, oldest first. 0 or -1. */
int	store_sreq_pending(struct db *, struct arena *, long limit,
	    struct sreq **out, size_t *n);
/* How many requests wait for staff in all; -1 on error. */
long	store_sreq_pending_total(struct db *);
/* The account's requests that are not approved, newest first. */
int	store_sreq_for_account(struct db *, struct arena *, int64_t account,
	    struct sreq **out, size_t *n);
/* How many of the account's requests wait for staff; -1 on error. */
long	store_sreq_pending_count(struct db *, int64_t account);
int	store_sreq_get(struct db *, struct arena *, int64_t id, struct sreq *out);
/* Records the decision; 1 if the request was pending, 0 if decided already. */
int	store_sreq_decide(struct db *, int64_t id, const char *status,
	    const char *reason, int64_t staff, time_t now);

#endif
