/*
 * Insurance (issue 14.2, F-PROFILE 2): the one set of rules for an
 * insurance change a family reports, used by pre-check-in (checkin.c)
 * and the insurance summary (cgi-bin/insurance at /account/insurance/),
 * and the coverages the billing system sends (`portalctl insurance
 * import`).
 *
 * A change (plan, member id, group, subscriber and relationship, card
 * front and back photos: JPEG, PNG or PDF by content, at most
 * INSURANCE_PHOTO_BYTES each) is stored pending for billing's review
 * (cgi-bin/insreview) and never applied here. Who sees and reports:
 * policy_insurance (a patient not seen, another family's included, is
 * the answer of a missing one, audited "insurance.refused" with
 * "asked p=12 right=none").
 */
#ifndef PORTAL_INSURANCE_H
#define PORTAL_INSURANCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "policy_insurance.h"
#include "store_insurance.h"

struct call;
struct record_view;

/* Why a teen's own account reports no change (policy_insurance). */
#define INSURANCE_NOT_YOURS "A change of insurance is reported by the " \
	"subscriber (a parent or guardian): ask them to report it."

/* The most bytes of one insurance card photo. */
#define INSURANCE_PHOTO_BYTES	((size_t)5 * 1024 * 1024)

/* The rules of a reported change, shared by pre-check-in and the
 * summary: checks and normalises k's fields (payer, member id and
 * subscriber required; one line of at most 100 characters each; a
 * relationship of the list; coverage 0 or an active one of patient,
 * whose rank it takes (a new one: after those on file); both photos by
 * content, their mime types set). APP_OK; APP_INVALID with
 * *field and *msg; APP_ERROR. Writes nothing. */
enum app_rc	 insurance_change_check(const struct call *, int64_t patient,
		    struct ins_change *k, const char **field, const char **msg);

/* What the caller may do with the insurance of the patient of v (the
 * caller's record access, record.h): policy_insurance. For pre-check-in,
 * which loads the visit's patient itself. */
enum ins_right	 insurance_right(const struct call *, const struct record_view *v);

/* One patient on the summary. */
struct insurance_patient {
	int64_t			 id;
	const char		*name;		/* "Given Family" */
	enum ins_right		 right;
	struct coverage		*cov;
	size_t			 ncov;
	struct ins_change	*chg;		/* newest first */
	size_t			 nchg;
};

struct insurance_view_in {
	int64_t		 patient;	/* 0: every patient the account sees */
};
struct insurance_view_out {
	struct insurance_patient *p;
	size_t			  n;
};
/* The coverages and reported changes of the patient asked, or of every
 * patient the account sees: APP_OK after one insurance.view row per
 * patient; APP_REFUSED (no such patient, or not seen: one answer,
 * audited); APP_BUSY, APP_ERROR. */
enum app_rc	 app_insurance_view(const struct call *,
		    const struct insurance_view_in *, struct insurance_view_out *);

struct insurance_report_in {
	int64_t			 patient;
	struct ins_change	 ins;	/* the fields and photos; patient,
					 * account and visit are set here */
};
struct insurance_report_out {
	const char	*field;		/* APP_INVALID: which, and */
	const char	*msg;		/* why */
	int64_t		 id;		/* APP_OK: the change */
};
/* Reports a change for review: APP_OK after an insurance.report row;
 * APP_INVALID (nothing stored; a teen's own account: field "patient");
 * APP_REFUSED (not seen: as a missing patient); APP_BUSY, APP_ERROR. */
enum app_rc	 app_insurance_report(const struct call *,
		    const struct insurance_report_in *,
		    struct insurance_report_out *);

/* `portalctl insurance import`: reads the billing system's CSV from in
 * (a header line naming the columns mrn, rank, payer, plan, member_id,
 * group_no, subscriber, relationship in any order; see ARCHITECTURE.md)
 * and stores each coverage (source 'billing'; the patient's active
 * coverage of the same rank is replaced, so a second run changes
 * nothing), one transaction per row with an insurance.import audit
 * row naming the patient. A progress line to progress every
 * 100 rows (NULL: none); each refused row to refusals with its line and
 * why. The counts into the out parameters; 0, or -1 if in could not be
 * read or the header lacks a column (nothing stored). */
struct insurance_import_out {
	size_t	 added, updated, refused;
};
int		 insurance_import(const struct call *, FILE *in, FILE *progress,
		    FILE *refusals, struct insurance_import_out *out);

#endif
