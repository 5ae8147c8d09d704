/*
 * inbox: the care team's messages (F-MSG 5): the threads of the signed-in
 * staff member's clinics, those waiting for an answer first, by due time,
 * overdue ones marked; read, answer (the family is e-mailed, without
 * health information), attachments. Fields in, one operation of
 * lib/app/messages.h, the page out.
 *
 *   GET  /inbox/          the list, a page at a time: ?after= a cursor
 *   GET  /inbox/thread    ?id=
 *   POST /inbox/reply     answer
 *   GET  /inbox/file      ?id=: an attachment
 */
#include <inttypes.h>
#include <string.h>

#include "audit_req.h"
#include "fields.h"
#include "form.h"
#include "http.h"
#include "messages.h"
#include "msg_page.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* ?after=: where a page of the list starts (a "next page" link's). */
static const char *
valid_after(struct arena *a, const char *in, size_t len, const char **out)
{
	struct inbox_pos pos;

	(void)a;
	if (len > 40 || strlen(in) != len || inbox_pos_parse(in, &pos) == -1)
		return "This page of the inbox does not exist.";
	*out = in;
	return NULL;
}

static const struct field list_query[] = {
	{ "after", "page", valid_after, 0 },
};
static const struct field thread_query[] = { FIELD_THREAD };
static const struct field file_query[] = { FIELD_ATTACHMENT };
/* The answer: the same body field, and rule, as the family's message. */
static const struct field reply_fields[] = {
	FIELD_THREAD,
	FIELD_MSG_BODY,
	FIELD_SEND_KEY,
};

static const char no_role[] = "Your role does not include the care team's "
    "inbox. If you answer patients' messages, ask the portal's administrator "
    "to give you the clinic role.";

/* A refusal: 403 for a staff member without the clinic role (issue
 * 11.8), asked only now that the operation refused; else one answer for
 * "not in your clinics" and "none" (the operation wrote the row). */
static int
refusal(struct ctx *c, enum app_rc rc, int status, const char *message)
{
	if (rc != APP_REFUSED)
		return http_app_status(c, rc);
	switch (app_inbox_may(&c->call)) {
	case 0:
		return http_fail(c, 403, no_role);
	case 1:
		return http_fail(c, status, message);
	default:
		return http_app_status(c, APP_ERROR);
	}
}

static int
not_found(struct ctx *c, enum app_rc rc)
{
	return refusal(c, rc, 404, "There is no such conversation in your "
	    "clinics' inbox.");
}

static int
list_get(struct ctx *c)
{
	struct inbox_list_in	 in;
	struct inbox_list_out	 out;
	struct inbox_pos	 after;
	struct form		 f;
	struct tvars		*it;
	size_t			 i;
	enum app_rc		 rc;

	/* A cursor this page did not write: the error page (400), which
	 * links to the inbox's first page. */
	form_query(c, list_query, N(list_query), &f);
	if (form_has_error(&f, "after"))
		return http_fail(c, 400, "This page of the inbox does not "
		    "exist: open the inbox again from its first page.");
	in.after = NULL;
	if (form_val(&f, "after") != NULL &&
	    inbox_pos_parse(form_val(&f, "after"), &after) == 0)
		in.after = &after;
	if ((rc = app_inbox_list(&c->call, &in, &out)) != APP_OK)
		return refusal(c, rc, 403, no_role);
	tvars_str(c->vars, "title", "Messages inbox");
	if (in.after != NULL)
		tvars_bool(c->vars, "later", 1);
	tvars_bool(c->vars, "pages", in.after != NULL || out.more);
	if (out.more)
		tvars_str(c->vars, "next", inbox_pos_text(c->call.a, &out.next));
	if (out.nthreads == 0)
		http_no_phi(c);		/* an empty inbox names nobody */
	tvars_list(c->vars, "threads");
	for (i = 0; i < out.nthreads; i++) {
		const struct thread *t = &out.threads[i];

		it = tvars_item(c->vars, "threads");
		tvars_strf(it, "id", "%" PRId64, t->id);
		tvars_str(it, "subject", t->subject);
		tvars_str(it, "clinic", t->clinic);
		tvars_str(it, "patient", t->patient);
		tvars_bool(it, "waiting", strcmp(t->status, "waiting") == 0);
		tvars_bool(it, "unread", t->unread_staff > 0);
		tvars_bool(it, "overdue", t->due && t->due < (int64_t)c->call.now);
		if (t->due)
			tvars_str(it, "due", msg_page_when(c, t->due));
	}
	if (http_query(c, "sent") != NULL)
		tvars_str(c->vars, "notice", "Your answer was sent; the family is told by e-mail.");
	c->page = "inbox";
	return 200;
}

static int
thread_page(struct ctx *c, const struct msg_thread_view *v, struct form *f,
    const char *problem, int status)
{
	msg_page_thread(c, v, "/inbox/file");
	tvars_str(c->vars, "title", v->t.subject);
	if (http_query(c, "already") != NULL)
		tvars_str(c->vars, "notice", "This answer had already been sent. "
		    "It was not sent a second time.");
	if (f != NULL)
		form_echo(f, c->vars);
	msg_page_key(c, f);
	if (problem != NULL)
		tvars_str(c->vars, "problem", problem);
	c->page = "inbox_thread";
	return status;
}

static int
thread_get(struct ctx *c)
{
	struct msg_thread_in	 in;
	struct msg_thread_view	 v;
	struct form		 f;
	enum app_rc		 rc;

	form_query(c, thread_query, N(thread_query), &f);
	in.thread = form_id(&f, "id");
	in.asked = audit_asked(c, "id");
	if ((rc = app_inbox_open(&c->call, &in, &v)) != APP_OK)
		return not_found(c, rc);
	return thread_page(c, &v, NULL, NULL, 200);
}

static int
reply_post(struct ctx *c)
{
	struct msg_reply_in	 in;
	struct msg_reply_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	form_read(c, reply_fields, N(reply_fields), &f);
	in.thread = form_id(&f, "id");
	in.asked = audit_asked(c, "id");
	msg_page_body(c, &f, &in.msg);
	switch ((rc = app_inbox_answer(&c->call, &in, &out))) {
	case APP_OK:
		if (out.already)
			return http_redirect(c, arena_printf(c->call.a,
			    "/inbox/thread?id=%" PRId64 "&already=1", out.already));
		return http_redirect(c, "/inbox/?sent=1");
	case APP_INVALID:
		return msg_page_rekey(c, out.key_used, thread_page(c, &out.view,
		    &f, out.problem, 422));
	case APP_REFUSED:
		if (app_inbox_may(&c->call) == 0)
			return http_fail(c, 403, no_role);
		/* FALLTHROUGH */
	default:
		return msg_page_unsent(c, &f, rc == APP_REFUSED ? 404 :
		    http_app_status(c, rc), "there is no such conversation in "
		    "your clinics' inbox.", "/inbox/reply", "/inbox/");
	}
}

static int
file_get(struct ctx *c)
{
	struct msg_attachment_in in;
	struct attachment	 at;
	struct form		 f;
	enum app_rc		 rc;

	form_query(c, file_query, N(file_query), &f);
	in.attachment = form_id(&f, "id");
	in.asked = audit_asked(c, "id");
	if ((rc = app_inbox_attachment(&c->call, &in, &at)) != APP_OK)
		return not_found(c, rc);
	return msg_page_file(c, &at);
}

static const struct route routes[] = {
	{ M_GET, "/inbox/", list_get, R_STAFF | R_PHI },
	{ M_GET, "/inbox/thread", thread_get, R_STAFF | R_PHI },
	{ M_POST, "/inbox/reply", reply_post, R_STAFF | R_UPLOAD | R_PHI },
	{ M_GET, "/inbox/file", file_get, R_STAFF | R_PHI },
};

int
main(void)
{
	static const struct app app = { "inbox", routes, N(routes) };

	return http_main(&app);
}
