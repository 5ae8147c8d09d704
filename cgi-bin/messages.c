/*
 * messages: the family's secure messages to the care team (F-MSG 1-4, 6;
 * F-PROXY 2). A thread belongs to the account that started it; the policy
 * decides who else may read it (the care team only).
 *
 *   GET  /messages/          ?p=patient: the account's threads about them
 *   GET  /messages/new       ?p=: compose (with the emergency notice)
 *   POST /messages/new       a new thread, with up to 3 attachments
 *   GET  /messages/thread    ?id=: one thread
 *   POST /messages/reply     answer in a thread
 *   GET  /messages/file      ?id=: an attachment, as a download
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "audit_req.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "msg.h"
#include "record.h"
#include "store_clinics.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*code;
	const char	*label;
} topics[] = {
	{ "prescription", "A prescription" },
	{ "test_result", "A test result" },
	{ "medical_question", "A medical question (not urgent)" },
	{ "referral", "A referral" },
	{ "follow_up", "Follow-up after a visit" },
	{ "form", "A form request" },
	{ "other", "Something else" },
};

static const char *
valid_topic(struct arena *a, const char *in, size_t len, const char **out)
{
	size_t	 i;

	for (i = 0; i < N(topics); i++)
		if (strlen(topics[i].code) == len && memcmp(topics[i].code, in, len) == 0) {
			*out = arena_strdup(a, topics[i].code);
			return NULL;
		}
	return "Choose what your message is about.";
}

static const char *
valid_body(struct arena *a, const char *in, size_t len, const char **out)
{
	size_t	 i, chars = 0;

	if (!valid_utf8(in, len, 1))
		return "Remove the unusual characters and try again.";
	for (i = 0; i < len; i++)
		if (((unsigned char)in[i] & 0xc0) != 0x80)
			chars++;
	if (chars > MSG_MAX_BODY)
		return "A message can have at most 20,000 characters.";
	*out = arena_strndup(a, in, len);
	return NULL;
}

static const struct field new_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "clinic", "care team", valid_id, F_REQ },
	{ "topic", "topic", valid_topic, F_REQ },
	{ "subject", "subject", valid_line, F_REQ },
	{ "body", "message", valid_body, F_REQ },
};
static const struct field reply_fields[] = {
	{ "id", "conversation", valid_id, F_REQ },
	{ "body", "message", valid_body, F_REQ },
};

static int64_t
id_of(const char *s)
{
	return s != NULL ? strtoll(s, NULL, 10) : 0;
}


/* One answer for "not yours" and "none"; the audit row names the id
 * asked for (param). */
static int
not_found(struct ctx *c, const char *what, int64_t patient, const char *param)
{
	audit_refused(c, "messages.refused", patient, what, param);
	return http_fail(c, 404, "There is no such conversation that you can see.");
}

static int
list_get(struct ctx *c)
{
	struct record_choice	*ch;
	struct thread		*t;
	struct tvars		*it;
	size_t			 n, nt, i;
	int64_t			 p = http_query_id(c, "p");

	if (record_patients(c, &ch, &n) == -1)
		return 500;
	if (p == 0 && http_query(c, "p") != NULL)
		return not_found(c, "patient", 0, "p");
	if (p == 0 && n > 0)
		p = ch[0].patient_id;
	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "choices");
		tvars_strf(it, "id", "%" PRId64, ch[i].patient_id);
		tvars_str(it, "name", ch[i].name);
		tvars_bool(it, "selected", ch[i].patient_id == p);
	}
	tvars_bool(c->vars, "several", n > 1);
	tvars_str(c->vars, "title", "Messages");
	c->page = "messages";
	if (p == 0 || !msg_family_may_write(c, p)) {
		if (http_query(c, "p") != NULL)
			return not_found(c, "patient", p, "p");
		tvars_bool(c->vars, "no_patient", 1);
		return 200;
	}
	if (store_threads_of(c->call.p->db, c->call.a, c->sess->s_principal, p, &t, &nt) == -1)
		return 500;
	tvars_strf(c->vars, "patient_id", "%" PRId64, p);
	tvars_list(c->vars, "threads");
	for (i = 0; i < nt; i++) {
		it = tvars_item(c->vars, "threads");
		tvars_strf(it, "id", "%" PRId64, t[i].id);
		tvars_str(it, "subject", t[i].subject);
		tvars_str(it, "clinic", t[i].clinic);
		tvars_bool(it, "unread", t[i].unread_family > 0);
		tvars_bool(it, "waiting", strcmp(t[i].status, "waiting") == 0);
		if (t[i].due)
			tvars_str(it, "due", msg_when(c, t[i].due));
	}
	if (audit_req(c, "messages.list", p, NULL) == -1)
		return 500;
	return 200;
}

/* The compose page, with what was typed and the problems found. */
static int
compose(struct ctx *c, int64_t p, struct form *f, const char *problem, int status)
{
	struct clinic	*cl;
	struct tvars	*it;
	size_t		 n, i;
	const char	*chosen = f ? form_val(f, "clinic") : NULL;
	const char	*topic = f ? form_val(f, "topic") : NULL;

	if (store_clinics_of_patient(c->call.p->db, c->call.a, p, &cl, &n) == -1)
		return 500;
	tvars_str(c->vars, "title", "New message");
	tvars_strf(c->vars, "patient_id", "%" PRId64, p);
	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "clinics");
		tvars_strf(it, "id", "%" PRId64, cl[i].id);
		tvars_str(it, "name", cl[i].name);
		tvars_bool(it, "selected", chosen && id_of(chosen) == cl[i].id);
	}
	tvars_bool(c->vars, "no_clinic", n == 0);
	for (i = 0; i < N(topics); i++) {
		it = tvars_item(c->vars, "topics");
		tvars_str(it, "code", topics[i].code);
		tvars_str(it, "label", topics[i].label);
		tvars_bool(it, "selected", topic && strcmp(topic, topics[i].code) == 0);
	}
	if (f != NULL)
		form_echo(f, c->vars);
	if (problem != NULL)
		tvars_str(c->vars, "problem", problem);
	c->page = "message_new";
	return status;
}

static int
new_get(struct ctx *c)
{
	int64_t	 p = http_query_id(c, "p");

	if (p == 0 || !msg_family_may_write(c, p))
		return not_found(c, "compose", p, "p");
	/* The page names the patient and their care teams: a view. */
	if (audit_req(c, "messages.compose", p, NULL) == -1)
		return 500;
	return compose(c, p, NULL, NULL, 200);
}

static int
new_post(struct ctx *c)
{
	struct form	 f;
	struct msg_file	 files[MSG_MAX_FILES];
	struct thread	 t;
	const char	*problem = NULL;
	size_t		 nf = 0;
	int64_t		 p, due;

	form_read(c, new_fields, N(new_fields), &f);
	p = id_of(form_val(&f, "p"));
	if (p == 0 || !msg_family_may_write(c, p))
		return not_found(c, "compose", p, "p");
	if (form_val(&f, "clinic") != NULL && store_clinic_has_patient(c->call.p->db,
	    id_of(form_val(&f, "clinic")), p) != 1)
		form_error(&f, "clinic", "Choose one of the patient's care teams.");
	if (msg_files(c, files, &nf, &problem) == -1 || f.nerr > 0) {
		audit_req(c, "messages.refused_input", p, problem);
		return compose(c, p, &f, problem, 422);
	}
	if ((due = msg_due(c)) == -1)
		return 500;
	memset(&t, 0, sizeof(t));
	t.patient_id = p;
	t.clinic_id = id_of(form_val(&f, "clinic"));
	t.account_id = c->sess->s_principal;
	t.by_patient = record_is_self(c, p);
	t.topic = form_val(&f, "topic");
	t.subject = form_val(&f, "subject");
	if (db_begin(c->call.p->db) == -1)
		return 503;
	if ((t.id = store_thread_create(c->call.p->db, &t, c->call.now)) == -1 ||
	    msg_store(c, &t, 0, form_val(&f, "body"), files, nf, due) == -1 ||
	    audit_req(c, "messages.sent", p, arena_printf(c->call.a, "thread %" PRId64
	    ", %zu attachments", t.id, nf)) == -1 || db_commit(c->call.p->db) == -1) {
		db_rollback(c->call.p->db);
		return 500;
	}
	return http_redirect(c, arena_printf(c->call.a, "/messages/thread?id=%" PRId64
	    "&sent=1", t.id));
}

static int
thread_page(struct ctx *c, const struct thread *t, struct form *f,
    const char *problem, int status)
{
	if (msg_thread_vars(c, t, c->vars, "/messages/file") == -1)
		return 500;
	tvars_str(c->vars, "title", t->subject);
	tvars_strf(c->vars, "patient_id", "%" PRId64, t->patient_id);
	if (http_query(c, "sent") != NULL)
		tvars_str(c->vars, "notice", "Your message was sent to the care team.");
	if (f != NULL)
		form_echo(f, c->vars);
	if (problem != NULL)
		tvars_str(c->vars, "problem", problem);
	c->page = "message_thread";
	return status;
}

static int
thread_get(struct ctx *c)
{
	struct thread	 t;
	int64_t		 id = http_query_id(c, "id");
	int		 rc;

	if ((rc = msg_family_thread(c, id, &t)) != 1)
		return rc < 0 ? 500 : not_found(c, "thread", 0, "id");
	if (audit_req(c, "messages.read", t.patient_id, arena_printf(c->call.a,
	    "thread %" PRId64, t.id)) == -1)
		return 500;
	if (t.unread_family > 0)
		store_thread_read(c->call.p->db, t.id, 0);
	return thread_page(c, &t, NULL, NULL, 200);
}

static int
reply_post(struct ctx *c)
{
	struct form	 f;
	struct thread	 t;
	struct msg_file	 files[MSG_MAX_FILES];
	const char	*problem = NULL;
	size_t		 nf = 0;
	int64_t		 due;
	int		 rc;

	form_read(c, reply_fields, N(reply_fields), &f);
	if ((rc = msg_family_thread(c, id_of(form_val(&f, "id")), &t)) != 1)
		return rc < 0 ? 500 : not_found(c, "reply", 0, "id");
	if (msg_files(c, files, &nf, &problem) == -1 || f.nerr > 0) {
		audit_req(c, "messages.refused_input", t.patient_id, problem);
		return thread_page(c, &t, &f, problem, 422);
	}
	if ((due = msg_due(c)) == -1)
		return 500;
	if (db_begin(c->call.p->db) == -1)
		return 503;
	if (msg_store(c, &t, 0, form_val(&f, "body"), files, nf, due) == -1 ||
	    audit_req(c, "messages.sent", t.patient_id, arena_printf(c->call.a,
	    "thread %" PRId64 ", %zu attachments", t.id, nf)) == -1 ||
	    db_commit(c->call.p->db) == -1) {
		db_rollback(c->call.p->db);
		return 500;
	}
	return http_redirect(c, arena_printf(c->call.a, "/messages/thread?id=%" PRId64
	    "&sent=1", t.id));
}

static int
file_get(struct ctx *c)
{
	int	 rc = msg_attachment(c, 0);

	return rc == 0 ? not_found(c, "attachment", 0, "id") : rc;
}

static const struct route routes[] = {
	{ M_GET, "/messages/", list_get, R_FAMILY },
	{ M_GET, "/messages/new", new_get, R_FAMILY },
	{ M_POST, "/messages/new", new_post, R_FAMILY | R_UPLOAD },
	{ M_GET, "/messages/thread", thread_get, R_FAMILY },
	{ M_POST, "/messages/reply", reply_post, R_FAMILY | R_UPLOAD },
	{ M_GET, "/messages/file", file_get, R_FAMILY },
};

int
main(void)
{
	static const struct app app = { "messages", routes, N(routes) };

	return http_main(&app);
}
