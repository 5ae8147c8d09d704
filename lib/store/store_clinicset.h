/*
 * Clinic set-up (issue 13.2): clinics' phone and place, visit types, the
 * documents families sign (versioned: retire + add, never edit), and the
 * open slots a clinic publishes. lib/app/clinicset.c is the one caller;
 * it validates and decides, this file only reads and writes.
 */
#ifndef PORTAL_STORE_CLINICSET_H
#define PORTAL_STORE_CLINICSET_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct cs_clinic {
	int64_t		 id;
	const char	*name;
	const char	*phone;		/* "" if none */
	const char	*location;	/* "" if none */
};

struct cs_type {
	int64_t		 id;
	int64_t		 clinic_id;
	const char	*clinic;
	const char	*name;
	const char	*code;		/* "" if none */
	long		 minutes;
	int		 video;
	int		 self_schedule;
	long		 notice_hours;
	long		 copay_cents;
	int		 active;
	long		 documents;	/* in force (not retired) */
};

struct cs_doc {
	int64_t		 id;
	int64_t		 type_id;
	int64_t		 clinic_id;
	const char	*title;
	const char	*body;
	int		 retired;
	time_t		 created;
};

struct cs_slot {
	int64_t		 id;
	int64_t		 clinic_id;
	int64_t		 type_id;
	const char	*type_name;
	const char	*provider;	/* "" if none */
	const char	*location;	/* "" if none */
	time_t		 start;
	long		 minutes;
	int		 withdrawn;
	int		 taken;		/* a booked visit names it */
	const char	*source;	/* clinic, siu */
};

/* Clinics: all (staff 0) or those the staff member belongs to, by name.
 * 0 or -1. */
int	store_cs_clinics(struct db *, struct arena *, int64_t staff,
	    struct cs_clinic **out, size_t *n);
/* 1 and *out, 0 if none, -1. */
int	store_cs_clinic_get(struct db *, struct arena *, int64_t id,
	    struct cs_clinic *out);
/* The new clinic's id, 0 if the name is taken, -1. */
int64_t	store_cs_clinic_add(struct db *, const char *name, const char *phone,
	    const char *location);
/* Sets phone and location (NULL keeps each): 1, 0 if no such clinic, -1. */
int	store_cs_clinic_set(struct db *, int64_t id, const char *phone,
	    const char *location);

/* A clinic's types by name: 0 or -1. */
int	store_cs_types(struct db *, struct arena *, int64_t clinic,
	    struct cs_type **out, size_t *n);
int	store_cs_type_get(struct db *, struct arena *, int64_t id,
	    struct cs_type *out);
/* 1 if another type (not id) of the clinic has the name, 0, -1. */
int	store_cs_type_name_taken(struct db *, int64_t clinic, const char *name,
	    int64_t id);
/* Adds (t->id 0: the new id) or updates t: the id, or -1. */
int64_t	store_cs_type_save(struct db *, const struct cs_type *t);

/* A type's documents, in force first, newest first: 0 or -1. */
int	store_cs_docs(struct db *, struct arena *, int64_t type,
	    struct cs_doc **out, size_t *n);
int	store_cs_doc_get(struct db *, struct arena *, int64_t id,
	    struct cs_doc *out);
int64_t	store_cs_doc_add(struct db *, int64_t type, const char *title,
	    const char *body, time_t now);
/* 1 if retired now, 0 if retired already or none, -1. */
int	store_cs_doc_retire(struct db *, int64_t id);

/* 1 if a slot of the type (not withdrawn) starts at start, 0, -1. */
int	store_cs_slot_exists(struct db *, int64_t type, time_t start);
int64_t	store_cs_slot_add(struct db *, const struct cs_slot *s, time_t now);
int	store_cs_slot_get(struct db *, struct arena *, int64_t id,
	    struct cs_slot *out);
/* A clinic's slots (not withdrawn) starting at from or later, by start,
 * at most limit: 0 or -1. */
int	store_cs_slots(struct db *, struct arena *, int64_t clinic, time_t from,
	    long limit, struct cs_slot **out, size_t *n);
/* Withdraws an untaken slot: 1, 0 if taken, withdrawn already or none, -1. */
int	store_cs_slot_withdraw(struct db *, int64_t id);

#endif
