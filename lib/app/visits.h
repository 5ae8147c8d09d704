/*
 * The family's Visits pages as operations (issue 13.3-13.6, 13.8-13.9;
 * F-VISIT 1-7): the list of one patient's upcoming and past visits (with
 * the C-CDA encounters the record releases), one visit's details,
 * confirm, cancel, the video join address, the calendar file, "Request a
 * visit", and self-scheduling (types, open slots, booking; "schedule
 * again"). Every visit is loaded by visit_load (visit.h) and every
 * decision is lib/policy/policy_visit's; another patient's visit, a
 * malformed id and a visit the caller may not see are one answer with a
 * missing one. Each operation writes its own audit row.
 */
#ifndef PORTAL_APP_VISITS_H
#define PORTAL_APP_VISITS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "record.h"
#include "store_vfamily.h"
#include "visit.h"

struct call;

/* Why an operation said APP_REFUSED or APP_INVALID; the page words it. */
enum visits_why {
	VW_OK,
	VW_NO_PATIENT,		/* nobody on the account (no row) */
	VW_NOT_SEEN,		/* no such patient or visit for the caller */
	VW_POLICY,		/* policy_visit said no: out's verdict */
	VW_BOOK,		/* policy_visit_book said no: out's book */
	VW_TAKEN,		/* the slot was just taken: next slots */
	VW_INPUT,		/* APP_INVALID: field and problem */
};

/* Open slots a schedule page shows at once, and how far ahead. */
#define VISITS_SLOTS_PAGE	12
#define VISITS_SLOTS_DAYS	60
/* Visits and requests a list shows at most. */
#define VISITS_LIST_MAX		200
#define VISITS_REQUESTS_MAX	50

/* One visit of a list, with what the family may do now. */
struct visits_item {
	struct visit_seen	 s;
	enum visit_verdict	 may[VISIT_ACT__MAX];
	int			 again;	/* past, of a self-schedulable type:
					 * "Schedule again" */
};

struct visits_page_in {
	struct record_ask	 p;	/* absent: the first patient */
};
struct visits_page_out {
	enum visits_why		 why;
	struct record_choice	*choices;
	size_t			 nchoices;
	struct record_view	 rv;		/* the patient shown */
	struct visits_item	*upcoming;	/* soonest first */
	size_t			 nupcoming;
	struct visits_item	*past;		/* latest first */
	size_t			 npast;
	struct rec_row		*encounters;	/* C-CDA, released */
	size_t			 nencounters;
	struct vf_request	*requests;
	size_t			 nrequests;
	int			 can_schedule;	/* a type the patient may book */
};
/* APP_OK after the row visits.view; APP_REFUSED: VW_NO_PATIENT (no row),
 * VW_NOT_SEEN (row visits.refused, "asked p=N"). */
enum app_rc	app_visits_page(const struct call *,
		    const struct visits_page_in *, struct visits_page_out *);

/* For the home page (issue 15.1), without an audit row of its own: the
 * patient's upcoming visits the caller may see, as the list above has
 * them (the same policy_visit VISIT_SEE, with what the family may do),
 * soonest first, at most max (0: all). 0 or -1. */
int		visits_upcoming(const struct call *, const struct record_view *rv,
		    size_t max, struct visits_item **out, size_t *n);

struct visits_one_in {
	struct record_ask	 v;
	const char		*reason;	/* cancel only */
};
struct visits_one_out {
	enum visits_why		 why;
	enum visit_verdict	 verdict;	/* VW_POLICY */
	const char		*field;		/* VW_INPUT */
	const char		*problem;
	struct visits_item	 it;		/* the visit (VW_OK, VW_POLICY) */
	time_t			 join_opens;
	const char		*url;		/* join: the address to send to */
	struct buf		 ics;		/* ics: the calendar file */
};
/* The details: APP_OK after visit.view; APP_REFUSED VW_NOT_SEEN after
 * visit.refused ("asked v=N verdict=not_seen"). */
enum app_rc	app_visits_detail(const struct call *, const struct visits_one_in *,
		    struct visits_one_out *);
/* Confirm / cancel (reason required: APP_INVALID VW_INPUT): APP_OK after
 * visit.confirm / visit.cancel with the change, in one transaction;
 * APP_REFUSED VW_NOT_SEEN or VW_POLICY (verdict) after
 * visit.confirm_refused / visit.cancel_refused, nothing changed. */
enum app_rc	app_visits_confirm(const struct call *,
		    const struct visits_one_in *, struct visits_one_out *);
enum app_rc	app_visits_cancel(const struct call *,
		    const struct visits_one_in *, struct visits_one_out *);
/* The video service's address for the visit, asked now: APP_OK (url)
 * after visit.join; APP_REFUSED after visit.join_refused. */
enum app_rc	app_visits_join(const struct call *, const struct visits_one_in *,
		    struct visits_one_out *);
/* The visit as an RFC 5545 calendar (ics): APP_OK after visit.ics;
 * APP_REFUSED VW_NOT_SEEN after visit.refused. */
enum app_rc	app_visits_ics(const struct call *, const struct visits_one_in *,
		    struct visits_one_out *);

/*
 * The join address of a visit: conf video_url with {room} the room and
 * {token} a join token for the participant "patient" until expires:
 *	base64url(payload) "." base64url(HMAC-SHA256(secret, payload))
 *	payload = "v1|" room "|patient|" expires (decimal epoch seconds)
 * "" for {token} without a secret. In the arena; NULL if the template
 * makes an address that is not http(s) or holds control characters.
 */
const char	*visits_join_url(struct arena *, const char *tmpl,
		    const char *secret, const char *room, time_t expires);
/* The origin ("https://host[:port]") of the video service's address
 * template, for the page's CSP form-action; NULL if none. */
const char	*visits_video_origin(struct arena *, const char *tmpl);
/* The calendar file of a visit (CRLF, lines folded at 75 octets): UID
 * "visit-<id>@<host>", DTSTART/DTEND in UTC, SUMMARY "Visit at
 * <hospital>" (nothing of the visit's reason, clinic or type), LOCATION
 * the place or "Video visit". 0 or -1. */
int		visits_ics_build(struct buf *, const struct visit *v,
		    const char *host, const char *hospital, time_t now);

struct visits_request_in {
	struct record_ask	 p;
	int64_t			 clinic;	/* 0: the form only */
	const char		*reason;
	const char		*preferred;
	const char		*phone;
};
struct visits_request_out {
	enum visits_why		 why;
	const char		*field;
	const char		*problem;
	struct record_choice	*choices;
	size_t			 nchoices;
	struct record_view	 rv;
	struct vf_clinic	*clinics;
	size_t			 nclinics;
	struct vf_request	*requests;
	size_t			 nrequests;
	int64_t			 id;		/* the new request */
};
/* The request form and the patient's requests (clinic 0: row
 * visits.request_view), or a new request (row visit.request, in one
 * transaction): APP_OK; APP_INVALID VW_INPUT (a clinic not the
 * patient's, nothing kept); APP_REFUSED as app_visits_page. */
enum app_rc	app_visits_request(const struct call *,
		    const struct visits_request_in *, struct visits_request_out *);

/* A type offered for self-scheduling, with the policy's word on it. */
struct visits_type {
	struct vf_type		 t;
	enum book_verdict	 verdict;
};
struct visits_schedule_in {
	struct record_ask	 p;
	struct record_ask	 again;		/* a past visit, or absent */
	int64_t			 type;		/* 0: none chosen */
	long			 offset;	/* slots skipped */
	int64_t			 slot;		/* book: the slot */
};
struct visits_schedule_out {
	enum visits_why		 why;
	enum book_verdict	 book;		/* VW_BOOK */
	struct record_choice	*choices;
	size_t			 nchoices;
	struct record_view	 rv;
	struct visits_type	*types;
	size_t			 ntypes;
	struct visits_type	 chosen;	/* type's, when chosen */
	int			 has_chosen;
	const char		*provider;	/* again: the provider first */
	struct vf_slot		*slots;
	size_t			 nslots;
	int			 more;		/* more slots after these */
	int64_t			 visit;		/* book: the new visit */
	int			 hidden;	/* book: confidential, and the
						 * caller (a teen's parent)
						 * does not see it */
};
/* The types the patient may self-schedule and, for a type chosen (or the
 * again visit's), its open slots: APP_OK after visits.schedule_view;
 * APP_REFUSED as app_visits_page (again not seen: VW_NOT_SEEN). */
enum app_rc	app_visits_schedule(const struct call *,
		    const struct visits_schedule_in *, struct visits_schedule_out *);
/* Books in->slot: APP_OK (visit) after visit.book, in one transaction
 * with the insert; APP_REFUSED VW_BOOK (verdict) after
 * visit.book_refused, VW_TAKEN (the slot's next open ones) after
 * visit.book_taken, VW_NOT_SEEN as app_visits_page; nothing booked. */
enum app_rc	app_visits_book(const struct call *,
		    const struct visits_schedule_in *, struct visits_schedule_out *);

#endif
