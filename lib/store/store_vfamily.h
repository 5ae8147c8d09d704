/*
 * The family's writes and reads of visits (issue 13.3-13.6, helper B):
 * confirm, cancel, book an open slot (the partial unique index
 * visits_slot decides a race), the self-schedulable types with whether
 * the patient was seen in their clinic, open slots, visit requests.
 * Nothing here decides who may: lib/policy/policy_visit does.
 */
#ifndef PORTAL_STORE_VFAMILY_H
#define PORTAL_STORE_VFAMILY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

/* Confirms a booked, unconfirmed visit: 1 if it changed, 0 if not, -1. */
int	store_vf_confirm(struct db *, int64_t visit, const char *by, time_t now);
/* Cancels a booked visit (its slot opens again: the index names booked
 * visits only): 1, 0 if not booked any more, -1. */
int	store_vf_cancel(struct db *, int64_t visit, const char *by,
	    const char *reason, time_t now);

/* A visit type the family may be offered, with its clinic. */
struct vf_type {
	int64_t		 id;
	int64_t		 clinic_id;
	const char	*clinic;
	const char	*name;
	long		 minutes;
	int		 video;
	int		 self_schedule;
	int		 seen_here;	/* the patient was seen in the clinic */
};
/* The active self-schedulable types of every clinic, by clinic and
 * name, with seen_here for patient (a past visit there neither
 * cancelled nor missed, or a C-CDA encounter whose department is the
 * clinic's name, case aside): 0 or -1. */
int	store_vf_types(struct db *, struct arena *, int64_t patient, time_t now,
	    int confidential, struct vf_type **out, size_t *n);
/* One type (active or not) with seen_here: 1, 0 if none, -1. */
int	store_vf_type(struct db *, struct arena *, int64_t type, int64_t patient,
	    time_t now, int confidential, struct vf_type *out);

struct vf_slot {
	int64_t		 id;
	int64_t		 clinic_id;
	int64_t		 type_id;
	const char	*provider;	/* "" if none */
	const char	*location;	/* "" if none */
	time_t		 start;
	long		 minutes;
	int		 withdrawn;
	int		 taken;		/* a booked visit names it */
};
/* The slot: 1, 0 if none, -1. */
int	store_vf_slot(struct db *, struct arena *, int64_t id, struct vf_slot *out);
/* Open slots of a type (not withdrawn, not taken) starting in [from, to),
 * the provider's first if provider is not "", then by start; at most
 * limit from offset: 0 or -1. */
int	store_vf_slots_open(struct db *, struct arena *, int64_t type,
	    time_t from, time_t to, const char *provider, long limit,
	    long offset, struct vf_slot **out, size_t *n);

/* Books slot s for patient as a portal visit of type t: the new visit's
 * id; 0 if a booked visit holds the slot already (the race's loser); -1
 * on another error. room: the unguessable video room. */
int64_t	store_vf_book(struct db *, const struct vf_slot *s, int64_t patient,
	    const struct vf_type *t, int64_t account, const char *room,
	    int confidential, time_t now);

/* A clinic, for the request form. */
struct vf_clinic {
	int64_t		 id;
	const char	*name;
};
/* The patient's care-team clinics and the clinics they were seen in
 * (visits, or C-CDA encounters by department name), by name: 0 or -1. */
int	store_vf_clinics(struct db *, struct arena *, int64_t patient,
	    int confidential, struct vf_clinic **out, size_t *n);

struct vf_request {
	int64_t		 id;
	const char	*clinic;
	const char	*reason;
	const char	*preferred;
	const char	*phone;
	const char	*status;	/* new, contacted, scheduled, closed */
	time_t		 created;
	time_t		 updated;
	int64_t		 account_id;	/* who asked */
};
int64_t	store_vf_request_add(struct db *, int64_t patient, int64_t account,
	    int64_t clinic, const char *reason, const char *preferred,
	    const char *phone, time_t now);
/* The patient's requests, newest first, at most limit: 0 or -1. */
int	store_vf_requests(struct db *, struct arena *, int64_t patient,
	    long limit, struct vf_request **out, size_t *n);

#endif
