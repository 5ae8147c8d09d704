/*
 * The family's sharing with providers (issue 12.2, F-SHARE 1-2, P-TOKEN)
 * as operations (app.h): the page of one patient (who has access and
 * how, pending invitation tokens), the directory search, sharing with a
 * provider who has a portal account (a grant at once, and an e-mail),
 * issuing an invitation token to one who has none, and cancelling a
 * token. Removing a grant is app_grant_revoke (grant.h). Who may share,
 * and with what scope, is policy_share_scope; which grants a holder sees,
 * policy_share_sees (grant_visible). Patient, grant and token ids are
 * looked up together with the caller's access: another family's are
 * "none such".
 */
#ifndef PORTAL_SHARE_H
#define PORTAL_SHARE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"
#include "grant.h"
#include "record.h"
#include "store_directory.h"
#include "store_invite.h"

struct call;

/* Why an operation said APP_REFUSED or APP_INVALID; the page words it. */
enum share_why {
	SHARE_OK,
	SHARE_NO_PATIENT,	/* nobody on the account to share */
	SHARE_NOT_SEEN,		/* not the caller's patient now, or none */
	SHARE_NO_RIGHT,		/* the caller sees the patient but may not share */
	SHARE_NO_ENTRY,		/* no such directory entry */
	SHARE_NO_ACCOUNT,	/* the entry has no portal account: a token */
	SHARE_HAS_ACCOUNT,	/* the entry has one: share directly */
	SHARE_NO_INVITE,	/* no such pending token on the patient */
	SHARE_INPUT,		/* APP_INVALID: field and problem */
	SHARE_WAIT,		/* too many tokens lately (THR_SHARE_TOKEN) */
};

/* The least a search must ask (so that the directory is not listed
 * whole) and how many results a page shows. */
#define SHARE_NAME_MIN		2	/* letters of the family name */
#define SHARE_SPECIALTY_MIN	3
#define SHARE_CITY_MIN		2
#define SHARE_RESULTS_MAX	25

struct share_page_in {
	struct record_ask	 p;	/* absent: the first patient the
					 * caller may share */
};
struct share_page_out {
	enum share_why		 why;
	struct record_choice	*choices;	/* the patients the caller may
						 * share now */
	size_t			 nchoices;
	struct grant_holder	 h;		/* the patient shown */
	int			 has_pcp;
	struct dir_entry	 pcp;		/* the PCP on file */
	struct grant		*grants;	/* in force, that the caller sees */
	size_t			 ngrants;
	struct invite		*invites;	/* pending tokens */
	size_t			 ninvites;
};
/*
 * The page of one patient: APP_OK after the row share.view. APP_REFUSED:
 * SHARE_NO_PATIENT (no p and nobody to share: no row), SHARE_NOT_SEEN or
 * SHARE_NO_RIGHT (row share.refused; NO_RIGHT keeps the switcher).
 */
enum app_rc	app_share_page(const struct call *, const struct share_page_in *,
		    struct share_page_out *);

struct share_search_in {
	const char	*family;	/* each NULL or "" if not asked */
	const char	*given;
	const char	*specialty;
	const char	*city;
	const char	*npi;		/* valid_npi's */
};
struct share_search_out {
	enum share_why	 why;
	const char	*field;		/* SHARE_INPUT: the field at fault */
	const char	*problem;
	struct dir_entry *e;		/* at most SHARE_RESULTS_MAX */
	size_t		 n;
	int		 more;		/* more matched: refine the search */
};
/*
 * The directory (public data, so no audit row): APP_OK with the
 * matches; APP_INVALID (SHARE_INPUT) if too little was asked: two
 * letters of the family name, a whole NPI, or a specialty with a town.
 */
enum app_rc	app_share_search(const struct call *,
		    const struct share_search_in *, struct share_search_out *);

struct share_invite_in {
	int64_t		 patient;
	int64_t		 entry;		/* the directory entry */
};
struct share_invite_out {
	enum share_why	 why;
	struct dir_entry e;		/* the provider, when found */
	int		 already;	/* APP_OK: had access already, nothing
					 * changed */
	int		 pcp;		/* ... as the PCP on file */
	int64_t		 grant;		/* APP_OK: the new grant */
};
/*
 * Shares with a provider whose entry has an approved portal account: a
 * grant (how "share", the caller's scope) at once and MAIL_SHARE_INVITED
 * to the account's address, after the row share.invite, in one
 * transaction. Already in force (or the PCP on file, for a clinical
 * share): APP_OK with already, nothing changed (row
 * share.invite_refused). APP_REFUSED: SHARE_NOT_SEEN, SHARE_NO_RIGHT,
 * SHARE_NO_ENTRY, SHARE_NO_ACCOUNT (row share.invite_refused).
 */
enum app_rc	app_share_invite(const struct call *,
		    const struct share_invite_in *, struct share_invite_out *);

struct share_token_in {
	int64_t		 patient;
	int64_t		 entry;		/* 0: someone not in the directory */
	const char	*invitee;	/* their name (entry 0 only) */
	const char	*email;		/* NULL: print only (or the entry's) */
	int64_t		 replace;	/* a pending token this one replaces
					 * (its invitee, entry and address are
					 * taken), or 0 */
};
struct share_token_out {
	enum share_why	 why;
	const char	*field;		/* SHARE_INPUT */
	const char	*problem;
	int64_t		 id;		/* APP_OK: the token's row */
	const char	*token;		/* as printed: shown once */
	time_t		 expires;
	struct patient	 patient;	/* for the printed invitation */
	const char	*invitee;
	const char	*email;		/* where it was e-mailed, or NULL */
	long		 wait;		/* SHARE_WAIT: seconds */
};
/*
 * Issues an invitation token of the caller's scope for a provider
 * without a portal account (or someone not in the directory): the row
 * share.token (and share.token_cancel for a replaced one), and, if an
 * address is known, MAIL_SHARE_TOKEN (the token and the inviter's name,
 * never the patient's), in one transaction. APP_REFUSED: SHARE_NOT_SEEN,
 * SHARE_NO_RIGHT, SHARE_NO_ENTRY, SHARE_HAS_ACCOUNT, SHARE_NO_INVITE (row
 * share.token_refused); APP_INVALID (SHARE_INPUT): no name.
 */
enum app_rc	app_share_token(const struct call *,
		    const struct share_token_in *, struct share_token_out *);

struct share_cancel_in {
	int64_t		 patient;
	int64_t		 invite;
};
struct share_cancel_out {
	enum share_why	 why;
	struct invite	 inv;		/* APP_OK: the token cancelled */
};
/*
 * Cancels a pending token: the row share.token_cancel with the change.
 * APP_REFUSED: SHARE_NOT_SEEN, SHARE_NO_RIGHT, SHARE_NO_INVITE (row
 * share.token_cancel_refused), nothing changed.
 */
enum app_rc	app_share_cancel(const struct call *,
		    const struct share_cancel_in *, struct share_cancel_out *);

#endif
