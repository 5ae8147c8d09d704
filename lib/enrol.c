/*
 * The two proofs of a link to a patient, and what follows from each.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "auth.h"
#include "conf.h"
#include "db.h"
#include "enrol.h"
#include "form.h"
#include "http.h"
#include "mail.h"
#include "store_accounts.h"
#include "store_patients.h"
#include "store_signup.h"
#include "store_tokens.h"
#include "tmpl.h"

#define SELECTOR_LEN	6	/* of the 16 token symbols; the rest is the verifier */

static const char no_match[] = "The token and date of birth do not match our "
    "records. Check both against the visit papers.";
static const char voided[] = "This token can no longer be used: a wrong date "
    "of birth was entered with it too many times. Ask the clinic for a new one, "
    "or use the MRN and the date of a visit.";

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
	k = as_self ? -1 : policy_match_relation(r, n, given, family);
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

static void
form_fail(struct enrol *out, const char *field, const char *msg)
{
	out->outcome = ENROL_FORM;
	out->field = field;
	out->message = msg;
}

static void
check_token(struct ctx *c, const struct enrol_in *in, struct enrol *out)
{
	struct secret_row	 t;
	struct patient		 p;
	char			 sel[SELECTOR_LEN + 1];
	const char		*id;
	enum elig		 e;
	long			 wait;

	if ((wait = auth_wait(c, THR_PROOF_ADDRESS, NULL)) > 0) {
		form_fail(out, "token", arena_printf(c->a, "Too many attempts from "
		    "this connection. Wait %s and try again, or call support.",
		    auth_wait_text(c->a, wait)));
		return;
	}
	memcpy(sel, in->token, SELECTOR_LEN);
	sel[SELECTOR_LEN] = '\0';
	if (store_token_get(c->p->db, c->a, sel, &t) != 1) {
		auth_burn(c->p->conf, in->token);
		goto mismatch;
	}
	if (!auth_verify(in->token + SELECTOR_LEN, t.verifier_hash) ||
	    store_patient_by_id(c->p->db, c->a, t.owner, &p) != 1)
		goto mismatch;
	/* Wrong dates of birth count against the token itself, from any
	 * address, and void it at the limit (issue 7.3). */
	id = arena_printf(c->a, "%lld", (long long)t.id);
	if (store_token_voided(c->p->db, t.id) != 0) {
		form_fail(out, "token", voided);
		return;
	}
	if (strcmp(p.dob, in->dob) != 0) {
		auth_count(c, THR_PROOF_ADDRESS, NULL);
		auth_count(c, THR_TOKEN_DOB, id);
		if (auth_over(c, THR_TOKEN_DOB, id)) {
			store_token_void(c->p->db, t.id, c->now);
			form_fail(out, "token", voided);
			return;
		}
		form_fail(out, "token", no_match);
		return;
	}
	if (t.used) {
		form_fail(out, "token", "This token has already been used. Ask the "
		    "clinic for a new one, or use the MRN and the date of a visit.");
		return;
	}
	if (t.expires <= c->now) {
		form_fail(out, "token", "This token has expired. Ask the clinic for "
		    "a new one, or use the MRN and the date of a visit.");
		return;
	}
	out->by_token = 1;
	out->token_id = t.id;
	out->patient_id = p.id;
	out->mrn = p.mrn;
	e = enrol_eligible(c->p->db, c->a, c->now, p.id, in->as_self, in->given,
	    in->family, in->email, t.scope != NULL && strcmp(t.scope, "self") == 0 ?
	    PROOF_SELF_TOKEN : PROOF_FAMILY_TOKEN, (time_t)t.issued, in->account,
	    &out->relation_id,
	    &out->role, &out->notify);
	if (e != ELIG_OK && e != ELIG_SELF_SECOND) {
		/* Nothing is written: the token stays usable. */
		out->outcome = ENROL_REFUSED;
		out->message = policy_signup_message(e);
		return;
	}
	out->queued_self = e == ELIG_SELF_SECOND;
	out->outcome = ENROL_READY;
	return;
mismatch:
	auth_count(c, THR_PROOF_ADDRESS, NULL);
	form_fail(out, "token", no_match);
}

void
enrol_check(struct ctx *c, const struct enrol_in *in, struct enrol *out)
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
		form_fail(out, "visit_date", "Enter the date of a past visit.");
		return;
	}
	/* The staff queue is limited per address and per account (issue
	 * 7.3), whether or not the e-mail address has an account. */
	if ((wait = auth_wait(c, THR_QUEUE_ADDRESS, NULL)) > 0) {
		form_fail(out, "mrn", arena_printf(c->a, "Too many requests from "
		    "this connection. Wait %s and try again, or call support.",
		    auth_wait_text(c->a, wait)));
		return;
	}
	policy_throttle_rule(THR_QUEUE_ACCOUNT, c->p->conf, &queue);
	if (in->account != 0 && policy_throttle_over(&queue,
	    store_sreq_pending_count(c->p->db, in->account))) {
		form_fail(out, "mrn", arena_printf(c->a, "You already have %ld "
		    "requests waiting for our staff. Add more once they are "
		    "checked (allow up to one business day).", queue.tr_limit));
		return;
	}
	auth_count(c, THR_QUEUE_ADDRESS, NULL);
	/* Whether the MRN is ours is for staff to see, not the applicant. */
	out->mrn = in->mrn;
	out->visit_date = in->visit_date;
	if (store_patient_by_mrn(c->p->db, c->a, in->mrn, &p) == 1)
		out->patient_id = p.id;
	out->outcome = ENROL_READY;
}

int
enrol_notify_guardians(struct ctx *c, int64_t patient)
{
	struct relation	*r;
	size_t		 n, i;

	if (store_relations(c->p->db, c->a, patient, &r, &n) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (r[i].email != NULL && policy_role(r[i].kind) != NULL &&
		    mail_queue(c->p->db, c->p->conf, MAIL_TEEN_ACCOUNT, r[i].email,
		    NULL, NULL, c->now) == -1)
			return -1;
	return 0;
}

int
enrol_notify_self(struct ctx *c, int64_t patient)
{
	struct patient	 p;

	if (store_patient_by_id(c->p->db, c->a, patient, &p) != 1)
		return -1;
	if (p.email == NULL || p.email[0] == '\0')
		return 0;
	return mail_queue(c->p->db, c->p->conf, MAIL_SELF_ACCOUNT, p.email, NULL,
	    NULL, c->now) == -1 ? -1 : 0;
}

int
enrol_apply(struct ctx *c, int64_t account, const struct enrol *e)
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

void
enrol_from_form(struct form *f, struct enrol_in *in)
{
	const char	*proof = form_val(f, "proof"), *who = form_val(f, "who");
	static const char *const need[][3] = {
		{ "token", "token", "dob" },
		{ "mrn", "mrn", "visit_date" },
	};
	size_t		 i, j;

	in->as_self = who != NULL && strcmp(who, "self") == 0;
	for (i = 0; proof != NULL && i < 2; i++) {
		if (strcmp(proof, need[i][0]) != 0)
			continue;
		for (j = 1; j < 3; j++)
			if (form_val(f, need[i][j]) == NULL && !form_has_error(f, need[i][j]))
				form_error(f, need[i][j], arena_printf(f->a, "Enter the %s.",
				    form_label(f, need[i][j])));
	}
	if (proof != NULL && strcmp(proof, "token") == 0) {
		in->token = form_val(f, "token");
		in->dob = form_val(f, "dob");
	} else {
		in->mrn = form_val(f, "mrn");
		in->visit_date = form_val(f, "visit_date");
	}
}

void
enrol_to_form(const struct enrol *e, struct form *f, struct tvars *v)
{
	if (e->outcome == ENROL_FORM)
		form_error(f, e->field, e->message);
	else if (e->outcome == ENROL_REFUSED)
		tvars_str(v, "refusal", e->message);
}

void
enrol_echo(const struct form *f, struct tvars *v)
{
	const char	*who = form_val(f, "who"), *proof = form_val(f, "proof");

	tvars_bool(v, "who_self", who != NULL && strcmp(who, "self") == 0);
	tvars_bool(v, "who_guardian", who != NULL && strcmp(who, "guardian") == 0);
	tvars_bool(v, "proof_token", proof != NULL && strcmp(proof, "token") == 0);
	tvars_bool(v, "proof_mrn", proof != NULL && strcmp(proof, "mrn") == 0);
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
