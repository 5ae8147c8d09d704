/*
 * A family viewer's health record, as operations of the application
 * layer (app.h): open a patient (the switcher and the summary), one
 * section, one item by id, the printable record, the C-CDA download,
 * and the account's patients for the home page. Each gathers the
 * account's holdings from the store in one query, asks the policy
 * (lib/policy/policy_record.h) who may see whom and which items are
 * released, writes its own audit row, and returns a typed result or a
 * typed refusal. Nothing here reads a request or writes a page.
 */
#ifndef PORTAL_RECORD_H
#define PORTAL_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "arena.h"
#include "policy_record.h"
#include "store_patients.h"
#include "store_record.h"

struct call;

/*
 * An id the page was asked for: parsed once by the page's field table
 * (0 if absent or malformed), and the value as it came (NULL if absent),
 * which only a refusal row uses: "asked p=12", "asked p=malformed
 * (3 bytes)", "no p". The raw value itself never reaches the log.
 */
struct record_ask {
	int64_t		 id;
	const char	*raw;
};

/* Why an operation said APP_REFUSED; the page words it. */
enum record_refusal {
	RECORD_OK,
	RECORD_NO_PATIENT,	/* no patient asked for, and none the account
				 * may see (app_record_open only) */
	RECORD_NOT_SEEN,	/* the patient asked for is not the account's,
				 * not now, or does not exist: one answer, so
				 * ids cannot be probed */
	RECORD_NO_ITEM,		/* the item is not released to the account, is
				 * another patient's, or does not exist */
};

/* One entry of the patient switcher. */
struct record_choice {
	int64_t		 patient_id;
	const char	*name;		/* "Given Family" */
};

/* What every record page shows: the switcher and the chosen patient. */
struct record_seen {
	struct record_choice	*choices;	/* the patients the account
						 * may see now, in order */
	size_t			 nchoices;
	struct patient		 patient;	/* the one chosen */
	enum access_level	 level;
	enum hold_role		 role;		/* how the account holds them */
};

/* The slug of a section ("labs"), as the audit action names it
 * (record.view.labs); "" out of range. Static text. */
const char	*record_section_name(enum rec_section s);

/* ---- Operations (app.h: APP_OK, APP_REFUSED with out->why, APP_ERROR,
 * APP_BUSY). Audit rows are written as the call's actor. ---- */

struct record_open_in {
	struct record_ask	 p;	/* absent: the first patient the
					 * account may see */
};
struct record_open_out {
	enum record_refusal	 why;
	struct record_seen	 seen;
	size_t			 count[REC__MAX];	/* released items */
};
/*
 * Opens a patient for the caller (the record's summary). APP_OK with the
 * switcher, the patient and how many items of each section are released,
 * after the row record.view.summary. APP_REFUSED: RECORD_NO_PATIENT (no
 * p, nobody to show: no row) or RECORD_NOT_SEEN (row record.refused for
 * the id asked, detail "<why>: asked p=N" or "...: asked p=malformed
 * (N bytes)").
 */
enum app_rc	 app_record_open(const struct call *,
		    const struct record_open_in *, struct record_open_out *);

struct record_section_in {
	struct record_ask	 p;
	enum rec_section	 s;
};
struct record_section_out {
	enum record_refusal	 why;
	struct record_seen	 seen;
	struct rec_row		*rows;	/* released, newest first */
	size_t			 n;
};
/*
 * One section of the record: APP_OK with the items released to the
 * caller, after the row record.view.<section>. APP_REFUSED:
 * RECORD_NOT_SEEN after the row record.refused (also when no p was asked
 * and the account has nobody to show: "no patient on the account: no p").
 */
enum app_rc	 app_record_section(const struct call *,
		    const struct record_section_in *, struct record_section_out *);

struct record_item_in {
	struct record_ask	 p;
	enum rec_section	 s;
	struct record_ask	 id;	/* the item */
};
struct record_item_out {
	enum record_refusal	 why;
	struct record_seen	 seen;
	struct rec_row		 row;
};
/*
 * One item by id: APP_OK with it, after the row record.view.<section>.
 * APP_REFUSED: RECORD_NOT_SEEN as app_record_section; RECORD_NO_ITEM
 * (not released to the caller, another patient's, none, malformed id)
 * after the row record.item_refused on the patient, detail
 * "<section>: asked id=N" or "<section>: asked id=malformed (N bytes)".
 */
enum app_rc	 app_record_item(const struct call *,
		    const struct record_item_in *, struct record_item_out *);

struct record_print_in {
	struct record_ask	 p;
};
struct record_print_out {
	enum record_refusal	 why;
	struct record_seen	 seen;
	struct rec_row		*rows[REC__MAX];	/* released, by section */
	size_t			 n[REC__MAX];
};
/* Everything released, every section, for printing: APP_OK after the row
 * record.print; APP_REFUSED as app_record_section. */
enum app_rc	 app_record_print(const struct call *,
		    const struct record_print_in *, struct record_print_out *);

struct record_download_in {
	struct record_ask	 p;
};
struct record_download_out {
	enum record_refusal	 why;
	struct record_seen	 seen;
	struct buf		 xml;	/* the C-CDA document (call's arena) */
};
/* Everything released as one C-CDA document: APP_OK after the row
 * record.download (detail "C-CDA"); APP_REFUSED as app_record_section. */
enum app_rc	 app_record_download(const struct call *,
		    const struct record_download_in *, struct record_download_out *);

struct record_series_in {
	struct record_ask	 p;
	struct record_ask	 id;	/* one lab result of the test */
};
struct record_series_out {
	enum record_refusal	 why;
	struct record_seen	 seen;
	struct rec_row		 row;	/* the result asked for */
	struct rec_row		*rows;	/* the test's released results in
					 * the same unit, oldest first */
	size_t			 n;
};
/*
 * The series of one test (issue 15.2: a lab's trend): the lab results
 * released to the caller (the same rows app_record_section gives) that
 * are the same test as result id (record_same_test). APP_OK after the
 * row record.view.labs (detail "series of N"); APP_REFUSED as
 * app_record_item (RECORD_NO_ITEM after record.item_refused, detail
 * "labs: asked id=N").
 */
enum app_rc	 app_record_series(const struct call *,
		    const struct record_series_in *, struct record_series_out *);
/* What the release rules read of a record row (policy_record.h), for
 * the family's and the provider's record alike. */
void		 record_item(enum item_kind, const struct rec_row *,
		    struct policy_item *);
/* Whether two lab results are the same test, drawn on one chart: the
 * same code (else, without codes, the same name) and the same unit. */
int		 record_same_test(const struct rec_row *, const struct rec_row *);

/* One patient on the account, for the home page. */
struct record_holding {
	struct patient		 patient;
	const char		*status;	/* the link: active, pending,
						 * rejected (as stored) */
	enum access_level	 level;		/* ACCESS_NONE if not seen now */
	const char		*ended;		/* an active link the policy no
						 * longer honours (the 18th
						 * birthday, no longer on file):
						 * why, in words; else NULL */
	const char		*ends;		/* policy_access_ends: the day
						 * access ends (a guardian of a
						 * 17-year-old), "YYYY-MM-DD";
						 * else NULL */
};
struct record_holdings_out {
	struct record_holding	*h;	/* active first, then by name */
	size_t			 n;
};
/* Every patient the account holds, whatever the link's status, with
 * whether the account sees them now: APP_OK after one row account.view
 * per patient (detail: the link's status), all in one transaction;
 * APP_BUSY if it could not start. */
enum app_rc	 app_record_holdings(const struct call *, const void *in,
		    struct record_holdings_out *);

/* ---- For other operations (messages): no audit row of their own ---- */

struct record_view {
	struct patient	 patient;
	int		 level;		/* the policy's access level */
	enum hold_role	 role;		/* how the account holds the patient */
	const char	*refusal;	/* when refused: why, for the audit */
};

/* Whether the calling family account sees patient now: 1 and *v; 0 if
 * not, or if there is no such patient (one answer), with v->refusal; -1
 * on error. */
int	record_access(const struct call *, int64_t patient, struct record_view *v);
/* The patients the calling account may see now, for a switcher: 0 or -1. */
int	record_choices(const struct call *, struct record_choice **out, size_t *n);
/* The day the calling account's access to patient ends by age
 * (policy_access_ends, "YYYY-MM-DD"), or NULL: none, not seen now, or the
 * store could not answer (the notice is then left out). */
const char *record_ends(const struct call *, int64_t patient);
/* 1 if the calling account holds patient as the patient themself, 0 if
 * not, -1 on error. */
int	record_self(const struct call *, int64_t patient);
/* The rows of section s of patient released to a viewer of that level
 * (policy_item_visible, as the record pages show them), newest first:
 * 0 or -1. For the Visits page's past encounters (issue 13.3). */
int	record_released(const struct call *, int64_t patient,
	    enum access_level level, enum rec_section s, struct rec_row **out,
	    size_t *n);

#endif
