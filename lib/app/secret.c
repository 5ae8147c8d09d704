/*
 * Selector/verifier secrets. The selector finds the row without a slow
 * hash; the verifier is compared through scrypt, so a stolen database
 * does not yield working links or tokens.
 */
#include <string.h>

#include "arena.h"
#include "auth.h"
#include "conf.h"
#include "crypto.h"
#include "secret.h"

#define SEL_BYTES	9
#define VER_BYTES	24

void
secret_link_make(struct arena *a, const struct conf *cf, struct link_secret *out)
{
	unsigned char	 sel[SEL_BYTES], ver[VER_BYTES];
	char		 s64[SEL_BYTES * 2], v64[VER_BYTES * 2];

	crypto_random(sel, sizeof(sel));
	crypto_random(ver, sizeof(ver));
	crypto_b64url(sel, sizeof(sel), s64);
	crypto_b64url(ver, sizeof(ver), v64);
	out->selector = arena_strdup(a, s64);
	out->vhash = auth_hash(a, cf, v64);
	out->text = arena_printf(a, "%s.%s", s64, v64);
}

int
secret_link_store(struct db *db, const struct link_secret *s, int64_t account,
    const char *purpose, time_t now, long lifetime)
{
	if (store_elink_retire(db, account, purpose, now) == -1 ||
	    store_elink_create(db, s->selector, s->vhash, account, purpose, now,
	    now + lifetime) == -1)
		return -1;
	return 0;
}

int
secret_link_add(struct db *db, const struct link_secret *s, int64_t account,
    const char *purpose, time_t now, long lifetime, long keep)
{
	if (store_elink_trim(db, account, purpose, now, keep - 1) == -1 ||
	    store_elink_create(db, s->selector, s->vhash, account, purpose, now,
	    now + lifetime) == -1)
		return -1;
	return 0;
}

enum secret_state
secret_link_check(struct db *db, struct arena *a, const char *text,
    const char *purpose, time_t now, struct secret_row *out)
{
	const char		*dot = strchr(text, '.');
	char			*sel;
	struct secret_facts	 f;

	if (dot == NULL || dot - text != SEL_BYTES / 3 * 4)
		return SECRET_BAD;
	sel = arena_strndup(a, text, (size_t)(dot - text));
	memset(&f, 0, sizeof(f));
	f.found = store_elink_get(db, a, sel, purpose, out) == 1 &&
	    auth_verify(dot + 1, out->verifier_hash);
	f.proof_ok = 1;
	if (f.found) {
		f.used = out->used;
		f.expires = out->expires;
	}
	return policy_secret(&f, now);
}

char *
secret_token_new(struct db *db, struct arena *a, const struct conf *cf,
    int64_t patient, const char *scope, time_t now)
{
	static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char	 r[16];
	char		 t[17], sel[7];
	int		 i, tries;

	/* A selector collision (1 in 2^30) just draws again. */
	for (tries = 0; tries < 5; tries++) {
		crypto_random(r, sizeof(r));
		for (i = 0; i < 16; i++)
			t[i] = alpha[r[i] & 31];
		t[16] = '\0';
		memcpy(sel, t, 6);
		sel[6] = '\0';
		if (store_token_create(db, sel, auth_hash(a, cf, t + 6), patient, scope, now,
		    now + cf->token_lifetime_days * 86400) != -1)
			return arena_printf(a, "%.4s-%.4s-%.4s-%.4s", t, t + 4,
			    t + 8, t + 12);
	}
	return NULL;
}
