/*
 * messages: the family's secure messages to the care team (F-MSG 1-4, 6;
 * F-PROXY 2). Fields in, one operation of lib/app/messages.h, the page
 * out; who may read what is the policy's (lib/policy/policy_messages.h).
 *
 *   GET  /messages/          ?p=patient: the account's threads about them
 *   GET  /messages/new       ?p=: compose (with the emergency notice)
 *   POST /messages/new       a new thread, with up to 3 attachments
 *   GET  /messages/thread    ?id=: one thread
 *   POST /messages/reply     answer in a thread
 *   GET  /messages/file      ?id=: an attachment, as a download
 */
#include <inttypes.h>
#include <string.h>

#include "audit_req.h"
#include "fields.h"
#include "form.h"
#include "about.h"
#include "http.h"
#include "messages.h"
#include "msg_page.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field patient_query[] = { FIELD_PATIENT };
static const struct field thread_query[] = { FIELD_THREAD };
static const struct field file_query[] = { FIELD_ATTACHMENT };
static const struct field new_fields[] = {
	FIELD_PATIENT,
	FIELD_CLINIC,
	{ "topic", "topic", msg_page_valid_topic, F_REQ },
	{ "subject", "subject", valid_line, F_REQ },
	FIELD_MSG_BODY,
	FIELD_SEND_KEY,
	{ "shown", "patient", valid_id, 0 },	/* whom the form was for */
};
static const struct field reply_fields[] = {
	FIELD_THREAD,
	FIELD_MSG_BODY,
	FIELD_SEND_KEY,
};

/* One answer for "not yours" and "none" (the operation wrote the row). */
static int
not_found(struct ctx *c, enum app_rc rc)
{
	if (rc == APP_BUSY)
		return 503;
	if (rc != APP_REFUSED)
		return 500;
	return http_fail(c, 404, "There is no such conversation that you can see.");
}

static int
list_get(struct ctx *c)
{
	struct messages_list_in	 in;
	struct messages_list_out out;
	struct form		 f;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	form_query(c, patient_query, N(patient_query), &f);
	in.patient = form_id(&f, "p");
	in.asked_patient = http_query(c, "p") != NULL;
	in.asked = audit_asked(c, "p");
	if ((rc = app_messages_list(&c->call, &in, &out)) != APP_OK)
		return not_found(c, rc);
	for (i = 0; i < out.nchoices; i++) {
		it = tvars_item(c->vars, "choices");
		tvars_strf(it, "id", "%" PRId64, out.choices[i].patient_id);
		tvars_str(it, "name", out.choices[i].name);
		tvars_bool(it, "selected", out.choices[i].patient_id == out.patient);
	}
	tvars_bool(c->vars, "several", out.nchoices > 1);
	about_vars(c, &out.shown);
	tvars_str(c->vars, "title", "Messages");
	c->page = "messages";
	if (out.none) {
		http_no_phi(c);
		tvars_bool(c->vars, "no_patient", 1);
		return 200;
	}
	tvars_strf(c->vars, "patient_id", "%" PRId64, out.patient);
	tvars_list(c->vars, "threads");
	for (i = 0; i < out.nthreads; i++) {
		const struct thread *t = &out.threads[i];

		it = tvars_item(c->vars, "threads");
		tvars_strf(it, "id", "%" PRId64, t->id);
		tvars_str(it, "subject", t->subject);
		tvars_str(it, "clinic", t->clinic);
		tvars_bool(it, "unread", t->unread_family > 0);
		tvars_bool(it, "waiting", strcmp(t->status, "waiting") == 0);
		if (t->due)
			tvars_str(it, "due", msg_page_when(c, t->due));
	}
	return 200;
}

/* A send that failed or was refused: everything typed comes back. */
static int
unsent(struct ctx *c, struct form *f, enum app_rc rc, int compose,
    const char *action, const char *back)
{
	tvars_bool(c->vars, "family", 1);
	tvars_bool(c->vars, "compose", compose);
	if (compose)
		msg_page_topics(c, f);
	return msg_page_unsent(c, f, rc == APP_REFUSED ? 404 :
	    http_app_status(c, rc), compose ? "you cannot send messages about "
	    "this patient." : "there is no such conversation that you can "
	    "see.", action, back);
}

/* The compose page, with what was typed and the problems found. */
static int
compose(struct ctx *c, const struct patient *who, const struct clinic *cl,
    size_t n, struct form *f, const char *problem, int status)
{
	struct tvars	*it;
	size_t		 i;
	int64_t		 chosen = f ? form_id(f, "clinic") : 0;

	tvars_str(c->vars, "title", "New message");
	tvars_strf(c->vars, "patient_id", "%" PRId64, who->id);
	about_vars(c, who);
	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "clinics");
		tvars_strf(it, "id", "%" PRId64, cl[i].id);
		tvars_str(it, "name", cl[i].name);
		tvars_bool(it, "selected", chosen == cl[i].id);
	}
	tvars_bool(c->vars, "no_clinic", n == 0);
	msg_page_topics(c, f);
	/* Without a care team there is no form: what was sent shows read-only,
	 * to copy. */
	tvars_bool(c->vars, "kept", f != NULL);
	if (f != NULL)
		form_echo(f, c->vars);
	msg_page_key(c, f);
	if (problem != NULL)
		tvars_str(c->vars, "problem", problem);
	c->page = "message_new";
	return status;
}

static int
new_get(struct ctx *c)
{
	struct messages_compose_in	 in;
	struct messages_compose_out	 out;
	struct form			 f;
	enum app_rc			 rc;

	form_query(c, patient_query, N(patient_query), &f);
	in.patient = form_id(&f, "p");
	in.asked_patient = http_query(c, "p") != NULL;
	in.asked = audit_asked(c, "p");
	if ((rc = app_messages_compose(&c->call, &in, &out)) != APP_OK)
		return not_found(c, rc);
	msg_page_choices(c, out.choices, out.nchoices, out.patient, out.pick,
	    out.nclinics);
	if (out.pick) {
		tvars_str(c->vars, "title", "New message");
		tvars_bool(c->vars, "pick", 1);
		c->page = "message_new";
		return 200;
	}
	return compose(c, &out.shown, out.clinics, out.nclinics, NULL, NULL,
	    200);
}

/* The parent chose another patient in the compose form: the page again
 * for that one, everything typed kept and nothing checked or sent (its
 * care teams are not the first one's). */
static int
new_switch(struct ctx *c, struct form *f)
{
	struct messages_compose_in	 in;
	struct messages_compose_out	 out;
	enum app_rc			 rc;
	size_t				 i;

	in.patient = form_id(f, "p");
	in.asked_patient = 1;
	in.asked = audit_asked(c, "p");
	if ((rc = app_messages_compose(&c->call, &in, &out)) != APP_OK)
		return unsent(c, f, rc, 1, "/messages/new", "/messages/");
	for (i = 0; i < f->n; i++)
		form_error_clear(f, f->f[i].name);
	msg_page_choices(c, out.choices, out.nchoices, out.patient, 0,
	    out.nclinics);
	tvars_str(c->vars, "notice", out.nclinics > 0 ? "Nothing was sent: "
	    "check the care team, then send. Attachments are not kept: choose "
	    "any again." : "Nothing was sent: this patient has no care team "
	    "you can message. What you wrote is below, to copy.");
	return compose(c, &out.shown, out.clinics, out.nclinics, f, NULL, 200);
}

static int
new_post(struct ctx *c)
{
	struct messages_send_in	 in;
	struct messages_send_out out;
	struct form		 f;
	enum app_rc		 rc;

	form_read(c, new_fields, N(new_fields), &f);
	in.patient = form_id(&f, "p");
	if (form_typed(&f, "shown") != NULL &&
	    form_id(&f, "shown") != in.patient)
		return new_switch(c, &f);
	in.asked = audit_asked(c, "p");
	in.clinic = form_id(&f, "clinic");
	in.topic = form_val(&f, "topic");
	in.subject = form_val(&f, "subject");
	msg_page_body(c, &f, &in.msg);
	switch ((rc = app_messages_send(&c->call, &in, &out))) {
	case APP_OK:
		return http_redirect(c, arena_printf(c->call.a,
		    "/messages/thread?id=%" PRId64 "&%s=1", out.thread,
		    out.already ? "already" : "sent"));
	case APP_INVALID:
		if (out.bad_clinic)
			form_error(&f, "clinic", "Choose one of the patient's care teams.");
		msg_page_choices(c, out.choices, out.nchoices, in.patient, 0,
		    out.nclinics);
		return msg_page_rekey(c, out.key_used, compose(c, &out.shown,
		    out.clinics, out.nclinics, &f, out.problem, 422));
	default:
		return unsent(c, &f, rc, 1, "/messages/new", arena_printf(
		    c->call.a, "/messages/?p=%" PRId64, in.patient));
	}
}

static int
thread_page(struct ctx *c, const struct msg_thread_view *v, struct form *f,
    const char *problem, int status)
{
	msg_page_thread(c, v, "/messages/file");
	tvars_str(c->vars, "title", v->t.subject);
	tvars_strf(c->vars, "patient_id", "%" PRId64, v->t.patient_id);
	if (http_query(c, "sent") != NULL)
		tvars_str(c->vars, "notice", "Your message was sent to the care team.");
	else if (http_query(c, "already") != NULL)
		tvars_str(c->vars, "notice", "This message had already been sent "
		    "to the care team. It was not sent a second time.");
	if (f != NULL)
		form_echo(f, c->vars);
	msg_page_key(c, f);
	if (problem != NULL)
		tvars_str(c->vars, "problem", problem);
	c->page = "message_thread";
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
	if ((rc = app_messages_open(&c->call, &in, &v)) != APP_OK)
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
	switch ((rc = app_messages_reply(&c->call, &in, &out))) {
	case APP_OK:
		return http_redirect(c, arena_printf(c->call.a,
		    "/messages/thread?id=%" PRId64 "&%s=1", out.already ?
		    out.already : in.thread, out.already ? "already" : "sent"));
	case APP_INVALID:
		return msg_page_rekey(c, out.key_used, thread_page(c, &out.view,
		    &f, out.problem, 422));
	default:
		return unsent(c, &f, rc, 0, "/messages/reply", "/messages/");
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
	if ((rc = app_messages_attachment(&c->call, &in, &at)) != APP_OK)
		return not_found(c, rc);
	return msg_page_file(c, &at);
}

static const struct route routes[] = {
	{ M_GET, "/messages/", list_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/messages/new", new_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_POST, "/messages/new", new_post, R_FAMILY | R_UPLOAD | R_PHI },
	{ M_GET, "/messages/thread", thread_get, R_FAMILY | R_PHI },
	{ M_POST, "/messages/reply", reply_post, R_FAMILY | R_UPLOAD | R_PHI },
	{ M_GET, "/messages/file", file_get, R_FAMILY | R_PHI },
};

int
main(void)
{
	static const struct app app = { "messages", routes, N(routes) };

	return http_main(&app);
}
