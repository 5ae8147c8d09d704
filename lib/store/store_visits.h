/*
 * One visit as every visit operation reads it (issue 13): the row with
 * its clinic's name and phone and its type's notice, copay and whether
 * it self-schedules; and how many pre-check-in steps are done. The
 * family pages, pre-check-in, payments and the clinic's pages share
 * these reads; each keeps its own writes in its own store file.
 */
#ifndef PORTAL_STORE_VISITS_H
#define PORTAL_STORE_VISITS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct visit {
	int64_t		 id;
	int64_t		 patient_id;
	int64_t		 clinic_id;
	int64_t		 type_id;	/* 0: a type the portal does not know */
	const char	*type_name;
	const char	*provider;	/* "" if none */
	const char	*location;	/* "" if none: the clinic's */
	int		 video;
	time_t		 start;
	long		 minutes;
	const char	*status;	/* booked, cancelled, noshow, completed */
	int		 confidential;
	const char	*source;	/* siu, portal */
	const char	*filler_id;	/* "" if none */
	int64_t		 slot_id;	/* 0 if none */
	const char	*room;		/* the video room's name */
	int64_t		 booked_by;	/* account, 0 if none */
	time_t		 confirmed;	/* 0 if not */
	const char	*confirmed_by;
	time_t		 cancelled;	/* 0 if not */
	const char	*cancelled_by;
	const char	*cancel_reason;
	time_t		 created;
	time_t		 updated;
	/* the clinic's */
	const char	*clinic;
	const char	*clinic_phone;	/* "" if none on file */
	const char	*clinic_location;
	/* the type's (0 when type_id is 0) */
	long		 notice_hours;	/* 24 when the type is unknown */
	long		 copay_cents;
	int		 self_schedule;
};

/* The visit with that id: 1 and *out, 0 if none, -1 on error. */
int	store_visit_get(struct db *, struct arena *, int64_t id, struct visit *out);
/* A patient's visits, latest start first, at most limit: 0 or -1. */
int	store_visits_of_patient(struct db *, struct arena *, int64_t patient,
	    long limit, struct visit **out, size_t *n);
/* The pre-check-in steps of the visit done so far, by name ("contact",
 * "insurance", "copay", "documents"), into *out: 0 or -1. */
int	store_visit_steps_done(struct db *, struct arena *, int64_t visit,
	    const char ***out, size_t *n);
/* How many documents (not retired) a visit type has families sign: 0 or
 * -1. */
int	store_visit_type_documents(struct db *, int64_t type, int64_t *n);

#endif
