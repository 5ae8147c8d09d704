/*
 * portalctl clinic: set-up of clinics, visit types, documents and open
 * slots (clinic_ctl.h). Options are checked by lib/app/clinicset, as the
 * staff pages' fields are.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "call.h"
#include "civil.h"
#include "clinic_ctl.h"
#include "clinicset.h"
#include "ctlopt.h"
#include "portal.h"
#include "store_clinics.h"

static const char usage[] =
    "usage: portalctl clinic add NAME [--phone P] [--location L]\n"
    "       portalctl clinic set --clinic NAME [--phone P] [--location L]\n"
    "       portalctl clinic staff --clinic NAME --username U\n"
    "       portalctl clinic patient --clinic NAME --mrn M\n"
    "       portalctl clinic type add --clinic NAME --name N --minutes M\n"
    "           [--video] [--self-schedule] [--notice-hours H] [--copay D]"
    " [--code C]\n"
    "       portalctl clinic type set --type ID [those options] [--no-video]"
    "\n           [--no-self-schedule] [--retire | --offer]\n"
    "       portalctl clinic document add --type ID --title T [--replaces ID]"
    " < body.txt\n"
    "       portalctl clinic document retire ID\n"
    "       portalctl clinic slots add --type ID --start 'YYYY-MM-DD HH:MM'\n"
    "           [--count N] [--every MINUTES] [--provider P] [--location L]\n"
    "       portalctl clinic slot withdraw ID\n"
    "       portalctl clinic list [--clinic NAME]\n"
    "  Times are the hospital's (conf timezone).\n";

/* A positive decimal id, or 0. */
static int64_t
id_of(const char *s)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s < '0' || *s > '9' || strlen(s) > 15)
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

int
ctl_clinic_is_verb(const char *verb)
{
	static const char *const verbs[] = { "add", "set", "type", "document",
	    "slots", "slot", "list" };
	size_t	 i;

	for (i = 0; verb != NULL && i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verb, verbs[i]) == 0)
			return 1;
	return 0;
}

static int
result(enum app_rc rc, const struct cs_err *e, enum cs_why why, FILE *err)
{
	switch (rc) {
	case APP_OK:
		return 0;
	case APP_INVALID:
		fprintf(err, "portalctl: --%s: %s\n", e->field, e->msg);
		return 1;
	case APP_REFUSED:
		fprintf(err, "portalctl: %s\n", why == CS_TAKEN ? "the slot is "
		    "taken: cancel its visit first" : why == CS_DONE ?
		    "done already" : "no such thing");
		return 1;
	default:
		fputs("portalctl: the database failed\n", err);
		return 1;
	}
}

/* The clinic named by --clinic (or NAME at argv[2] for add): its id, 0. */
static int64_t
clinic_named(struct portal *p, const char *name)
{
	int64_t	 id;

	return name != NULL && (id = store_clinic_id(p->db, name)) > 0 ? id : 0;
}

static char *
read_all(struct arena *a, FILE *in)
{
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, got;

	for (;;) {
		if (cap - len < 4096) {
			char	*nb = arena_alloc(a, cap * 2 + 4096);

			if (buf != NULL)
				memcpy(nb, buf, len);
			buf = nb;
			cap = cap * 2 + 4096;
		}
		if ((got = fread(buf + len, 1, cap - len - 1, in)) == 0)
			break;
		len += got;
		if (len > 1000000)
			break;
	}
	buf[len] = '\0';
	return strlen(buf) == len ? buf : arena_strdup(a, "");
}

static int
cmd_type(const struct call *c, int argc, char **argv, FILE *out, FILE *err)
{
	struct cs_type_in	 in;
	struct cs_type		 t;
	struct cs_doc		*docs;
	struct cs_err		 e = { "", "" };
	enum cs_why		 why = CS_OK;
	enum app_rc		 rc;
	size_t			 nd;
	int64_t			 id;

	memset(&in, 0, sizeof(in));
	if (strcmp(argv[2], "add") == 0) {
		if ((in.clinic = clinic_named(c->p, ctl_opt(argc, argv,
		    "--clinic"))) == 0) {
			fputs("portalctl: --clinic: no such clinic\n", err);
			return 1;
		}
		in.name = ctl_opt(argc, argv, "--name");
		in.minutes = ctl_opt(argc, argv, "--minutes");
		in.notice_hours = ctl_opt(argc, argv, "--notice-hours");
		if (in.notice_hours == NULL)
			in.notice_hours = "24";
		in.active = 1;
	} else {
		if ((in.id = id_of(ctl_opt(argc, argv, "--type"))) == 0) {
			fputs(usage, err);
			return 2;
		}
		rc = app_cs_type_get(c, in.id, &t, &docs, &nd, &why);
		if (rc != APP_OK)
			return result(rc, &e, why, err);
		in.name = ctl_opt_or(argc, argv, "--name", t.name);
		in.code = t.code;
		in.minutes = ctl_opt_or(argc, argv, "--minutes",
		    arena_printf(c->a, "%ld", t.minutes));
		in.notice_hours = ctl_opt_or(argc, argv, "--notice-hours",
		    arena_printf(c->a, "%ld", t.notice_hours));
		in.copay = arena_printf(c->a, "%ld.%02ld", t.copay_cents / 100,
		    t.copay_cents % 100);
		in.video = t.video && !ctl_flag(argc, argv, "--no-video");
		in.self_schedule = t.self_schedule &&
		    !ctl_flag(argc, argv, "--no-self-schedule");
		in.active = ctl_flag(argc, argv, "--retire") ? 0 :
		    ctl_flag(argc, argv, "--offer") ? 1 : t.active;
	}
	in.code = ctl_opt_or(argc, argv, "--code", in.code);
	in.copay = ctl_opt_or(argc, argv, "--copay", in.copay);
	in.video |= ctl_flag(argc, argv, "--video");
	in.self_schedule |= ctl_flag(argc, argv, "--self-schedule");
	rc = app_cs_type_save(c, &in, &id, &e, &why);
	if (rc == APP_OK)
		fprintf(out, "visit type %" PRId64 " %s\n", id, in.id == 0 ?
		    "added" : "changed");
	return result(rc, &e, why, err);
}

static int
cmd_document(const struct call *c, int argc, char **argv, FILE *in,
    FILE *out, FILE *err)
{
	struct cs_doc_in	 d;
	struct cs_err		 e = { "", "" };
	enum cs_why		 why = CS_OK;
	enum app_rc		 rc;
	int64_t			 id;

	if (strcmp(argv[2], "retire") == 0) {
		if (argc < 4 || (id = id_of(argv[3])) == 0) {
			fputs(usage, err);
			return 2;
		}
		if ((rc = app_cs_doc_retire(c, id, &why)) == APP_OK)
			fprintf(out, "document %" PRId64 " retired\n", id);
		return result(rc, &e, why, err);
	}
	memset(&d, 0, sizeof(d));
	if ((d.type = id_of(ctl_opt(argc, argv, "--type"))) == 0) {
		fputs(usage, err);
		return 2;
	}
	d.replaces = id_of(ctl_opt(argc, argv, "--replaces"));
	d.title = ctl_opt(argc, argv, "--title");
	d.body = read_all(c->a, in);
	if ((rc = app_cs_doc_add(c, &d, &id, &e, &why)) == APP_OK)
		fprintf(out, "document %" PRId64 " added\n", id);
	return result(rc, &e, why, err);
}

static int
cmd_slots(const struct call *c, int argc, char **argv, FILE *out, FILE *err)
{
	struct cs_slots_in	 s;
	struct cs_err		 e = { "", "" };
	enum cs_why		 why = CS_OK;
	enum app_rc		 rc;
	size_t			 n;
	int64_t			 id;

	if (strcmp(argv[1], "slot") == 0) {
		if (argc < 4 || strcmp(argv[2], "withdraw") != 0 ||
		    (id = id_of(argv[3])) == 0) {
			fputs(usage, err);
			return 2;
		}
		if ((rc = app_cs_slot_withdraw(c, id, &why)) == APP_OK)
			fprintf(out, "slot %" PRId64 " withdrawn\n", id);
		return result(rc, &e, why, err);
	}
	memset(&s, 0, sizeof(s));
	if ((s.type = id_of(ctl_opt(argc, argv, "--type"))) == 0) {
		fputs(usage, err);
		return 2;
	}
	s.start = ctl_opt(argc, argv, "--start");
	s.count = ctl_opt(argc, argv, "--count");
	s.every = ctl_opt(argc, argv, "--every");
	s.provider = ctl_opt(argc, argv, "--provider");
	s.location = ctl_opt(argc, argv, "--location");
	if ((rc = app_cs_slots_add(c, &s, &n, &e, &why)) == APP_OK)
		fprintf(out, "%zu slot%s published\n", n, n == 1 ? "" : "s");
	return result(rc, &e, why, err);
}

static void
money(FILE *out, long cents)
{
	fprintf(out, "$%ld.%02ld", cents / 100, cents % 100);
}

static int
cmd_list(const struct call *c, int argc, char **argv, FILE *out, FILE *err)
{
	struct cs_clinic	*cl;
	struct cs_type		*t, one;
	struct cs_slot		*s;
	struct cs_doc		*d;
	struct cs_err		 e = { "", "" };
	enum cs_why		 why = CS_OK;
	enum app_rc		 rc;
	const char		*only = ctl_opt(argc, argv, "--clinic");
	char			 when[CIVIL_WHEN_LEN];
	size_t			 nc, nt, ns, nd, i, j, k;

	if ((rc = app_cs_clinics(c, &cl, &nc, &why)) != APP_OK)
		return result(rc, &e, why, err);
	for (i = 0; i < nc; i++) {
		if (only != NULL && strcmp(only, cl[i].name) != 0)
			continue;
		fprintf(out, "clinic %" PRId64 " %s; phone %s; %s\n", cl[i].id,
		    cl[i].name, *cl[i].phone ? cl[i].phone : "none",
		    *cl[i].location ? cl[i].location : "no place on file");
		if ((rc = app_cs_types(c, cl[i].id, &t, &nt, &why)) != APP_OK)
			return result(rc, &e, why, err);
		for (j = 0; j < nt; j++) {
			fprintf(out, "  type %" PRId64 " %s%s: %ld min, %s, %s, "
			    "notice %ld h, copay ", t[j].id, t[j].name,
			    t[j].active ? "" : " (not offered)", t[j].minutes,
			    t[j].video ? "video" : "in person", t[j].self_schedule
			    ? "self-schedule" : "by the clinic", t[j].notice_hours);
			money(out, t[j].copay_cents);
			fprintf(out, "%s%s\n", *t[j].code ? ", code " : "",
			    t[j].code);
			if ((rc = app_cs_type_get(c, t[j].id, &one, &d, &nd,
			    &why)) != APP_OK)
				return result(rc, &e, why, err);
			for (k = 0; k < nd; k++)
				fprintf(out, "    document %" PRId64 " %s%s\n",
				    d[k].id, d[k].title, d[k].retired ?
				    " (retired)" : "");
		}
		if ((rc = app_cs_slots(c, cl[i].id, &s, &ns, &why)) != APP_OK)
			return result(rc, &e, why, err);
		for (j = 0; j < ns; j++)
			fprintf(out, "  slot %" PRId64 " %s %ld min %s%s%s: %s\n",
			    s[j].id, civil_when(s[j].start, when) ? when : "?",
			    s[j].minutes, s[j].type_name, *s[j].provider ? ", " :
			    "", s[j].provider, s[j].taken ? "taken" : "open");
	}
	return 0;
}

int
ctl_clinic(struct portal *p, int argc, char **argv, FILE *in, FILE *out,
    FILE *err)
{
	struct call	 c;
	struct cs_err	 e = { "", "" };
	enum cs_why	 why = CS_OK;
	enum app_rc	 rc;
	const char	*name, *sub = argv[1];
	int64_t		 id;
	int		 ret;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.a = arena_new();
	c.who.kind = ACTOR_CLI;
	c.who.addr = "";
	c.now = time(NULL);
	if ((strcmp(sub, "type") == 0 || strcmp(sub, "document") == 0 ||
	    strcmp(sub, "slots") == 0) && argc < 3) {
		fputs(usage, err);
		ret = 2;
	} else if (strcmp(sub, "add") == 0) {
		name = ctl_opt(argc, argv, "--clinic");
		if (name == NULL && argc > 2 && strncmp(argv[2], "--", 2) != 0)
			name = argv[2];
		if ((id = clinic_named(p, name)) != 0)
			rc = app_cs_clinic_set(&c, id, ctl_opt(argc, argv, "--phone"),
			    ctl_opt(argc, argv, "--location"), &e, &why);
		else
			rc = app_cs_clinic_add(&c, name, ctl_opt(argc, argv, "--phone"),
			    ctl_opt(argc, argv, "--location"), &id, &e);
		if (rc == APP_OK)
			fprintf(out, "clinic %" PRId64 " %s\n", id, name);
		ret = result(rc, &e, why, err);
	} else if (strcmp(sub, "set") == 0) {
		if ((id = clinic_named(p, ctl_opt(argc, argv, "--clinic"))) == 0) {
			fputs("portalctl: --clinic: no such clinic\n", err);
			ret = 1;
		} else
			ret = result(app_cs_clinic_set(&c, id, ctl_opt(argc, argv,
			    "--phone"), ctl_opt(argc, argv, "--location"), &e, &why),
			    &e, why, err);
	} else if (strcmp(sub, "type") == 0 && (strcmp(argv[2], "add") == 0 ||
	    strcmp(argv[2], "set") == 0))
		ret = cmd_type(&c, argc, argv, out, err);
	else if (strcmp(sub, "document") == 0 && (strcmp(argv[2], "add") == 0 ||
	    strcmp(argv[2], "retire") == 0))
		ret = cmd_document(&c, argc, argv, in, out, err);
	else if ((strcmp(sub, "slots") == 0 && strcmp(argv[2], "add") == 0) ||
	    strcmp(sub, "slot") == 0)
		ret = cmd_slots(&c, argc, argv, out, err);
	else if (strcmp(sub, "list") == 0)
		ret = cmd_list(&c, argc, argv, out, err);
	else {
		fputs(usage, err);
		ret = 2;
	}
	arena_free(c.a);
	return ret;
}
