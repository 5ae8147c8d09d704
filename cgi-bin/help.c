/*
 * help: the portal's public pages, rendered from templates with the
 * configuration (issue 15.5, 15.6, 15.7): the front page, help and FAQ,
 * the privacy policy, the provider portal's agreements, the contact form
 * and the web app manifest. Every page carries the hospital's and the
 * portal's names, the logo and the support numbers and hours of
 * portal.conf; none shows health information, none needs a session
 * (a signed-in person sees the signed-in menu).
 *
 *   GET  /                          the front page
 *   GET  /help/                     help and FAQ (families)
 *   GET  /help/privacy              the privacy policy
 *   GET  /help/provider-agreement   the provider portal's agreements
 *   GET  /help/provider-sponsorship
 *   GET  /help/contact              the contact form
 *   POST /help/contact              to the support team's outbox
 *                                   (app_helpdesk_send); refusals keep
 *                                   everything typed
 *   GET  /help/contact/sent         thank you
 *   GET  /help/manifest.webmanifest the web app manifest (JSON)
 */
#include <string.h>

#include "arena.h"
#include "auth.h"
#include "conf.h"
#include "fields.h"
#include "form.h"
#include "helpdesk.h"
#include "http.h"
#include "tmpl.h"
#include "valid.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* What people write about; the value travels, the label is shown and
 * heads the e-mail to support. */
static const struct {
	const char	*value;
	const char	*label;
} topics[] = {
	{ "account", "Signing up, signing in or my account" },
	{ "record", "Using the health record pages" },
	{ "messages", "Using Messages" },
	{ "visits", "Visits, pre-check-in or video visits" },
	{ "billing", "Bills, payments or insurance" },
	{ "provider", "The provider portal" },
	{ "technical", "A technical problem" },
	{ "other", "Something else" },
};

#define CONTACT_MAX	5000	/* characters of a message */

static const char *
valid_topic(struct arena *a, const char *in, size_t len, const char **out)
{
	size_t	 i;

	(void)a;
	for (i = 0; i < N(topics); i++)
		if (strlen(topics[i].value) == len &&
		    memcmp(topics[i].value, in, len) == 0) {
			*out = topics[i].value;
			return NULL;
		}
	return "Choose what your question is about.";
}

/* Several lines of text, at most CONTACT_MAX characters. */
static const char *
valid_message(struct arena *a, const char *in, size_t len, const char **out)
{
	return fields_text(a, in, len, CONTACT_MAX, "Your message can have at "
	    "most 5,000 characters. Make it shorter, or call Support.", out);
}

static const struct field contact_fields[] = {
	{ "name", "your name", valid_line, F_REQ },
	{ "email", "your e-mail address", valid_email, F_REQ },
	{ "topic", "what it is about", valid_topic, F_REQ },
	{ "message", "your message", valid_message, F_REQ },
};

static const char *
topic_label(const char *value)
{
	size_t	 i;

	for (i = 0; value != NULL && i < N(topics); i++)
		if (strcmp(topics[i].value, value) == 0)
			return topics[i].label;
	return "Something else";
}

static int
page(struct ctx *c, const char *name, const char *title)
{
	tvars_str(c->vars, "title", title);
	c->page = name;
	return 200;
}

static int
front_get(struct ctx *c)
{
	return page(c, "front", "Welcome");
}

/* The FAQ's numbers and rules, from the configuration the code runs on. */
static int
faq_get(struct ctx *c)
{
	const struct conf	*cf = c->call.p->conf;

	tvars_str(c->vars, "video_support_phone", cf->video_support_phone);
	tvars_str(c->vars, "mail_from", cf->mail_from);
	tvars_str(c->vars, "reminder_days", cf->reminder_days);
	tvars_int(c->vars, "radiology_days", cf->radiology_delay_days);
	tvars_int(c->vars, "idle_minutes", cf->session_idle / 60);
	return page(c, "help", "Help and frequently asked questions");
}

static int
privacy_get(struct ctx *c)
{
	tvars_int(c->vars, "idle_minutes", c->call.p->conf->session_idle / 60);
	return page(c, "privacy", "Privacy policy");
}

static int
agreement_get(struct ctx *c)
{
	return page(c, "pagreement", "Provider certification and agreement");
}

static int
sponsorship_get(struct ctx *c)
{
	return page(c, "psponsorship", "Provider sponsorship agreement");
}

/* The form, with what was typed (f) or empty. */
static int
contact_show(struct ctx *c, const struct form *f, const char *typed_topic,
    int status)
{
	struct tvars	*it;
	size_t		 i;

	tvars_str(c->vars, "title", "Contact Support");
	if (f != NULL)
		form_echo(f, c->vars);
	for (i = 0; i < N(topics); i++) {
		it = tvars_item(c->vars, "topics");
		tvars_str(it, "value", topics[i].value);
		tvars_str(it, "label", topics[i].label);
		tvars_bool(it, "selected", typed_topic != NULL &&
		    strcmp(typed_topic, topics[i].value) == 0);
	}
	tvars_int(c->vars, "contact_max", CONTACT_MAX);
	c->page = "contact";
	return status;
}

static int
contact_get(struct ctx *c)
{
	return contact_show(c, NULL, NULL, 200);
}

static int
contact_post(struct ctx *c)
{
	struct helpdesk_in	 in;
	struct helpdesk_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	if (form_read(c, contact_fields, N(contact_fields), &f) > 0)
		return contact_show(c, &f, http_form(c, "topic"), 422);
	in.name = form_val(&f, "name");
	in.email = form_val(&f, "email");
	in.topic = topic_label(form_val(&f, "topic"));
	in.message = form_val(&f, "message");
	switch ((rc = app_helpdesk_send(&c->call, &in, &out))) {
	case APP_OK:
		return http_redirect(c, "/help/contact/sent");
	case APP_REFUSED:
		tvars_strf(c->vars, "throttled", "You have sent several "
		    "messages in a short time, so this one was not sent. What "
		    "you wrote is still below: try again in %s, or call "
		    "Support.", auth_wait_text(c->call.a, out.wait));
		return contact_show(c, &f, form_val(&f, "topic"), 429);
	default:
		return contact_show(c, &f, form_val(&f, "topic"),
		    http_form_failed(c, rc));
	}
}

static int
sent_get(struct ctx *c)
{
	return page(c, "contact_sent", "Thank you for writing");
}

/* A JSON string's contents (the quotes are the caller's). */
static void
json_str(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			buf_printf(b, "\\u%04x", (unsigned char)*s);
		else
			buf_putc(b, *s);
	}
}

/* The web app manifest (issue 15.7): "add to home screen" opens the
 * front page in its own window; no service worker, so nothing of the
 * portal is kept on the device beyond what no-store pages allow. */
static int
manifest_get(struct ctx *c)
{
	const struct conf	*cf = c->call.p->conf;
	struct buf		*b = &c->body;

	buf_init(b, c->call.a);
	buf_puts(b, "{\n  \"name\": \"");
	json_str(b, cf->portal_name);
	buf_puts(b, " - ");
	json_str(b, cf->hospital_name);
	buf_puts(b, "\",\n  \"short_name\": \"");
	json_str(b, cf->portal_name);
	buf_puts(b, "\",\n  \"description\": \"The family portal of ");
	json_str(b, cf->hospital_name);
	buf_puts(b, "\",\n"
	    "  \"start_url\": \"/\",\n"
	    "  \"scope\": \"/\",\n"
	    "  \"display\": \"standalone\",\n"
	    "  \"background_color\": \"#ffffff\",\n"
	    "  \"theme_color\": \"#0b4f9c\",\n"
	    "  \"icons\": [\n"
	    "    { \"src\": \"/static/icon-192.png\", \"sizes\": \"192x192\", "
	    "\"type\": \"image/png\", \"purpose\": \"any\" },\n"
	    "    { \"src\": \"/static/icon-512.png\", \"sizes\": \"512x512\", "
	    "\"type\": \"image/png\", \"purpose\": \"any\" },\n"
	    "    { \"src\": \"/static/icon-maskable-512.png\", \"sizes\": "
	    "\"512x512\", \"type\": \"image/png\", \"purpose\": \"maskable\" }\n"
	    "  ]\n}\n");
	c->raw = 1;
	c->ctype = "application/manifest+json";
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/", front_get, 0 },
	{ M_GET, "/help/", faq_get, 0 },
	{ M_GET, "/help/privacy", privacy_get, 0 },
	{ M_GET, "/help/provider-agreement", agreement_get, 0 },
	{ M_GET, "/help/provider-sponsorship", sponsorship_get, 0 },
	{ M_GET, "/help/contact", contact_get, 0 },
	{ M_POST, "/help/contact", contact_post, 0 },
	{ M_GET, "/help/contact/sent", sent_get, 0 },
	{ M_GET, "/help/manifest.webmanifest", manifest_get, 0 },
};

int
main(void)
{
	static const struct app app = { "help", routes, N(routes) };

	return http_main(&app);
}
