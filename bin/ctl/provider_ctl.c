/*
 * "portalctl provider sponsor|suspend|reinstate|revoke": hospital IT
 * changes a provider-portal account's standing through the application
 * layer (lib/app/provider_status.h), as the command-line actor, so the
 * policy's table of allowed changes, the ended sessions and the audit
 * rows are the same as anywhere else.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "call.h"
#include "portal.h"
#include "provider_ctl.h"
#include "provider_status.h"
#include "store_provider.h"
#include "valid.h"

static const char usage[] =
    "usage: portalctl provider sponsor --email E on|off\n"
    "       portalctl provider suspend|reinstate|revoke --email E\n";

int
ctl_provider_is_verb(const char *verb)
{
	enum status_act	 act;

	return verb != NULL && (strcmp(verb, "sponsor") == 0 ||
	    policy_status_act(verb, &act) == 0);
}

/* The arguments: --email E and, for sponsor, on or off. 0 or -1. */
static int
args(struct arena *a, int argc, char **argv, const char **email, int *on,
    FILE *err)
{
	const char	*msg;
	int		 i, want_on = strcmp(argv[0], "sponsor") == 0;

	*email = NULL;
	*on = -1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--email") == 0 && i + 1 < argc) {
			if ((msg = valid_email(a, argv[i + 1], strlen(argv[i + 1]),
			    email)) != NULL) {
				fprintf(err, "portalctl: --email: %s\n", msg);
				return -1;
			}
			i++;
		} else if (want_on && *on == -1 && (strcmp(argv[i], "on") == 0 ||
		    strcmp(argv[i], "off") == 0))
			*on = strcmp(argv[i], "on") == 0;
		else {
			fputs(usage, err);
			return -1;
		}
	}
	if (*email == NULL || (want_on && *on == -1)) {
		fputs(usage, err);
		return -1;
	}
	return 0;
}

int
ctl_provider(int argc, char **argv, FILE *out, FILE *err)
{
	struct provider_account	 acct;
	struct pstatus_out	 o;
	struct call		 c;
	enum status_act		 act = SACT__MAX;
	const char		*email;
	enum app_rc		 rc;
	int			 on, found;

	if (argc < 1 || !ctl_provider_is_verb(argv[0])) {
		fputs(usage, err);
		return 2;
	}
	memset(&c, 0, sizeof(c));
	c.a = arena_new();
	if (args(c.a, argc, argv, &email, &on, err) == -1) {
		arena_free(c.a);
		return 2;
	}
	policy_status_act(argv[0], &act);
	c.p = portal_open(0);
	c.who.kind = ACTOR_CLI;
	c.now = time(NULL);
	if ((found = store_provider_by_email(c.p->db, c.a, email, &acct)) != 1) {
		fprintf(err, "portalctl: %s\n", found == 0 ? "no provider portal "
		    "account has that e-mail address" : "database error");
		rc = APP_ERROR;
	} else if (act == SACT__MAX)
		rc = app_provider_sponsor_set(&c, acct.id, on, &o);
	else
		rc = app_provider_status_set(&c, acct.id, act, &o);
	if (found == 1 && rc == APP_OK)
		fprintf(out, "provider %" PRId64 " %s: %s%s -> %s\n", acct.id,
		    acct.email, act == SACT__MAX ? "sponsorship " : "", o.from,
		    o.to);
	else if (found == 1)
		fprintf(err, "portalctl: %s\n", o.problem != NULL ? o.problem :
		    "database error");
	portal_close(c.p);
	arena_free(c.a);
	return rc == APP_OK ? 0 : 1;
}
