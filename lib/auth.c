/*
 * Secret hashing with scrypt, the password rule, the common-password list
 * and sign-in throttling.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "auth.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "store_throttle.h"

#define SALT_LEN	16
#define HASH_LEN	32
#define PW_MIN		8
#define PW_MAX		128

char *
auth_hash(struct arena *a, const struct conf *cf, const char *secret)
{
	unsigned char	 salt[SALT_LEN], out[HASH_LEN];
	char		 s64[SALT_LEN * 2], h64[HASH_LEN * 2];

	crypto_random(salt, sizeof(salt));
	if (crypto_scrypt(secret, strlen(secret), salt, sizeof(salt),
	    (uint64_t)cf->scrypt_n, (uint64_t)cf->scrypt_r,
	    (uint64_t)cf->scrypt_p, out, sizeof(out)) == -1)
		abort();	/* parameters are checked at load: cannot happen */
	crypto_b64url(salt, sizeof(salt), s64);
	crypto_b64url(out, sizeof(out), h64);
	explicit_bzero(out, sizeof(out));
	return arena_printf(a, "scrypt$%ld$%ld$%ld$%s$%s", cf->scrypt_n,
	    cf->scrypt_r, cf->scrypt_p, s64, h64);
}

struct parsed {
	uint64_t	 n, r, p;
	unsigned char	 salt[64];
	long		 saltlen;
	unsigned char	 hash[64];
	long		 hashlen;
};

static int
parse_stored(const char *stored, struct parsed *ps)
{
	char	 s64[128], h64[128];

	if (sscanf(stored, "scrypt$%" SCNu64 "$%" SCNu64 "$%" SCNu64
	    "$%127[A-Za-z0-9_-]$%127[A-Za-z0-9_-]", &ps->n, &ps->r, &ps->p,
	    s64, h64) != 5)
		return -1;
	/* Bounds as conf.c's, so a stored value cannot ask for gigabytes. */
	if (ps->n < 2 || ps->n > (1u << 22) || (ps->n & (ps->n - 1)) != 0 ||
	    ps->r < 1 || ps->r > 64 || ps->p < 1 || ps->p > 64)
		return -1;
	if ((ps->saltlen = crypto_unb64url(s64, ps->salt, sizeof(ps->salt))) <= 0 ||
	    (ps->hashlen = crypto_unb64url(h64, ps->hash, sizeof(ps->hash))) <= 0)
		return -1;
	return 0;
}

int
auth_verify(const char *secret, const char *stored)
{
	struct parsed	 ps;
	unsigned char	 out[64];
	int		 ok;

	if (stored == NULL || parse_stored(stored, &ps) == -1)
		return 0;
	if (crypto_scrypt(secret, strlen(secret), ps.salt, (size_t)ps.saltlen,
	    ps.n, ps.r, ps.p, out, (size_t)ps.hashlen) == -1)
		return 0;
	ok = crypto_equal(out, ps.hash, (size_t)ps.hashlen);
	explicit_bzero(out, sizeof(out));
	return ok;
}

int
auth_needs_rehash(const struct conf *cf, const char *stored)
{
	struct parsed	 ps;

	if (parse_stored(stored, &ps) == -1)
		return 1;
	return ps.n != (uint64_t)cf->scrypt_n || ps.r != (uint64_t)cf->scrypt_r ||
	    ps.p != (uint64_t)cf->scrypt_p;
}

void
auth_burn(const struct conf *cf, const char *secret)
{
	unsigned char	 salt[SALT_LEN] = { 0 }, out[HASH_LEN];

	(void)crypto_scrypt(secret, strlen(secret), salt, sizeof(salt),
	    (uint64_t)cf->scrypt_n, (uint64_t)cf->scrypt_r,
	    (uint64_t)cf->scrypt_p, out, sizeof(out));
}

/* The common-password list: sorted lower-case strings, searched by bsearch. */
struct pwlist {
	char	**words;
	size_t	  n;
};

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct pwlist *
auth_pwlist_load(const char *path, char *err, size_t errsz)
{
	struct pwlist	*l;
	FILE		*f;
	char		 line[256], **nw, *p;
	size_t		 cap = 0, i, len;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL)
		goto oom;
	while (fgets(line, sizeof(line), f) != NULL) {
		len = strcspn(line, "\r\n");
		line[len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		for (i = 0; i < len; i++)
			line[i] = (char)tolower((unsigned char)line[i]);
		if (l->n == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((nw = realloc(l->words, cap * sizeof(*nw))) == NULL)
				goto oom;
			l->words = nw;
		}
		if ((p = strdup(line)) == NULL)
			goto oom;
		l->words[l->n++] = p;
	}
	fclose(f);
	if (l->n > 0)
		qsort(l->words, l->n, sizeof(*l->words), cmpstr);
	return l;
oom:
	fclose(f);
	auth_pwlist_free(l);
	snprintf(err, errsz, "out of memory");
	return NULL;
}

void
auth_pwlist_free(struct pwlist *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->words[i]);
	free(l->words);
	free(l);
}

static int
pwlist_has(const struct pwlist *l, const char *w)
{
	return l->n > 0 &&
	    bsearch(&w, l->words, l->n, sizeof(*l->words), cmpstr) != NULL;
}

static size_t
utf8_chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

enum pw_rule
auth_pw_rule(const struct pwlist *l, const char *pw, const char *email)
{
	char	 low[PW_MAX + 1], name[PW_MAX + 1];
	size_t	 len = strlen(pw), i, n;
	int	 digit = 0, upper = 0;

	if (utf8_chars(pw) < PW_MIN)
		return PW_SHORT;
	if (len > PW_MAX)
		return PW_LONG;
	for (i = 0; i < len; i++) {
		digit |= isdigit((unsigned char)pw[i]) != 0;
		upper |= (pw[i] >= 'A' && pw[i] <= 'Z');
		low[i] = (char)tolower((unsigned char)pw[i]);
	}
	low[len] = '\0';
	if (!digit)
		return PW_NO_DIGIT;
	if (!upper)
		return PW_NO_UPPER;
	if (pwlist_has(l, low))
		return PW_COMMON;
	/* "Sunshine2024!" is "sunshine" with decoration: strip trailing
	 * digits and punctuation and look again. */
	n = len;
	while (n > 0 && !isalpha((unsigned char)low[n - 1]))
		n--;
	if (n >= 4 && n < len) {
		low[n] = '\0';
		if (pwlist_has(l, low))
			return PW_COMMON;
		low[n] = (char)tolower((unsigned char)pw[n]);
	}
	/* The address's local part inside the password. */
	if (email != NULL && (n = strcspn(email, "@")) >= 4 && n <= PW_MAX) {
		for (i = 0; i < n; i++)
			name[i] = (char)tolower((unsigned char)email[i]);
		name[n] = '\0';
		if (strstr(low, name) != NULL)
			return PW_PERSONAL;
	}
	return PW_OK;
}

static const char *const pw_messages[] = {
	[PW_OK] = "",
	[PW_SHORT] = "Your password must have at least 8 characters.",
	[PW_LONG] = "Your password must have at most 128 characters.",
	[PW_NO_DIGIT] = "Your password must include at least one number.",
	[PW_NO_UPPER] = "Your password must include at least one capital letter (A-Z).",
	[PW_COMMON] = "That password is too common and easy to guess. Choose another one.",
	[PW_PERSONAL] = "Your password must not contain your e-mail address.",
};

const char *
auth_pw_message(enum pw_rule r)
{
	return pw_messages[r];
}

/* Throttle keys never hold the address itself, only its hash. */
static const char *
acct_key(struct ctx *c, const char *who)
{
	unsigned char	 h[32];
	char		 hex[65], low[256];
	size_t		 i;

	for (i = 0; who[i] != '\0' && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)who[i]);
	low[i] = '\0';
	crypto_sha256(low, i, h);
	crypto_hex(h, sizeof(h), hex);
	return arena_printf(c->a, "acct:%s", hex);
}

int
auth_throttled(struct ctx *c, const char *who)
{
	const struct conf	*cf = c->p->conf;

	if (who != NULL && store_throttle_get(c->p->db, acct_key(c, who), c->now,
	    cf->login_window) >= cf->login_fail_account)
		return 1;
	return store_throttle_get(c->p->db, arena_printf(c->a, "addr:%s", c->addr),
	    c->now, cf->login_window) >= cf->login_fail_address;
}

void
auth_failed(struct ctx *c, const char *who)
{
	const struct conf	*cf = c->p->conf;

	if (who != NULL)
		store_throttle_fail(c->p->db, acct_key(c, who), c->now,
		    cf->login_window);
	store_throttle_fail(c->p->db, arena_printf(c->a, "addr:%s", c->addr),
	    c->now, cf->login_window);
}

void
auth_count(struct ctx *c, const char *who)
{
	store_throttle_fail(c->p->db, acct_key(c, who), c->now,
	    c->p->conf->login_window);
}

void
auth_succeeded(struct ctx *c, const char *who)
{
	store_throttle_clear(c->p->db, acct_key(c, who));
}
