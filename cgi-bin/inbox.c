/*
 * inbox: the care team's messages (F-MSG 5): the threads of the signed-in
 * staff member's clinics, those waiting for an answer first, by due time,
 * overdue ones marked; read, answer (the family is e-mailed, without
 * health information), attachments.
 *
 *   GET  /inbox/          the list
 *   GET  /inbox/thread    ?id=
 *   POST /inbox/reply     answer
 *   GET  /inbox/file      ?id=: an attachment
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "audit_refused.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "msg.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))
#define INBOX_MAX 200

static const char *
valid_answer(struct arena *a, const char *in, size_t len, const char **out)
{
	if (len > 4 * MSG_MAX_BODY || !valid_utf8(in, len, 1))
		return "The answer is too long or has unusual characters.";
	*out = arena_strndup(a, in, len);
	return NULL;
}

static const struct field reply_fields[] = {
	{ "id", "conversation", valid_id, F_REQ },
	{ "body", "answer", valid_answer, F_REQ },
};


/* The audit row names the thread or attachment id asked for. */
static int
not_found(struct ctx *c)
{
	audit_refused(c, "inbox.refused", 0, c->path, "id");
	return http_fail(c, 404, "There is no such conversation in your clinics' inbox.");
}

/*
 * The list shows patients' names and subjects: a view like any other, so
 * one audit row per patient shown (S-1), all durable before the page is
 * sent, in one transaction. 0 or -1.
 */
static int
audit_list(struct ctx *c, const struct thread *t, size_t n)
{
	size_t	 i, j, shown;

	if (db_begin(c->p->db) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && t[j].patient_id != t[i].patient_id; j++)
			;
		if (j < i)
			continue;	/* counted with its first thread */
		for (shown = 0, j = i; j < n; j++)
			if (t[j].patient_id == t[i].patient_id)
				shown++;
		if (audit_req(c, "inbox.list", t[i].patient_id, arena_printf(c->a,
		    "%zu threads", shown)) == -1) {
			db_rollback(c->p->db);
			return -1;
		}
	}
	return db_commit(c->p->db);
}

static int
list_get(struct ctx *c)
{
	struct thread	*t;
	struct tvars	*it;
	size_t		 n, i;

	if (store_threads_inbox(c->p->db, c->a, c->sess->s_principal, INBOX_MAX,
	    &t, &n) == -1)
		return 500;
	tvars_str(c->vars, "title", "Messages inbox");
	tvars_list(c->vars, "threads");
	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "threads");
		tvars_strf(it, "id", "%" PRId64, t[i].id);
		tvars_str(it, "subject", t[i].subject);
		tvars_str(it, "clinic", t[i].clinic);
		tvars_str(it, "patient", t[i].patient);
		tvars_bool(it, "waiting", strcmp(t[i].status, "waiting") == 0);
		tvars_bool(it, "unread", t[i].unread_staff > 0);
		tvars_bool(it, "overdue", t[i].due && t[i].due < (int64_t)c->now);
		if (t[i].due)
			tvars_str(it, "due", msg_when(c, t[i].due));
	}
	if (http_query(c, "sent") != NULL)
		tvars_str(c->vars, "notice", "Your answer was sent; the family is told by e-mail.");
	if (audit_list(c, t, n) == -1)
		return 500;
	c->page = "inbox";
	return 200;
}

static int
thread_page(struct ctx *c, const struct thread *t, struct form *f,
    const char *problem, int status)
{
	if (msg_thread_vars(c, t, c->vars, "/inbox/file") == -1)
		return 500;
	tvars_str(c->vars, "title", t->subject);
	if (f != NULL)
		form_echo(f, c->vars);
	if (problem != NULL)
		tvars_str(c->vars, "problem", problem);
	c->page = "inbox_thread";
	return status;
}

static int
thread_get(struct ctx *c)
{
	struct thread	 t;
	int		 rc;

	if ((rc = msg_staff_thread(c, http_query_id(c, "id"), &t)) != 1)
		return rc < 0 ? 500 : not_found(c);
	if (audit_req(c, "inbox.read", t.patient_id, arena_printf(c->a,
	    "thread %" PRId64, t.id)) == -1)
		return 500;
	if (t.unread_staff > 0)
		store_thread_read(c->p->db, t.id, 1);
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
	int		 rc;

	form_read(c, reply_fields, N(reply_fields), &f);
	if ((rc = msg_staff_thread(c, strtoll(form_val(&f, "id") ?
	    form_val(&f, "id") : "0", NULL, 10), &t)) != 1)
		return rc < 0 ? 500 : not_found(c);
	if (msg_files(c, files, &nf, &problem) == -1 || f.nerr > 0) {
		/* The thread is shown again: a view of the patient's messages. */
		if (audit_req(c, "inbox.refused_input", t.patient_id, problem) == -1)
			return 500;
		return thread_page(c, &t, &f, problem, 422);
	}
	if (db_begin(c->p->db) == -1)
		return 503;
	if (msg_store(c, &t, 1, form_val(&f, "body"), files, nf, 0) == -1 ||
	    audit_req(c, "inbox.answered", t.patient_id, arena_printf(c->a,
	    "thread %" PRId64, t.id)) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return 500;
	}
	return http_redirect(c, "/inbox/?sent=1");
}

static int
file_get(struct ctx *c)
{
	int	 rc = msg_attachment(c, 1);

	return rc == 0 ? not_found(c) : rc;
}

static const struct route routes[] = {
	{ M_GET, "/inbox/", list_get, R_STAFF },
	{ M_GET, "/inbox/thread", thread_get, R_STAFF },
	{ M_POST, "/inbox/reply", reply_post, R_STAFF | R_UPLOAD },
	{ M_GET, "/inbox/file", file_get, R_STAFF },
};

int
main(void)
{
	static const struct app app = { "inbox", routes, N(routes) };

	return http_main(&app);
}
