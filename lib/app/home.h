/*
 * The family's home page after sign-in (issue 15.1), as one operation:
 * for the patient asked for (else the first the account may see), the
 * cards of what needs attention. Every fact comes from the operations
 * the cards lead to, with their policy calls (record_access, the
 * messages list's policy_message_new, policy_visit VISIT_SEE and
 * VISIT_CHECKIN, policy_item_visible through record_released,
 * policy_access_ends), so a card never counts what its page would not
 * show: a teen's confidential visit, result or message is not counted
 * for a parent.
 */
#ifndef PORTAL_HOME_H
#define PORTAL_HOME_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "record.h"
#include "visits.h"

struct call;

/* How many upcoming visits and new results a card lists. */
#define HOME_VISITS		3
#define HOME_RESULTS		3
/* A result is new for this many days after it was resulted (labs) or
 * completed (radiology): the home page keeps no "last looked" mark, so a
 * result released a day late still shows as new. */
#define HOME_RESULT_DAYS	30

struct home_result {
	enum rec_section	 s;	/* REC_LABS or REC_RADIOLOGY */
	struct rec_row		 row;
};

struct home_in {
	struct record_ask	 p;	/* absent: the first patient */
};
struct home_out {
	enum record_refusal	 why;
	struct record_choice	*choices;	/* the switcher */
	size_t			 nchoices;
	struct record_view	 rv;		/* the patient shown (why OK) */
	const char		*ends;		/* policy_access_ends:
						 * "YYYY-MM-DD", or NULL */
	size_t			 unread;	/* threads with a message
						 * the family has not read */
	struct visits_item	*upcoming;	/* soonest first, all */
	size_t			 nupcoming;
	struct home_result	*results;	/* new ones, newest first */
	size_t			 nresults;
	/* The account's own, whoever is shown (also with no patient). */
	const char		*given;		/* the account holder */
	size_t			 bills_due;	/* statements with money due */
	long			 due_cents;	/* their sum */
	size_t			 asked;		/* providers' requests waiting */
	int			 mfa_off;	/* no second factor */
	int			 contact_unchecked; /* contact details never
						 * saved or confirmed */
};
/*
 * APP_OK with the cards, after the row home.view on the patient (detail:
 * what the cards count) and the rows of the bills' list (bill.list);
 * RECORD_NO_PATIENT with APP_OK: nobody on the account to show (the
 * account's own cards only; no patient row). APP_REFUSED: RECORD_NOT_SEEN
 * after the row home.refused ("home: asked p=N" or "asked p=malformed
 * (N bytes)"). APP_BUSY, APP_ERROR.
 */
enum app_rc	app_home(const struct call *, const struct home_in *,
		    struct home_out *);

#endif
