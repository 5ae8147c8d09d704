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
#include "call.h"
#include "policy_throttle.h"
#include "store_throttle.h"

#define SALT_LEN	16
#define HASH_LEN	32
#define PW_MIN		8
#define PW_MAX		128	/* characters */
#define PW_MAX_BYTES	(PW_MAX * 4)	/* UTF-8: at most 4 bytes each */
#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

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

/*
 * The password as the list is checked against it. People meet the rule by
 * decorating a common password, so the check undoes the decoration: each
 * reading of the password (as typed; look-alikes read as letters) is
 * looked up whole and with each cut (the trailing digits and symbols; the
 * leading ones; both; one or two letters in front). Each function writes
 * into out (as long as in) and returns the length, or 0 when it does not
 * apply.
 */
typedef size_t	(*pw_view)(const char *low, size_t len, char *out);

/* An ASCII digit or symbol; letters of other scripts are letters. */
static int
pw_decoration(char ch)
{
	unsigned char	 u = (unsigned char)ch;

	return u < 0x80 && !isalpha(u);
}

/* Symbols and digits put for the letters they look like. */
static const struct {
	char	 from, to;
} pw_lookalikes[] = {
	{ '@', 'a' }, { '4', 'a' }, { '3', 'e' }, { '1', 'i' }, { '!', 'i' },
	{ '0', 'o' }, { '$', 's' }, { '5', 's' }, { '7', 't' }, { '+', 't' },
};

/* "password1": as typed (in lower case). */
static size_t
read_typed(const char *low, size_t len, char *out)
{
	memcpy(out, low, len);
	return len;
}

/* "P@ssw0rd1" is "password1": look-alikes up to the last letter read as
 * letters; what follows the last letter is decoration, kept as typed. */
static size_t
read_letters(const char *low, size_t len, char *out)
{
	size_t	 i, j, end = len;
	int	 changed = 0;

	while (end > 0 && pw_decoration(low[end - 1]))
		end--;
	memcpy(out, low, len);
	for (i = 0; i < end; i++)
		for (j = 0; j < NELEM(pw_lookalikes); j++)
			if (low[i] == pw_lookalikes[j].from) {
				out[i] = pw_lookalikes[j].to;
				changed = 1;
				break;
			}
	return changed ? len : 0;
}

static size_t
cut_none(const char *s, size_t len, char *out)
{
	memcpy(out, s, len);
	return len;
}

/* "Sunshine2024!" is "sunshine": trailing digits and symbols dropped, at
 * least 4 characters left. */
static size_t
cut_tail(const char *s, size_t len, char *out)
{
	size_t	 n = len;

	while (n > 0 && pw_decoration(s[n - 1]))
		n--;
	if (n < 4 || n == len)
		return 0;
	memcpy(out, s, n);
	return n;
}

/* "2024Sunshine" is "sunshine": leading digits and symbols dropped, at
 * least 4 characters left. */
static size_t
cut_head(const char *s, size_t len, char *out)
{
	size_t	 n = 0;

	while (n < len && pw_decoration(s[n]))
		n++;
	if (n == 0 || len - n < 4)
		return 0;
	memcpy(out, s + n, len - n);
	return len - n;
}

/* "#Welcome1!" is "welcome": digits and symbols dropped at both ends, at
 * least 4 characters left. */
static size_t
cut_ends(const char *s, size_t len, char *out)
{
	size_t	 head = 0, end = len;

	while (head < len && pw_decoration(s[head]))
		head++;
	while (end > head && pw_decoration(s[end - 1]))
		end--;
	if (head == 0 || end == len || end - head < 4)
		return 0;
	memcpy(out, s + head, end - head);
	return end - head;
}

/* "Aa123456" is "123456": one or two letters put in front (for the
 * capital letter) of 6 or more characters that start with a digit or
 * symbol. */
static size_t
cut_front(const char *s, size_t len, char *out)
{
	size_t	 n = 0;

	while (n < len && isalpha((unsigned char)s[n]))
		n++;
	if (n == 0 || n > 2 || len - n < 6)
		return 0;
	memcpy(out, s + n, len - n);
	return len - n;
}

static const pw_view pw_readings[] = { read_typed, read_letters };
static const pw_view pw_cuts[] = { cut_none, cut_tail, cut_head, cut_ends,
	cut_front };

/* 1 if a reading of low, whole or cut, is on the list. */
static int
pw_listed(const struct pwlist *l, const char *low, size_t len)
{
	char	 rd[PW_MAX_BYTES + 1], cut[PW_MAX_BYTES + 1];
	size_t	 i, j, n, m;

	for (i = 0; i < NELEM(pw_readings); i++) {
		if ((n = pw_readings[i](low, len, rd)) == 0)
			continue;
		for (j = 0; j < NELEM(pw_cuts); j++) {
			if ((m = pw_cuts[j](rd, n, cut)) == 0)
				continue;
			cut[m] = '\0';
			if (pwlist_has(l, cut))
				return 1;
		}
	}
	return 0;
}

enum pw_rule
auth_pw_rule(const struct pwlist *l, const char *pw, const char *email)
{
	char	 low[PW_MAX_BYTES + 1], name[PW_MAX_BYTES + 1];
	size_t	 len = strlen(pw), i, n;
	int	 digit = 0, upper = 0;

	if (utf8_chars(pw) < PW_MIN)
		return PW_SHORT;
	/* Characters, as the message says; the bytes bound only guards the
	 * buffers against input that is not UTF-8. */
	if (utf8_chars(pw) > PW_MAX || len > PW_MAX_BYTES)
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
	if (pw_listed(l, low, len))
		return PW_COMMON;
	/* The address's local part inside the password. */
	if (email != NULL && (n = strcspn(email, "@")) >= 4 && n <= PW_MAX_BYTES) {
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

/* The client address as every per-address throttle key has it (an IPv6
 * address by its /64). */
static const char *
addr_key(const struct call *c)
{
	char	 buf[64];

	return arena_strdup(c->a, policy_throttle_addr(c->who.addr, buf,
	    sizeof(buf)));
}

/* Throttle keys never hold an e-mail address, only its hash:
 * "<rule>:<sha256 of who, lower case>", or "<rule>:<client address>" for
 * the rules per address. */
static const char *
who_key(const struct call *c, const struct thr_rule *r, const char *who)
{
	unsigned char	 h[32];
	char		 hex[65], low[256];
	size_t		 i;

	if (who == NULL)
		return arena_printf(c->a, "%s:%s", r->tr_key, addr_key(c));
	for (i = 0; who[i] != '\0' && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)who[i]);
	low[i] = '\0';
	crypto_sha256(low, i, h);
	crypto_hex(h, sizeof(h), hex);
	return arena_printf(c->a, "%s:%s", r->tr_key, hex);
}

static long
key_wait(const struct call *c, const struct thr_rule *r, const char *key)
{
	struct throttle_row	 row;

	if (store_throttle_row(c->p->db, key, c->now, r->tr_window, &row) != 1)
		return 0;
	return policy_throttle_wait(r, row.tr_count, row.tr_since, row.tr_last,
	    c->now);
}

long
auth_wait(const struct call *c, enum thr_kind k, const char *who)
{
	struct thr_rule	 r;

	policy_throttle_rule(k, c->p->conf, &r);
	return key_wait(c, &r, who_key(c, &r, who));
}

int
auth_over(const struct call *c, enum thr_kind k, const char *who)
{
	struct thr_rule	 r;

	policy_throttle_rule(k, c->p->conf, &r);
	return policy_throttle_over(&r, store_throttle_get(c->p->db,
	    who_key(c, &r, who), c->now, r.tr_window));
}

int
auth_count(const struct call *c, enum thr_kind k, const char *who)
{
	struct thr_rule	 r;

	policy_throttle_rule(k, c->p->conf, &r);
	return store_throttle_fail(c->p->db, who_key(c, &r, who), c->now,
	    r.tr_window);
}

int
auth_quota(const struct call *c, enum thr_kind k, const char *who)
{
	struct thr_rule	 r;
	const char	*key;
	long		 n;

	policy_throttle_rule(k, c->p->conf, &r);
	key = who_key(c, &r, who);
	if (store_throttle_fail(c->p->db, key, c->now, r.tr_window) == -1 ||
	    (n = store_throttle_get(c->p->db, key, c->now, r.tr_window)) < 0)
		return -1;
	if (policy_throttle_over(&r, n - 1))
		return AUTH_BEYOND;
	return policy_throttle_over(&r, n) ? AUTH_LAST : AUTH_WITHIN;
}

void
auth_uncount(const struct call *c, enum thr_kind k, const char *who)
{
	struct thr_rule	 r;

	policy_throttle_rule(k, c->p->conf, &r);
	store_throttle_undo(c->p->db, who_key(c, &r, who));
}

/*
 * Sign-in. The account's own count is kept per address, or per browser
 * for a browser that signed in to the account before: a stranger's
 * failures then never reach the owner's browser, even behind the same
 * address. Browsers new to the account also share one account-wide
 * count, and each address one count over all accounts.
 */
struct login_keys {
	struct thr_rule	 own, wide, addr;
	const char	*own_key, *wide_key, *addr_key;
	int		 known;		/* the browser signed in to who before */
};

static void
login_keys(const struct call *c, const char *who, const char *dev,
    struct login_keys *lk)
{

	policy_throttle_rule(THR_LOGIN, c->p->conf, &lk->own);
	policy_throttle_rule(THR_LOGIN_ACCOUNT, c->p->conf, &lk->wide);
	policy_throttle_rule(THR_LOGIN_ADDRESS, c->p->conf, &lk->addr);
	lk->known = dev != NULL;
	lk->wide_key = who_key(c, &lk->wide, who);
	lk->own_key = arena_printf(c->a, "%s%c%s", who_key(c, &lk->own, who),
	    dev != NULL ? '#' : '@', dev != NULL ? dev : addr_key(c));
	lk->addr_key = who_key(c, &lk->addr, NULL);
}

long
auth_login_wait(const struct call *c, const char *who, const char *device)
{
	struct login_keys	 lk;
	long			 w, t;

	login_keys(c, who, device, &lk);
	w = key_wait(c, &lk.own, lk.own_key);
	if (!lk.known) {
		if ((t = key_wait(c, &lk.wide, lk.wide_key)) > w)
			w = t;
		if ((t = key_wait(c, &lk.addr, lk.addr_key)) > w)
			w = t;
	}
	return w;
}

int
auth_login_attempt(const struct call *c, const char *who, const char *device)
{
	struct login_keys	 lk;

	login_keys(c, who, device, &lk);
	if (store_throttle_fail(c->p->db, lk.own_key, c->now,
	    lk.own.tr_window) == -1)
		return -1;
	if (lk.known)
		return 0;
	if (store_throttle_fail(c->p->db, lk.wide_key, c->now,
	    lk.wide.tr_window) == -1 ||
	    store_throttle_fail(c->p->db, lk.addr_key, c->now,
	    lk.addr.tr_window) == -1)
		return -1;
	return 0;
}

void
auth_login_ok(const struct call *c, const char *who, const char *device)
{
	struct login_keys	 lk;

	login_keys(c, who, device, &lk);
	store_throttle_clear(c->p->db, lk.own_key);
	if (lk.known)
		return;
	store_throttle_undo(c->p->db, lk.wide_key);
	store_throttle_undo(c->p->db, lk.addr_key);
}

int
auth_login_reset(const struct call *c, const char *who)
{
	struct thr_rule	 r;

	policy_throttle_rule(THR_LOGIN, c->p->conf, &r);
	if (store_throttle_clear_prefix(c->p->db, who_key(c, &r, who)) == -1)
		return -1;
	policy_throttle_rule(THR_LOGIN_ACCOUNT, c->p->conf, &r);
	return store_throttle_clear(c->p->db, who_key(c, &r, who));
}

const char *
auth_wait_text(struct arena *a, long seconds)
{
	long	 m = (seconds + 59) / 60;

	if (m >= 60 && m % 60 == 0)
		return arena_printf(a, "%ld hour%s", m / 60, m == 60 ? "" : "s");
	return arena_printf(a, "%ld minute%s", m < 1 ? 1 : m, m <= 1 ? "" : "s");
}
