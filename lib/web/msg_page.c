/*
 * What both messages programs do with a request and a page (msg_page.h).
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "bizday.h"
#include "crypto.h"
#include "fields.h"
#include "form.h"
#include "http.h"
#include "md.h"
#include "msg_page.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*code;
	const char	*label;
} topics[] = {	/* a new thread's kinds of question */
	{ "prescription", "A prescription" },
	{ "test_result", "A test result" },
	{ "medical_question", "A medical question (not urgent)" },
	{ "referral", "A referral" },
	{ "follow_up", "Follow-up after a visit" },
	{ "form", "A form request" },
	{ "other", "Something else" },
};

const char *
msg_page_valid_topic(struct arena *a, const char *in, size_t len, const char **out)
{
	size_t	 i;

	for (i = 0; i < N(topics); i++)
		if (strlen(topics[i].code) == len && memcmp(topics[i].code, in, len) == 0) {
			*out = arena_strdup(a, topics[i].code);
			return NULL;
		}
	return "Choose what your message is about.";
}

void
msg_page_choices(struct ctx *c, const struct record_choice *ch, size_t n,
    int64_t patient, int pick, size_t nclinics)
{
	struct tvars	*it;
	size_t		 i;

	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "choices");
		tvars_strf(it, "id", "%" PRId64, ch[i].patient_id);
		tvars_str(it, "name", ch[i].name);
		tvars_bool(it, "selected", ch[i].patient_id == patient);
	}
	tvars_bool(c->vars, "several", n > 1);
	/* The form that only changes the patient, where nothing is typed. */
	tvars_bool(c->vars, "switch_get", n > 1 && (pick || nclinics == 0));
}

void
msg_page_topics(struct ctx *c, const struct form *f)
{
	struct tvars	*it;
	const char	*topic = f ? form_val(f, "topic") : NULL;
	size_t		 i;

	for (i = 0; i < N(topics); i++) {
		it = tvars_item(c->vars, "topics");
		tvars_str(it, "code", topics[i].code);
		tvars_str(it, "label", topics[i].label);
		tvars_bool(it, "selected", topic && strcmp(topic, topics[i].code) == 0);
	}
}

void
msg_page_body(struct ctx *c, struct form *f, struct msg_body_in *out)
{
	struct msg_upload	*u;
	const struct upload	*up;
	size_t			 i, n = 0;

	memset(out, 0, sizeof(*out));
	/* Refused rather than sent without one: a send without its key could
	 * be stored twice, and the page that says so carries a new key. */
	if ((out->key = form_val(f, "key")) == NULL && !form_has_error(f, "key"))
		form_error(f, "key", fields_send_key_refused);
	out->body = form_val(f, "body");
	if (out->body != NULL)
		out->html = md_render(c->call.a, out->body, strlen(out->body));
	out->invalid = f->nerr > 0;
	u = arena_alloc(c->call.a, (c->nfiles ? c->nfiles : 1) * sizeof(*u));
	for (i = 0; i < c->nfiles; i++) {
		up = &c->files[i];
		if (strcmp(up->up_field, "file") != 0)
			continue;
		u[n].name = up->up_name;
		u[n].data = (const unsigned char *)up->up_data;
		u[n].len = up->up_len;
		n++;
	}
	out->files = u;
	out->nfiles = n;
}

const char *
msg_page_when(struct ctx *c, int64_t t)
{
	return bizday_format(c->call.a, (time_t)t);
}

void
msg_page_thread(struct ctx *c, const struct msg_thread_view *tv,
    const char *file_path)
{
	const struct thread	*t = &tv->t;
	struct tvars		*v = c->vars, *it, *ft;
	size_t			 i, j;

	tvars_strf(v, "thread_id", "%" PRId64, t->id);
	tvars_str(v, "subject", t->subject);
	tvars_str(v, "clinic", t->clinic);
	tvars_str(v, "patient", t->patient);
	tvars_str(v, "topic", t->topic);
	tvars_bool(v, "waiting", strcmp(t->status, "waiting") == 0);
	if (t->due)
		tvars_str(v, "due", msg_page_when(c, t->due));
	tvars_bool(v, "overdue", t->due && t->due < (int64_t)c->call.now);
	for (i = 0; i < tv->nm; i++) {
		it = tvars_item(v, "messages");
		tvars_str(it, "author", tv->m[i].author ? tv->m[i].author : "");
		tvars_bool(it, "from_staff", tv->m[i].from_staff);
		tvars_html(it, "html", tv->m[i].html);
		tvars_str(it, "sent", msg_page_when(c, tv->m[i].sent));
		if (tv->m[i].due)
			tvars_str(it, "msg_due", msg_page_when(c, tv->m[i].due));
		for (j = 0; j < tv->nat; j++) {
			if (tv->at[j].message_id != tv->m[i].id)
				continue;
			ft = tvars_item(it, "files");
			tvars_strf(ft, "href", "%s?id=%" PRId64, file_path,
			    tv->at[j].id);
			tvars_str(ft, "name", tv->at[j].name);
			tvars_strf(ft, "size", "%" PRId64 " KB",
			    (tv->at[j].size + 1023) / 1024);
		}
	}
}

int
msg_page_file(struct ctx *c, const struct attachment *at)
{
	buf_put(&c->body, at->data, (size_t)at->size);
	c->raw = 1;
	c->ctype = at->mime;
	http_header(c, "Content-Disposition", arena_printf(c->call.a,
	    "attachment; filename=\"%s\"", at->name));
	return 200;
}

void
msg_page_key(struct ctx *c, const struct form *f)
{
	unsigned char	 raw[16];
	char		 hex[33];
	const char	*k = f != NULL ? form_val(f, "key") : NULL;

	if (k == NULL) {
		crypto_random(raw, sizeof(raw));
		crypto_hex(raw, sizeof(raw), hex);
		k = arena_strdup(c->call.a, hex);
	}
	tvars_str(c->vars, "key", k);
}

int
msg_page_rekey(struct ctx *c, int used, int status)
{
	if (used)
		msg_page_key(c, NULL);
	return status;
}

int
msg_page_unsent(struct ctx *c, struct form *f, int status, const char *reason,
    const char *action, const char *back)
{
	const char	*why;

	if (status == 503)
		why = "Your message was not sent: the portal cannot answer right "
		    "now. Nothing was changed. Everything you typed is below: "
		    "try again in a minute.";
	else if (status == 500)
		why = "Your message was not sent: something went wrong on our "
		    "side. Everything you typed is below: try again later, or "
		    "call Support.";
	else
		why = arena_printf(c->call.a, "Your message was not sent: %s "
		    "Everything you typed is below, so that you can copy it.",
		    reason);
	form_echo(f, c->vars);
	msg_page_key(c, f);
	tvars_str(c->vars, "title", "Your message was not sent");
	tvars_str(c->vars, "problem", why);
	tvars_bool(c->vars, "retry", status >= 500);
	tvars_str(c->vars, "action", action);
	tvars_str(c->vars, "back", back);
	c->page = "message_unsent";
	/* Only what the person typed comes back: no thread, no care team,
	 * no patient from the record, so the page stands even when the
	 * send's audit row could not be written. */
	http_no_phi(c);
	return status;
}
