/*
 * staff: hospital staff sign-in and the verification queue of sign-ups
 * proved by MRN + visit date (F-SIGNUP 2b). Staff see what the records
 * say about each request; approval still goes through the policy.
 *
 *   GET  /staff/login   POST /staff/login   POST /staff/logout
 *   GET  /staff/        the queue
 *   POST /staff/decide  approve or reject one request
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "auth.h"
#include "conf.h"
#include "db.h"
#include "enrol.h"
#include "form.h"
#include "http.h"
#include "mail.h"
#include "sess.h"
#include "store_accounts.h"
#include "store_patients.h"
#include "store_signup.h"
#include "store_staff.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))
#define QUEUE_PAGE 50	/* requests shown at once, oldest first */

static const struct field login_fields[] = {
	{ "username", "user name", valid_username, F_REQ },
	{ "password", "password", valid_password, F_REQ | F_SECRET },
};
static const struct field decide_fields[] = {
	{ "id", "request", valid_id, F_REQ },
	{ "decision", "decision", valid_decision, F_REQ },
	{ "reason", "reason", valid_line, 0 },
};

static const char wrong[] = "The user name or password is not correct.";

static int
login_show(struct ctx *c, struct form *f, const char *problem, int status)
{
	tvars_str(c->vars, "title", "Staff sign-in");
	if (f != NULL)
		form_echo(f, c->vars);
	if (problem != NULL)
		tvars_str(c->vars, "problem", problem);
	c->page = "staff_login";
	return status;
}

static int
login_get(struct ctx *c)
{
	if (http_query(c, "expired") != NULL)
		tvars_str(c->vars, "notice", "You were signed out after a period "
		    "without activity.");
	return login_show(c, NULL, NULL, 200);
}

static int
login_post(struct ctx *c)
{
	struct form	 f;
	struct staff	 s;
	const char	*user, *pw, *who;
	long		 wait;
	int		 found;

	if (form_read(c, login_fields, N(login_fields), &f) > 0)
		return login_show(c, &f, wrong, 422);
	user = form_val(&f, "username");
	pw = form_val(&f, "password");
	who = arena_printf(c->a, "staff:%s", user);
	if ((wait = auth_login_wait(c, who)) > 0) {
		audit_req(c, "staff_login.throttled", 0, user);
		return login_show(c, &f, arena_printf(c->a, "Too many sign-in "
		    "attempts. Wait %s and try again.", auth_wait_text(c->a,
		    wait)), 429);
	}
	/* Counted before the slow check, taken back on success (login.c). */
	auth_login_attempt(c, who);
	if ((found = store_staff_by_username(c->p->db, c->a, user, &s)) == -1)
		return 500;
	if (found == 0)
		auth_burn(c->p->conf, pw);
	if (found == 0 || !auth_verify(pw, s.pw_hash) || s.disabled) {
		audit_req(c, "staff_login.failed", 0, user);
		return login_show(c, &f, wrong, 401);
	}
	auth_login_ok(c, who);
	if (sess_start(c, SESS_STAFF, s.id) == -1)
		return 500;
	sess_device_remember(c, who);
	audit_req(c, "staff_login.ok", 0, user);
	return http_redirect(c, "/staff/");
}

static int
logout_post(struct ctx *c)
{
	if (c->sess != NULL && c->sess->s_kind == SESS_STAFF) {
		audit_req(c, "staff_logout", 0, NULL);
		sess_end(c);
	}
	return http_redirect(c, "/staff/login");
}

/* One request, with what the records say about it. */
static void
request_vars(struct ctx *c, struct tvars *it, const struct sreq *r)
{
	struct patient	 p;
	struct tm	 tm;
	char		 when[64];
	const char	*role;
	int64_t		 rel;
	int		 notify, y, m, d, age, self = strcmp(r->role, "self") == 0;
	enum elig	 e = ELIG_NOT_ON_FILE;
	time_t		 t = (time_t)r->created;

	tvars_strf(it, "id", "%" PRId64, r->id);
	tvars_strf(it, "applicant", "%s %s", r->given, r->family);
	tvars_str(it, "email", r->email);
	tvars_bool(it, "verified", r->verified != 0);
	tvars_str(it, "role_text", self ? "the patient" : "parent or legal guardian");
	tvars_bool(it, "by_self_token", strcmp(r->proof, "self_token") == 0);
	tvars_str(it, "mrn", r->mrn);
	tvars_str(it, "visit_date", r->visit_date);
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	tvars_str(it, "received", arena_strdup(c->a, when));
	if (r->patient_id != 0 &&
	    store_patient_by_id(c->p->db, c->a, r->patient_id, &p) == 1) {
		tvars_strf(it, "patient", "%s %s", p.given, p.family);
		tvars_str(it, "dob", p.dob);
		tvars_bool(it, "visit_found", store_encounter_on(c->p->db,
		    r->patient_id, r->visit_date) == 1);
		e = enrol_eligible(c->p->db, c->a, c->now, r->patient_id, self,
		    r->given, r->family, r->email, PROOF_STAFF, 0, r->account_id,
		    &rel, &role, &notify);
		/* Issue 7.2: staff are the check on a teen's own address and
		 * on a second own account. */
		enrol_today(c->now, &y, &m, &d);
		age = policy_age(p.dob, y, m, d);
		tvars_bool(it, "check_teen", self && policy_own_address_needed(age));
		tvars_bool(it, "other_self", self &&
		    store_self_holders(c->p->db, r->patient_id, r->account_id) > 0);
	}
	tvars_bool(it, "eligible", e == ELIG_OK);
	tvars_str(it, "elig_text", policy_signup_message(e));
}

static int
queue_show(struct ctx *c, int status)
{
	struct sreq			*r;
	struct tvars			*it;
	const struct enrol_reason	*rs;
	size_t				 n, i;
	long				 total;

	/* The oldest QUEUE_PAGE only: a flood of requests costs one page
	 * view bounded work and audit rows (issue 7.3). */
	if (store_sreq_pending(c->p->db, c->a, QUEUE_PAGE, &r, &n) == -1 ||
	    (total = store_sreq_pending_total(c->p->db)) == -1)
		return 500;
	/* The queue shows what the records say of each patient (name, date
	 * of birth, MRN, visits): one audit row per patient shown, all
	 * durable before the page is sent (S-1). */
	if (db_begin(c->p->db) == -1)
		return 503;
	for (i = 0; i < n; i++)
		if (r[i].patient_id != 0 && audit_req(c, "staff.queue_view",
		    r[i].patient_id, arena_printf(c->a, "request %" PRId64,
		    r[i].id)) == -1) {
			db_rollback(c->p->db);
			return 500;
		}
	if (db_commit(c->p->db) == -1)
		return 500;
	tvars_str(c->vars, "title", "Verification queue");
	if (total > (long)n)
		tvars_strf(c->vars, "more", "%ld more %s waiting: %s shown as "
		    "the ones above are decided, oldest first.", total - (long)n,
		    total - (long)n == 1 ? "request is" : "requests are",
		    total - (long)n == 1 ? "it is" : "they are");
	tvars_list(c->vars, "requests");
	for (i = 0; i < n; i++)
		request_vars(c, tvars_item(c->vars, "requests"), &r[i]);
	for (rs = enrol_reasons; rs->code != NULL; rs++) {
		it = tvars_item(c->vars, "reasons");
		tvars_str(it, "code", rs->code);
		tvars_str(it, "label", rs->label);
	}
	c->page = "staff_queue";
	return status;
}

static int
queue_get(struct ctx *c)
{
	if (http_query(c, "done") != NULL)
		tvars_str(c->vars, "notice", "Decision saved; the applicant will be e-mailed.");
	return queue_show(c, 200);
}

static int
decide_post(struct ctx *c)
{
	struct form			 f;
	struct sreq			 r;
	const struct enrol_reason	*why = NULL;
	const char			*role = NULL;
	int64_t				 id, rel = 0;
	int				 approve, notify = 0, rc;
	enum elig			 e;

	if (form_read(c, decide_fields, N(decide_fields), &f) > 0)
		return http_fail(c, 400, "The decision was not complete. Go back and try again.");
	id = strtoll(form_val(&f, "id"), NULL, 10);
	approve = strcmp(form_val(&f, "decision"), "approve") == 0;
	if ((rc = store_sreq_get(c->p->db, c->a, id, &r)) != 1)
		return rc == 0 ? http_fail(c, 404, "There is no such request.") : 500;
	if (approve) {
		e = r.patient_id == 0 ? ELIG_NOT_ON_FILE : enrol_eligible(c->p->db,
		    c->a, c->now, r.patient_id, strcmp(r.role, "self") == 0,
		    r.given, r.family, r.email, PROOF_STAFF, 0, r.account_id, &rel,
		    &role, &notify);
		if (e != ELIG_OK) {
			tvars_str(c->vars, "problem", arena_printf(c->a,
			    "Request %" PRId64 " cannot be approved: %s", id,
			    r.patient_id == 0 ? "no patient has that MRN." :
			    policy_signup_message(e)));
			return queue_show(c, 422);
		}
	} else if ((why = enrol_reason(form_val(&f, "reason"))) == NULL) {
		tvars_str(c->vars, "problem", "Choose a reason for rejecting.");
		return queue_show(c, 422);
	}
	if (db_begin(c->p->db) == -1)
		return 503;
	if ((rc = store_sreq_decide(c->p->db, id, approve ? "approved" : "rejected",
	    approve ? NULL : why->code, c->sess->s_principal, c->now)) != 1) {
		db_rollback(c->p->db);
		if (rc == -1)
			return 500;
		tvars_str(c->vars, "notice", "That request was already decided.");
		return queue_show(c, 200);
	}
	if (approve)
		rc = store_holding_set(c->p->db, r.account_id, r.patient_id, role,
		    rel, "active", c->now) == -1 ||
		    (notify && enrol_notify_guardians(c, r.patient_id) == -1) ||
		    (strcmp(role, "self") == 0 &&
		    enrol_notify_self(c, r.patient_id) == -1) ||
		    mail_queue(c->p->db, c->p->conf, MAIL_REQ_APPROVED, r.email,
		    NULL, NULL, c->now) == -1;
	else
		rc = mail_queue(c->p->db, c->p->conf, MAIL_REQ_REJECTED, r.email,
		    NULL, why->text, c->now) == -1;
	if (rc != 0 || audit_req(c, approve ? "signup_request.approved" :
	    "signup_request.rejected", r.patient_id, arena_printf(c->a,
	    "request %" PRId64 "%s%s", id, why ? " reason " : "",
	    why ? why->code : "")) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return 500;
	}
	return http_redirect(c, "/staff/?done=1");
}

static const struct route routes[] = {
	{ M_GET, "/staff/login", login_get, 0 },
	{ M_POST, "/staff/login", login_post, 0 },
	{ M_POST, "/staff/logout", logout_post, 0 },
	{ M_GET, "/staff/", queue_get, R_STAFF },
	{ M_POST, "/staff/decide", decide_post, R_STAFF },
};

int
main(void)
{
	static const struct app app = { "staff", routes, N(routes) };

	return http_main(&app);
}
