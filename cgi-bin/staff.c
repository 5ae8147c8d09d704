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

#include "audit_req.h"
#include "auth.h"
#include "enrol.h"
#include "form.h"
#include "http.h"
#include "login.h"
#include "sess.h"
#include "staff.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

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

/* Where a member lands after signing in: the first page, in this order,
 * that one of their roles opens (issue 11.8); the queue, which says what
 * is missing, if none does. */
static const struct {
	enum staff_act	 act;
	const char	*path;
} landings[] = {
	{ STAFF_QUEUE_VIEW, "/staff/" },
	{ STAFF_INBOX, "/inbox/" },
	{ STAFF_PROVISION_VIEW, "/staff/providers/" },
	{ STAFF_VISIT_QUEUE, "/staff/visits/" },
	{ STAFF_INSURANCE_REVIEW, "/staff/insurance/" },
	{ STAFF_CLINIC_SETUP, "/staff/clinic/" },
	{ STAFF_AUDIT_SEARCH, "/staff/audit/" },
};

static const char *
landing(struct ctx *c)
{
	size_t	 i;

	for (i = 0; i < N(landings); i++)
		if (app_staff_may(&c->call, landings[i].act) == 1)
			return landings[i].path;
	return "/staff/";
}

static int
login_post(struct ctx *c)
{
	struct form		 f;
	struct login_in		 in;
	struct login_out	 out;
	const char		*who;

	if (form_read(c, login_fields, N(login_fields), &f) > 0)
		return login_show(c, &f, wrong, 422);
	in.who = form_val(&f, "username");
	in.password = form_val(&f, "password");
	who = arena_printf(c->call.a, "staff:%s", in.who);
	in.device = sess_device(c, who);
	switch (app_staff_login(&c->call, &in, &out)) {
	case APP_OK:
		break;
	case APP_REFUSED:
		if (out.why == LOGIN_THROTTLED)
			return login_show(c, &f, arena_printf(c->call.a, "Too many "
			    "sign-in attempts. Wait %s and try again.",
			    auth_wait_text(c->call.a, out.wait)), 429);
		return login_show(c, &f, wrong, 401);
	default:
		return 500;
	}
	if (sess_start(c, SESS_STAFF, SESS_IN, out.id) == -1)
		return 500;
	sess_device_remember(c, who);
	return http_redirect(c, landing(c));
}

static int
logout_post(struct ctx *c)
{
	if (c->sess != NULL && c->sess->s_kind == SESS_STAFF) {
		audit_req(c, "staff_logout", 0, NULL);
		sess_end(c);
	}
	sess_clear_site(c);
	return http_redirect(c, "/staff/login");
}

/* One request, with what the records say about it. */
static void
request_vars(struct ctx *c, struct tvars *it, const struct queue_item *q)
{
	struct tm	 tm;
	char		 when[64];
	time_t		 t = (time_t)q->received;

	tvars_strf(it, "id", "%" PRId64, q->id);
	tvars_strf(it, "applicant", "%s %s", q->applicant_given,
	    q->applicant_family);
	tvars_str(it, "email", q->email);
	tvars_bool(it, "verified", q->verified);
	tvars_str(it, "role_text", q->as_self ? "the patient" :
	    "parent or legal guardian");
	tvars_bool(it, "by_self_token", q->by_self_token);
	tvars_str(it, "mrn", q->mrn);
	tvars_str(it, "visit_date", q->visit_date);
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	tvars_str(it, "received", arena_strdup(c->call.a, when));
	if (q->on_file) {
		tvars_strf(it, "patient", "%s %s", q->given, q->family);
		tvars_str(it, "dob", q->dob);
		tvars_bool(it, "visit_found", q->visit_found);
		tvars_bool(it, "check_teen", q->check_teen);
		tvars_bool(it, "other_self", q->other_self);
	}
	tvars_bool(it, "eligible", q->elig == ELIG_OK);
	tvars_str(it, "elig_text", policy_signup_message(q->elig));
}

static int
queue_show(struct ctx *c, int status)
{
	struct staff_queue_out		 q;
	struct tvars			*it;
	const struct enrol_reason	*rs;
	size_t				 i;

	switch (app_staff_queue(&c->call, &q)) {
	case APP_OK:
		break;
	case APP_REFUSED:
		/* Provisioning staff sign in here too: their own queue. */
		if (app_staff_may(&c->call, STAFF_PROVISION_VIEW) == 1)
			return http_redirect(c, "/staff/providers/");
		return http_fail(c, 403, "Your role does not give access to the "
		    "verification queue.");
	case APP_BUSY:
		return 503;
	default:
		return 500;
	}
	tvars_str(c->vars, "title", "Verification queue");
	/* The oldest ENROL_QUEUE_PAGE only (issue 7.3): say how many wait. */
	if (q.more > 0)
		tvars_strf(c->vars, "more", "%ld more %s waiting: %s shown as "
		    "the ones above are decided, oldest first.", q.more,
		    q.more == 1 ? "request is" : "requests are",
		    q.more == 1 ? "it is" : "they are");
	tvars_list(c->vars, "requests");
	for (i = 0; i < q.n; i++)
		request_vars(c, tvars_item(c->vars, "requests"), &q.items[i]);
	/* Only what applicants typed, no patient of the records: no row. */
	for (i = 0; i < q.n && !q.items[i].on_file; i++)
		;
	if (i == q.n)
		http_no_phi(c);
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

/* What the page does with each refusal of a decision. */
static const struct {
	enum decide_why	 why;
	int		 status;	/* the queue again with this status */
	const char	*var;		/* ... and the message as this value */
} decide_pages[] = {
	{ DECIDE_INELIGIBLE, 422, "problem" },
	{ DECIDE_NO_REASON, 422, "problem" },
	{ DECIDE_ALREADY, 200, "notice" },
};

static int
decide_post(struct ctx *c)
{
	struct form		 f;
	struct staff_decide_in	 in;
	struct staff_decide_out	 out;
	size_t			 i;

	if (form_read(c, decide_fields, N(decide_fields), &f) > 0)
		return http_fail(c, 400, "The decision was not complete. Go back and try again.");
	memset(&in, 0, sizeof(in));
	in.id = form_id(&f, "id");
	in.approve = strcmp(form_val(&f, "decision"), "approve") == 0;
	in.reason = form_val(&f, "reason");
	switch (app_staff_decide(&c->call, &in, &out)) {
	case APP_OK:
		return http_redirect(c, "/staff/?done=1");
	case APP_BUSY:
		return 503;
	case APP_ERROR:
		return 500;
	default:
		break;
	}
	for (i = 0; i < N(decide_pages); i++)
		if (decide_pages[i].why == out.why) {
			tvars_str(c->vars, decide_pages[i].var, out.message);
			return queue_show(c, decide_pages[i].status);
		}
	return http_fail(c, out.why == DECIDE_NO_SUCH ? 404 : 403, out.message);
}

static const struct route routes[] = {
	{ M_GET, "/staff/login", login_get, 0 },
	{ M_POST, "/staff/login", login_post, 0 },
	{ M_POST, "/staff/logout", logout_post, 0 },
	{ M_GET, "/staff/", queue_get, R_STAFF | R_PHI },
	{ M_POST, "/staff/decide", decide_post, R_STAFF | R_PHI },
};

int
main(void)
{
	static const struct app app = { "staff", routes, N(routes) };

	return http_main(&app);
}
