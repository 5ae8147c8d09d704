/*
 * Every account of the demo hospital that can sign in, with its password
 * and its sign-in page (issue 16.5): one table, printed at the end of
 * `portalctl demo` and again by `make demo` when it has started. The
 * accounts are made by demo.c with the same passwords (demo.h).
 */
#include <stdio.h>

#include "demo.h"

static const struct {
	const char	*kind;		/* family staff provider sponsored */
	const char	*page;		/* the sign-in page */
	const char	*login;		/* address or user name */
	const char	*password;
	const char	*what;
} signins[] = {
	{ "family", "/login/", "maria.rivera@example.org", DEMO_FAMILY_PW,
	  "Maria Rivera, Lily's mother: a bill to pay, visits, messages" },
	{ "staff", "/staff/login", "verifier", DEMO_VERIFIER_PW,
	  "verification and provider applications" },
	{ "staff", "/staff/login", "nurse", DEMO_NURSE_PW,
	  "General Pediatrics' messages" },
	{ "staff", "/staff/login", "privacy", DEMO_PRIVACY_PW,
	  "the privacy office: the audit log and its accounting of "
	  "disclosures" },
	{ "provider", "/provider/login", "dr.okafor@example.org",
	  DEMO_DOCTOR_PW, "Lily's PCP; may sponsor office staff" },
	{ "provider", "/provider/login", "dr.nguyen@example.org",
	  DEMO_DOCTOR_PW, "a specialist: Maria can share Lily's record with "
	  "her, or she can ask" },
	{ "sponsored", "/provider/login", "priya.shah@example.org",
	  DEMO_OFFICE_PW, "Dr Okafor's office manager, sponsored by her" },
};

void
demo_signins(FILE *out)
{
	size_t	 i;

	fprintf(out, "\nSign-ins (kind, sign-in page, address or user name / "
	    "password):\n");
	for (i = 0; i < sizeof(signins) / sizeof(signins[0]); i++)
		fprintf(out, "  %-9s %-15s %s / %s  %s\n", signins[i].kind,
		    signins[i].page, signins[i].login, signins[i].password,
		    signins[i].what);
	fputc('\n', out);
}
