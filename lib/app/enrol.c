/*
 * The two proofs of a link to a patient, and what follows from each; the
 * operations of sign-up, "add a patient" and the staff queue.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "call.h"
#include "conf.h"
#include "db.h"
#include "enrol.h"
#include "mail.h"
#include "policy_staff.h"
#include "secret.h"
#include "store_accounts.h"
#include "store_patients.h"
#include "store_signup.h"
#include "store_staff.h"
#include "staff.h"
#include "store_tokens.h"

#define SELECTOR_LEN	6	/* of the 16 token symbols; the rest is the verifier */

static const char no_match[] = "The token and date of birth do not match our "
    "records. Check both against the visit papers.";
static const char voided[] = "This token can no longer be used: a wrong date "
    "of birth was entered with it too many times. Ask the clinic for a new "
    "one, or use the medical record number and the date of a visit.";

void
enrol_today(time_t now, int *y, int *m, int *d)
{
	struct tm	 tm;

	localtime_r(&now, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

enum elig
enrol_eligible(struct db *db, struct arena *a, time_t now, int64_t patient,
    int as_self, const char *given, const char *family, const char *email,
    enum proof proof, time_t issued, int64_t account, int64_t *relation,
    const char **role, int *notify)
{
	struct patient	 p;
	struct relation	*r;
	struct person_on_file *people;
	struct account	 holder;
	struct elig_in	 in;
	enum elig	 e;
	size_t		 n, i;
	long		 k;
	int		 y, m, d, iy, im, id, taken, others;

	if (store_patient_by_id(db, a, patient, &p) != 1 ||
	    store_relations(db, a, patient, &r, &n) == -1)
		return ELIG_NOT_ON_FILE;
	enrol_today(now, &y, &m, &d);
	memset(&in, 0, sizeof(in));
	in.as_self = as_self;
	in.age = policy_age(p.dob, y, m, d);
	in.foster = p.foster;
	in.guardianship = p.guardianship;
	in.name_matches = policy_same_name(p.given, given) &&
	    policy_same_name(p.family, family);
	for (i = 0; i < n; i++)
		if (r[i].email != NULL && strcasecmp(r[i].email, email) == 0)
			in.email_of_guardian = 1;
	/* The rules see the people on file without the store's row. */
	people = arena_alloc(a, (n > 0 ? n : 1) * sizeof(*people));
	for (i = 0; i < n; i++) {
		people[i].kind = r[i].kind;
		people[i].given = r[i].given;
		people[i].family = r[i].family;
	}
	k = as_self ? -1 : policy_match_relation(people, n, given, family);
	in.relation = k >= 0 ? r[k].kind : NULL;
	in.proof = proof;
	in.issued_age = -1;
	if (proof != PROOF_STAFF && issued > 0) {
		enrol_today(issued, &iy, &im, &id);
		in.issued_age = policy_age(p.dob, iy, im, id);
	}
	if (as_self) {
		in.own_addr = p.email == NULL || p.email[0] == '\0' ? OWN_NONE :
		    strcasecmp(p.email, email) == 0 ? OWN_SAME : OWN_OTHER;
		if ((taken = store_account_by_email(db, a, email, &holder)) == -1 ||
		    (others = store_self_holders(db, patient, account)) == -1)
			return ELIG_RECORD;
		in.email_taken = taken == 1 && holder.id != account;
		in.other_self = others > 0;
	}
	if ((e = policy_signup(&in)) != ELIG_OK && e != ELIG_SELF_SECOND)
		return e;
	*relation = k >= 0 ? r[k].id : 0;
	*role = as_self ? "self" : policy_role(r[k].kind);
	*notify = as_self && policy_notify_guardians(in.age);
	return e;
}

/* What enrol_check found: a refusal, or what enrol_apply is to do. */
struct enrol {
	int			 ready;		/* may be applied */
	struct enrol_no		 no;		/* else: why not */
	int			 by_token;
	int			 as_self;
	int64_t			 token_id;
	int64_t			 patient_id;	/* token: the patient; MRN: if ours */
	int64_t			 relation_id;
	const char		*role;
	int			 notify;	/* tell the guardians (13-14) */
	int			 queued_self;	/* by token, but a second own
						 * account: staff decide */
	const char		*mrn, *visit_date;
};

static void
form_fail(struct enrol *out, enum enrol_why why, const char *field,
    const char *msg)
{
	out->ready = 0;
	out->no.why = why;
	out->no.field = field;
	out->no.message = msg;
}

static const char used_text[] = "This token has already been used. Ask the "
    "clinic for a new one, or use the medical record number and the date of "
    "a visit.";
static const char expired_text[] = "This token has expired. Ask the clinic for "
    "a new one, or use the medical record number and the date of a visit.";

static void
check_token(const struct call *c, const struct enrol_in *in, struct enrol *out)
{
	struct secret_row	 t;
	struct secret_facts	 f;
	struct patient		 p;
	char			 sel[SELECTOR_LEN + 1];
	const char		*id;
	enum elig		 e;
	long			 wait;
	int			 got;

	if ((wait = auth_wait(c, THR_PROOF_ADDRESS, NULL)) > 0) {
		form_fail(out, ENROL_THROTTLED, "token", arena_printf(c->a,
		    "Too many attempts from this connection. Wait %s and try "
		    "again, or call support.", auth_wait_text(c->a, wait)));
		return;
	}
	memcpy(sel, in->token, SELECTOR_LEN);
	sel[SELECTOR_LEN] = '\0';
	/* The store gives the facts, policy_secret decides. */
	memset(&f, 0, sizeof(f));
	if ((got = store_token_get(c->p->db, c->a, sel, &t)) != 1)
		auth_burn(c->p->conf, in->token);
	f.found = got == 1 && auth_verify(in->token + SELECTOR_LEN, t.verifier_hash) &&
	    store_patient_by_id(c->p->db, c->a, t.owner, &p) == 1;
	if (f.found) {
		f.voided = store_token_voided(c->p->db, t.id) != 0;
		f.proof_ok = strcmp(p.dob, in->dob) == 0;
		f.used = t.used;
		f.expires = t.expires;
	}
	switch (policy_secret(&f, c->now)) {
	case SECRET_OK:
		break;
	case SECRET_BAD:
		auth_count(c, THR_PROOF_ADDRESS, NULL);
		form_fail(out, ENROL_NO_MATCH, "token", no_match);
		return;
	case SECRET_VOIDED:
		form_fail(out, ENROL_VOIDED, "token", voided);
		return;
	case SECRET_MISMATCH:
		/* Wrong dates of birth count against the token itself, from
		 * any address, and void it at the limit (issue 7.3). */
		id = arena_printf(c->a, "%lld", (long long)t.id);
		auth_count(c, THR_PROOF_ADDRESS, NULL);
		auth_count(c, THR_TOKEN_DOB, id);
		if (auth_over(c, THR_TOKEN_DOB, id)) {
			store_token_void(c->p->db, t.id, c->now);
			form_fail(out, ENROL_VOIDED, "token", voided);
			return;
		}
		form_fail(out, ENROL_NO_MATCH, "token", no_match);
		return;
	case SECRET_USED:
		form_fail(out, ENROL_USED, "token", used_text);
		return;
	case SECRET_EXPIRED:
	default:
		form_fail(out, ENROL_EXPIRED, "token", expired_text);
		return;
	}
	out->by_token = 1;
	out->token_id = t.id;
	out->patient_id = p.id;
	out->no.patient = p.id;
	out->mrn = p.mrn;
	e = enrol_eligible(c->p->db, c->a, c->now, p.id, in->as_self, in->given,
	    in->family, in->email, t.scope != NULL && strcmp(t.scope, "self") == 0 ?
	    PROOF_SELF_TOKEN : PROOF_FAMILY_TOKEN, (time_t)t.issued, in->account,
	    &out->relation_id, &out->role, &out->notify);
	if (e != ELIG_OK && e != ELIG_SELF_SECOND) {
		/* Nothing is written: the token stays usable. */
		out->no.why = ENROL_INELIGIBLE;
		out->no.elig = e;
		out->no.message = policy_signup_message(e);
		return;
	}
	out->queued_self = e == ELIG_SELF_SECOND;
	out->ready = 1;
}

/* Checks the proof and eligibility without changing anything but the
 * throttle counts. */
static void
enrol_check(const struct call *c, const struct enrol_in *in, struct enrol *out)
{
	struct patient	 p;
	struct thr_rule	 queue;
	char		 today[32];
	long		 wait;
	int		 y, m, d;

	memset(out, 0, sizeof(*out));
	out->as_self = in->as_self;
	if (in->token != NULL) {
		check_token(c, in, out);
		return;
	}
	enrol_today(c->now, &y, &m, &d);
	snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
	if (strcmp(in->visit_date, today) > 0) {
		form_fail(out, ENROL_FUTURE_VISIT, "visit_date",
		    "Enter the date of a past visit.");
		return;
	}
	/* The staff queue is limited per address and per account (issue
	 * 7.3), whether or not the e-mail address has an account. */
	if ((wait = auth_wait(c, THR_QUEUE_ADDRESS, NULL)) > 0) {
		form_fail(out, ENROL_THROTTLED, "mrn", arena_printf(c->a,
		    "Too many requests from this connection. Wait %s and try "
		    "again, or call support.", auth_wait_text(c->a, wait)));
		return;
	}
	policy_throttle_rule(THR_QUEUE_ACCOUNT, c->p->conf, &queue);
	if (in->account != 0 && policy_throttle_over(&queue,
	    store_sreq_pending_count(c->p->db, in->account))) {
		form_fail(out, ENROL_QUEUE_FULL, "mrn", arena_printf(c->a,
		    "You already have %ld requests waiting for our staff. Add "
		    "more once they are checked (allow up to one business day).",
		    queue.tr_limit));
		return;
	}
	auth_count(c, THR_QUEUE_ADDRESS, NULL);
	/* Whether the MRN is ours is for staff to see, not the applicant. */
	out->mrn = in->mrn;
	out->visit_date = in->visit_date;
	if (store_patient_by_mrn(c->p->db, c->a, in->mrn, &p) == 1)
		out->patient_id = p.id;
	out->ready = 1;
}

int
enrol_notify_guardians(const struct call *c, int64_t patient)
{
	struct relation	*r;
	size_t		 n, i;

	if (store_relations(c->p->db, c->a, patient, &r, &n) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (r[i].email != NULL && policy_role(r[i].kind) != NULL &&
		    mail_queue(c->p->db, c->p->conf, MAIL_TEEN_ACCOUNT, r[i].email,
		    NULL, app_mail_child(c, patient), c->now) == -1)
			return -1;
	return 0;
}

int
enrol_notify_self(const struct call *c, int64_t patient)
{
	struct patient	 p;

	if (store_patient_by_id(c->p->db, c->a, patient, &p) != 1)
		return -1;
	if (p.email == NULL || p.email[0] == '\0')
		return 0;
	return mail_queue(c->p->db, c->p->conf, MAIL_SELF_ACCOUNT, p.email, NULL,
	    NULL, c->now) == -1 ? -1 : 0;
}

/*
 * Inside the caller's transaction: uses the token and links the account
 * (active at once), or queues the request for staff (MRN, or a second own
 * account); queues the e-mails to the guardians and to the patient's own
 * address. 0; 1 if the token was used by someone else meanwhile; -1.
 */
static int
enrol_apply(const struct call *c, int64_t account, const struct enrol *e)
{
	int	 rc;

	/* An own account asked for by MRN: the patient's address is told
	 * now, not only when staff approve (issue 7.2). */
	if (!e->by_token)
		return store_sreq_create(c->p->db, account,
		    e->as_self ? "self" : "guardian", e->mrn, e->visit_date,
		    e->patient_id, c->now) == -1 || (e->as_self &&
		    e->patient_id != 0 && enrol_notify_self(c, e->patient_id) == -1) ?
		    -1 : 0;
	if ((rc = store_token_use(c->p->db, e->token_id, c->now)) != 1)
		return rc == 0 ? 1 : -1;
	/* A second own account: staff check with the patient first. */
	if (e->queued_self)
		return store_sreq_self_token(c->p->db, account, e->mrn,
		    e->patient_id, c->now) == -1 ||
		    enrol_notify_self(c, e->patient_id) == -1 ? -1 : 0;
	if (store_holding_set(c->p->db, account, e->patient_id, e->role,
	    e->relation_id, "active", c->now) == -1)
		return -1;
	if (e->notify && enrol_notify_guardians(c, e->patient_id) == -1)
		return -1;
	if (e->as_self && enrol_notify_self(c, e->patient_id) == -1)
		return -1;
	return 0;
}


/* A refused check as the operation's answer: APP_REFUSED for the policy's
 * refusal (with its audit row, action), else APP_INVALID. */
static enum app_rc
refused(const struct call *c, const struct enrol *e, const char *action,
    struct enrol_no *no)
{
	*no = e->no;
	no->patient = e->patient_id;
	if (e->no.why != ENROL_INELIGIBLE)
		return APP_INVALID;
	audit_call(c, action, e->patient_id, e->no.message);
	return APP_REFUSED;
}

static enum enrol_done
done_of(const struct enrol *e)
{
	return e->queued_self ? ENROL_SELF_QUEUED : e->by_token ? ENROL_LINKED :
	    ENROL_QUEUED;
}

static const char token_taken[] = "This token has already been used.";

enum app_rc
app_signup(const struct call *c, const struct signup_in *in,
    struct signup_out *out)
{
	struct enrol		 e;
	struct account		 acct;
	struct link_secret	 ls;
	const char		*pw_hash;
	enum pw_rule		 pr;
	int64_t			 id;
	int			 rc;

	memset(out, 0, sizeof(*out));
	/* Password rule (F-SIGNUP 5); the form checks it first, with the
	 * other fields. */
	if ((pr = auth_pw_rule(c->p->pwlist, in->password, in->e.email)) != PW_OK) {
		out->no.why = ENROL_PASSWORD;
		out->no.field = "password";
		out->no.message = auth_pw_message(pr);
		return APP_INVALID;
	}
	enrol_check(c, &in->e, &e);
	if (!e.ready)
		return refused(c, &e, "signup.refused", &out->no);
	out->done = done_of(&e);

	/* The slow hashes run before the write lock, and on both paths, so
	 * the answer's timing does not tell whether the address is taken. */
	pw_hash = auth_hash(c->a, c->p->conf, in->password);
	secret_link_make(c->a, c->p->conf, &ls);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_account_by_email(c->p->db, c->a, in->e.email, &acct)) == 1) {
		/* F-SIGNUP 6: same page as a new sign-up; the owner is told,
		 * once a day however many strangers try (issue 7.3). The token
		 * is left unused: the mail tells the owner to use it with "Add
		 * a patient" (issue 7.4). */
		if (!auth_over(c, THR_MAIL_SIGNUP, in->e.email) &&
		    (auth_count(c, THR_MAIL_SIGNUP, in->e.email) == -1 ||
		    mail_queue(c->p->db, c->p->conf, MAIL_ALREADY, in->e.email, NULL,
		    NULL, c->now) == -1))
			goto fail;
		if (audit_call(c, "signup.address_taken", e.patient_id, NULL) == -1)
			goto fail;
	} else if (rc == 0) {
		if ((id = store_account_create(c->p->db, in->e.email, pw_hash,
		    in->e.given, in->e.family, c->now)) == -1)
			goto fail;
		if ((rc = enrol_apply(c, id, &e)) == 1) {
			db_rollback(c->p->db);
			out->no.why = ENROL_TAKEN;
			out->no.field = "token";
			out->no.message = token_taken;
			return APP_INVALID;
		}
		if (rc == -1 || secret_link_store(c->p->db, &ls, id, "verify",
		    c->now, c->p->conf->verify_link_lifetime) == -1 ||
		    mail_queue(c->p->db, c->p->conf, MAIL_VERIFY, in->e.email,
		    ls.text, NULL, c->now) == -1 ||
		    audit_call(c, e.queued_self ? "signup.self_queued" :
		    e.by_token ? "signup.token" : "signup.mrn_queued",
		    e.patient_id, arena_printf(c->a, "account %lld",
		    (long long)id)) == -1)
			goto fail;
		out->account = id;
	} else
		goto fail;
	if (db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
fail:
	db_rollback(c->p->db);
	return APP_ERROR;
}

/* What a refused link says (issue 15.4): the next step is on the page. */
static const char *const link_problems[] = {
	[SECRET_OK] = "",
	[SECRET_BAD] = "This code is not valid. Check that you copied the whole "
	    "code from the e-mail.",
	[SECRET_USED] = "This link has already been used: your e-mail address "
	    "is confirmed, and you can sign in.",
	[SECRET_EXPIRED] = "This link has expired: sign in with your e-mail "
	    "address and password, and we will send you a new one.",
	[SECRET_VOIDED] = "A newer link replaced this one: use the link in the "
	    "most recent e-mail, or sign in and we will send you a new one.",
	[SECRET_MISMATCH] = "This code is not valid. Check that you copied the "
	    "whole code from the e-mail.",
};

/* A used link whose address is not confirmed was replaced by newer ones
 * (secret_link_add keeps a few): saying "used" would be false. */
static enum secret_state
verify_state(const struct call *c, enum secret_state st,
    const struct secret_row *row)
{
	struct account	 a;

	if (st == SECRET_USED && store_account_by_id(c->p->db, c->a, row->owner,
	    &a) == 1 && !a.verified)
		return SECRET_VOIDED;
	return st;
}

enum app_rc
app_signup_verify(const struct call *c, const struct verify_in *in,
    struct verify_out *out)
{
	struct secret_row	 row;

	memset(out, 0, sizeof(*out));
	memset(&row, 0, sizeof(row));
	out->state = verify_state(c, secret_link_check(c->p->db, c->a, in->code,
	    "verify", c->now, &row), &row);
	if (out->state != SECRET_OK) {
		out->message = link_problems[out->state];
		audit_call(c, "verify.refused", 0, out->message);
		return APP_REFUSED;
	}
	if (in->check)
		return APP_OK;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (store_elink_use(c->p->db, row.id, "verify", c->now) != 1) {
		db_rollback(c->p->db);
		out->state = SECRET_USED;
		out->message = link_problems[SECRET_USED];
		return APP_REFUSED;
	}
	/* The address is confirmed: the account's other links are done. */
	if (store_account_verify(c->p->db, row.owner, c->now) == -1 ||
	    store_elink_retire(c->p->db, row.owner, "verify", c->now) == -1 ||
	    audit_call(c, "verify.ok", 0, arena_printf(c->a, "account %lld",
	    (long long)row.owner)) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return APP_ERROR;
	}
	out->account = row.owner;
	return APP_OK;
}

enum app_rc
app_patient_add(const struct call *c, const struct enrol_in *proof,
    struct patient_add_out *out)
{
	struct account	 a;
	struct enrol_in	 in;
	struct enrol	 e;
	const char	*held;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (c->who.kind != ACTOR_FAMILY ||
	    store_account_by_id(c->p->db, c->a, c->who.id, &a) != 1)
		return APP_ERROR;
	in = *proof;
	in.account = a.id;	/* the own-account rule and the queue limit */
	in.given = a.given;
	in.family = a.family;
	in.email = a.email;
	enrol_check(c, &in, &e);
	if (!e.ready)
		return refused(c, &e, "patient_add.refused", &out->no);
	out->done = done_of(&e);
	out->patient = e.by_token ? e.patient_id : 0;
	if (e.by_token && (held = store_holding_status(c->p->db, c->a, a.id,
	    e.patient_id)) != NULL && strcmp(held, "active") == 0) {
		out->no.why = ENROL_HELD;
		out->no.patient = e.patient_id;
		out->no.message = "This patient is already on your account.";
		return APP_REFUSED;
	}
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = enrol_apply(c, a.id, &e)) == 1) {
		db_rollback(c->p->db);
		out->no.why = ENROL_TAKEN;
		out->no.field = "token";
		out->no.message = token_taken;
		return APP_INVALID;
	}
	if (rc == -1 || audit_call(c, e.queued_self ? "patient_add.self_queued" :
	    e.by_token ? "patient_add.token" : "patient_add.mrn_queued",
	    e.patient_id, NULL) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return APP_ERROR;
	}
	return APP_OK;
}



/* One request, with what the records say about it. */
static void
queue_item(const struct call *c, const struct sreq *r, struct queue_item *it)
{
	struct patient	 p;
	const char	*role;
	int64_t		 rel;
	int		 notify, y, m, d, age;

	memset(it, 0, sizeof(*it));
	it->id = r->id;
	it->applicant_given = r->given;
	it->applicant_family = r->family;
	it->email = r->email;
	it->verified = r->verified != 0;
	it->mrn = r->mrn;
	it->visit_date = r->visit_date;
	it->received = r->created;
	it->as_self = strcmp(r->role, "self") == 0;
	it->by_self_token = strcmp(r->proof, "self_token") == 0;
	it->elig = ELIG_NOT_ON_FILE;
	if (r->patient_id == 0 ||
	    store_patient_by_id(c->p->db, c->a, r->patient_id, &p) != 1)
		return;
	it->on_file = 1;
	it->given = p.given;
	it->family = p.family;
	it->dob = p.dob;
	it->visit_found = store_encounter_on(c->p->db, r->patient_id,
	    r->visit_date) == 1;
	it->elig = enrol_eligible(c->p->db, c->a, c->now, r->patient_id,
	    it->as_self, r->given, r->family, r->email, PROOF_STAFF, 0,
	    r->account_id, &rel, &role, &notify);
	/* Issue 7.2: staff are the check on a teen's own address and on a
	 * second own account. */
	enrol_today(c->now, &y, &m, &d);
	age = policy_age(p.dob, y, m, d);
	it->check_teen = it->as_self && policy_own_address_needed(age);
	it->other_self = it->as_self &&
	    store_self_holders(c->p->db, r->patient_id, r->account_id) > 0;
}

enum app_rc
app_staff_queue(const struct call *c, struct staff_queue_out *out)
{
	struct audit_group *g;
	struct sreq	*r;
	size_t		 n, i;
	long		 total;
	int		 may;

	memset(out, 0, sizeof(*out));
	if ((may = app_staff_may(c, STAFF_QUEUE_VIEW)) != 1) {
		if (may == 0)
			audit_call(c, "staff.refused", 0, "queue");
		return may == 0 ? APP_REFUSED : APP_ERROR;
	}
	/* The oldest ENROL_QUEUE_PAGE only: a flood of requests costs one
	 * page view bounded work and audit rows (issue 7.3). */
	if (store_sreq_pending(c->p->db, c->a, ENROL_QUEUE_PAGE, &r, &n) == -1 ||
	    (total = store_sreq_pending_total(c->p->db)) == -1)
		return APP_ERROR;
	/* The queue shows what the records say of each patient (name, date
	 * of birth, MRN, visits): one audit row per patient shown, all
	 * durable before the page is sent (S-1). */
	g = audit_group_new(c);
	for (i = 0; i < n; i++)
		if (r[i].patient_id != 0)
			audit_group_add(g, "staff.queue_view", r[i].patient_id,
			    arena_printf(c->a, "request %lld", (long long)r[i].id));
	if (audit_group_write(g) == -1)
		return APP_ERROR;
	out->items = n > 0 ? arena_alloc(c->a, n * sizeof(*out->items)) : NULL;
	for (i = 0; i < n; i++)
		queue_item(c, &r[i], &out->items[i]);
	out->n = n;
	out->more = total > (long)n ? total - (long)n : 0;
	return APP_OK;
}

static enum app_rc
decide_no(struct staff_decide_out *out, enum decide_why why, const char *msg,
    enum app_rc rc)
{
	out->why = why;
	out->message = msg;
	return rc;
}

enum app_rc
app_staff_decide(const struct call *c, const struct staff_decide_in *in,
    struct staff_decide_out *out)
{
	struct sreq			 r;
	const struct enrol_reason	*why = NULL;
	const char			*role = NULL;
	int64_t				 rel = 0;
	int				 notify = 0, rc;
	enum elig			 e;

	memset(out, 0, sizeof(*out));
	if ((rc = app_staff_may(c, STAFF_QUEUE_DECIDE)) != 1) {
		if (rc == 0)
			audit_call(c, "staff.refused", 0, arena_printf(c->a,
			    "decide request %lld", (long long)in->id));
		return rc == 0 ? decide_no(out, DECIDE_ROLE, "Your role does not "
		    "allow deciding requests.", APP_REFUSED) : APP_ERROR;
	}
	if ((rc = store_sreq_get(c->p->db, c->a, in->id, &r)) != 1)
		return rc == 0 ? decide_no(out, DECIDE_NO_SUCH,
		    "There is no such request.", APP_REFUSED) : APP_ERROR;
	if (in->approve) {
		e = r.patient_id == 0 ? ELIG_NOT_ON_FILE : enrol_eligible(c->p->db,
		    c->a, c->now, r.patient_id, strcmp(r.role, "self") == 0,
		    r.given, r.family, r.email, PROOF_STAFF, 0, r.account_id, &rel,
		    &role, &notify);
		if (e != ELIG_OK)
			return decide_no(out, DECIDE_INELIGIBLE, arena_printf(c->a,
			    "Request %lld cannot be approved: %s", (long long)in->id,
			    r.patient_id == 0 ? "no patient has that MRN." :
			    policy_signup_message(e)), APP_REFUSED);
	} else if ((why = enrol_reason(in->reason)) == NULL)
		return decide_no(out, DECIDE_NO_REASON,
		    "Choose a reason for rejecting.", APP_INVALID);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_sreq_decide(c->p->db, in->id, in->approve ? "approved" :
	    "rejected", in->approve ? NULL : why->code, c->who.id, c->now)) != 1) {
		db_rollback(c->p->db);
		return rc == -1 ? APP_ERROR : decide_no(out, DECIDE_ALREADY,
		    "That request was already decided.", APP_REFUSED);
	}
	if (in->approve)
		rc = store_holding_set(c->p->db, r.account_id, r.patient_id, role,
		    rel, "active", c->now) == -1 ||
		    (notify && enrol_notify_guardians(c, r.patient_id) == -1) ||
		    (strcmp(role, "self") == 0 &&
		    enrol_notify_self(c, r.patient_id) == -1) ||
		    mail_queue(c->p->db, c->p->conf, MAIL_REQ_APPROVED, r.email,
		    NULL, app_mail_child(c, r.patient_id), c->now) == -1;
	else
		rc = mail_queue(c->p->db, c->p->conf, MAIL_REQ_REJECTED, r.email,
		    NULL, why->text, c->now) == -1;
	if (rc != 0 || audit_call(c, in->approve ? "signup_request.approved" :
	    "signup_request.rejected", r.patient_id, arena_printf(c->a,
	    "request %lld%s%s", (long long)in->id, why ? " reason " : "",
	    why ? why->code : "")) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return APP_ERROR;
	}
	return APP_OK;
}

const struct enrol_reason enrol_reasons[] = {
	{ "nomatch", "Details do not match our records",
	    "The medical record number and visit date you gave do not match our "
	    "records. Check them against the visit papers and try again." },
	{ "notonfile", "Not a parent or legal guardian on file",
	    "We could not confirm you as the patient's parent or legal guardian on "
	    "file. Call us to update the patient's records; if you have guardianship "
	    "papers, have them ready." },
	{ "foster", "Foster parent (DCF caseworker only)",
	    "Access to a foster child's record is given only to the Department of "
	    "Children & Families caseworker, the child's legal guardian." },
	{ "age", "Patient's age does not allow it",
	    "The patient's age does not allow this kind of access: patients have "
	    "their own account from 13, and guardians of patients 18 and older need "
	    "guardianship papers on file." },
	{ "other", "Other: we will call the applicant",
	    "We could not complete your request online. We will call you, or you can "
	    "call us." },
	{ NULL, NULL, NULL },
};

const struct enrol_reason *
enrol_reason(const char *code)
{
	const struct enrol_reason	*r;

	for (r = enrol_reasons; code != NULL && r->code != NULL; r++)
		if (strcmp(r->code, code) == 0)
			return r;
	return NULL;
}
