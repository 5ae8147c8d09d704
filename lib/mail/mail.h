/*
 * E-mails the portal sends. Each kind is one row of a table (subject and
 * body with {placeholders}); none carries health information, only what
 * the person must do and where. Those about one patient to the people who
 * hold it name the patient by first name only, in {reason} (issue 15.5:
 * a parent of several must know which; app_mail_child), never the last
 * name, MRN, date of birth, clinic or reason for a visit. Handlers only
 * queue; `portalctl mail` delivers through the sendmail command.
 */
#ifndef PORTAL_MAIL_H
#define PORTAL_MAIL_H

#include <time.h>

struct conf;
struct db;

enum mail_kind {
	MAIL_VERIFY,		/* {code}: confirm your address */
	MAIL_ALREADY,		/* a sign-up tried an address that has an account */
	MAIL_RESET,		/* {code}: choose a new password */
	MAIL_PW_CHANGED,	/* your password was changed */
	MAIL_TEEN_ACCOUNT,	/* to guardians of a 13-14-year-old who signed up
				 * ({reason}: the first name) */
	MAIL_REQ_APPROVED,	/* staff verified the MRN request ({reason}:
				 * the first name) */
	MAIL_REQ_REJECTED,	/* {reason}: staff could not verify it */
	MAIL_NEW_MESSAGE,	/* the care team answered: log in to read it
				 * ({reason}: the first name) */
	MAIL_BIRTHDAY,		/* {reason}: a parent's access ends at 18 (the
				 * first name and the days left) */
	MAIL_SELF_ACCOUNT,	/* to a patient's own address: an own account
				 * was linked or asked for */
	MAIL_SELF_ADDRESS,	/* to the old and new own address on file */
	MAIL_PROVIDER_APPLIED,	/* {reason}: a clinician's application was
				 * received; what happens next */
	MAIL_PROVIDER_EXISTS,	/* to the address on file: an application or
				 * account already exists */
	MAIL_PROVIDER_APPROVED,	/* {code}: approved, choose a password */
	MAIL_PROVIDER_APPROVED_SSO, /* approved: sign in with Children's ID */
	MAIL_PROVIDER_SETUP,	/* {code}: (a new) link to choose a password */
	MAIL_PROVIDER_REJECTED,	/* {reason}: the application was not approved */
	MAIL_PASS_CODE,		/* {code}: a provider-portal pass code;
				 * {reason}: what it is for */
	MAIL_PROVIDER_PW_CHANGED, /* your provider-portal password was changed */
	MAIL_MFA_RECOVERY,	/* a recovery code was used to sign in (not
				 * the code) */
	MAIL_MFA_OFF,		/* two-step sign-in was turned off */
	MAIL_PMFA_RECOVERY,	/* the same two for a provider-portal account */
	MAIL_PMFA_OFF,
	MAIL_SPONSORED_SETUP,	/* {code}: a sponsor ({reason}, their name)
				 * made a provider-portal account for you:
				 * choose a password (issue 11.5) */
	/* Sharing (issue 12): none names a patient. */
	MAIL_SHARE_INVITED,	/* to a provider with an account: a family
				 * shared a record with you */
	MAIL_SHARE_TOKEN,	/* {code}: an invitation token, to a provider
				 * without an account ({reason}: who invited);
				 * the MRN comes from the family, not here */
	MAIL_ACCESS_ASKED,	/* to a patient's account holders: a provider
				 * asked to see the record: approve or decline
				 * ({reason}: the first name) */
	MAIL_ACCESS_GRANTED,	/* to the provider: {reason} (who decided: "A
				 * family", "The provider portal team")
				 * granted the request */
	MAIL_ACCESS_DECLINED,	/* to the provider: {reason} declined it */
	MAIL_PCP_ASKED,		/* to the provider support team: {reason} the
				 * provider's details, {code} the request's
				 * number on the staff page */
	/* Payments (issue 13.7, 14.4): the amount, the day and the
	 * portal's reference; never what was paid for. */
	MAIL_PAY_RECEIPT,	/* {reason}: "$12.50 on December 1, 2026";
				 * {code}: the payment's reference */
	/* Profile (issue 14.1): none names a patient or the other address. */
	MAIL_EMAIL_CONFIRM,	/* {code}: to the new address: confirm it */
	MAIL_EMAIL_ASKED,	/* to the old address: a change was asked */
	MAIL_EMAIL_CHANGED,	/* to the old address: it was changed */
	MAIL_EMAIL_TAKEN,	/* to the new address, which has an account
				 * already: nothing was changed */
	MAIL_VISIT_REQUEST_UPDATED, /* the clinic changed the status of a
				 * visit request: log in to see it ({reason}:
				 * the first name) */
	MAIL_INSURANCE_REVIEWED, /* billing reviewed an insurance update:
				 * log in to see it ({reason}: the first name) */
	MAIL_VISIT_REMINDER,	/* a visit is coming up: log in to see it
				 * (no clinic, type or time; {reason}: the
				 * first name) */
	MAIL_CONTACT,		/* to the support team: the contact form;
				 * {reason}: what the person typed, with
				 * the topic (issue 15.6) */
	MAIL__MAX
};

/* Queues one message of kind to the address; code and reason fill their
 * placeholders (NULL if unused). A code goes into the link's fragment
 * (#t=), never its query: a browser does not send the fragment, so it
 * reaches no server or proxy log (issue 7). 0 or -1. */
int	mail_queue(struct db *, const struct conf *, enum mail_kind, const char *to,
	    const char *code, const char *reason, time_t now);
/* Delivers every deliverable message in the outbox; prints nothing,
 * returns the number sent, or -1 if one failed (it is retried later). */
int	mail_deliver(struct db *, const struct conf *, time_t now, int *failed);

#endif
