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

/*
 * E-mailed pass codes of the provider portal (P-LOGIN 3; pass_codes):
 * the account's latest code of a purpose is the only one that counts
 * (asking for a new one voids the others). Its own table, first rule
 * that applies: SECRET_BAD (none sent, or the code typed is not it: a
 * wrong try, also once the code is void: "void" told to a guesser would
 * say that the address has an account), SECRET_VOIDED (too many wrong
 * tries, told to who types the right code), SECRET_USED, SECRET_EXPIRED,
 * SECRET_MISMATCH (a security answer is wrong: a wrong try too), else
 * SECRET_OK.
 */
struct pass_code_facts {
	int		 sent;		/* the account has a code of the purpose */
	int		 matches;	/* the code typed is that code */
	int		 answers_ok;	/* the security answers are right (1 when
					 * none are asked) */
	long		 tries;		/* wrong tries counted on the code */
	long		 max_tries;	/* conf pass_code_tries */
	int64_t		 used;		/* when it was used, 0 if not */
	int64_t		 expires;
};
enum secret_state policy_pass_code(const struct pass_code_facts *f, time_t now);
/* 1 if the states counts as a wrong try of the code (SECRET_BAD with a
 * code sent, SECRET_MISMATCH), else 0. */
int		 policy_pass_code_wrong_try(const struct pass_code_facts *f,
		    enum secret_state s);
void		 policy_print_pass_codes(FILE *out);

/*
 * A provider-portal password's age (P-LOGIN 4): 1 if a password changed
 * at changed (0: not known) has expired at now under a limit of days
 * (conf provider_password_days; 0 or less: passwords never expire).
 * An unknown age counts as expired.
 */
int		 policy_password_expired(int64_t changed, long days, time_t now);

#endif
