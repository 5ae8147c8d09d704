/*
 * Single use and expiry of the two-part secrets (store_tokens): printed
 * activation tokens and e-mailed links. The store gives the facts; this
 * table decides, first rule that applies. `portalctl policy` prints it.
 */
#ifndef PORTAL_POLICY_SECRET_H
#define PORTAL_POLICY_SECRET_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

enum secret_state {
	SECRET_OK,
	SECRET_BAD,		/* no such secret, or the verifier is wrong */
	SECRET_USED,
	SECRET_EXPIRED,
	SECRET_VOIDED,		/* tokens: voided after wrong dates of birth */
	SECRET_MISMATCH,	/* tokens: the date of birth given is not the
				 * patient's */
	SECRET__MAX
};

struct secret_facts {
	int		 found;		/* the selector exists and the verifier
					 * matches */
	int		 voided;	/* tokens; 0 for links */
	int		 proof_ok;	/* tokens: the date of birth matches;
					 * 1 for links */
	int64_t		 used;		/* when it was used, 0 if not */
	int64_t		 expires;
};

/* The first rule of the table that applies to f at now, or SECRET_OK. */
enum secret_state policy_secret(const struct secret_facts *f, time_t now);
/* Prints the table, in the order it is applied. */
void		 policy_print_secrets(FILE *out);

#endif
