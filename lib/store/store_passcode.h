/*
 * The provider portal's sign-in secrets besides the password (sql/012):
 * e-mailed pass codes (pass_codes) and security question answers
 * (security_answers), both stored only as auth_hash values; and the
 * contact details a provider edits (provider_accounts).
 */
#ifndef PORTAL_STORE_PASSCODE_H
#define PORTAL_STORE_PASSCODE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct pass_code_row {
	int64_t		 id;
	const char	*code_hash;
	int64_t		 expires;
	long		 tries;
	int64_t		 used;		/* 0 if not */
};

/* A new code of purpose ('reset', 'questions') for the account; every
 * earlier unused code of the purpose is void from now (it expires now).
 * Its id, or -1. */
int64_t	store_pass_code_create(struct db *, int64_t account, const char *purpose,
	    const char *code_hash, time_t now, long lifetime);
/* The account's latest code of purpose: 1 and *out, 0 if none, -1. */
int	store_pass_code_latest(struct db *, struct arena *, int64_t account,
	    const char *purpose, struct pass_code_row *out);
/* Counts one wrong try on code id. 0 or -1. */
int	store_pass_code_try(struct db *, int64_t id);
/* Uses code id up, if it is still unused: 1 if it was, 0 if not, -1. */
int	store_pass_code_use(struct db *, int64_t id, time_t now);

struct security_answer {
	int		 n;		/* 1, 2, 3 */
	const char	*question;
	const char	*answer_hash;
};
/* The account's questions and answers in order of n (arena); 0 or -1. */
int	store_answers_get(struct db *, struct arena *, int64_t account,
	    struct security_answer **out, size_t *n);
/* Replaces the account's answers with a[0..n). 0 or -1. */
int	store_answers_set(struct db *, int64_t account,
	    const struct security_answer *a, size_t n);

/* Sets the account's name and phone (NULL: none). 0 or -1. */
int	store_provider_set_contact(struct db *, int64_t account, const char *given,
	    const char *family, const char *phone);

#endif
