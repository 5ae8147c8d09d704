/*
 * The shared part of the messages pages. Who may read a thread is
 * policy_thread_visible's decision; this module only gathers its inputs.
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "audit_req.h"
#include "bizday.h"
#include "conf.h"
#include "db.h"
#include "http.h"
#include "magic.h"
#include "mail.h"
#include "md.h"
#include "msg.h"
#include "policy_messages.h"
#include "record.h"
#include "store_accounts.h"
#include "store_clinics.h"
#include "store_holidays.h"
#include "tmpl.h"

int
msg_family_may_write(struct ctx *c, int64_t patient)
{
	struct record_view	 v;

	return record_open(c, patient, &v) == 1;
}

int
msg_family_thread(struct ctx *c, int64_t id, struct thread *t)
{
	struct record_view	 v;
	struct thread_access	 in;
	int			 rc;

	if ((rc = store_thread_get(c->call.p->db, c->call.a, id, t)) != 1)
		return rc;
	/* The account must still see the patient at all (F-PROXY 3). */
	if ((rc = record_open(c, t->patient_id, &v)) == -1)
		return -1;
	memset(&in, 0, sizeof(in));
	in.viewer = THREAD_FAMILY;
	in.level = rc == 1 ? (enum access_level)v.level : ACCESS_NONE;
	in.started_by_viewer = t->account_id == c->sess->s_principal;
	in.started_by_patient = t->by_patient;
	return policy_thread_visible(&in);
}

int
msg_staff_thread(struct ctx *c, int64_t id, struct thread *t)
{
	struct thread_access	 in;
	int			 rc;

	if ((rc = store_thread_get(c->call.p->db, c->call.a, id, t)) != 1)
		return rc;
	/* The policy decides from "is this staff member on the care team of
	 * the thread's clinic". */
	if ((rc = store_clinic_has_staff(c->call.p->db, t->clinic_id,
	    c->sess->s_principal)) == -1)
		return -1;
	memset(&in, 0, sizeof(in));
	in.viewer = THREAD_CARE_TEAM;
	in.on_care_team = rc;
	in.started_by_patient = t->by_patient;
	return policy_thread_visible(&in);
}

int
msg_files(struct ctx *c, struct msg_file *out, size_t *n, const char **problem)
{
	const struct upload	*u;
	enum magic_type		 t;
	size_t			 i;

	*n = 0;
	for (i = 0; i < c->nfiles; i++) {
		u = &c->files[i];
		if (strcmp(u->up_field, "file") != 0 || (u->up_len == 0 &&
		    (u->up_name == NULL || *u->up_name == '\0')))
			continue;
		if (*n == MSG_MAX_FILES) {
			*problem = "A message can have at most 3 attachments. "
			    "Send the others in another message.";
			return -1;
		}
		/* By its content, never by its name (F-MSG 2). */
		if (u->up_len > MSG_MAX_FILE ||
		    (t = magic_detect(u->up_data, u->up_len)) == MAGIC_NONE) {
			*problem = arena_printf(c->call.a, "%s Nothing was sent: "
			    "choose the files again.", magic_refusal(c->call.a,
			    u->up_name, u->up_len));
			return -1;
		}
		out[*n].name = magic_safe_name(c->call.a, u->up_name, t);
		out[*n].mime = magic_mime(t);
		out[*n].data = u->up_data;
		out[*n].len = u->up_len;
		(*n)++;
	}
	return 0;
}

int64_t
msg_due(struct ctx *c)
{
	struct bizday_cal	 cal;

	if (store_holiday_cal(c->call.p->db, c->call.a, &cal) == -1)
		return -1;
	return (int64_t)bizday_due(c->call.now, &cal);
}

const char *
msg_when(struct ctx *c, int64_t t)
{
	return bizday_format(c->call.a, (time_t)t);
}

int64_t
msg_store(struct ctx *c, const struct thread *t, int from_staff, const char *body,
    const struct msg_file *f, size_t nf, int64_t due)
{
	struct account	 a;
	int64_t		 id;
	size_t		 i;

	if ((id = store_message_add(c->call.p->db, t->id, from_staff, c->sess->s_principal,
	    body, md_render(c->call.a, body, strlen(body)), c->call.now,
	    from_staff ? 0 : due)) == -1)
		return -1;
	for (i = 0; i < nf; i++)
		if (store_attachment_add(c->call.p->db, id, f[i].name, f[i].mime,
		    f[i].data, f[i].len) == -1)
			return -1;
	if (!from_staff)
		return store_thread_waiting(c->call.p->db, t->id, due, c->call.now) == -1 ? -1 : id;
	if (store_thread_answered(c->call.p->db, t->id, c->call.now) == -1 ||
	    store_account_by_id(c->call.p->db, c->call.a, t->account_id, &a) != 1 ||
	    mail_queue(c->call.p->db, c->call.p->conf, MAIL_NEW_MESSAGE, a.email, NULL, NULL,
	    c->call.now) == -1)
		return -1;
	return id;
}

int
msg_thread_vars(struct ctx *c, const struct thread *t, struct tvars *v,
    const char *file_path)
{
	struct message		*m;
	struct attachment	*at;
	struct tvars		*it, *ft;
	size_t			 nm, na, i, j;

	if (store_thread_messages(c->call.p->db, c->call.a, t->id, &m, &nm) == -1 ||
	    store_thread_attachments(c->call.p->db, c->call.a, t->id, &at, &na) == -1)
		return -1;
	tvars_strf(v, "thread_id", "%" PRId64, t->id);
	tvars_str(v, "subject", t->subject);
	tvars_str(v, "clinic", t->clinic);
	tvars_str(v, "patient", t->patient);
	tvars_str(v, "topic", t->topic);
	tvars_bool(v, "waiting", strcmp(t->status, "waiting") == 0);
	if (t->due)
		tvars_str(v, "due", msg_when(c, t->due));
	tvars_bool(v, "overdue", t->due && t->due < (int64_t)c->call.now);
	for (i = 0; i < nm; i++) {
		it = tvars_item(v, "messages");
		tvars_str(it, "author", m[i].author ? m[i].author : "");
		tvars_bool(it, "from_staff", m[i].from_staff);
		tvars_html(it, "html", m[i].html);
		tvars_str(it, "sent", msg_when(c, m[i].sent));
		if (m[i].due)
			tvars_str(it, "msg_due", msg_when(c, m[i].due));
		for (j = 0; j < na; j++) {
			if (at[j].message_id != m[i].id)
				continue;
			ft = tvars_item(it, "files");
			tvars_strf(ft, "href", "%s?id=%" PRId64, file_path, at[j].id);
			tvars_str(ft, "name", at[j].name);
			tvars_strf(ft, "size", "%" PRId64 " KB", (at[j].size + 1023) / 1024);
		}
	}
	return 0;
}

int
msg_send_file(struct ctx *c, const struct attachment *at)
{
	buf_put(&c->body, at->data, (size_t)at->size);
	c->raw = 1;
	c->ctype = at->mime;
	http_header(c, "Content-Disposition", arena_printf(c->call.a,
	    "attachment; filename=\"%s\"", at->name));
	return 200;
}

int
msg_attachment(struct ctx *c, int staff)
{
	struct attachment	 at;
	struct thread		 t;
	int			 rc;

	if ((rc = store_attachment_get(c->call.p->db, c->call.a, http_query_id(c, "id"), &at)) != 1 ||
	    (rc = (staff ? msg_staff_thread : msg_family_thread)(c, at.thread_id, &t)) != 1)
		return rc < 0 ? 500 : 0;
	if (audit_req(c, staff ? "inbox.attachment" : "messages.attachment",
	    t.patient_id, arena_printf(c->call.a, "attachment %" PRId64, at.id)) == -1)
		return 500;
	return msg_send_file(c, &at);
}
