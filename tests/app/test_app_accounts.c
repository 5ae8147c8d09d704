/*
 * The accounts operations (lib/app/enrol.c, lib/app/login.c) without a
 * web server (issue 8.2): sign-up by token and by MRN, confirming the
 * address, adding a patient, the staff queue and decision, sign-in and
 * the password reset. For each: the allowed case, each refusal (wrong
 * date of birth, used, expired and voided tokens, not on file, foster
 * parent, a teen with a parent's address, a self-access token used by a
 * parent, a second own account, throttled) and the audit row it leaves.
 * Patients and tokens come from `bin/portalctl`, as hospital IT makes them.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <time.h>

#include "app_test.h"
#include "audit.h"
#include "conf.h"
#include "enrol.h"
#include "login.h"
#include "store_audit.h"
#include "store_outbox.h"

static struct portal	*P;
static struct arena	*G;		/* for what the tests share */
static time_t		 NOW;
static int		 seq;
static char		 last_family[32];	/* the last patient's family name */

/* Runs a portalctl command line and returns its first line of output. */
static char *
ctl(struct arena *a, const char *fmt, ...)
{
	char	 cmd[1024], line[512] = "";
	va_list	 ap;
	FILE	*f;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if ((f = popen(cmd, "r")) == NULL || fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	if (f != NULL && pclose(f) != 0)
		fprintf(stderr, "ctl: %s failed\n", cmd);
	line[strcspn(line, "\n")] = '\0';
	return arena_strdup(a, line);
}

/* A date of birth that makes the patient years old today. */
static char *
dob(struct arena *a, int years)
{
	int	 y, m, d;

	enrol_today(NOW, &y, &m, &d);
	return arena_printf(a, "%04d-01-01", y - years);
}

/* A patient of that age with a visit 10 days ago; its MRN. */
static char *
patient(struct arena *a, int years, const char *extra)
{
	char	*mrn = arena_printf(a, "A%05d", ++seq);
	char	 visit[16];
	time_t	 t = NOW - 10 * 86400;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(visit, sizeof(visit), "%Y-%m-%d", &tm);
	snprintf(last_family, sizeof(last_family), "Fam%d", seq);
	ctl(a, "bin/portalctl patient add --mrn %s --given Alex --family "
	    "Fam%d --dob %s --visit %s %s", mrn, seq, dob(a, years), visit,
	    extra ? extra : "");
	return mrn;
}

static void
relation(struct arena *a, const char *mrn, const char *kind, const char *given,
    const char *family, const char *email)
{
	ctl(a, "bin/portalctl patient relation --mrn %s --kind %s --given %s "
	    "--family %s%s%s", mrn, kind, given, family, email ? " --email " : "",
	    email ? email : "");
}

static char *
token(struct arena *a, const char *mrn, const char *self)
{
	return ctl(a, "bin/portalctl token issue --mrn %s %s", mrn, self ? self : "");
}

/* A call as who, from its own address (so the per-address throttles of
 * one case do not reach the next). */
static struct call
call_as(enum actor_kind kind, int64_t id, time_t now)
{
	struct call	 c = t_call(P, kind, id, now);

	c.who.addr = arena_printf(c.a, "192.0.2.%d", 10 + ++seq % 200);
	return c;
}

/* The newest audit row with action. */
struct found {
	const char	*action;
	struct audit_row row;
	int		 n;
};

static int
match(const struct audit_row *r, void *arg)
{
	struct found	*f = arg;

	if (strcmp(r->action, f->action) == 0) {
		f->row = *r;
		f->n++;
	}
	return 0;
}

static struct found
audit_last(struct arena *a, const char *action)
{
	struct found	 f;

	memset(&f, 0, sizeof(f));
	f.action = action;
	store_audit_each(P->db, a, match, &f);
	return f;
}

/* The link code of the newest e-mail to addr still in the outbox. */
static const char *
mailed_code(struct arena *a, const char *to)
{
	struct outmail	 m;
	const char	*code = NULL, *t;

	while (store_outbox_claim(P->db, a, NOW, &m) == 1) {
		store_outbox_sent(P->db, m.id, NOW);
		if (strcmp(m.to, to) == 0 && (t = strstr(m.body, "#t=")) != NULL)
			code = arena_strndup(a, t + 3, strspn(t + 3,
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_."));
	}
	return code;
}

static enum app_rc
signup(struct call *c, const char *given, const char *family, const char *email,
    int self, const char *tok, const char *dob_, struct signup_out *out)
{
	struct signup_in	 in;

	memset(&in, 0, sizeof(in));
	in.e.given = given;
	in.e.family = family;
	in.e.email = email;
	in.e.as_self = self;
	in.e.token = tok;
	in.e.dob = dob_;
	in.password = "Correct7Horse";
	return app_signup(c, &in, out);
}

/* Token strings as the form hands them over: no dashes. */
static char *
plain(struct arena *a, const char *tok)
{
	char	*s = arena_strdup(a, tok), *w = s;
	const char *r;

	for (r = tok; *r != '\0'; r++)
		if (*r != '-')
			*w++ = *r;
	*w = '\0';
	return s;
}

static int64_t	 parent_account;	/* the parent of child, verified */
static const char *parent_email = "pat.parent@example.org";
static const char *child, *child_dob;

static void
test_signup_token(void)
{
	struct call		 c = call_as(ACTOR_NOBODY, 0, NOW);
	struct signup_out	 o;
	struct found		 f;
	const char		*tok;

	child = patient(G, 8, NULL);
	child_dob = dob(G, 8);
	relation(c.a, child, "parent", "Pat", "Parent", parent_email);
	relation(c.a, child, "foster_parent", "Fay", "Foster", NULL);
	tok = plain(c.a, token(c.a, child, NULL));

	/* Refusals first: none of them uses the token up. */
	T_INT(signup(&c, "Nobody", "Known", "nobody@example.org", 0, tok,
	    child_dob, &o), APP_REFUSED, "not on file");
	T_INT(o.no.elig, ELIG_NOT_ON_FILE, "not on file: why");
	f = audit_last(c.a, "signup.refused");
	T_STR(f.row.detail, policy_signup_message(ELIG_NOT_ON_FILE),
	    "signup.refused row says why");
	T_OK(f.row.patient_id != 0, "signup.refused row names the patient");

	T_INT(signup(&c, "Fay", "Foster", "fay@example.org", 0, tok, child_dob,
	    &o), APP_REFUSED, "foster parent");
	T_INT(o.no.elig, ELIG_FOSTER_PARENT, "foster parent: why");

	T_INT(signup(&c, "Pat", "Parent", parent_email, 0, tok, "2001-02-03",
	    &o), APP_INVALID, "wrong date of birth");
	T_INT(o.no.why, ENROL_NO_MATCH, "wrong date of birth: why");
	T_STR(o.no.field, "token", "wrong date of birth: field");

	{
		struct signup_in in;

		memset(&in, 0, sizeof(in));
		in.e.given = "Pat";
		in.e.family = "Parent";
		in.e.email = parent_email;
		in.e.token = tok;
		in.e.dob = child_dob;
		in.password = "password";
		T_INT(app_signup(&c, &in, &o), APP_INVALID, "weak password");
		T_INT(o.no.why, ENROL_PASSWORD, "weak password: why");
	}

	/* Allowed. */
	T_INT(signup(&c, "Pat", "Parent", parent_email, 0, tok, child_dob, &o),
	    APP_OK, "parent with the family token");
	T_INT(o.done, ENROL_LINKED, "linked at once");
	T_OK(o.account != 0, "a new account");
	parent_account = o.account;
	f = audit_last(c.a, "signup.token");
	T_STR(f.row.detail, arena_printf(c.a, "account %" PRId64, o.account),
	    "signup.token row");
	T_STR(f.row.actor, "anonymous", "signup.token row: actor");

	/* Used. */
	T_INT(signup(&c, "Pat", "Parent", "pat2@example.org", 0, tok, child_dob,
	    &o), APP_INVALID, "used token");
	T_INT(o.no.why, ENROL_USED, "used token: why");

	/* The address has an account: the same answer, the owner told. */
	tok = plain(c.a, token(c.a, child, NULL));
	T_INT(signup(&c, "Pat", "Parent", parent_email, 0, tok, child_dob, &o),
	    APP_OK, "address taken: same answer");
	T_INT(o.account, 0, "address taken: no new account");
	T_INT(audit_last(c.a, "signup.address_taken").n, 1,
	    "signup.address_taken row");
	/* Issue 7.4: the token is left unused for the owner. */
	T_INT(signup(&c, "Pat", "Parent", "pat3@example.org", 0, tok, child_dob,
	    &o), APP_OK, "address taken: the token still opens an account");
	T_INT(o.done, ENROL_LINKED, "address taken: token unused");
	arena_free(c.a);
}

static void
test_signup_tokens_state(void)
{
	struct call		 c = call_as(ACTOR_NOBODY, 0, NOW);
	struct signup_out	 o;
	const char		*tok;
	int			 i;

	/* Expired: a call after the token's lifetime. */
	tok = plain(c.a, token(c.a, child, NULL));
	{
		struct call late = call_as(ACTOR_NOBODY, 0, NOW +
		    P->conf->token_lifetime_days * 86400 + 60);

		T_INT(signup(&late, "Pat", "Parent", "late@example.org", 0, tok,
		    child_dob, &o), APP_INVALID, "expired token");
		T_INT(o.no.why, ENROL_EXPIRED, "expired token: why");
		arena_free(late.a);
	}
	/* Voided: wrong dates of birth from several addresses. */
	for (i = 0; i < 3; i++) {
		struct call other = call_as(ACTOR_NOBODY, 0, NOW);

		signup(&other, "Pat", "Parent", "v@example.org", 0, tok,
		    "2001-02-03", &o);
		arena_free(other.a);
	}
	T_INT(o.no.why, ENROL_VOIDED, "third wrong date of birth voids");
	T_INT(signup(&c, "Pat", "Parent", "v@example.org", 0, tok, child_dob, &o),
	    APP_INVALID, "voided token, right date");
	T_INT(o.no.why, ENROL_VOIDED, "voided: why");

	/* Throttled: wrong tokens from one address. */
	for (i = 0; i < 40 && o.no.why != ENROL_THROTTLED; i++)
		signup(&c, "Pat", "Parent", "t@example.org", 0, "ZZZZZZZZZZZZZZZZ",
		    child_dob, &o);
	T_INT(o.no.why, ENROL_THROTTLED, "throttled after wrong tokens");
	T_OK(i > 1 && i <= 21, "throttled at the limit (%d)", i);
	arena_free(c.a);
}

static void
test_signup_self(void)
{
	struct call		 c = call_as(ACTOR_NOBODY, 0, NOW);
	struct signup_out	 o;
	const char		*teen, *adult, *tok;

	teen = patient(c.a, 15, "--email teen.own@example.org");
	relation(c.a, teen, "parent", "Terry", "Parent", "terry@example.org");
	tok = plain(c.a, token(c.a, teen, "--self"));

	T_INT(signup(&c, "Terry", "Parent", "terry@example.org", 0, tok,
	    dob(c.a, 15), &o), APP_REFUSED, "self token used by a parent");
	T_INT(o.no.elig, ELIG_GUARDIAN_SELF_TOKEN, "self token by a parent: why");
	T_INT(signup(&c, "Alex", arena_strdup(c.a, last_family),
	    "terry@example.org", 1, tok, dob(c.a, 15), &o), APP_REFUSED,
	    "teen with the parent's address");
	T_OK(o.no.elig == ELIG_TEEN_EMAIL, "teen with a parent's address: why (%d)",
	    o.no.elig);

	/* An adult's own account, then a second one: to the staff queue. */
	adult = patient(c.a, 20, NULL);
	tok = plain(c.a, token(c.a, adult, NULL));
	T_INT(signup(&c, "Alex", last_family,
	    "alex.own@example.org", 1, tok, dob(c.a, 20), &o), APP_OK,
	    "adult's own account");
	T_INT(o.done, ENROL_LINKED, "adult's own account: linked");
	tok = plain(c.a, token(c.a, adult, NULL));
	T_INT(signup(&c, "Alex", last_family,
	    "alex.second@example.org", 1, tok, dob(c.a, 20), &o), APP_OK,
	    "second own account");
	T_INT(o.done, ENROL_SELF_QUEUED, "second own account: to the queue");
	T_INT(audit_last(c.a, "signup.self_queued").n, 1, "signup.self_queued row");
	arena_free(c.a);
}

static void
test_signup_mrn(void)
{
	struct call		 c = call_as(ACTOR_NOBODY, 0, NOW);
	struct signup_in	 in;
	struct signup_out	 o;
	int			 i;

	memset(&in, 0, sizeof(in));
	in.e.given = "Pat";
	in.e.family = "Parent";
	in.e.email = "pat.mrn@example.org";
	in.e.mrn = child;
	in.e.visit_date = "2099-01-01";
	in.password = "Correct7Horse";
	T_INT(app_signup(&c, &in, &o), APP_INVALID, "future visit");
	T_INT(o.no.why, ENROL_FUTURE_VISIT, "future visit: why");
	T_STR(o.no.field, "visit_date", "future visit: field");
	in.e.visit_date = "2020-01-01";
	T_INT(app_signup(&c, &in, &o), APP_OK, "by MRN");
	T_INT(o.done, ENROL_QUEUED, "by MRN: queued");
	T_INT(audit_last(c.a, "signup.mrn_queued").n, 1, "signup.mrn_queued row");
	/* Requests from one address are limited. */
	for (i = 0; i < 10 && o.no.why != ENROL_THROTTLED; i++) {
		in.e.email = arena_printf(c.a, "q%d@example.org", i);
		app_signup(&c, &in, &o);
	}
	T_INT(o.no.why, ENROL_THROTTLED, "MRN requests throttled per address");
	T_STR(o.no.field, "mrn", "throttled: field");
	arena_free(c.a);
}

static void
test_verify(void)
{
	struct call		 c = call_as(ACTOR_NOBODY, 0, NOW);
	struct verify_in	 in;
	struct verify_out	 o;
	struct found		 f;

	memset(&in, 0, sizeof(in));
	in.code = mailed_code(c.a, parent_email);
	T_OK(in.code != NULL, "the verification e-mail has a code");
	if (in.code == NULL)
		return;
	T_INT(app_signup_verify(&c, &in, &o), APP_OK, "confirm the address");
	T_INT(o.account, parent_account, "the parent's account");
	f = audit_last(c.a, "verify.ok");
	T_STR(f.row.detail, arena_printf(c.a, "account %" PRId64, parent_account),
	    "verify.ok row");
	T_INT(app_signup_verify(&c, &in, &o), APP_REFUSED, "the code again");
	T_INT(o.state, SECRET_USED, "used");
	T_STR(audit_last(c.a, "verify.refused").row.detail,
	    "This link has already been used: your e-mail address is "
	    "confirmed, and you can sign in.", "verify.refused row");
	in.code = "AAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
	T_INT(app_signup_verify(&c, &in, &o), APP_REFUSED, "a made-up code");
	T_INT(o.state, SECRET_BAD, "not valid");
	arena_free(c.a);
}

static void
test_patient_add(void)
{
	struct call		 c = call_as(ACTOR_FAMILY, parent_account, NOW);
	struct enrol_in		 in;
	struct patient_add_out	 o;
	const char		*sib, *other;
	int			 i;

	sib = patient(c.a, 5, NULL);
	relation(c.a, sib, "parent", "Pat", "Parent", parent_email);
	other = patient(c.a, 6, NULL);
	memset(&in, 0, sizeof(in));
	in.token = plain(c.a, token(c.a, sib, NULL));
	in.dob = dob(c.a, 5);
	T_INT(app_patient_add(&c, &in, &o), APP_OK, "add a sibling by token");
	T_INT(o.done, ENROL_LINKED, "linked");
	T_INT(audit_last(c.a, "patient_add.token").row.patient_id, o.patient,
	    "patient_add.token row names the patient");

	in.token = plain(c.a, token(c.a, sib, NULL));
	T_INT(app_patient_add(&c, &in, &o), APP_REFUSED, "already on the account");
	T_INT(o.no.why, ENROL_HELD, "held: why");

	in.token = plain(c.a, token(c.a, other, NULL));
	in.dob = dob(c.a, 6);
	T_INT(app_patient_add(&c, &in, &o), APP_REFUSED, "not on file");
	T_INT(o.no.elig, ELIG_NOT_ON_FILE, "not on file: why");
	T_INT(audit_last(c.a, "patient_add.refused").n, 1, "patient_add.refused row");

	memset(&in, 0, sizeof(in));
	in.mrn = other;
	in.visit_date = "2020-01-01";
	T_INT(app_patient_add(&c, &in, &o), APP_OK, "by MRN");
	T_INT(o.done, ENROL_QUEUED, "queued");
	T_INT(audit_last(c.a, "patient_add.mrn_queued").n, 1,
	    "patient_add.mrn_queued row");
	/* At most 3 requests of an account wait for staff. */
	for (i = 0; i < 5 && o.no.why != ENROL_QUEUE_FULL; i++) {
		struct call more = call_as(ACTOR_FAMILY, parent_account, NOW);

		app_patient_add(&more, &in, &o);
		arena_free(more.a);
	}
	T_INT(o.no.why, ENROL_QUEUE_FULL, "the account's queue is full");
	arena_free(c.a);
}

static int64_t	 staff_id;

/* The pending request of account on patient mrn, or 0. */
static int64_t
request_of(const struct staff_queue_out *q, const char *email)
{
	size_t	 i;

	for (i = 0; i < q->n; i++)
		if (strcmp(q->items[i].email, email) == 0)
			return q->items[i].id;
	return 0;
}

static void
test_staff(void)
{
	struct call		 c = call_as(ACTOR_NOBODY, 0, NOW);
	struct staff_queue_out	 q;
	struct staff_decide_in	 in;
	struct staff_decide_out	 o;
	struct found		 f;
	int64_t			 id, rej;

	sscanf(ctl(c.a, "echo 'Staff7Secret' | bin/portalctl staff add "
	    "--username vera --name Vera"), "staff %" SCNd64, &staff_id);
	T_OK(staff_id > 0, "staff added");
	T_INT(app_staff_queue(&c, &q), APP_REFUSED, "the queue: not staff");
	T_INT(audit_last(c.a, "staff.refused").n, 1, "staff.refused row");
	arena_free(c.a);

	c = call_as(ACTOR_STAFF, staff_id, NOW);
	T_INT(app_staff_queue(&c, &q), APP_OK, "the queue");
	T_OK(q.n >= 3, "requests waiting (%zu)", q.n);
	T_OK(q.n <= ENROL_QUEUE_PAGE && q.more == 0, "all shown, none more");
	f = audit_last(c.a, "staff.queue_view");
	T_OK(f.n >= 3, "a staff.queue_view row per request shown (%d)", f.n);
	T_STR(f.row.actor, arena_printf(c.a, "staff:%" PRId64, staff_id),
	    "staff.queue_view row: actor");
	id = request_of(&q, "pat.mrn@example.org");
	rej = request_of(&q, "q0@example.org");
	T_OK(id != 0 && rej != 0, "the MRN requests are in the queue");

	memset(&in, 0, sizeof(in));
	in.id = 999999;
	in.approve = 1;
	T_INT(app_staff_decide(&c, &in, &o), APP_REFUSED, "no such request");
	T_INT(o.why, DECIDE_NO_SUCH, "no such request: why");
	in.id = rej;
	in.approve = 0;
	T_INT(app_staff_decide(&c, &in, &o), APP_INVALID, "reject without reason");
	T_INT(o.why, DECIDE_NO_REASON, "no reason: why");
	in.reason = "nomatch";
	T_INT(app_staff_decide(&c, &in, &o), APP_OK, "reject");
	T_STR(audit_last(c.a, "signup_request.rejected").row.detail,
	    arena_printf(c.a, "request %" PRId64 " reason nomatch", rej),
	    "signup_request.rejected row");
	in.id = id;
	in.approve = 1;
	T_INT(app_staff_decide(&c, &in, &o), APP_OK, "approve");
	T_STR(audit_last(c.a, "signup_request.approved").row.detail,
	    arena_printf(c.a, "request %" PRId64, id), "signup_request.approved row");
	T_INT(app_staff_decide(&c, &in, &o), APP_REFUSED, "decided already");
	T_INT(o.why, DECIDE_ALREADY, "decided already: why");
	arena_free(c.a);
}

static void
test_login(void)
{
	struct call		 c = call_as(ACTOR_NOBODY, 0, NOW);
	struct login_in		 in;
	struct login_out	 o;
	struct forgot_in	 fi;
	struct reset_in		 ri;
	struct reset_out	 ro;
	int			 i;

	memset(&in, 0, sizeof(in));
	in.who = "alex.own@example.org";	/* signed up, not confirmed */
	in.password = "Correct7Horse";
	T_INT(app_login(&c, &in, &o), APP_REFUSED, "unconfirmed address");
	T_INT(o.why, LOGIN_UNVERIFIED, "unconfirmed: why");
	T_INT(audit_last(c.a, "login.unverified").n, 1, "login.unverified row");

	in.who = parent_email;
	T_INT(app_login(&c, &in, &o), APP_OK, "sign in");
	T_INT(o.id, parent_account, "the parent's account");
	T_STR(audit_last(c.a, "login.ok").row.detail, parent_email, "login.ok row");
	in.password = "Wrong7Horse";
	T_INT(app_login(&c, &in, &o), APP_REFUSED, "wrong password");
	T_INT(o.why, LOGIN_WRONG, "wrong password: why");
	T_INT(audit_last(c.a, "login.failed").n, 1, "login.failed row");
	for (i = 0; i < 10 && o.why != LOGIN_THROTTLED; i++)
		app_login(&c, &in, &o);
	T_INT(o.why, LOGIN_THROTTLED, "sign-in throttled");
	T_OK(o.wait > 0, "a wait");
	T_INT(audit_last(c.a, "login.throttled").n, 1, "login.throttled row");

	in.who = "vera";
	in.password = "Staff7Secret";
	T_INT(app_staff_login(&c, &in, &o), APP_OK, "staff sign-in");
	T_INT(o.id, staff_id, "the staff member");
	T_STR(audit_last(c.a, "staff_login.ok").row.detail, "vera",
	    "staff_login.ok row");
	in.password = "Wrong7Secret";
	T_INT(app_staff_login(&c, &in, &o), APP_REFUSED, "staff: wrong password");
	T_INT(audit_last(c.a, "staff_login.failed").n, 1, "staff_login.failed row");

	/* Forgot the password: a link, then the new password. */
	fi.email = parent_email;
	T_INT(app_password_forgot(&c, &fi), APP_OK, "forgot");
	T_INT(audit_last(c.a, "password.reset_requested").n, 1,
	    "password.reset_requested row");
	fi.email = "nobody.here@example.org";
	T_INT(app_password_forgot(&c, &fi), APP_OK, "forgot, no account: same");
	memset(&ri, 0, sizeof(ri));
	ri.code = mailed_code(c.a, parent_email);
	T_OK(ri.code != NULL, "the reset e-mail has a code");
	if (ri.code == NULL)
		return;
	ri.password = "Another8Horse";
	ri.password2 = "Another9Horse";
	T_INT(app_password_reset(&c, &ri, &ro), APP_INVALID, "passwords differ");
	T_STR(ro.field, "password2", "passwords differ: field");
	ri.password2 = ri.password;
	T_INT(app_password_reset(&c, &ri, &ro), APP_OK, "reset");
	T_STR(audit_last(c.a, "password.reset").row.detail, parent_email,
	    "password.reset row");
	T_INT(app_password_reset(&c, &ri, &ro), APP_REFUSED, "the code again");
	T_INT(ro.state, SECRET_USED, "used");
	T_INT(audit_last(c.a, "password.reset_refused").n, 1,
	    "password.reset_refused row");
	/* The reset ended the delays: the new password signs in. */
	in.who = parent_email;
	in.password = "Another8Horse";
	T_INT(app_login(&c, &in, &o), APP_OK, "sign in with the new password");
	arena_free(c.a);
}

/*
 * Issue 15.4: each sign-in before confirming sends a new link, and the
 * earlier e-mail's link keeps working until the address is confirmed;
 * a check (the page's on arrival) uses nothing up.
 */
static void
test_links_live(void)
{
	struct call		 c = call_as(ACTOR_NOBODY, 0, NOW + 60);
	struct login_in		 li;
	struct login_out	 lo;
	struct verify_in	 in;
	struct verify_out	 o;
	const char		*first, *second;

	memset(&li, 0, sizeof(li));
	li.who = "alex.own@example.org";
	li.password = "Correct7Horse";
	li.device = "links-live";
	mailed_code(c.a, "");
	T_INT(app_login(&c, &li, &lo), APP_REFUSED, "first sign-in: unconfirmed");
	first = mailed_code(c.a, li.who);
	T_INT(app_login(&c, &li, &lo), APP_REFUSED, "second sign-in: unconfirmed");
	second = mailed_code(c.a, li.who);
	T_OK(first != NULL && second != NULL && strcmp(first, second) != 0,
	    "two e-mails, two links");
	if (first == NULL || second == NULL)
		return;
	memset(&in, 0, sizeof(in));
	in.code = first;
	in.check = 1;
	T_INT(app_signup_verify(&c, &in, &o), APP_OK, "the first link checks");
	T_INT(app_signup_verify(&c, &in, &o), APP_OK, "a check uses nothing");
	in.check = 0;
	T_INT(app_signup_verify(&c, &in, &o), APP_OK,
	    "the first link confirms after a second sign-in");
	in.code = second;
	in.check = 1;
	T_INT(app_signup_verify(&c, &in, &o), APP_REFUSED,
	    "the second link: the address is confirmed");
	T_INT(o.state, SECRET_USED, "the second link: used");
	T_OK(strstr(o.message, "you can sign in") != NULL,
	    "the second link: sign in");
	T_INT(app_login(&c, &li, &lo), APP_OK, "the address signs in");
	arena_free(c.a);
}

int
main(void)
{
	P = t_portal();
	G = arena_new();
	NOW = time(NULL);
	test_signup_token();
	test_signup_tokens_state();
	test_signup_self();
	test_signup_mrn();
	test_verify();
	test_patient_add();
	test_staff();
	test_login();
	test_links_live();
	{
		struct audit_report rep;

		T_INT(audit_verify(P->db, NULL, 0, &rep), 0, "chain verifies");
	}
	arena_free(G);
	portal_close(P);
	t_portal_remove();
	return t_done("app_accounts");
}
