/*
 * A provider's view of a patient's record (issue 12.6: P-ACCESS 4,
 * P-SPONSOR 1, S-1): read-only, one operation per page. At every call
 * paccess decides whether the caller (a provider, or a sponsored user
 * through their sponsor) sees the patient now and with what scope, so a
 * disinvite, a PCP change or a sponsor's revocation is refused at the
 * next page; policy_provider_item_visible releases each item. Every view
 * writes its row precord.view.<section> (detail paccess_detail: "share
 * patient") before anything is returned; every refusal precord.refused.
 */
#ifndef PORTAL_APP_PRECORD_H
#define PORTAL_APP_PRECORD_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "paccess.h"
#include "record.h"
#include "store_record.h"

struct call;

/* The provider's pages: the summary, each section (admissions and
 * outpatient visits are two views of the encounters), the printable
 * record. */
enum pview {
	PV_SUMMARY,
	PV_ADMISSIONS,		/* inpatient stays and emergency visits */
	PV_VISITS,		/* specialty and other outpatient visits */
	PV_NOTES,
	PV_LABS,
	PV_RADIOLOGY,
	PV_MEDICATIONS,
	PV_ALLERGIES,
	PV_PROBLEMS,
	PV_IMMUNIZATIONS,
	PV_VITALS,
	PV_PRINT,
	PV__MAX
};

/* The slug of a view ("labs"), as the audit action names it
 * (precord.view.labs); "" out of range. Static text. */
const char	*precord_view_name(enum pview v);
/* The record section a view reads (REC__MAX for the summary and print). */
enum rec_section precord_view_section(enum pview v);

enum precord_refusal {
	PRECORD_OK,
	PRECORD_NOT_SEEN,	/* no access now, no such patient, malformed or
				 * missing id: one answer */
};

struct precord_in {
	struct record_ask	 p;	/* ?p= */
	enum pview		 view;
};
struct precord_out {
	enum precord_refusal	 why;
	struct pviewer		 viewer;	/* who asked (a sponsored user's
						 * sponsor in viewer.eff) */
	struct paccess		 pa;		/* the patient, ground, scope */
	/* PV_SUMMARY: released items per section (admissions and visits
	 * apart, by view); other sections: their rows; PV_PRINT: all. */
	size_t			 count[PV__MAX];
	struct rec_row		*rows[PV__MAX];
	size_t			 n[PV__MAX];
};
/*
 * One view of the record: APP_OK after the row precord.view.<view>
 * (detail: paccess_detail); APP_REFUSED with PRECORD_NOT_SEEN after the
 * row precord.refused (detail "<why>: asked p=N", "... p=malformed (N
 * bytes)", "...: no p"); APP_INVALID for a view out of range; APP_ERROR.
 */
enum app_rc	 app_precord_view(const struct call *, const struct precord_in *,
		    struct precord_out *);

#endif
