/*
 * Secure messages, both sides (see messages.h). Who may read a thread and
 * who may write about whom are policy_messages.h's decisions; this module
 * gathers their inputs, does the work in one transaction and writes the
 * audit row.
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "bizday.h"
#include "call.h"
#include "db.h"
#include "mail.h"
#include "messages.h"
#include "policy_messages.h"
#include "staff.h"
#include "store_accounts.h"
#include "store_holidays.h"
#include "store_send_keys.h"

/* A file that passed its checks. */
struct msg_file {
	const char		*name;		/* safe download name */
	const char		*mime;		/* from the content */
	const unsigned char	*data;
	size_t			 len;
};

/* The refusal row: "<what>: <asked>". 0 or -1. */
static int
refused(const struct call *c, const char *action, int64_t patient,
    const char *what, const char *asked)
{
	return audit_call(c, action, patient, asked != NULL ?
	    arena_printf(c->a, "%s: %s", what, asked) : what);
}

/* The family account's access level to patient now (none for anyone
 * else, and for no such patient). -1 on error. */
static int
family_level(const struct call *c, int64_t patient, enum access_level *level,
    struct patient *who)
{
	struct record_view	 v;
	int			 rc;

	*level = ACCESS_NONE;
	if (who != NULL)
		memset(who, 0, sizeof(*who));
	if (patient == 0)
		return 0;
	if ((rc = record_access(c, patient, &v)) == -1)
		return -1;
	if (rc == 1) {
		*level = (enum access_level)v.level;
		if (who != NULL)
			*who = v.patient;
	}
	return 0;
}

/* The thread if the call's actor may read it: 1; 0 if not, or if there
 * is none (one answer); -1 on error. */
static int
thread_for(const struct call *c, int64_t id, struct thread *t)
{
	struct thread_access	 in;
	int			 rc;

	if (id == 0)
		return 0;
	memset(&in, 0, sizeof(in));
	if (c->who.kind == ACTOR_STAFF)
		rc = store_thread_get_staff(c->p->db, c->a, id, c->who.id, t,
		    &in.on_care_team);
	else
		rc = store_thread_get(c->p->db, c->a, id, t);
	if (rc != 1)
		return rc;
	in.started_by_patient = t->by_patient;
	switch (c->who.kind) {
	case ACTOR_FAMILY:
		in.viewer = THREAD_FAMILY;
		/* The account must still see the patient at all (F-PROXY 3). */
		if (family_level(c, t->patient_id, &in.level, NULL) == -1)
			return -1;
		in.started_by_viewer = t->account_id == c->who.id;
		break;
	case ACTOR_STAFF:
		in.viewer = THREAD_CARE_TEAM;	/* on_care_team: read above */
		break;
	default:
		in.viewer = THREAD_NOBODY;
		break;
	}
	return policy_thread_visible(&in);
}

/* The thread's messages and attachments, for its page; the attachments
 * only if a message has any. */
static int
thread_view(const struct call *c, struct msg_thread_view *v)
{
	size_t	 i;

	if (store_thread_messages(c->p->db, c->a, v->t.id, &v->m, &v->nm) == -1)
		return -1;
	for (i = 0; i < v->nm && !v->m[i].files; i++)
		;
	if (i < v->nm && store_thread_attachments(c->p->db, c->a, v->t.id,
	    &v->at, &v->nat) == -1)
		return -1;
	return 0;
}

/*
 * Checks the files: at most 3, 10 MB each, of the allowed kinds by their
 * content. 0 and out[0..*n) when all are good; else -1 and *problem
 * names the file and says why. Empty file inputs are skipped.
 */
static int
check_files(const struct call *c, const struct msg_body_in *in,
    struct msg_file *out, size_t *n, const char **problem)
{
	const struct msg_upload	*u;
	enum magic_type		 t;
	size_t			 i;

	*n = 0;
	for (i = 0; i < in->nfiles; i++) {
		u = &in->files[i];
		if (u->len == 0 && (u->name == NULL || *u->name == '\0'))
			continue;
		if (*n == MSG_MAX_FILES) {
			*problem = "A message can have at most 3 attachments. "
			    "Send the others in another message.";
			return -1;
		}
		/* By its content, never by its name (F-MSG 2). */
		if (u->len > MSG_MAX_FILE ||
		    (t = magic_detect(u->data, u->len)) == MAGIC_NONE) {
			*problem = arena_printf(c->a, "%s Nothing was sent: "
			    "choose the files again.", magic_refusal(c->a,
			    u->name, u->len));
			return -1;
		}
		out[*n].name = magic_safe_name(c->a, u->name, t);
		out[*n].mime = magic_mime(t);
		out[*n].data = u->data;
		out[*n].len = u->len;
		(*n)++;
	}
	return 0;
}

/* When the care team's answer is due for a message sent now (F-MSG 3). */
static int64_t
due_of(const struct call *c)
{
	struct bizday_cal	 cal;

	if (store_holiday_cal(c->p->db, c->a, &cal) == -1)
		return -1;
	return (int64_t)bizday_due(c->now, &cal);
}

/*
 * Stores a message with its files, inside the caller's transaction. From
 * the family: the thread waits for the care team until due. From staff:
 * the thread is answered and the family is e-mailed (no health
 * information). The message id, or -1.
 */
static int64_t
store_msg(const struct call *c, const struct thread *t, int from_staff,
    const struct msg_body_in *in, const struct msg_file *f, size_t nf,
    int64_t due)
{
	struct account	 a;
	int64_t		 id;
	size_t		 i;

	if ((id = store_message_add(c->p->db, t->id, from_staff, c->who.id,
	    in->body, in->html, c->now, from_staff ? 0 : due)) == -1 ||
	    store_send_key_set(c->p->db, id, in->key) == -1)
		return -1;
	for (i = 0; i < nf; i++)
		if (store_attachment_add(c->p->db, id, f[i].name, f[i].mime,
		    f[i].data, f[i].len) == -1)
			return -1;
	if (!from_staff)
		return store_thread_waiting(c->p->db, t->id, due, c->now) == -1 ?
		    -1 : id;
	if (store_thread_answered(c->p->db, t->id, c->now) == -1 ||
	    store_account_by_id(c->p->db, c->a, t->account_id, &a) != 1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_NEW_MESSAGE, a.email, NULL,
	    app_mail_child(c, t->patient_id), c->now) == -1)
		return -1;
	return id;
}

/* Commits, or rolls back and says why not. */
static enum app_rc
commit(const struct call *c, int ok)
{
	if (ok && db_commit(c->p->db) == 0)
		return APP_OK;
	db_rollback(c->p->db);
	return app_db_failed(c);
}

/* What a send found under its form's key (issue 9.4). */
enum sent {
	SENT_NONE,	/* nothing: the transaction is open, go on storing */
	SENT_ALREADY,	/* this very message was stored before (a retry) */
	SENT_OTHER,	/* the key sent another message: a form used twice */
	SENT_FAILED	/* the database: *rc says how */
};

/*
 * Begins a send's transaction and looks for the message the actor already
 * sent with the form's key. A retry sends the same form again: the same
 * text to the same thread (want_thread) or, for a new thread, about the
 * same patient (want_patient); then *thread is the thread that has it.
 * Anything else under a used key is another message and is not dropped
 * as "already sent". The transaction is over unless SENT_NONE.
 */
static enum sent
send_begin(const struct call *c, int from_staff, const struct msg_body_in *msg,
    int64_t want_thread, int64_t want_patient, int64_t *thread,
    enum app_rc *rc)
{
	struct send_key_hit	 hit;
	int			 found;

	if (db_begin(c->p->db) == -1) {
		*rc = app_db_failed(c);
		return SENT_FAILED;
	}
	if ((found = store_send_key_find(c->p->db, c->a, from_staff, c->who.id,
	    msg->key, &hit)) == 0)
		return SENT_NONE;
	if (found == -1)
		*rc = app_db_failed(c);
	db_rollback(c->p->db);
	if (found == -1)
		return SENT_FAILED;
	if (hit.body == NULL || strcmp(hit.body, msg->body) != 0 ||
	    (want_thread != 0 && hit.thread != want_thread) ||
	    (want_patient != 0 && hit.patient != want_patient))
		return SENT_OTHER;
	*thread = hit.thread;
	*rc = APP_OK;
	return SENT_ALREADY;
}

/* The problem a form whose key sent another message is shown with. */
#define KEY_USED "This form was already used to send another message, so this "\
	"one was not sent. Everything you typed is below: send it again."

/* ---- The family's side ---- */

enum app_rc
app_messages_list(const struct call *c, const struct messages_list_in *in,
    struct messages_list_out *out)
{
	enum access_level	 level;
	int64_t			 p = in->patient;

	memset(out, 0, sizeof(*out));
	if (record_choices(c, &out->choices, &out->nchoices) == -1)
		return APP_ERROR;
	if (p == 0 && in->asked_patient)
		return refused(c, "messages.refused", 0, "patient", in->asked) ==
		    -1 ? APP_ERROR : APP_REFUSED;
	if (p == 0 && out->nchoices > 0)
		p = out->choices[0].patient_id;
	out->patient = p;
	if (family_level(c, p, &level, &out->shown) == -1)
		return APP_ERROR;
	if (policy_message_new(level, 0, 0) != MESSAGE_NEW_OK) {
		memset(&out->shown, 0, sizeof(out->shown));
		if (in->asked_patient)
			return refused(c, "messages.refused", p, "patient",
			    in->asked) == -1 ? APP_ERROR : APP_REFUSED;
		out->none = 1;
		return APP_OK;
	}
	if (store_threads_of(c->p->db, c->a, c->who.id, p, &out->threads,
	    &out->nthreads) == -1 ||
	    audit_call(c, "messages.list", p, NULL) == -1)
		return APP_ERROR;
	return APP_OK;
}

int
messages_unread(const struct call *c, int64_t patient, size_t *n)
{
	struct thread	*t;
	enum access_level level;
	size_t		 nt, i;

	*n = 0;
	if (family_level(c, patient, &level, NULL) == -1)
		return -1;
	/* The list's own test: no list, nothing to count. */
	if (policy_message_new(level, 0, 0) != MESSAGE_NEW_OK)
		return 0;
	if (store_threads_of(c->p->db, c->a, c->who.id, patient, &t, &nt) == -1)
		return -1;
	for (i = 0; i < nt; i++)
		if (t[i].unread_family)
			(*n)++;
	return 0;
}

enum app_rc
app_messages_compose(const struct call *c, const struct messages_compose_in *in,
    struct messages_compose_out *out)
{
	enum access_level	 level;
	int64_t			 p = in->patient;

	memset(out, 0, sizeof(*out));
	if (record_choices(c, &out->choices, &out->nchoices) == -1)
		return APP_ERROR;
	/* No patient asked for: the only one, else the parent picks (never
	 * the first by name: issue 15.1). */
	if (p == 0 && !in->asked_patient && out->nchoices == 1)
		p = out->choices[0].patient_id;
	else if (p == 0 && !in->asked_patient && out->nchoices > 1) {
		out->pick = 1;
		return audit_call(c, "messages.compose", 0, arena_printf(c->a,
		    "choose the patient: %zu named", out->nchoices)) == -1 ?
		    APP_ERROR : APP_OK;
	}
	out->patient = p;
	if (family_level(c, p, &level, &out->shown) == -1)
		return APP_ERROR;
	if (policy_message_new(level, 0, 0) != MESSAGE_NEW_OK)
		return refused(c, "messages.refused", p, "compose",
		    in->asked) == -1 ? APP_ERROR : APP_REFUSED;
	if (audit_call(c, "messages.compose", p, NULL) == -1 ||
	    store_clinics_of_patient(c->p->db, c->a, p, &out->clinics,
	    &out->nclinics) == -1)
		return APP_ERROR;
	return APP_OK;
}

/* A new thread refused for its input: the form again, with the
 * patient's care teams and the patients to choose from. */
static enum app_rc
send_invalid(const struct call *c, const struct messages_send_in *in,
    struct messages_send_out *out)
{
	if (store_clinics_of_patient(c->p->db, c->a, in->patient,
	    &out->clinics, &out->nclinics) == -1 ||
	    record_choices(c, &out->choices, &out->nchoices) == -1)
		return APP_ERROR;
	return APP_INVALID;
}

enum app_rc
app_messages_send(const struct call *c, const struct messages_send_in *in,
    struct messages_send_out *out)
{
	struct msg_file		 files[MSG_MAX_FILES];
	struct thread		 t;
	enum access_level	 level;
	size_t			 nf = 0;
	int64_t			 due;
	int			 cares = 0, bad;
	enum app_rc		 rc;

	memset(out, 0, sizeof(*out));
	if (family_level(c, in->patient, &level, &out->shown) == -1)
		return APP_ERROR;
	if (policy_message_new(level, 0, 0) != MESSAGE_NEW_OK) {
		memset(&out->shown, 0, sizeof(out->shown));
		return refused(c, "messages.refused", in->patient, "compose",
		    in->asked) == -1 ? APP_ERROR : APP_REFUSED;
	}
	if (in->clinic != 0 && (cares = store_clinic_has_patient(c->p->db,
	    in->clinic, in->patient)) == -1)
		return APP_ERROR;
	out->bad_clinic = policy_message_new(level, in->clinic != 0, cares) ==
	    MESSAGE_NEW_CLINIC;
	bad = check_files(c, &in->msg, files, &nf, &out->problem) == -1;
	if (bad || out->bad_clinic || in->msg.invalid || in->clinic == 0 ||
	    in->topic == NULL || in->subject == NULL || in->msg.body == NULL ||
	    in->msg.key == NULL) {
		if (audit_call(c, "messages.refused_input", in->patient,
		    out->problem) == -1)
			return APP_ERROR;
		return send_invalid(c, in, out);
	}
	if ((due = due_of(c)) == -1)
		return APP_ERROR;
	memset(&t, 0, sizeof(t));
	t.patient_id = in->patient;
	t.clinic_id = in->clinic;
	t.account_id = c->who.id;
	t.by_patient = record_self(c, in->patient) == 1;
	t.topic = in->topic;
	t.subject = in->subject;
	switch (send_begin(c, 0, &in->msg, 0, in->patient, &out->thread, &rc)) {
	case SENT_NONE:
		break;
	case SENT_ALREADY:
		out->already = 1;
		return APP_OK;
	case SENT_OTHER:
		out->problem = KEY_USED;
		out->key_used = 1;
		if (audit_call(c, "messages.refused_input", in->patient,
		    "send key used by another message") == -1)
			return APP_ERROR;
		return send_invalid(c, in, out);
	case SENT_FAILED:
		return rc;
	}
	out->thread = t.id = store_thread_create(c->p->db, &t, c->now);
	return commit(c, t.id != -1 &&
	    store_msg(c, &t, 0, &in->msg, files, nf, due) != -1 &&
	    audit_call(c, "messages.sent", in->patient, arena_printf(c->a,
	    "thread %" PRId64 ", %zu attachments", t.id, nf)) != -1);
}

/* Opening a thread, by side: who may, and what the audit says. */
static const struct open_side {
	enum actor_kind	 kind;
	const char	*read, *refusal, *what;
	int		 staff;		/* whose unread count is cleared */
} open_family = { ACTOR_FAMILY, "messages.read", "messages.refused", "thread", 0 },
  open_staff = { ACTOR_STAFF, "inbox.read", "inbox.refused", "/inbox/thread", 1 };

static enum app_rc
open_thread(const struct call *c, const struct open_side *side,
    const struct msg_thread_in *in, struct msg_thread_view *out)
{
	int		 rc, unread;

	memset(out, 0, sizeof(*out));
	if ((rc = thread_for(c, in->thread, &out->t)) == -1)
		return APP_ERROR;
	if (rc == 0 || c->who.kind != side->kind)
		return refused(c, side->refusal, 0, side->what, in->asked) ==
		    -1 ? APP_ERROR : APP_REFUSED;
	if (thread_view(c, out) == -1)
		return APP_ERROR;
	/* Nothing unread: the view's row alone, through the audit writer;
	 * else the row commits with the unread count it clears. */
	unread = side->staff ? out->t.unread_staff : out->t.unread_family;
	if (unread == 0)
		return audit_call(c, side->read, out->t.patient_id,
		    arena_printf(c->a, "thread %" PRId64, out->t.id)) == -1 ?
		    APP_ERROR : APP_OK;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	return commit(c, audit_call(c, side->read, out->t.patient_id,
	    arena_printf(c->a, "thread %" PRId64, out->t.id)) != -1 &&
	    store_thread_read(c->p->db, out->t.id, side->staff) != -1);
}

enum app_rc
app_messages_open(const struct call *c, const struct msg_thread_in *in,
    struct msg_thread_view *out)
{
	return open_thread(c, &open_family, in, out);
}

/* A reply or answer refused for its input: the thread is shown again
 * with it (a view of the patient's messages), and the row (action)
 * names the problem. */
static enum app_rc
reply_invalid(const struct call *c, const char *action,
    struct msg_reply_out *out, const char *detail)
{
	if (thread_view(c, &out->view) == -1 || audit_call(c, action,
	    out->view.t.patient_id, detail) == -1)
		return APP_ERROR;
	return APP_INVALID;
}

/* The same for a form whose key sent another message: a new key. */
static enum app_rc
reply_key_used(const struct call *c, const char *action,
    struct msg_reply_out *out)
{
	out->problem = KEY_USED;
	out->key_used = 1;
	return reply_invalid(c, action, out, "send key used by another message");
}

enum app_rc
app_messages_reply(const struct call *c, const struct msg_reply_in *in,
    struct msg_reply_out *out)
{
	struct msg_file	 files[MSG_MAX_FILES];
	struct thread	*t = &out->view.t;
	size_t		 nf = 0;
	int64_t		 due;
	int		 rc, bad;
	enum app_rc	 arc;

	memset(out, 0, sizeof(*out));
	if ((rc = thread_for(c, in->thread, t)) == -1)
		return APP_ERROR;
	if (rc == 0 || c->who.kind != ACTOR_FAMILY)
		return refused(c, "messages.refused", 0, "reply", in->asked) ==
		    -1 ? APP_ERROR : APP_REFUSED;
	bad = check_files(c, &in->msg, files, &nf, &out->problem) == -1;
	if (bad || in->msg.invalid || in->msg.body == NULL ||
	    in->msg.key == NULL)
		return reply_invalid(c, "messages.refused_input", out, out->problem);
	if ((due = due_of(c)) == -1)
		return APP_ERROR;
	switch (send_begin(c, 0, &in->msg, t->id, 0, &out->already, &arc)) {
	case SENT_NONE:
		break;
	case SENT_OTHER:
		return reply_key_used(c, "messages.refused_input", out);
	default:
		return arc;
	}
	return commit(c, store_msg(c, t, 0, &in->msg, files, nf, due) != -1 &&
	    audit_call(c, "messages.sent", t->patient_id, arena_printf(c->a,
	    "thread %" PRId64 ", %zu attachments", t->id, nf)) != -1);
}

/* An attachment of a thread the actor may read, audited as action; the
 * refusal row names what. */
static enum app_rc
attachment(const struct call *c, enum actor_kind kind,
    const struct msg_attachment_in *in, struct attachment *out,
    const char *action, const char *refusal, const char *what)
{
	struct thread	 t;
	int		 rc = 0;

	memset(out, 0, sizeof(*out));
	if (in->attachment != 0 && (rc = store_attachment_get(c->p->db, c->a,
	    in->attachment, out)) == 1)
		rc = thread_for(c, out->thread_id, &t);
	if (rc == -1)
		return APP_ERROR;
	if (rc == 0 || c->who.kind != kind) {
		memset(out, 0, sizeof(*out));
		return refused(c, refusal, 0, what, in->asked) == -1 ?
		    APP_ERROR : APP_REFUSED;
	}
	return audit_call(c, action, t.patient_id, arena_printf(c->a,
	    "attachment %" PRId64, out->id)) == -1 ? APP_ERROR : APP_OK;
}

enum app_rc
app_messages_attachment(const struct call *c, const struct msg_attachment_in *in,
    struct attachment *out)
{
	return attachment(c, ACTOR_FAMILY, in, out, "messages.attachment",
	    "messages.refused", "attachment");
}

/* ---- The care team's side ---- */

/*
 * The care team's refusal rows name what was asked by the page's path, as
 * the log always has ("/inbox/thread: asked id=12").
 */

/* The inbox is the clinic role's (issue 11.8): 1 if the caller holds
 * it; 0 with the refusal audited ("<what>: no clinic role"); -1. */
static int
inbox_role(const struct call *c, const char *what)
{
	int	 rc;

	if ((rc = app_staff_may(c, STAFF_INBOX)) == 0 && audit_call(c,
	    "inbox.refused", 0, arena_printf(c->a, "%s: no clinic role",
	    what)) == -1)
		return -1;
	return rc;
}

int
app_inbox_may(const struct call *c)
{
	return app_staff_may(c, STAFF_INBOX);
}

/* One inbox.list row per patient among t[0..n), with how many of the
 * patient's threads were shown, as one group. 0 or -1. */
static int
audit_list(const struct call *c, const struct thread *t, size_t n)
{
	struct audit_group	*g = audit_group_new(c);
	size_t			 i, j, shown;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && t[j].patient_id != t[i].patient_id; j++)
			;
		if (j < i)
			continue;	/* counted with its first thread */
		for (shown = 0, j = i; j < n; j++)
			if (t[j].patient_id == t[i].patient_id)
				shown++;
		audit_group_add(g, "inbox.list", t[i].patient_id,
		    arena_printf(c->a, "%zu threads", shown));
	}
	return audit_group_write(g);
}

char *
inbox_pos_text(struct arena *a, const struct inbox_pos *pos)
{
	return arena_printf(a, "%c%" PRId64 ".%" PRId64, pos->answered ? 'a' :
	    'w', pos->key, pos->id);
}

/* Up to 18 digits at *s (no sign: times and ids are positive), to the
 * first non-digit; the rest at *end. -1 if none or too many. */
static int
pos_num(const char *s, int64_t *out, const char **end)
{
	size_t	 i;

	*out = 0;
	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		if (i == 18)
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	*end = s + i;
	return i == 0 ? -1 : 0;
}

int
inbox_pos_parse(const char *s, struct inbox_pos *pos)
{
	const char	*p;

	memset(pos, 0, sizeof(*pos));
	if (s == NULL || (s[0] != 'w' && s[0] != 'a'))
		return -1;
	pos->answered = s[0] == 'a';
	if (pos_num(s + 1, &pos->key, &p) == -1 || *p != '.' ||
	    pos_num(p + 1, &pos->id, &p) == -1 || *p != '\0' || pos->id == 0)
		return -1;
	return 0;
}

/* Where t stands in the inbox's order. */
static void
pos_of(const struct thread *t, struct inbox_pos *pos)
{
	pos->answered = strcmp(t->status, "waiting") != 0;
	pos->key = pos->answered ? t->updated : t->due;
	pos->id = t->id;
}

enum app_rc
app_inbox_list(const struct call *c, const struct inbox_list_in *in,
    struct inbox_list_out *out)
{
	const struct inbox_pos	*after = in->after;
	struct thread		*w = NULL, *an = NULL;
	size_t			 nw = 0, na = 0, want = INBOX_PAGE + 1;

	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = inbox_role(c, "/inbox/")) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	/* The threads of the clinics whose care team the staff member is on
	 * (each would pass policy_thread_visible: on_care_team by the
	 * queries' own join): the waiting ones after the position, then, if
	 * the page is not full, the answered ones. One more than a page
	 * says whether a next page exists. */
	if ((after == NULL || !after->answered) && store_inbox_waiting(c->p->db,
	    c->a, c->who.id, after != NULL ? after->key : INT64_MIN,
	    after != NULL ? after->id : 0, want, &w, &nw) == -1)
		return APP_ERROR;
	if (nw < want && store_inbox_answered(c->p->db, c->a, c->who.id,
	    after != NULL && after->answered ? after->key : INT64_MAX,
	    after != NULL && after->answered ? after->id : INT64_MAX,
	    want - nw, &an, &na) == -1)
		return APP_ERROR;
	out->more = nw + na > INBOX_PAGE;
	out->nthreads = out->more ? INBOX_PAGE : nw + na;
	if (na == 0)
		out->threads = w;
	else if (nw == 0)
		out->threads = an;
	else {
		out->threads = arena_alloc(c->a, (nw + na) * sizeof(*w));
		memcpy(out->threads, w, nw * sizeof(*w));
		memcpy(out->threads + nw, an, na * sizeof(*an));
	}
	if (out->nthreads > 0)
		pos_of(&out->threads[out->nthreads - 1], &out->next);
	if (out->nthreads == 0)
		return APP_OK;	/* no patient shown: no row */
	/* The list shows patients' names and subjects: a view like any
	 * other, so one row per patient shown (S-1), all durable before it
	 * returns, as one group. */
	return audit_list(c, out->threads, out->nthreads) == 0 ? APP_OK :
	    APP_ERROR;
}

enum app_rc
app_inbox_open(const struct call *c, const struct msg_thread_in *in,
    struct msg_thread_view *out)
{
	int	 rc;

	if ((rc = inbox_role(c, "/inbox/thread")) != 1) {
		memset(out, 0, sizeof(*out));
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	}
	return open_thread(c, &open_staff, in, out);
}

enum app_rc
app_inbox_answer(const struct call *c, const struct msg_reply_in *in,
    struct msg_reply_out *out)
{
	struct msg_file	 files[MSG_MAX_FILES];
	struct thread	*t = &out->view.t;
	size_t		 nf = 0;
	int		 rc, bad;
	enum app_rc	 arc;

	memset(out, 0, sizeof(*out));
	if ((rc = inbox_role(c, "/inbox/reply")) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = thread_for(c, in->thread, t)) == -1)
		return APP_ERROR;
	if (rc == 0 || c->who.kind != ACTOR_STAFF)
		return refused(c, "inbox.refused", 0, "/inbox/reply", in->asked) ==
		    -1 ? APP_ERROR : APP_REFUSED;
	bad = check_files(c, &in->msg, files, &nf, &out->problem) == -1;
	if (bad || in->msg.invalid || in->msg.body == NULL ||
	    in->msg.key == NULL)
		return reply_invalid(c, "inbox.refused_input", out, out->problem);
	switch (send_begin(c, 1, &in->msg, t->id, 0, &out->already, &arc)) {
	case SENT_NONE:
		break;
	case SENT_OTHER:
		return reply_key_used(c, "inbox.refused_input", out);
	default:
		return arc;
	}
	return commit(c, store_msg(c, t, 1, &in->msg, files, nf, 0) != -1 &&
	    audit_call(c, "inbox.answered", t->patient_id, arena_printf(c->a,
	    "thread %" PRId64, t->id)) != -1);
}

enum app_rc
app_inbox_attachment(const struct call *c, const struct msg_attachment_in *in,
    struct attachment *out)
{
	int	 rc;

	if ((rc = inbox_role(c, "/inbox/file")) != 1) {
		memset(out, 0, sizeof(*out));
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	}
	return attachment(c, ACTOR_STAFF, in, out, "inbox.attachment",
	    "inbox.refused", "/inbox/file");
}
