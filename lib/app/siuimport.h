/*
 * Visits from the hospital's scheduling system (issue 13.1): one HL7 v2
 * SIU message applied to the visits and open slots, idempotent by the
 * filler appointment id, in one transaction with its audit row; and the
 * reminder e-mails before a visit (issue 13.9). The interface profile is
 * lib/hl7/siu.h; what is taken and refused, ARCHITECTURE.md "Visits: HL7
 * v2 scheduling messages".
 */
#ifndef PORTAL_APP_SIUIMPORT_H
#define PORTAL_APP_SIUIMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"

struct call;

/* What one message did. */
enum siu_outcome {
	SIU_NEW,		/* a new visit */
	SIU_UPDATED,		/* a visit rescheduled or modified */
	SIU_CANCELLED,
	SIU_NOSHOW,
	SIU_SLOT,		/* an open slot added, changed or withdrawn */
	SIU_UNCHANGED,		/* said nothing new (the same message again) */
	SIU_REFUSED,		/* why says why; nothing changed */
	SIU_OUT__MAX
};

struct siu_result {
	enum siu_outcome out;
	const char	*control;	/* MSH-10, "" */
	const char	*filler;	/* "" if not read */
	int64_t		 patient_id;	/* 0 if none */
	int64_t		 visit_id;	/* 0 if none */
	int64_t		 slot_id;	/* 0 if none */
	char		 why[256];	/* refused: the reason, no PHI */
};

/*
 * Applies one message (buf, len bytes) as the call's actor (portalctl:
 * ACTOR_CLI); index is its number in the run, for the audit row of a
 * refusal. APP_OK with r->out (SIU_REFUSED included: the refusal is
 * audited), or APP_ERROR / APP_BUSY when the database failed (nothing
 * changed).
 */
enum app_rc	app_siu_message(const struct call *, const char *buf, size_t len,
		    long index, struct siu_result *r);
/* Audits a piece of a stream that is not a message (framing: why). */
enum app_rc	app_siu_refused(const struct call *, long index, const char *why);
/* The outcome's word in the summary ("new", "updated" ...). */
const char	*app_siu_outcome_name(enum siu_outcome);

/*
 * Reminder e-mails (issue 13.9) for the booked visits whose day (in the
 * hospital's zone) is at most one of the conf's visit_reminder_days away
 * and whose reminder for the smallest such number was not sent: to every
 * account holder who sees the visit (policy_visit VISIT_SEE, so never a
 * parent for a teen's confidential visit), one MAIL_VISIT_REMINDER with
 * no health information, recorded in visit_reminders, audited per visit.
 * *sent: e-mails queued, *visits: visits reminded. APP_OK, APP_INVALID
 * (a bad visit_reminder_days), or APP_ERROR/APP_BUSY.
 */
enum app_rc	app_visit_remind(const struct call *, long *visits, long *sent);

#endif
