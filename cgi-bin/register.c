/*
 * register: a clinician applies for a provider-portal account (P-REG 1,
 * issue 11.1). Public: the form takes three documents, each uploaded
 * (PDF, PNG, JPEG, checked by content in lib/app/register.c) or faxed.
 *
 *   GET  /provider/register       the form
 *   POST /provider/register       the application (APP: app_register)
 *   GET  /provider/register/sent  what happens next (also the answer to
 *                                 an address or NPI already on file)
 */
#include <inttypes.h>
#include <string.h>

#include "auth.h"
#include "conf.h"
#include "form.h"
#include "http.h"
#include "register.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const char *const credentials[] = { "MD", "DO", "NP", "PA" };

/* 1 and *out if in is one of the words of list[0..n), else 0. */
static int
one_of(struct arena *a, const char *in, size_t len, const char **out,
    const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], in, len) == 0) {
			*out = arena_strdup(a, list[i]);
			return 1;
		}
	return 0;
}

static const char *
valid_credential(struct arena *a, const char *in, size_t len, const char **out)
{
	return one_of(a, in, len, out, credentials, N(credentials)) ? NULL :
	    "Choose your credential: MD, DO, NP or PA.";
}

static const char *
valid_how(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char *const hows[] = { "upload", "fax" };

	return one_of(a, in, len, out, hows, N(hows)) ? NULL :
	    "Choose whether you upload this document or fax it.";
}

static const char *
valid_yes(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char *const yes[] = { "1" };

	return one_of(a, in, len, out, yes, N(yes)) ? NULL : "Tick the box or leave it.";
}

/* A listed practice's id, or "new". */
static const char *
valid_practice(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char *const new[] = { "new" };

	if (one_of(a, in, len, out, new, N(new)) ||
	    valid_id(a, in, len, out) == NULL)
		return NULL;
	return "Choose your practice, or choose to name a new one.";
}

static const struct field fields[] = {
	{ "credential", "credential", valid_credential, F_REQ },
	{ "hospital", "hospital physician", valid_yes, 0 },
	{ "given", "first name", valid_name, F_REQ },
	{ "family", "last name", valid_name, F_REQ },
	{ "npi", "NPI", valid_npi, F_REQ },
	{ "specialty", "specialty", valid_line, F_REQ },
	{ "practice", "practice", valid_practice, F_REQ },
	{ "practice_name", "practice's name", valid_line, 0 },
	{ "practice_address", "practice's address", valid_line, 0 },
	{ "practice_phone", "practice's phone", valid_phone, 0 },
	{ "practice_fax", "practice's fax", valid_phone, 0 },
	{ "email", "e-mail address", valid_email, F_REQ },
	{ "phone", "phone", valid_phone, F_REQ },
	{ "sponsor", "sponsorship privileges", valid_yes, 0 },
	{ "agreement_how", "certification & agreement", valid_how, 0 },
	{ "identity_how", "driver's licence or passport", valid_how, 0 },
	{ "sponsorship_how", "sponsorship agreement", valid_how, 0 },
};

/* What the pages say of the hospital's side. */
static void
conf_vars(struct ctx *c)
{
	const struct conf	*cf = c->call.p->conf;

	tvars_str(c->vars, "provider_fax", cf->provider_fax);
	tvars_strf(c->vars, "review_days", "%ld", cf->provider_review_days);
	tvars_str(c->vars, "provider_support_phone", cf->provider_support_phone);
	tvars_strf(c->vars, "document_mb", "%ld",
	    cf->provider_document_max / (1024 * 1024));
}

/* Radio buttons, boxes and the practice list as they were (f may be NULL). */
static void
choice_vars(struct ctx *c, const struct form *f, const struct practice *pr,
    size_t n)
{
	const char	*v, *cred = f ? form_val(f, "credential") : NULL;
	const char	*practice = f ? form_val(f, "practice") : NULL;
	struct tvars	*it;
	size_t		 i;
	int		 k;

	for (i = 0; i < N(credentials); i++) {
		it = tvars_item(c->vars, "credentials");
		tvars_str(it, "code", credentials[i]);
		tvars_bool(it, "checked", cred && strcmp(cred, credentials[i]) == 0);
	}
	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "practices");
		tvars_strf(it, "id", "%" PRId64, pr[i].id);
		tvars_str(it, "name", pr[i].name);
		tvars_str(it, "address", pr[i].address ? pr[i].address : "");
		tvars_bool(it, "selected", practice && strcmp(practice,
		    arena_printf(c->call.a, "%" PRId64, pr[i].id)) == 0);
	}
	tvars_bool(c->vars, "practice_new", practice && strcmp(practice, "new") == 0);
	tvars_bool(c->vars, "hospital_on", f && form_val(f, "hospital"));
	tvars_bool(c->vars, "sponsor_on", f && form_val(f, "sponsor"));
	for (k = 0; k < APPLY_DOC__MAX; k++) {
		v = f ? form_val(f, arena_printf(c->call.a, "%s_how",
		    policy_apply_doc_name(k))) : NULL;
		tvars_bool(c->vars, arena_printf(c->call.a, "%s_upload",
		    policy_apply_doc_name(k)), v && strcmp(v, "upload") == 0);
		tvars_bool(c->vars, arena_printf(c->call.a, "%s_fax",
		    policy_apply_doc_name(k)), v && strcmp(v, "fax") == 0);
	}
}

static int
show(struct ctx *c, struct form *f, int status)
{
	struct practice	*pr = NULL;
	size_t		 n = 0;
	enum app_rc	 rc;

	if ((rc = app_register_practices(&c->call, &pr, &n)) != APP_OK)
		return http_app_status(c, rc);
	tvars_str(c->vars, "title", "Apply for a provider portal account");
	conf_vars(c);
	choice_vars(c, f, pr, n);
	if (f != NULL)
		form_echo(f, c->vars);
	c->page = "provider_register";
	return status;
}

static int
register_get(struct ctx *c)
{
	return show(c, NULL, 200);
}

/* The file input name_file, or NULL if none was chosen. */
static const struct upload *
upload_of(struct ctx *c, const char *name)
{
	const char	*field = arena_printf(c->call.a, "%s_file", name);
	size_t		 i;

	for (i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i].up_field, field) == 0 &&
		    (c->files[i].up_len > 0 || (c->files[i].up_name != NULL &&
		    *c->files[i].up_name != '\0')))
			return &c->files[i];
	return NULL;
}

/* The documents as the form gives them; a missing choice is an error. */
static void
docs_from_form(struct ctx *c, struct form *f, struct register_in *in,
    int *chosen)
{
	const struct upload	*up;
	const char		*how, *field, *name;
	int			 k;

	for (k = 0; k < APPLY_DOC__MAX; k++) {
		name = policy_apply_doc_name(k);
		field = arena_printf(c->call.a, "%s_how", name);
		how = form_val(f, field);
		up = upload_of(c, name);
		chosen[k] = up != NULL;
		if (!policy_apply_doc_needed(k, in->sponsor))
			continue;
		/* A file chosen without the radio button ticked: an upload. */
		if (how != NULL && strcmp(how, "fax") == 0)
			in->docs[k].fax = 1;
		else if (up != NULL) {
			in->docs[k].name = up->up_name;
			in->docs[k].data = up->up_data;
			in->docs[k].len = up->up_len;
		} else if (!form_has_error(f, field))
			form_error(f, field, how == NULL ? "Choose whether you "
			    "upload this document or fax it." :
			    "Choose the file to upload, or choose to fax it.");
	}
}

/* A new practice needs its name, address and phone. */
static void
practice_from_form(struct form *f, struct register_in *in)
{
	static const char *const need[] = {
	    "practice_name", "practice_address", "practice_phone" };
	const char	*p = form_val(f, "practice");
	size_t		 i;

	if (p == NULL || strcmp(p, "new") != 0) {
		in->practice = form_id(f, "practice");
		return;
	}
	for (i = 0; i < N(need); i++)
		if (form_val(f, need[i]) == NULL && !form_has_error(f, need[i]))
			form_error(f, need[i], arena_printf(f->a, "Enter the %s.",
			    form_label(f, need[i])));
	in->practice_name = form_val(f, "practice_name");
	in->practice_address = form_val(f, "practice_address");
	in->practice_phone = form_val(f, "practice_phone");
	in->practice_fax = form_val(f, "practice_fax");
}

static int
register_post(struct ctx *c)
{
	struct form		 f;
	struct register_in	 in;
	struct register_out	 out;
	enum app_rc		 rc;
	int			 chosen[APPLY_DOC__MAX], k;
	const char		*name, *how;

	memset(&in, 0, sizeof(in));
	form_read(c, fields, N(fields), &f);
	in.credential = form_val(&f, "credential");
	in.hospital = form_val(&f, "hospital") != NULL;
	in.given = form_val(&f, "given");
	in.family = form_val(&f, "family");
	in.npi = form_val(&f, "npi");
	in.specialty = form_val(&f, "specialty");
	in.email = form_val(&f, "email");
	in.phone = form_val(&f, "phone");
	in.sponsor = form_val(&f, "sponsor") != NULL;
	practice_from_form(&f, &in);
	docs_from_form(c, &f, &in, chosen);
	/* The documents are checked even when a field is wrong, so that
	 * every problem is named at once; nothing is stored then. */
	rc = app_register_check(&c->call, &in, &out);
	if (rc == APP_OK && f.nerr == 0)
		rc = app_register(&c->call, &in, &out);
	if (rc == APP_OK && f.nerr == 0)
		return http_redirect(c, "/provider/register/sent");
	if (rc == APP_REFUSED) {
		tvars_str(c->vars, "problem", arena_printf(c->call.a, "Too many "
		    "applications were sent from your network. Nothing was "
		    "saved. Wait %s and try again, or call provider support.",
		    auth_wait_text(c->call.a, out.wait)));
		return show(c, &f, 429);
	}
	if (rc != APP_OK && rc != APP_INVALID)
		return show(c, &f, http_form_failed(c, rc));
	for (k = 0; k < APPLY_DOC__MAX; k++) {
		name = policy_apply_doc_name(k);
		how = arena_printf(c->call.a, "%s_how", name);
		if (rc == APP_INVALID && out.doc_error[k] != NULL) {
			if (!form_has_error(&f, how))
				form_error(&f, how, out.doc_error[k]);
		} else if (chosen[k] && !in.docs[k].fax)
			tvars_bool(c->vars, arena_printf(c->call.a, "%s_again",
			    name), 1);
	}
	if (rc == APP_INVALID && out.practice_error != NULL)
		form_error(&f, "practice", out.practice_error);
	return show(c, &f, 422);
}

static int
sent_get(struct ctx *c)
{
	tvars_str(c->vars, "title", "Your application was sent");
	conf_vars(c);
	c->page = "provider_register_sent";
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/provider/register", register_get, 0 },
	{ M_POST, "/provider/register", register_post, R_UPLOAD },
	{ M_GET, "/provider/register/sent", sent_get, 0 },
};

int
main(void)
{
	static const struct app app = { "register", routes, N(routes) };

	return http_main(&app);
}
