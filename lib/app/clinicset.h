/*
 * Clinic set-up (issue 13.2): a clinic's phone and place, its visit
 * types, the documents families sign at pre-check-in, and its open
 * slots. The staff pages (cgi-bin/clinic) and `portalctl clinic` call
 * these same operations, so both validate alike:
 *   minutes 5-480, notice 0-720 hours, copay 0-10000 dollars (kept in
 *   cents), a type's name unique in its clinic;
 *   a slot's start as "YYYY-MM-DD HH:MM" in the hospital's zone (conf
 *   timezone; a time that does not exist in the spring gap is refused,
 *   one that occurs twice in the autumn overlap is the first), never in
 *   the past, never a second slot of a type at the same start; a series
 *   keeps its wall-clock times across a change of the clocks.
 * Who: portalctl (hospital IT), or a staff member whom policy_staff
 * allows STAFF_CLINIC_SETUP in the clinic (admin, and a member of it).
 * Another clinic's type, document or slot is the same answer as a
 * missing one (audited clinic.refused). Every change audited clinic.*.
 */
#ifndef PORTAL_APP_CLINICSET_H
#define PORTAL_APP_CLINICSET_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"
#include "store_clinicset.h"

struct call;

/* Slots a page or `clinic list` shows, and a series' most. */
#define CS_SLOTS_PAGE	200
#define CS_SERIES_MAX	100

enum cs_why {
	CS_OK,
	CS_ROLE,	/* not a clinic admin at all: 403 */
	CS_NONE,	/* no such thing in the caller's clinics: 404 */
	CS_TAKEN,	/* a booked visit names the slot: 409 */
	CS_DONE,	/* withdrawn or retired already: 409 */
};

/* APP_INVALID's field and words ("minutes", "Enter 5 to 480 minutes."). */
struct cs_err {
	const char	*field;
	const char	*msg;
};

/* The local time "YYYY-MM-DD HH:MM" (hospital zone, the process's TZ)
 * as a moment: NULL and *out, or the words of what is wrong. */
const char	*cs_local_time(const char *text, time_t *out);
/* "25" or "25.5" or "25.50" dollars, 0-10000: NULL and *cents, or words. */
const char	*cs_copay(const char *text, long *cents);

/* The clinics the caller may set up (portalctl: all), by name. */
enum app_rc	app_cs_clinics(const struct call *, struct cs_clinic **out,
		    size_t *n, enum cs_why *why);
/* portalctl only: a new clinic; APP_INVALID (name taken or bad). */
enum app_rc	app_cs_clinic_add(const struct call *, const char *name,
		    const char *phone, const char *location, int64_t *id,
		    struct cs_err *err);
/* Phone and place (NULL keeps each). */
enum app_rc	app_cs_clinic_set(const struct call *, int64_t clinic,
		    const char *phone, const char *location, struct cs_err *err,
		    enum cs_why *why);

/* A clinic's types. */
enum app_rc	app_cs_types(const struct call *, int64_t clinic,
		    struct cs_type **out, size_t *n, enum cs_why *why);
/* One type with its documents (in force first). */
enum app_rc	app_cs_type_get(const struct call *, int64_t id,
		    struct cs_type *t, struct cs_doc **docs, size_t *ndocs,
		    enum cs_why *why);

struct cs_type_in {
	int64_t		 id;		/* 0: a new type of clinic */
	int64_t		 clinic;
	const char	*name;
	const char	*code;		/* NULL or "": none */
	const char	*minutes;	/* as typed */
	const char	*notice_hours;
	const char	*copay;		/* dollars; NULL or "": 0 */
	int		 video;
	int		 self_schedule;
	int		 active;
};
/* Adds or changes a type: APP_OK and *id; APP_INVALID and *err;
 * APP_REFUSED and *why. */
enum app_rc	app_cs_type_save(const struct call *, const struct cs_type_in *,
		    int64_t *id, struct cs_err *err, enum cs_why *why);

struct cs_doc_in {
	int64_t		 type;
	int64_t		 replaces;	/* 0, or the document this retires */
	const char	*title;
	const char	*body;
};
/* A new document (a new version: the one replaced is retired in the
 * same transaction). */
enum app_rc	app_cs_doc_add(const struct call *, const struct cs_doc_in *,
		    int64_t *id, struct cs_err *err, enum cs_why *why);
enum app_rc	app_cs_doc_get(const struct call *, int64_t id,
		    struct cs_doc *out, enum cs_why *why);
enum app_rc	app_cs_doc_retire(const struct call *, int64_t id,
		    enum cs_why *why);

/* A clinic's upcoming slots (not withdrawn), by start. */
enum app_rc	app_cs_slots(const struct call *, int64_t clinic,
		    struct cs_slot **out, size_t *n, enum cs_why *why);

struct cs_slots_in {
	int64_t		 type;
	const char	*start;		/* "YYYY-MM-DD HH:MM", hospital zone */
	const char	*count;		/* NULL or "": 1 */
	const char	*every;		/* minutes between starts; NULL: the
					 * type's length */
	const char	*provider;	/* NULL or "": none */
	const char	*location;
};
/* Publishes count slots of the type, all or none: APP_OK and *n. */
enum app_rc	app_cs_slots_add(const struct call *, const struct cs_slots_in *,
		    size_t *n, struct cs_err *err, enum cs_why *why);
/* Withdraws an untaken slot (CS_TAKEN: cancel the visit first). */
enum app_rc	app_cs_slot_withdraw(const struct call *, int64_t id,
		    enum cs_why *why);

#endif
