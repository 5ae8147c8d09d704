/*
 * insreview: billing's review of families' insurance changes (issue
 * 14.2; pre-check-in's insurance step and the profile send them). Who
 * may, what is applied and the audit are lib/app/insreview.c's.
 *
 *   GET  /staff/insurance/         the pending changes, oldest first
 *   GET  /staff/insurance/change   ?id=: one change, the coverage it
 *                                  replaces, the card photos
 *   GET  /staff/insurance/photo    ?id=&back=1: a card photo
 *   POST /staff/insurance/decide   id, decision approve|reject, reason
 */
#include <inttypes.h>
#include <string.h>

#include "form.h"
#include "http.h"
#include "insreview.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const char *
valid_choice(struct arena *a, const char *in, size_t len, const char **out)
{
	if ((len == 7 && memcmp(in, "approve", 7) == 0) ||
	    (len == 6 && memcmp(in, "reject", 6) == 0)) {
		*out = arena_strndup(a, in, len);
		return NULL;
	}
	return "Choose Approve or Reject.";
}

static const char *
valid_reason(struct arena *a, const char *in, size_t len, const char **out)
{
	if (len > 800 || !valid_utf8(in, len, 0))
		return "Enter at most 200 characters.";
	*out = arena_strndup(a, in, len);
	return NULL;
}

static const struct field decide_fields[] = {
	{ "id", "change", valid_id, F_REQ },
	{ "decision", "decision", valid_choice, F_REQ },
	{ "reason", "Reason for rejecting", valid_reason, 0 },
};

static int
refusal(struct ctx *c, enum app_rc rc, enum ir_why why)
{
	if (rc != APP_REFUSED)
		return http_app_status(c, rc);
	switch (why) {
	case IR_ROLE:
		return http_fail(c, 403, "Insurance review is for the billing "
		    "office (the billing role). Ask the portal's administrator "
		    "if you need it.");
	case IR_DECIDED:
		return http_fail(c, 409, "This change was decided already; "
		    "nothing was changed.");
	case IR_GONE:
		return http_fail(c, 409, "The coverage this change replaces is "
		    "no longer on file for the patient; nothing was changed. "
		    "Reject the change and ask the family to send it again.");
	default:
		return http_fail(c, 404, "There is no such insurance change.");
	}
}

static const char *
name(struct ctx *c, const char *given, const char *family)
{
	return arena_printf(c->call.a, "%s %s", given, family);
}

static void
fields_vars(struct tvars *v, const struct ins_fields *f)
{
	static const char *const names[] = { "payer", "plan", "member_id",
	    "group_no", "subscriber", "relationship" };
	const char	*vals[] = { f->payer, f->plan, f->member_id, f->group_no,
			    f->subscriber, f->relationship };
	size_t		 i;

	for (i = 0; i < N(names); i++)
		tvars_str(v, names[i], vals[i]);
	tvars_str(v, "rank", f->rank == 1 ? "primary" : f->rank == 2 ?
	    "secondary" : "other");
}

static int
queue_get(struct ctx *c)
{
	struct ins_change	*ch;
	struct tvars		*it;
	enum ir_why		 why;
	enum app_rc		 rc;
	int64_t			 total;
	size_t			 n, i;

	if ((rc = app_ir_queue(&c->call, &ch, &n, &total, &why)) != APP_OK)
		return refusal(c, rc, why);
	tvars_str(c->vars, "title", "Insurance changes");
	if (http_query(c, "approved") != NULL)
		tvars_str(c->vars, "notice", "Approved: the coverage on file "
		    "was updated, and the family was e-mailed.");
	else if (http_query(c, "rejected") != NULL)
		tvars_str(c->vars, "notice", "Rejected: nothing on file "
		    "changed, and the family was e-mailed.");
	if (n == 0)
		http_no_phi(c);
	tvars_list(c->vars, "changes");
	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "changes");
		tvars_int(it, "id", ch[i].id);
		tvars_str(it, "patient", name(c, ch[i].pt_given, ch[i].pt_family));
		tvars_str(it, "mrn", ch[i].mrn);
		tvars_str(it, "payer", ch[i].f.payer);
		tvars_str(it, "kind", ch[i].coverage_id != 0 ? "change" :
		    "new coverage");
		tvars_when(it, "sent", ch[i].created);
	}
	if (total > (int64_t)n)
		tvars_strf(c->vars, "more", "%" PRId64 " more waiting.",
		    total - (int64_t)n);
	c->page = "insreview";
	return 200;
}

static int
change_show(struct ctx *c, int64_t id, struct form *f, int status)
{
	struct ir_detail	 d;
	enum ir_why		 why;
	enum app_rc		 rc;

	if ((rc = app_ir_get(&c->call, id, &d, &why)) != APP_OK)
		return refusal(c, rc, why);
	tvars_strf(c->vars, "title", "Insurance change %" PRId64, id);
	tvars_int(c->vars, "id", id);
	tvars_str(c->vars, "patient", name(c, d.ch.pt_given, d.ch.pt_family));
	tvars_str(c->vars, "mrn", d.ch.mrn);
	tvars_str(c->vars, "asker", arena_printf(c->call.a, "%s <%s>",
	    name(c, d.ch.asker_given, d.ch.asker_family), d.ch.asker_email));
	tvars_when(c->vars, "sent", d.ch.created);
	tvars_str(c->vars, "status", d.ch.status);
	tvars_bool(c->vars, "pending", strcmp(d.ch.status, "pending") == 0);
	fields_vars(tvars_item(c->vars, "new"), &d.ch.f);
	if (d.has_was)
		fields_vars(tvars_item(c->vars, "was"), &d.was.f);
	tvars_bool(c->vars, "replaces", d.ch.coverage_id != 0);
	tvars_bool(c->vars, "front", d.ch.has_front);
	tvars_bool(c->vars, "back", d.ch.has_back);
	if (f != NULL)
		form_echo(f, c->vars);
	c->page = "insreview_change";
	return status;
}

static int
change_get(struct ctx *c)
{
	return change_show(c, http_query_id(c, "id"), NULL, 200);
}

static int
photo_get(struct ctx *c)
{
	struct ir_photo	 p;
	enum ir_why	 why;
	enum app_rc	 rc;
	int64_t		 id = http_query_id(c, "id");
	int		 back = http_query_id(c, "back") == 1;

	if ((rc = app_ir_photo(&c->call, id, back, &p, &why)) != APP_OK)
		return refusal(c, rc, why);
	buf_put(&c->body, p.data, p.len);
	c->raw = 1;
	c->ctype = p.mime;
	http_header(c, "Content-Disposition", arena_printf(c->call.a,
	    "inline; filename=\"card-%s-%" PRId64 "%s\"", back ? "back" :
	    "front", id, magic_ext(p.kind)));
	return 200;
}

static int
decide_post(struct ctx *c)
{
	struct ir_decide_in	 in;
	struct form		 f;
	const char		*msg;
	enum ir_why		 why;
	enum app_rc		 rc;

	form_read(c, decide_fields, N(decide_fields), &f);
	memset(&in, 0, sizeof(in));
	in.id = form_id(&f, "id");
	if (in.id == 0 || form_has_error(&f, "decision"))
		return http_fail(c, 400, "The form did not name a change and a "
		    "decision; nothing was changed.");
	in.approve = strcmp(form_val(&f, "decision"), "approve") == 0;
	in.reason = form_val(&f, "reason");
	if (f.nerr > 0)
		return change_show(c, in.id, &f, 400);
	rc = app_ir_decide(&c->call, &in, &msg, &why);
	if (rc == APP_OK)
		return http_redirect(c, in.approve ? "/staff/insurance/?approved=1"
		    : "/staff/insurance/?rejected=1");
	if (rc == APP_INVALID) {
		form_error(&f, "reason", msg);
		return change_show(c, in.id, &f, 400);
	}
	return refusal(c, rc, why);
}

static const struct route routes[] = {
	{ M_GET, "/staff/insurance/", queue_get, R_STAFF | R_PHI },
	{ M_GET, "/staff/insurance/change", change_get, R_STAFF | R_PHI },
	{ M_GET, "/staff/insurance/photo", photo_get, R_STAFF | R_PHI },
	{ M_POST, "/staff/insurance/decide", decide_post, R_STAFF | R_PHI },
};

int
main(void)
{
	static const struct app app = { "insreview", routes, N(routes) };

	return http_main(&app);
}
