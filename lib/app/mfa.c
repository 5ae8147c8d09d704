/*
 * Second factors (mfa.h). Every code is checked the same way
 * (code_check): the throttle first, the attempt counted before the check
 * so racing guesses see each other, then the TOTP step taken by one
 * UPDATE that only a newer step passes, or a recovery code marked used
 * by one UPDATE that only an unused code passes.
 */
#include <ctype.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "call.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "mail.h"
#include "mfa.h"
#include "policy_mfa.h"
#include "store_accounts.h"
#include "store_mfa.h"
#include "store_provider.h"
#include "totp.h"

/* Recovery codes: 10 characters of an alphabet without 0 1 i l o (read
 * aloud or copied from paper without doubt), about 49 bits each. */
static const char rc_alphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";
#define RC_LEN		10
#define CODE_MAX	32

static const char *const kind_names[] = {
	[MFA_FAMILY] = "family",
	[MFA_PROVIDER] = "provider",
};

const char *
app_mfa_kind_name(enum mfa_kind k)
{
	return k == MFA_PROVIDER ? kind_names[MFA_PROVIDER] :
	    kind_names[MFA_FAMILY];
}

static int
required(const struct call *c, enum mfa_kind k)
{
	return policy_mfa(MFA_MUST_ENROL, k == MFA_PROVIDER,
	    c->p->conf->provider_mfa_required != 0);
}

int
app_mfa_need(const struct call *c, enum mfa_kind k, int64_t principal)
{
	struct mfa_row	 m;

	switch (store_mfa_get(c->p->db, c->a, app_mfa_kind_name(k), principal,
	    &m)) {
	case 1:
		if (m.enabled != 0)
			return MFA_CODE;
		break;
	case 0:
		break;
	default:
		return -1;
	}
	return required(c, k) ? MFA_ENROL : MFA_NONE;
}

/* "family:12": the audit rows' detail, the throttle's key, and the data
 * a sealed secret is bound to. */
static const char *
owner(const struct call *c, enum mfa_kind k, int64_t principal)
{
	return arena_printf(c->a, "%s:%lld", app_mfa_kind_name(k),
	    (long long)principal);
}

/* The account's e-mail address (arena), or NULL. */
static const char *
owner_email(const struct call *c, enum mfa_kind k, int64_t principal)
{
	struct account		 a;
	struct provider_account	 p;

	if (k == MFA_PROVIDER)
		return store_provider_by_id(c->p->db, c->a, principal, &p) == 1 ?
		    p.email : NULL;
	return store_account_by_id(c->p->db, c->a, principal, &a) == 1 ?
	    a.email : NULL;
}

/* Opens a stored secret into key[TOTP_SECRET_LEN]; 0 or -1. */
static int
secret_open(const struct call *c, const char *who, const struct mfa_row *m,
    unsigned char key[TOTP_SECRET_LEN])
{
	if (m->secret_len != TOTP_SECRET_LEN + CRYPTO_SEAL_OVERHEAD)
		return -1;
	return crypto_open(c->p->mfa_key, who, strlen(who), m->secret,
	    m->secret_len, key) == TOTP_SECRET_LEN ? 0 : -1;
}

enum app_rc
app_mfa_status(const struct call *c, enum mfa_kind k, int64_t principal,
    struct mfa_status_out *out)
{
	struct mfa_row		 m;
	struct recovery_row	*rc;
	int			 st;

	memset(out, 0, sizeof(*out));
	out->required = required(c, k);
	out->may_turn_off = policy_mfa(MFA_MAY_TURN_OFF, k == MFA_PROVIDER,
	    c->p->conf->provider_mfa_required != 0);
	if ((st = store_mfa_get(c->p->db, c->a, app_mfa_kind_name(k), principal,
	    &m)) == -1 || store_recovery_list(c->p->db, c->a,
	    app_mfa_kind_name(k), principal, &rc, &out->recovery_left) == -1)
		return app_db_failed(c);
	out->enabled = st == 1 && m.enabled != 0;
	return APP_OK;
}

/* ABCD EFGH ...: the secret as a person types it. */
static const char *
grouped(struct arena *a, const char *s)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, a);
	for (i = 0; s[i] != '\0'; i++) {
		if (i > 0 && i % 4 == 0)
			buf_putc(&b, ' ');
		buf_putc(&b, s[i]);
	}
	return b.b_data;
}

/* Percent-encoding for the otpauth URI (RFC 3986 unreserved kept). */
static void
pct(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		if (isalnum((unsigned char)*s) || strchr("-._~", *s) != NULL)
			buf_putc(b, *s);
		else
			buf_printf(b, "%%%02X", (unsigned char)*s);
}

static void
setup_fill(const struct call *c, const unsigned char key[TOTP_SECRET_LEN],
    const char *email, struct mfa_setup_out *out)
{
	char		 b32[TOTP_B32_LEN];
	const char	*issuer = c->p->conf->portal_name;
	struct buf	 u;

	totp_b32(key, TOTP_SECRET_LEN, b32);
	out->secret = arena_strdup(c->a, b32);
	out->grouped = grouped(c->a, b32);
	buf_init(&u, c->a);
	buf_puts(&u, "otpauth://totp/");
	pct(&u, issuer);
	buf_putc(&u, ':');
	pct(&u, email);
	buf_printf(&u, "?secret=%s&issuer=", b32);
	pct(&u, issuer);
	buf_printf(&u, "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS,
	    TOTP_PERIOD);
	out->uri = u.b_data;
	explicit_bzero(b32, sizeof(b32));
}

enum app_rc
app_mfa_enrol_start(const struct call *c, enum mfa_kind k, int64_t principal,
    struct mfa_setup_out *out)
{
	const char	*who = owner(c, k, principal), *email;
	unsigned char	 key[TOTP_SECRET_LEN];
	unsigned char	 sealed[TOTP_SECRET_LEN + CRYPTO_SEAL_OVERHEAD];
	struct mfa_row	 m;
	int		 st;

	memset(out, 0, sizeof(*out));
	if ((email = owner_email(c, k, principal)) == NULL)
		return app_db_failed(c);
	if ((st = store_mfa_get(c->p->db, c->a, app_mfa_kind_name(k), principal,
	    &m)) == -1)
		return app_db_failed(c);
	if (st == 1 && m.enabled != 0)
		return APP_REFUSED;
	/* The enrolment waiting, if its seal still opens (the key may have
	 * been replaced since: then a new one). */
	if (st == 1 && secret_open(c, who, &m, key) == 0) {
		setup_fill(c, key, email, out);
		explicit_bzero(key, sizeof(key));
		return APP_OK;
	}
	crypto_random(key, sizeof(key));
	crypto_seal(c->p->mfa_key, who, strlen(who), key, sizeof(key), sealed);
	if (db_begin(c->p->db) == -1)
		goto fail;
	if ((st = store_mfa_start(c->p->db, app_mfa_kind_name(k), principal,
	    sealed, sizeof(sealed), c->now)) == -1 ||
	    (st == 1 && audit_call(c, "mfa.enrol_started", 0, who) == -1)) {
		db_rollback(c->p->db);
		goto fail;
	}
	if (db_commit(c->p->db) == -1)
		goto fail;
	if (st == 0) {
		explicit_bzero(key, sizeof(key));
		return APP_REFUSED;
	}
	setup_fill(c, key, email, out);
	explicit_bzero(key, sizeof(key));
	return APP_OK;
fail:
	explicit_bzero(key, sizeof(key));
	return app_db_failed(c);
}

/* The code as typed, without spaces and hyphens, in lower case; NULL if
 * empty or longer than any code. */
static const char *
code_clean(struct arena *a, const char *code)
{
	char	 out[CODE_MAX + 1];
	size_t	 n = 0;

	if (code == NULL)
		return NULL;
	for (; *code != '\0'; code++) {
		if (*code == ' ' || *code == '-' || *code == '\t')
			continue;
		if (n == CODE_MAX)
			return NULL;
		out[n++] = (char)tolower((unsigned char)*code);
	}
	out[n] = '\0';
	return n > 0 ? arena_strdup(a, out) : NULL;
}

enum check_mode {
	CHECK_CONFIRM,	/* the first code of an enrolment waiting */
	CHECK_USE	/* a code of a factor in use, or a recovery code */
};

/*
 * The id of the unused recovery code typed (0 if none matches), or -1 on
 * error. Each comparison is a password hash at the configured cost, so
 * this runs before the operation's transaction (the write lock must not
 * wait on up to ten of them), and not at all while the account's codes
 * are throttled; code_check then takes the code with one UPDATE that
 * only an unused code passes.
 */
static int64_t
recovery_find(const struct call *c, enum mfa_kind k, int64_t principal,
    const char *typed)
{
	struct recovery_row	*rc;
	const char		*code = code_clean(c->a, typed);
	size_t			 n, i;

	if (code == NULL || strlen(code) != RC_LEN ||
	    strspn(code, rc_alphabet) != RC_LEN ||
	    auth_wait(c, THR_MFA, owner(c, k, principal)) > 0)
		return 0;
	if (store_recovery_list(c->p->db, c->a, app_mfa_kind_name(k), principal,
	    &rc, &n) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (auth_verify(code, rc[i].code_hash))
			return rc[i].id;
	return 0;
}

/*
 * Checks code for the account: APP_OK (out->recovery set if a recovery
 * code was taken), APP_REFUSED (out->why), or a failure. rc_id: what
 * recovery_find found for it (CHECK_USE). Writes the refusals' audit
 * rows; the caller writes the success's, with its work.
 */
static enum app_rc
code_check(const struct call *c, enum mfa_kind k, int64_t principal,
    const char *typed, enum check_mode mode, int64_t rc_id,
    struct mfa_out *out)
{
	const char	*who = owner(c, k, principal), *code;
	unsigned char	 key[TOTP_SECRET_LEN];
	struct mfa_row	 m;
	int64_t		 step;
	int		 st, ok = 0;

	if ((out->wait = auth_wait(c, THR_MFA, who)) > 0) {
		audit_call(c, "mfa.throttled", 0, who);
		out->why = MFA_WHY_THROTTLED;
		return APP_REFUSED;
	}
	if ((st = store_mfa_get(c->p->db, c->a, app_mfa_kind_name(k), principal,
	    &m)) == -1)
		return app_db_failed(c);
	if (st == 0 || (mode == CHECK_USE) != (m.enabled != 0)) {
		out->why = MFA_WHY_NO_FACTOR;
		return APP_REFUSED;
	}
	if (auth_count(c, THR_MFA, who) == -1)
		return app_db_failed(c);
	code = code_clean(c->a, typed);
	if (code != NULL && strlen(code) == TOTP_DIGITS) {
		if (secret_open(c, who, &m, key) == -1)
			return APP_ERROR;
		step = totp_verify(key, sizeof(key), code, c->now);
		explicit_bzero(key, sizeof(key));
		if (step >= 0 && (st = mode == CHECK_CONFIRM ?
		    store_mfa_confirm(c->p->db, app_mfa_kind_name(k), principal,
		    step, c->now) : store_mfa_take_step(c->p->db,
		    app_mfa_kind_name(k), principal, step)) == -1)
			return app_db_failed(c);
		ok = step >= 0 && st == 1;
	} else if (rc_id > 0 && mode == CHECK_USE) {
		if ((st = store_recovery_use(c->p->db, rc_id, c->now)) == -1)
			return app_db_failed(c);
		ok = out->recovery = st == 1;
	}
	if (!ok) {
		audit_call(c, "mfa.failed", 0, who);
		out->why = MFA_WHY_WRONG;
		return APP_REFUSED;
	}
	auth_uncount(c, THR_MFA, who);
	return APP_OK;
}

/* Ten new recovery codes into out (shown once) and their hashes into
 * hashes[]. Ten password hashes: made before the transaction that
 * stores them (recovery_store), so the write lock never waits on them. */
static void
recovery_gen(const struct call *c, struct mfa_out *out,
    const char *hashes[MFA_RECOVERY_CODES])
{
	char		 code[RC_LEN + 1];
	unsigned char	 r;
	size_t		 i, j;
	const size_t	 na = sizeof(rc_alphabet) - 1;

	for (i = 0; i < MFA_RECOVERY_CODES; i++) {
		for (j = 0; j < RC_LEN; ) {
			crypto_random(&r, 1);
			/* Only bytes below a multiple of na: no bias. */
			if (r < 256 - 256 % na)
				code[j++] = rc_alphabet[r % na];
		}
		code[RC_LEN] = '\0';
		hashes[i] = auth_hash(c->a, c->p->conf, code);
		out->codes[i] = arena_printf(c->a, "%.5s-%s", code, code + 5);
	}
	explicit_bzero(code, sizeof(code));
	out->ncodes = MFA_RECOVERY_CODES;
}

/* Replaces the account's recovery codes by hashes[] (inside the
 * caller's transaction). 0 or -1. */
static int
recovery_store(const struct call *c, enum mfa_kind k, int64_t principal,
    const char *const hashes[MFA_RECOVERY_CODES])
{
	return store_recovery_replace(c->p->db, app_mfa_kind_name(k), principal,
	    (const char *const *)hashes, MFA_RECOVERY_CODES);
}

/* 1 if typed will pass code_check unless a racing request takes it first
 * (a code of the app right now, or rc_id a recovery code found): only
 * then are new recovery codes worth their ten hashes. Reads only. */
static int
code_likely(const struct call *c, enum mfa_kind k, int64_t principal,
    const char *typed, int64_t rc_id)
{
	const char	*who = owner(c, k, principal), *code;
	unsigned char	 key[TOTP_SECRET_LEN];
	struct mfa_row	 m;
	int64_t		 step;

	if (rc_id > 0)
		return 1;
	if ((code = code_clean(c->a, typed)) == NULL ||
	    strlen(code) != TOTP_DIGITS ||
	    auth_wait(c, THR_MFA, who) > 0 ||
	    store_mfa_get(c->p->db, c->a, app_mfa_kind_name(k), principal,
	    &m) != 1 || secret_open(c, who, &m, key) == -1)
		return 0;
	step = totp_verify(key, sizeof(key), code, c->now);
	explicit_bzero(key, sizeof(key));
	return step > m.last_step;
}

enum app_rc
app_mfa_enrol_confirm(const struct call *c, enum mfa_kind k,
    int64_t principal, const char *code, struct mfa_out *out)
{
	const char	*hashes[MFA_RECOVERY_CODES];
	enum app_rc	 rc;

	memset(out, 0, sizeof(*out));
	if (code_likely(c, k, principal, code, 0))
		recovery_gen(c, out, hashes);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = code_check(c, k, principal, code, CHECK_CONFIRM, 0, out)) !=
	    APP_OK) {
		out->ncodes = 0;
		memset(out->codes, 0, sizeof(out->codes));
		/* The refusal's count and row stand. */
		if (rc == APP_REFUSED && db_commit(c->p->db) == 0)
			return rc;
		db_rollback(c->p->db);
		return rc == APP_REFUSED ? app_db_failed(c) : rc;
	}
	if (out->ncodes == 0)		/* right, though not likely before */
		recovery_gen(c, out, hashes);
	if (recovery_store(c, k, principal, hashes) == -1 ||
	    audit_call(c, "mfa.enabled", 0, owner(c, k, principal)) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		memset(out, 0, sizeof(*out));
		return app_db_failed(c);
	}
	return APP_OK;
}

/*
 * Finds a recovery code among the account's (before the transaction: its
 * hashes are slow), begins, and checks code for use. APP_OK: the
 * transaction is open. Else it is over: a refusal's counted try
 * committed, anything else rolled back.
 */
static enum app_rc
code_begin(const struct call *c, enum mfa_kind k, int64_t principal,
    const char *code, struct mfa_out *out)
{
	int64_t		 rc_id;
	enum app_rc	 rc;

	if ((rc_id = recovery_find(c, k, principal, code)) == -1)
		return app_db_failed(c);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = code_check(c, k, principal, code, CHECK_USE, rc_id, out)) ==
	    APP_OK)
		return APP_OK;
	if (rc == APP_REFUSED && db_commit(c->p->db) == 0)
		return rc;
	db_rollback(c->p->db);
	return rc == APP_REFUSED ? app_db_failed(c) : rc;
}

enum app_rc
app_mfa_verify(const struct call *c, enum mfa_kind k, int64_t principal,
    const char *code, struct mfa_out *out)
{
	const char	*email;
	enum app_rc	 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = code_begin(c, k, principal, code, out)) != APP_OK)
		return rc;
	if (out->recovery) {
		/* The owner hears of it, without the code. */
		if ((email = owner_email(c, k, principal)) == NULL ||
		    mail_queue(c->p->db, c->p->conf, k == MFA_PROVIDER ?
		    MAIL_PMFA_RECOVERY : MAIL_MFA_RECOVERY, email,
		    NULL, NULL, c->now) == -1 ||
		    audit_call(c, "mfa.recovery_used", 0, owner(c, k,
		    principal)) == -1)
			goto fail;
	} else if (audit_call(c, "mfa.ok", 0, owner(c, k, principal)) == -1)
		goto fail;
	if (db_commit(c->p->db) == -1)
		goto fail;
	return APP_OK;
fail:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

enum app_rc
app_mfa_disable(const struct call *c, enum mfa_kind k, int64_t principal,
    const char *code, struct mfa_out *out)
{
	const char	*who = owner(c, k, principal), *email;
	enum app_rc	 rc;

	memset(out, 0, sizeof(*out));
	if (!policy_mfa(MFA_MAY_TURN_OFF, k == MFA_PROVIDER,
	    c->p->conf->provider_mfa_required != 0)) {
		audit_call(c, "mfa.disable_refused", 0, who);
		out->why = MFA_WHY_NOT_ALLOWED;
		return APP_REFUSED;
	}
	if ((email = owner_email(c, k, principal)) == NULL)
		return app_db_failed(c);
	if ((rc = code_begin(c, k, principal, code, out)) != APP_OK)
		return rc;
	if (store_mfa_delete(c->p->db, app_mfa_kind_name(k), principal) == -1 ||
	    mail_queue(c->p->db, c->p->conf, k == MFA_PROVIDER ? MAIL_PMFA_OFF :
	    MAIL_MFA_OFF, email, NULL, NULL, c->now) == -1 ||
	    audit_call(c, "mfa.disabled", 0, who) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

enum app_rc
app_mfa_recovery_new(const struct call *c, enum mfa_kind k, int64_t principal,
    const char *code, struct mfa_out *out)
{
	const char	*hashes[MFA_RECOVERY_CODES];
	int64_t		 rc_id;
	enum app_rc	 rc;

	memset(out, 0, sizeof(*out));
	if ((rc_id = recovery_find(c, k, principal, code)) == -1)
		return app_db_failed(c);
	if (code_likely(c, k, principal, code, rc_id))
		recovery_gen(c, out, hashes);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = code_check(c, k, principal, code, CHECK_USE, rc_id, out)) !=
	    APP_OK) {
		out->ncodes = 0;
		memset(out->codes, 0, sizeof(out->codes));
		if (rc == APP_REFUSED && db_commit(c->p->db) == 0)
			return rc;
		db_rollback(c->p->db);
		return rc == APP_REFUSED ? app_db_failed(c) : rc;
	}
	if (out->ncodes == 0)
		recovery_gen(c, out, hashes);
	if (recovery_store(c, k, principal, hashes) == -1 ||
	    audit_call(c, "mfa.recovery_regenerated", 0, owner(c, k,
	    principal)) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		memset(out, 0, sizeof(*out));
		return app_db_failed(c);
	}
	return APP_OK;
}
