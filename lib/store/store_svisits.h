/*
 * The clinic staff's visit pages (issue 13.4, 13.6): the visit requests
 * of a staff member's clinics and their status, the clinics' visits in
 * a window of time with the patient, and the documents signed for a
 * visit. lib/app/svisits.c is the caller; it decides who may.
 */
#ifndef PORTAL_STORE_SVISITS_H
#define PORTAL_STORE_SVISITS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct vreq {
	int64_t		 id;
	int64_t		 patient_id;
	int64_t		 account_id;
	int64_t		 clinic_id;
	const char	*clinic;
	const char	*reason;
	const char	*preferred;
	const char	*phone;
	const char	*status;	/* new, contacted, scheduled, closed */
	time_t		 created;
	time_t		 updated;
	const char	*updated_by;	/* the staff member's name, "" */
	const char	*pt_given, *pt_family, *mrn;
	const char	*asker_given, *asker_family, *asker_email;
};

struct svisit {
	int64_t		 id;
	int64_t		 patient_id;
	int64_t		 clinic_id;
	const char	*clinic;
	const char	*type_name;
	const char	*provider;	/* "" if none */
	const char	*location;	/* "" if none */
	int		 video;
	time_t		 start;
	long		 minutes;
	const char	*status;
	int		 confidential;
	time_t		 confirmed;	/* 0 if not */
	const char	*confirmed_by;
	time_t		 cancelled;
	const char	*cancelled_by;
	const char	*cancel_reason;
	const char	*pt_given, *pt_family, *mrn;
};

struct vsig {
	int64_t		 id;
	int64_t		 visit_id;
	int64_t		 document_id;
	const char	*title;
	int64_t		 account_id;
	const char	*signer_name;
	const char	*body;		/* the exact text signed */
	const char	*sha256;
	time_t		 signed_at;
};

/* The open requests (new, then contacted; oldest first in each) of the
 * clinics the staff member belongs to, at most limit: 0 or -1. */
int	store_vreq_open(struct db *, struct arena *, int64_t staff, long limit,
	    struct vreq **out, size_t *n);
/* 1 and *out, 0 if none, -1. */
int	store_vreq_get(struct db *, struct arena *, int64_t id, struct vreq *out);
/* Moves a request from status was to status to: 1, 0 if it was not in
 * was any more, -1. */
int	store_vreq_status(struct db *, int64_t id, const char *was,
	    const char *to, int64_t staff, time_t now);

/* The visits of the staff member's clinics starting in [from, to), by
 * start, limit from offset: 0 or -1; *more 1 if more follow. */
int	store_svisits(struct db *, struct arena *, int64_t staff, time_t from,
	    time_t to, long offset, long limit, struct svisit **out, size_t *n,
	    int *more);
int	store_svisit_get(struct db *, struct arena *, int64_t id,
	    struct svisit *out);
/* A visit's signed documents, by time: 0 or -1. */
int	store_vsigs(struct db *, struct arena *, int64_t visit,
	    struct vsig **out, size_t *n);
int	store_vsig_get(struct db *, struct arena *, int64_t id,
	    struct vsig *out);

#endif
