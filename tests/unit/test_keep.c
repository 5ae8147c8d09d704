/*
 * What a refused form gives back (lib/web/keep.h, issue 15.3) and what
 * an empty field is told (form_missing, issue 15.5), as tables: which
 * fields are typed text, choices or secrets (a password, a code: never
 * shown again); the labels of the kept page; whether a POST came from a
 * page of this site (only then is anything given back, and a form to
 * send again offered); the sentences of empty fields.
 */
#include <string.h>

#include "arena.h"
#include "form.h"
#include "keep.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*name;
	enum keep_kind	 kind;
} kinds[] = {
	{ "csrf", KEEP_DROPPED },
	{ "password", KEEP_SECRET },
	{ "password2", KEEP_SECRET },
	{ "current", KEEP_SECRET },
	{ "code", KEEP_SECRET },
	{ "t", KEEP_SECRET },
	{ "a1", KEEP_SECRET },	/* a provider's security answers */
	{ "a2", KEEP_SECRET },
	{ "a3", KEEP_SECRET },
	{ "body", KEEP_SHOWN },
	{ "subject", KEEP_SHOWN },
	{ "email", KEEP_SHOWN },
	{ "given", KEEP_SHOWN },
	{ "token", KEEP_SHOWN },	/* the activation token, as the form keeps it */
	{ "reason", KEEP_SHOWN },
	{ "unknown_field", KEEP_SHOWN },
	{ "p", KEEP_HIDDEN },
	{ "key", KEEP_HIDDEN },
	{ "clinic", KEEP_HIDDEN },
	{ "who", KEEP_HIDDEN },
	{ "proof", KEEP_HIDDEN },
	{ "topic", KEEP_HIDDEN },
};

static const struct {
	const char	*name, *label;
} labels[] = {
	{ "body", "Message" },
	{ "mrn", "Medical record number" },
	{ "postal", "ZIP code" },
	{ "password", "Password" },
	{ "something", "something" },
};

static const struct {
	const char	*site, *origin, *host;
	int		 same;
	const char	*what;
} origins[] = {
	{ "same-origin", NULL, "portal.example", 1, "fetch site same-origin" },
	{ "same-origin", "https://evil.example", "portal.example", 1,
	  "Sec-Fetch-Site decides when sent" },
	{ "cross-site", "https://portal.example", "portal.example", 0,
	  "fetch site cross-site" },
	{ "same-site", NULL, "portal.example", 0, "a sister site" },
	{ "none", NULL, "portal.example", 0, "typed in the address bar" },
	{ NULL, "https://portal.example", "portal.example", 1, "Origin https" },
	{ NULL, "http://127.0.0.1:8080", "127.0.0.1:8080", 1, "Origin with port" },
	{ NULL, "http://127.0.0.1:8081", "127.0.0.1:8080", 0, "another port" },
	{ NULL, "https://portal.example.evil", "portal.example", 0,
	  "a longer host" },
	{ NULL, "https://portal.exampl", "portal.example", 0, "a shorter host" },
	{ NULL, "null", "portal.example", 0, "Origin null" },
	{ NULL, "ftp://portal.example", "portal.example", 0, "another scheme" },
	{ NULL, NULL, "portal.example", 0, "no header at all" },
	{ NULL, "https://portal.example", NULL, 0, "no host" },
	{ NULL, "https://", "", 0, "empty host" },
};

static const struct {
	const char	*label, *missing;
} missing[] = {
	{ "who you are", "Choose who you are: the patient's parent or "
	  "guardian, or the patient." },
	{ "way to prove the link", "Choose how you will show that you are "
	  "linked to the patient: the activation token, or the medical "
	  "record number and the date of a past visit." },
	{ "first name", "Enter your first name." },
	{ "message", "Write your message." },
	{ "care team", "Choose the care team to write to." },
	{ "MRN", "Enter the patient's medical record number." },
	{ "specialty", "Enter the specialty." },	/* the default */
	{ "your name", "Enter your name." },
	{ "what it is about", "Choose what your question is about." },
	{ "clinic", "Choose the clinic." },
	{ "your date of birth", "Enter your date of birth." }, /* no "the" */
};

int
main(void)
{
	struct arena	*a = arena_new();
	struct field	 f;
	const char	*s;
	size_t		 i;

	for (i = 0; i < NELEM(kinds); i++)
		T_INT(keep_kind(kinds[i].name), kinds[i].kind, kinds[i].name);
	for (i = 0; i < NELEM(labels); i++)
		T_STR(keep_label(labels[i].name), labels[i].label,
		    labels[i].name);
	for (i = 0; i < NELEM(origins); i++)
		T_INT(keep_same_origin(origins[i].site, origins[i].origin,
		    origins[i].host), origins[i].same, origins[i].what);
	memset(&f, 0, sizeof(f));
	for (i = 0; i < NELEM(missing); i++) {
		f.name = "x";
		f.label = missing[i].label;
		s = form_missing(a, &f);
		T_STR(s, missing[i].missing, missing[i].label);
		/* A sentence: a capital first, a full stop last. */
		T_OK(s[0] >= 'A' && s[0] <= 'Z' && s[strlen(s) - 1] == '.',
		    "%s: a sentence", missing[i].label);
	}
	T_STR(form_missing(a, NULL), "Fill in this field.", "no field");
	arena_free(a);
	return t_done("keep");
}
