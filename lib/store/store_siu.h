/*
 * The writes of `portalctl visits import` (scheduling messages, issue
 * 13.1) and the reads and marks of `portalctl visits remind` (13.9):
 * visits and slots by the scheduling system's filler id, a clinic's
 * visit type by its code, a patient's account holders, the visits due a
 * reminder.
 */
#ifndef PORTAL_STORE_SIU_H
#define PORTAL_STORE_SIU_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

/* What an SIU message sets of a visit (and compares, for idempotency). */
struct siu_visit {
	int64_t		 id;
	int64_t		 patient_id;
	int64_t		 clinic_id;
	int64_t		 type_id;	/* 0: none */
	const char	*type_name;
	const char	*provider;	/* "" none */
	const char	*location;	/* "" none */
	int		 video;
	int64_t		 start;
	long		 minutes;
	const char	*status;
	int		 confidential;
};

/* The visit with that filler id: 1 and *out, 0 if none, -1. */
int	store_siu_visit(struct db *, struct arena *, const char *filler,
	    struct siu_visit *out);
/* A new visit from the scheduling system (source siu) with its room:
 * its id, or -1. */
int64_t	store_siu_visit_add(struct db *, const struct siu_visit *,
	    const char *filler, const char *room, time_t now);
/* Sets the fields of v (by v->id); a new start clears the family's
 * confirmation (it confirmed another time). 0 or -1. */
int	store_siu_visit_set(struct db *, const struct siu_visit *, time_t now);
/* Cancelled by the scheduling system ("siu"), reason "" for none. */
int	store_siu_visit_cancel(struct db *, int64_t id, const char *reason,
	    time_t now);
int	store_siu_visit_noshow(struct db *, int64_t id, time_t now);

struct siu_slot {
	int64_t		 id;
	int64_t		 clinic_id;
	int64_t		 type_id;
	const char	*provider;
	const char	*location;
	int64_t		 start;
	long		 minutes;
	int		 withdrawn;
};

int	store_siu_slot(struct db *, struct arena *, const char *filler,
	    struct siu_slot *out);
int64_t	store_siu_slot_add(struct db *, const struct siu_slot *,
	    const char *filler, time_t now);
/* Sets the fields of s (by s->id), withdrawn as s says. */
int	store_siu_slot_set(struct db *, const struct siu_slot *);
/* 1 if a booked visit (a family's, through the portal) holds the slot,
 * 0 if not, -1. */
int	store_siu_slot_taken(struct db *, int64_t slot);

/* A clinic's active visit type with that code: 1 and id, name, minutes,
 * video; 0 if none; -1. */
int	store_siu_type(struct db *, struct arena *, int64_t clinic,
	    const char *code, int64_t *id, const char **name, long *minutes,
	    int *video);

/* ---- Reminders ---- */

struct siu_due {
	int64_t		 visit_id;
	int64_t		 patient_id;
	int64_t		 start;
};
/* Booked visits starting in (from, to), earliest first. 0 or -1. */
int	store_siu_due(struct db *, struct arena *, time_t from, time_t to,
	    struct siu_due **out, size_t *n);
struct siu_holder {
	int64_t		 account_id;
	const char	*email;
};
/* The accounts holding the patient (active), by id. 0 or -1. */
int	store_siu_holders(struct db *, struct arena *, int64_t patient,
	    struct siu_holder **out, size_t *n);
/* 1 if the visit's reminder of days was sent before, 0 if not, -1. */
int	store_siu_reminded(struct db *, int64_t visit, long days);
/* Records it: 1 if new, 0 if it was there, -1. */
int	store_siu_remind_once(struct db *, int64_t visit, long days, time_t now);

#endif
