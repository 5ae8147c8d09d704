/*
 * The privacy office (issue 16.1; S-1): search the audit log by patient
 * (MRN), actor, action and time, a page of AUDITQ_PAGE rows at a time,
 * newest first; export every row of the same filter, oldest first, as
 * CSV or JSON lines; a patient's accounting of disclosures. Who: staff
 * with the privacy role (policy_staff STAFF_AUDIT_SEARCH), or portalctl
 * (ACTOR_CLI: hospital IT at the machine). Each is audited before
 * anything is shown: audit.search, audit.export (the filter in the
 * detail, the format), audit.disclosures; a refusal is staff.refused.
 *
 * The rows show the detail column as it is: details name ids, counts,
 * scopes and addresses typed at sign-in, never health information (S-4
 * keeps it out of every log), and the privacy office needs them (which
 * share, which grant).
 */
#ifndef PORTAL_APP_PRIVACY_H
#define PORTAL_APP_PRIVACY_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "auditq.h"

struct call;

enum privacy_why {
	PRIVACY_OK,
	PRIVACY_ROLE,		/* not the privacy office: 403 */
	PRIVACY_NO_MRN,		/* no patient has the MRN: the field says so */
	PRIVACY_NO_ACTOR,	/* no account has the e-mail or user name */
	PRIVACY_TWO_ACTORS,	/* a family's and a provider's e-mail both */
};

enum privacy_format { PRIVACY_CSV, PRIVACY_JSONL };

/* A search: the filter parsed (auditq.h), the MRN as typed ("" none),
 * the page, and the filter's values as typed for the audit detail. */
struct privacy_q {
	const char			*mrn;
	struct store_audit_filter	 f;
	int64_t				 page;		/* from 1 */
	const char			*actor;		/* as typed, or "" */
	const char			*action;
	const char			*since;
	const char			*until;
};

/* One row shown. */
struct privacy_row {
	struct audit_found	 found;
	const char		*when;		/* "YYYY-MM-DD HH:MM", hospital time */
	const char		*who;		/* the actor in words, or "" */
	const char		*patient;	/* "Given Family", or "" */
	const char		*what;		/* disclosures: what, in words */
	const char		*recipient;	/* disclosures: to whom */
};

/* 1 if the caller may search (the privacy role, or portalctl), 0, -1.
 * Nothing is written: for a page that reads nothing (the empty form). */
int		app_privacy_may(const struct call *);
/* A page of rows; *more 1 if a later page has some. */
enum app_rc	app_privacy_search(const struct call *, const struct privacy_q *,
		    struct privacy_row **out, size_t *n, int *more,
		    enum privacy_why *why);
/*
 * Every row of the filter, oldest first, formatted (a header line, then
 * one line a row) and handed to put a line or so at a time, never all
 * at once. The row audit.export is written first: a failure there sends
 * nothing. put returns 0, or nonzero to stop (APP_ERROR then).
 */
enum app_rc	app_privacy_export(const struct call *, const struct privacy_q *,
		    enum privacy_format fmt,
		    int (*put)(const char *s, size_t len, void *arg), void *arg,
		    enum privacy_why *why);
/* The accounting of disclosures of the patient with mrn, oldest first
 * (store_audit_disclosures says what counts). */
enum app_rc	app_privacy_disclosures(const struct call *, const char *mrn,
		    struct privacy_row **out, size_t *n, enum privacy_why *why);
/* Rows as app_privacy_disclosures gave them, formatted as export does
 * (after the row audit.export). */
enum app_rc	app_privacy_disclosures_export(const struct call *,
		    const char *mrn, enum privacy_format fmt,
		    int (*put)(const char *s, size_t len, void *arg), void *arg,
		    enum privacy_why *why);
/* What an APP_INVALID of this why says, and the field it is about
 * ("mrn", "actor"); NULL if it has no words. */
const char	*privacy_why_words(enum privacy_why why, const char **field);
/* The export's file name: "audit-log.csv", "disclosures.jsonl". */
const char	*privacy_filename(int disclosures, enum privacy_format fmt);

#endif
