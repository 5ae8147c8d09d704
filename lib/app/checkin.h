/*
 * Pre-check-in (F-VISIT 6, issue 13.7): the steps a visit needs
 * (visit.h: contact, insurance, copay if the type has one, documents if
 * it has any), each done separately. Every operation loads the visit
 * with visit_load and asks policy_visit VISIT_CHECKIN (within the next
 * 30 days, booked and not begun; a teen's parent never for a
 * confidential visit); a visit refused or another patient's is the same
 * answer as a missing one, audited "checkin.refused" ("asked v=12
 * verdict=not_seen"). Each step writes its own audit row
 * ("checkin.contact"...) and its visit_checkins row (the first stands).
 *
 * - contact: "This is correct", or an edit saved by app_profile_save
 *   (the profile's rules); either marks the step done.
 * - insurance: "This is correct" of the coverages on file, or a change
 *   with both card photos checked by the rules of insurance.h
 *   (insurance_change_check, shared with the insurance summary) and
 *   stored pending for billing's review (never applied here); either
 *   marks the step done.
 * - copay: paid through /pay/start (cgi-bin/pay), which marks the step
 *   when the processor confirms; here it is only shown.
 * - documents: each signed by a typed name and the statement ticked,
 *   stored with the exact text and its SHA-256; the step is done when
 *   every document of the type is signed.
 */
#ifndef PORTAL_CHECKIN_H
#define PORTAL_CHECKIN_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "insurance.h"
#include "profile.h"
#include "store_checkin.h"
#include "visit.h"

struct arena;
struct call;

/* The most bytes of one insurance card photo (insurance.h). */
#define CHECKIN_PHOTO_BYTES	INSURANCE_PHOTO_BYTES

struct checkin_out {
	enum visit_verdict	 verdict;	/* APP_REFUSED: why (the page
						 * says "no such visit" for
						 * VISIT_NOT_SEEN) */
	struct visit_seen	 s;
	struct contact		 c;
	struct coverage		*cov;
	size_t			 ncov;
	int			 ins_may_report; /* policy_insurance: a
						 * teen's own account may not */
	struct ins_change	*chg;		/* submitted from this visit */
	size_t			 nchg;
	struct visit_doc	*docs;
	size_t			 ndocs;
	struct signature	*sigs;
	size_t			 nsigs;
	const char		*copay_status;	/* the latest payment's, or
						 * NULL */
};

/* The pre-check-in page of visit: APP_OK after a checkin.view row;
 * APP_REFUSED with verdict (checkin.refused); APP_BUSY, APP_ERROR. */
enum app_rc	 app_checkin_view(const struct call *, int64_t visit,
		    struct checkin_out *out);

enum checkin_do {
	CHECKIN_CONFIRM,	/* contact or insurance: "This is correct" */
	CHECKIN_EDIT,		/* contact: save the edit; insurance: report a
				 * change */
	CHECKIN_SIGN,		/* documents: sign one */
};

struct checkin_step_in {
	int64_t			 visit;
	enum checkin_step	 step;
	enum checkin_do		 what;
	struct contact		 c;		/* contact, CHECKIN_EDIT */
	struct ins_change	 ins;		/* insurance, CHECKIN_EDIT: the
						 * fields and photos; patient,
						 * account, visit are set here */
	int64_t			 document;	/* CHECKIN_SIGN */
	const char		*signer;	/* the name typed */
	int			 agree;		/* the statement ticked */
	const char		*shown;		/* the SHA-256 (hex) of the text
						 * shown, to sign that one */
};
struct checkin_step_out {
	enum visit_verdict	 verdict;	/* APP_REFUSED */
	const char		*field;		/* APP_INVALID: which, and */
	const char		*msg;		/* why */
	int			 already;	/* CHECKIN_SIGN: signed before
						 * (the first signature stands) */
};
/* Does one step: APP_OK; APP_INVALID with field and msg (nothing
 * saved); APP_REFUSED with verdict; APP_BUSY, APP_ERROR. */
enum app_rc	 app_checkin_step(const struct call *,
		    const struct checkin_step_in *in, struct checkin_step_out *out);

/* A signed document of the visit, for printing: APP_OK and *sig after a
 * checkin.signed_view row; APP_REFUSED (verdict; also no such
 * signature: VISIT_NOT_SEEN); APP_BUSY, APP_ERROR. Shown whatever the
 * visit's date: a signature stays printable. */
enum app_rc	 app_checkin_signed(const struct call *, int64_t visit,
		    int64_t document, struct signature *sig,
		    enum visit_verdict *verdict);

/* The SHA-256 (hex) of a document's text, as signed and as the page
 * carries it in the form ("shown"). In the arena. */
const char	*checkin_text_hash(struct arena *, const char *text);

#endif
