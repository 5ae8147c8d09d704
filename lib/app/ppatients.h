/*
 * A provider's patients (issue 12: P-ACCESS 1-3, 5, P-TOKEN, P-SPONSOR
 * 1) as operations (app.h): the patient search, the page of a patient
 * the viewer may not see with its two requests, validating an invitation
 * token, the patients shared with the viewer, the saved list and the
 * viewer's requests. Every patient shown is asked of paccess at that
 * request (a sponsored user counts with the sponsor's grounds) and every
 * page that names patients writes its rows before it returns.
 */
#ifndef PORTAL_APP_PPATIENTS_H
#define PORTAL_APP_PPATIENTS_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "paccess.h"
#include "policy_secret.h"
#include "store_ppatients.h"

struct call;

/* Why an operation was refused (APP_REFUSED) or not done (APP_INVALID). */
enum pp_why {
	PP_OK,
	PP_NOT_PROVIDER,	/* the caller is no provider-portal user */
	PP_WAIT,		/* throttled: out->wait seconds */
	PP_INPUT,		/* a field is wrong (field, problem) */
	PP_NOT_SEEN,		/* no such patient, or one the viewer has not
				 * found (one answer) */
	PP_NO_ENTRY,		/* the account has no directory entry */
	PP_PENDING,		/* a request of the kind is already open */
	PP_NO_HOLDER,		/* nobody in the family portal may approve */
	PP_AUTHORIZED,		/* the viewer already has the access asked */
	PP_TOKEN,		/* the token was refused: out->state */
};

/* One patient as a page lists them. */
struct pp_item {
	struct paccess	 pa;		/* pa.patient, the ground */
	int		 saved;		/* on the caller's saved list */
	int64_t		 since;		/* shared list: when granted; requests:
					 * when asked */
	const char	*how;		/* shared list: share, token, request;
					 * requests: pcp, share */
	const char	*status;	/* requests: pending approved declined */
	int		 no_holder;	/* search, not authorized: nobody in the
					 * family portal could approve a request */
};

struct pp_search_in {
	const char	*mrn;		/* valid_mrn; or: */
	const char	*family;	/* a prefix, 2 characters or more */
	const char	*given;		/* a prefix, or NULL */
	const char	*dob;		/* valid_date, with family */
};

struct pp_search_out {
	enum pp_why	 why;
	const char	*field;		/* PP_INPUT */
	const char	*problem;
	long		 wait;		/* PP_WAIT */
	struct pp_item	*items;
	size_t		 n;
	int		 more;		/* over patient_search_max: refine */
};

/*
 * The search (P-ACCESS 1-2): by MRN, exactly; or by a family-name prefix
 * of at least 2 characters with the full date of birth (and a given-name
 * prefix); the prefixes are text, '%' and '_' included. At most
 * patient_search_max results (more: out->more, nothing listed), each with
 * the viewer's ground. Throttled per user (THR_PATIENT_SEARCH). Audited
 * "ppatients.search" ("by mrn: 1 result", no names) and one
 * "ppatients.result" row per patient shown (detail: paccess_detail).
 */
enum app_rc	app_pp_search(const struct call *, const struct pp_search_in *,
		    struct pp_search_out *out);

struct pp_ask_out {
	enum pp_why	 why;
	struct paccess	 pa;
	int		 has_entry;	/* the account has a directory entry */
	int		 holders;	/* account holders who may approve */
	int		 pending_pcp;	/* requests already open */
	int		 pending_share;
};

/*
 * The page of a patient for requesting access: only a patient the
 * viewer found by a search in the last hour, or keeps on their saved
 * list (else PP_NOT_SEEN, as for no such patient: an id never names a
 * patient the viewer did not look up). Audited "prequest.page".
 */
enum app_rc	app_pp_ask(const struct call *, int64_t patient,
		    struct pp_ask_out *out);

struct pp_request_out {
	enum pp_why	 why;
	int64_t		 id;		/* APP_OK: the request */
};

/*
 * A request of kind "pcp" (e-mailed to provider_support_email,
 * MAIL_PCP_ASKED) or "share" (e-mailed to each account holder who may
 * share, MAIL_ACCESS_ASKED) for the viewer's effective directory entry
 * (another kind: PP_NOT_SEEN, nothing sent).
 * A second while one is open: PP_PENDING, nothing sent. Audited
 * "prequest.pcp" / "prequest.share", refusals "prequest.refused".
 */
enum app_rc	app_pp_request(const struct call *, int64_t patient,
		    const char *kind, struct pp_request_out *out);

struct pp_token_in {
	const char	*token;		/* valid_token: 16 symbols */
	const char	*mrn;		/* valid_mrn */
};

struct pp_token_out {
	enum pp_why		 why;
	enum secret_state	 state;	/* PP_TOKEN */
	long			 wait;	/* PP_WAIT */
	int64_t			 patient;	/* APP_OK */
};

/*
 * Validates an invitation token with its MRN (P-TOKEN): policy_secret
 * judges; a wrong MRN counts a try on the token (void after
 * invite_token_tries); on success the token is used (for everyone) and a
 * grant "token" made to the viewer's directory entry. Throttled per user
 * (THR_TOKEN_VALIDATE). Audited "ptoken.validate", "ptoken.refused".
 */
enum app_rc	app_pp_token(const struct call *, const struct pp_token_in *,
		    struct pp_token_out *out);

struct pp_list_out {
	enum pp_why	 why;
	struct pp_item	*items;
	size_t		 n;
};

/* The patients shared with the viewer's directory entry (share, token,
 * request) whom paccess lets them see now. Audited "ppatients.shared",
 * one row a patient. */
enum app_rc	app_pp_shared(const struct call *, struct pp_list_out *out);
/* The caller's saved list, each with the access it has now (PROVIDER_NONE:
 * "access ended"). Audited "ppatients.saved", one row a patient. */
enum app_rc	app_pp_saved(const struct call *, struct pp_list_out *out);
/* Adds a patient the viewer may see or found (as app_pp_ask), or takes
 * one off (remove). Audited "ppatients.save" / "ppatients.unsave". */
enum app_rc	app_pp_save(const struct call *, int64_t patient, int remove,
		    enum pp_why *why);

/* The requests the caller made, newest first (how: the kind; status).
 * Audited "prequest.list", one row a patient named. */
enum app_rc	app_pp_requests(const struct call *, struct pp_list_out *out);

/* What to tell the user of a refusal (why; wait for PP_WAIT): a title
 * and a message, static or in the call's arena. */
void		 app_pp_refusal(const struct call *, enum pp_why, long wait,
		    const char **title, const char **message);
/* What to tell the user when a token was refused (static text). */
const char	*app_pp_token_text(enum secret_state);
/* How the viewer has access, for a page: "You are the PCP on file" ... */
const char	*app_pp_ground_label(enum provider_access);

#endif
