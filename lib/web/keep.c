/*
 * The page of a POST refused before its handler (keep.h, issue 15.3).
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "http.h"
#include "keep.h"
#include "tmpl.h"
#include "valid.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))

/* Never shown again, whatever the form: passwords, codes, tokens, and
 * a provider's answers to the security questions (pform.h: F_SECRET, a
 * way into the account like a password). */
static const char *const secrets[] = {
	"password", "password2", "current", "code", "t", "a1", "a2", "a3",
};

/* Choices and ids the page carried: sent again as they were. */
static const char *const hidden[] = {
	"p", "id", "v", "d", "s", "key", "clinic", "topic", "slot", "grant",
	"entry", "invite", "kind", "who", "proof", "preferred", "decision",
	"action", "do", "type", "status", "step", "replaces", "replace",
	"coverage", "credential", "role", "agree", "confirm", "active",
	"shown", "self_schedule", "sponsor", "agreement_how",
	"identity_how", "sponsorship_how", "back", "front", "video",
	"purpose", "relationship",
};

/* The words of the glossary (share/glossary) for each typed field. */
static const struct {
	const char	*name;
	const char	*label;
} labels[] = {
	{ "body", "Message" },
	{ "subject", "Subject" },
	{ "email", "E-mail address" },
	{ "given", "First name" },
	{ "family", "Last name" },
	{ "dob", "Patient's date of birth" },
	{ "mrn", "Medical record number" },
	{ "visit_date", "Date of a past visit" },
	{ "reason", "Reason" },
	{ "preferred", "Preferred days and times" },
	{ "phone", "Phone" },
	{ "phone_mobile", "Mobile phone" },
	{ "phone_home", "Home phone" },
	{ "address1", "Street address" },
	{ "address2", "Apartment, suite (optional)" },
	{ "city", "City or town" },
	{ "state", "State" },
	{ "postal", "ZIP code" },
	{ "payer", "Insurance company" },
	{ "plan", "Plan" },
	{ "member_id", "Member ID" },
	{ "group_no", "Group number" },
	{ "subscriber", "Subscriber" },
	{ "relationship", "Relationship to the patient" },
	{ "signer", "Your full name" },
	{ "note", "Note" },
	{ "name", "Name" },
	{ "amount", "Amount" },
	{ "purpose", "What to pay" },
	{ "invitee", "Provider" },
	{ "username", "User name" },
	{ "password", "Password" },
	{ "password2", "Password again" },
	{ "current", "Current password" },
	{ "code", "Code" },
	{ "t", "Code from your e-mail" },
	{ "a1", "Answer 1" },
	{ "a2", "Answer 2" },
	{ "a3", "Answer 3" },
	{ "token", "Activation token" },
};

static int
in(const char *const *list, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

enum keep_kind
keep_kind(const char *name)
{
	if (strcmp(name, "csrf") == 0)
		return KEEP_DROPPED;
	if (in(secrets, N(secrets), name))
		return KEEP_SECRET;
	/* The radio group of a preferred contact is a choice; the visit
	 * request's "preferred days and times" is typed: the table has
	 * the choice, and a typed one is told by its spaces below. */
	if (in(hidden, N(hidden), name))
		return KEEP_HIDDEN;
	return KEEP_SHOWN;
}

const char *
keep_label(const char *name)
{
	size_t	 i;

	for (i = 0; i < N(labels); i++)
		if (strcmp(labels[i].name, name) == 0)
			return labels[i].label;
	return name;
}

int
keep_same_origin(const char *fetch_site, const char *origin,
    const char *host)
{
	size_t	 n;

	if (fetch_site != NULL)
		return strcmp(fetch_site, "same-origin") == 0;
	if (origin == NULL || host == NULL || *host == '\0')
		return 0;
	if (strncmp(origin, "https://", 8) == 0)
		origin += 8;
	else if (strncmp(origin, "http://", 7) == 0)
		origin += 7;
	else
		return 0;
	n = strlen(host);
	return strncmp(origin, host, n) == 0 && origin[n] == '\0';
}

int
keep_typed(const struct ctx *c)
{
	size_t	 i;

	for (i = 0; i < c->nform; i++)
		if (c->form[i].kv_len > 0 &&
		    keep_kind(c->form[i].kv_key) == KEEP_SHOWN)
			return 1;
	return 0;
}

static const struct {
	enum keep_why	 why;
	int		 status;
	const char	*title;
	const char	*message;
} whys[] = {
	{ KEEP_CSRF, 403, "Your form was not sent",
	  "Nothing was changed: the page you sent it from was too old, or "
	  "was opened in another tab before you signed in again." },
	{ KEEP_EXPIRED, 401, "You were signed out",
	  "Nothing was sent or changed: you were signed out because the "
	  "portal was not used for a while." },
	{ KEEP_TOO_BIG, 413, "What you sent is too large",
	  "Nothing was sent or changed: what you sent is larger than the "
	  "portal takes. Make the text shorter, or send files one at a "
	  "time." },
	{ KEEP_DOWN, 503, "The portal cannot answer right now",
	  "Nothing was sent or changed: the portal cannot answer right now. "
	  "Try again in a minute." },
	{ KEEP_BROKEN, 500, "Something went wrong",
	  "Nothing was sent or changed: something went wrong on our side. "
	  "Try again later, or call Support." },
};

int
keep_page(struct ctx *c, enum keep_why why, const char *login)
{
	struct tvars	*it;
	const char	*site, *origin, *host, *v;
	size_t		 i, w, shown = 0, lines;
	int		 same, resend;

	for (w = 0; w < N(whys) && whys[w].why != why; w++)
		continue;
	if (w == N(whys))
		w = N(whys) - 1;
	site = http_param(c, "HTTP_SEC_FETCH_SITE");
	origin = http_param(c, "HTTP_ORIGIN");
	host = http_param(c, "HTTP_HOST");
	same = keep_same_origin(site, origin, host);
	resend = same && why != KEEP_EXPIRED;
	c->page = "kept";
	tvars_str(c->vars, "title", whys[w].title);
	tvars_str(c->vars, "message", whys[w].message);
	tvars_str(c->vars, "action", c->path);
	tvars_bool(c->vars, "resend", resend);
	if (login != NULL)
		tvars_str(c->vars, "login", login);
	tvars_list(c->vars, "kept");
	tvars_list(c->vars, "hidden");
	tvars_list(c->vars, "secrets");
	for (i = 0; same && i < c->nform; i++) {
		v = c->form[i].kv_val;
		switch (keep_kind(c->form[i].kv_key)) {
		case KEEP_DROPPED:
			continue;
		case KEEP_SECRET:
			if (!resend)
				continue;
			it = tvars_item(c->vars, "secrets");
			tvars_strf(it, "n", "%zu", i);
			tvars_str(it, "name", c->form[i].kv_key);
			tvars_str(it, "label", keep_label(c->form[i].kv_key));
			continue;
		case KEEP_HIDDEN:
			/* The typed "preferred days and times" of a visit
			 * request is text, its contact choice a word. */
			if (strchr(v, ' ') == NULL) {
				if (!resend)
					continue;
				it = tvars_item(c->vars, "hidden");
				tvars_str(it, "name", c->form[i].kv_key);
				tvars_str(it, "value", v);
				continue;
			}
			break;
		case KEEP_SHOWN:
			break;
		}
		/* Text that is not showable (broken UTF-8, a control
		 * byte) is not sent back into a page. */
		if (!valid_utf8(v, c->form[i].kv_len, 1))
			continue;
		for (lines = 1, v = c->form[i].kv_val; (v = strchr(v, '\n'));
		    v++)
			lines++;
		it = tvars_item(c->vars, "kept");
		tvars_strf(it, "n", "%zu", i);
		tvars_str(it, "name", c->form[i].kv_key);
		tvars_str(it, "label", keep_label(c->form[i].kv_key));
		tvars_str(it, "value", c->form[i].kv_val);
		tvars_strf(it, "rows", "%zu", lines < 3 ? (size_t)lines :
		    lines > 12 ? (size_t)12 : lines);
		shown++;
	}
	tvars_bool(c->vars, "has_kept", shown > 0);
	http_no_phi(c);
	return whys[w].status;
}
