/*
 * portalctl: the command-line tool of the hospital's IT. Each command is
 * one row of the table at the bottom; the configuration comes from
 * $PORTAL_CONF or -c FILE. Inputs are checked with the same validators
 * as the web forms.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "mail.h"
#include "secret.h"
#include "store_accounts.h"
#include "store_clinics.h"
#include "store_patients.h"
#include "store_secrets.h"
#include "store_sess.h"
#include "store_staff.h"
#include "bench.h"
#include "bizday.h"
#include "cda.h"
#include "demo.h"
#include "enrol.h"
#include "policy_record.h"
#include "policy_throttle.h"
#include "valid.h"

static struct arena *A;

/* The value after --name in argv, or NULL. */
static const char *
opt(int argc, char **argv, const char *name)
{
	int	 i;

	for (i = 0; i < argc - 1; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

static int
flag(int argc, char **argv, const char *name)
{
	int	 i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

/* Validates a required option, or exits with a message. */
static const char *
need(int argc, char **argv, const char *name, valid_fn fn)
{
	const char	*v = opt(argc, argv, name), *out, *msg;

	if (v == NULL) {
		fprintf(stderr, "portalctl: %s is required\n", name);
		exit(2);
	}
	if ((msg = fn(A, v, strlen(v), &out)) != NULL) {
		fprintf(stderr, "portalctl: %s: %s\n", name, msg);
		exit(2);
	}
	return out;
}

static const char *
maybe(int argc, char **argv, const char *name, valid_fn fn)
{
	return opt(argc, argv, name) == NULL ? NULL : need(argc, argv, name, fn);
}

static int
cmd_init(struct conf *cf, int argc, char **argv)
{
	struct db	*db;
	char		 err[512];

	(void)argc;
	(void)argv;
	if ((db = db_open(cf->database, 1, err, sizeof(err))) == NULL ||
	    db_migrate(db, cf->sql, err, sizeof(err)) == -1 ||
	    store_secret_init(db) == -1) {
		fprintf(stderr, "portalctl: init: %s\n", db ? err : err);
		db_close(db);
		return 1;
	}
	printf("%s: schema version %d\n", cf->database, db_version(db));
	db_close(db);
	return 0;
}

static int
cmd_migrate(struct conf *cf, int argc, char **argv)
{
	struct db	*db;
	char		 err[512];
	int		 before;

	(void)argc;
	(void)argv;
	if ((db = db_open(cf->database, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "portalctl: %s\n", err);
		return 1;
	}
	before = db_version(db);
	if (db_migrate(db, cf->sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "portalctl: migrate: %s\n", err);
		db_close(db);
		return 1;
	}
	printf("schema version %d -> %d\n", before, db_version(db));
	db_close(db);
	return 0;
}

/* A password from the first line of standard input, or a new random one
 * (printed once). */
static const char *
read_or_make_password(struct portal *p, int *made)
{
	char		 line[256];
	unsigned char	 r[12];
	char		 b[20];
	size_t		 n;

	*made = 0;
	if (!isatty(0) && fgets(line, sizeof(line), stdin) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (auth_pw_rule(p->pwlist, line, NULL) != PW_OK) {
			fprintf(stderr, "portalctl: password: %s\n",
			    auth_pw_message(auth_pw_rule(p->pwlist, line, NULL)));
			exit(2);
		}
		return arena_strdup(A, line);
	}
	crypto_random(r, sizeof(r));
	crypto_b64url(r, sizeof(r), b);
	*made = 1;
	return arena_printf(A, "%s7Q", b);	/* a digit and a capital, always */
}

static int
cmd_staff(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	const char	*user, *name, *email, *role, *pw;
	int		 made;
	int64_t		 id;

	(void)cf;
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		fputs("usage: portalctl staff add --username U --name NAME "
		    "[--email E] [--role verifier|admin] < password\n", stderr);
		return 2;
	}
	user = need(argc, argv, "--username", valid_username);
	name = need(argc, argv, "--name", valid_name);
	email = maybe(argc, argv, "--email", valid_email);
	role = opt(argc, argv, "--role") ? opt(argc, argv, "--role") : "verifier";
	if (strcmp(role, "verifier") != 0 && strcmp(role, "admin") != 0) {
		fputs("portalctl: --role is verifier or admin\n", stderr);
		return 2;
	}
	p = portal_open(0);
	pw = read_or_make_password(p, &made);
	if ((id = store_staff_create(p->db, user, auth_hash(A, p->conf, pw), name,
	    email, role, time(NULL))) == -1) {
		fprintf(stderr, "portalctl: cannot add %s (is the name taken?)\n", user);
		portal_close(p);
		return 1;
	}
	audit_write(p->db, time(NULL), "portalctl", "staff.add", 0, NULL, user);
	printf("staff %" PRId64 " %s added%s%s\n", id, user,
	    made ? "; password: " : "", made ? pw : "");
	portal_close(p);
	return 0;
}

static const char *
valid_kind(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char *const kinds[] = { "parent", "legal_guardian",
	    "dcf_caseworker", "foster_parent", NULL };
	size_t	 i;

	for (i = 0; kinds[i] != NULL; i++)
		if (strlen(kinds[i]) == len && strcmp(kinds[i], in) == 0) {
			*out = arena_strdup(a, in);
			return NULL;
		}
	return "one of parent, legal_guardian, dcf_caseworker, foster_parent";
}

static int
cmd_patient(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	struct patient	 pt;
	struct relation	 r;
	int64_t		 id;
	int		 i, rc = 0;

	(void)cf;
	if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "relation") != 0)) {
		fputs("usage: portalctl patient add --mrn M --given G --family F "
		    "--dob YYYY-MM-DD [--sex S] [--foster] [--guardianship] "
		    "[--visit YYYY-MM-DD]...\n"
		    "       portalctl patient relation --mrn M --kind K --given G "
		    "--family F [--email E] [--phone P]\n", stderr);
		return 2;
	}
	memset(&pt, 0, sizeof(pt));
	pt.mrn = need(argc, argv, "--mrn", valid_mrn);
	p = portal_open(0);
	if (strcmp(argv[1], "relation") == 0) {
		memset(&r, 0, sizeof(r));
		r.kind = need(argc, argv, "--kind", valid_kind);
		r.given = need(argc, argv, "--given", valid_name);
		r.family = need(argc, argv, "--family", valid_name);
		r.email = maybe(argc, argv, "--email", valid_email);
		r.phone = maybe(argc, argv, "--phone", valid_line);
		if (store_patient_by_mrn(p->db, A, pt.mrn, &pt) != 1 ||
		    (r.patient_id = pt.id, store_relation_add(p->db, &r)) == -1) {
			fprintf(stderr, "portalctl: no patient %s\n", pt.mrn);
			rc = 1;
		}
		portal_close(p);
		return rc;
	}
	pt.given = need(argc, argv, "--given", valid_name);
	pt.family = need(argc, argv, "--family", valid_name);
	pt.dob = need(argc, argv, "--dob", valid_date);
	pt.sex = maybe(argc, argv, "--sex", valid_line);
	pt.foster = flag(argc, argv, "--foster");
	pt.guardianship = flag(argc, argv, "--guardianship");
	if ((id = store_patient_create(p->db, &pt, time(NULL))) == -1) {
		fprintf(stderr, "portalctl: cannot add %s (does the MRN exist?)\n", pt.mrn);
		portal_close(p);
		return 1;
	}
	for (i = 0; i < argc - 1; i++) {
		const char	*d, *msg;

		if (strcmp(argv[i], "--visit") != 0)
			continue;
		if ((msg = valid_date(A, argv[i + 1], strlen(argv[i + 1]), &d)) != NULL ||
		    store_encounter_add(p->db, id, d, "outpatient", NULL, 0) == -1) {
			fprintf(stderr, "portalctl: --visit %s: %s\n", argv[i + 1],
			    msg ? msg : "cannot add");
			rc = 1;
		}
	}
	printf("patient %" PRId64 " %s added\n", id, pt.mrn);
	portal_close(p);
	return rc;
}

static int
cmd_token(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	struct patient	 pt;
	const char	*mrn, *tok;

	(void)cf;
	if (argc < 2 || strcmp(argv[1], "issue") != 0) {
		fputs("usage: portalctl token issue --mrn M\n", stderr);
		return 2;
	}
	mrn = need(argc, argv, "--mrn", valid_mrn);
	p = portal_open(0);
	if (store_patient_by_mrn(p->db, A, mrn, &pt) != 1) {
		fprintf(stderr, "portalctl: no patient %s\n", mrn);
		portal_close(p);
		return 1;
	}
	if ((tok = secret_token_new(p->db, A, p->conf, pt.id, time(NULL))) == NULL) {
		fputs("portalctl: cannot issue a token\n", stderr);
		portal_close(p);
		return 1;
	}
	audit_write(p->db, time(NULL), "portalctl", "token.issue", pt.id, NULL, NULL);
	printf("%s\n", tok);
	portal_close(p);
	return 0;
}

static int
cmd_mail(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	int		 sent, failed;

	(void)cf;
	(void)argc;
	(void)argv;
	p = portal_open(0);
	sent = mail_deliver(p->db, p->conf, time(NULL), &failed);
	portal_close(p);
	if (sent < 0) {
		fputs("portalctl: mail: database error\n", stderr);
		return 1;
	}
	if (sent > 0 || failed > 0)
		printf("mail: %d sent, %d failed\n", sent, failed);
	return failed > 0 ? 1 : 0;
}

static int
cmd_audit(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	int64_t		 count, bad;
	int		 rc;

	(void)cf;
	if (argc < 2 || strcmp(argv[1], "verify") != 0) {
		fputs("usage: portalctl audit verify\n", stderr);
		return 2;
	}
	p = portal_open(0);
	rc = audit_verify(p->db, A, &count, &bad);
	portal_close(p);
	if (rc == 0) {
		printf("audit log intact: %" PRId64 " rows\n", count);
		return 0;
	}
	if (rc == 1)
		printf("audit log BROKEN at row %" PRId64 " (after %" PRId64
		    " good rows)\n", bad, count);
	return 1;
}

/* Reminders to parents and guardians before a patient's 18th birthday
 * (F-PROXY 3): the policy says which day is due, the table that it goes
 * once. No name in the e-mail: only how many days are left. */
static int
birthday_reminders(struct portal *p, time_t now)
{
	struct guardian_hold	*g;
	size_t			 n, i;
	int			 y, m, d, days, sent = 0, rc;

	if (store_guardian_holds(p->db, A, &g, &n) == -1)
		return -1;
	enrol_today(now, &y, &m, &d);
	for (i = 0; i < n; i++) {
		if ((days = policy_reminder_due(p->rules, g[i].dob, g[i].guardianship,
		    y, m, d)) <= 0)
			continue;
		if (db_begin(p->db) == -1)
			return -1;
		if ((rc = store_reminder_once(p->db, g[i].account_id, g[i].patient_id,
		    days, now)) == 1 && (mail_queue(p->db, p->conf, MAIL_BIRTHDAY,
		    g[i].email, NULL, arena_printf(A, "A patient on your account turns "
		    "18 in %d days. Your access to their record ends on that day.",
		    days), now) == -1 || audit_write(p->db, now, "portalctl",
		    "reminder.birthday", g[i].patient_id, NULL, arena_printf(A,
		    "account %lld, %d days", (long long)g[i].account_id, days)) == -1))
			rc = -1;
		if (rc == -1 || db_commit(p->db) == -1) {
			db_rollback(p->db);
			return -1;
		}
		sent += rc;
	}
	return sent;
}

static int
cmd_cron(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	time_t		 now = time(NULL);
	int		 n, r;

	(void)cf;
	(void)argc;
	(void)argv;
	p = portal_open(0);
	n = store_sess_purge(p->db, now - p->conf->session_idle,
	    now - p->conf->session_absolute);
	r = birthday_reminders(p, now);
	portal_close(p);
	if (n < 0 || r < 0)
		return 1;
	if (n > 0)
		printf("cron: %d expired sessions removed\n", n);
	if (r > 0)
		printf("cron: %d birthday reminders queued\n", r);
	return 0;
}

static int
cmd_demo(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	int		 rc;

	(void)cf;
	(void)argc;
	(void)argv;
	p = portal_open(0);
	rc = demo_load(p, A, time(NULL), stdout);
	portal_close(p);
	return rc == 0 ? 0 : 1;
}

/* Care teams: clinics, their staff and their patients. */
static int
cmd_clinic(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	struct patient	 pt;
	struct staff	 st;
	const char	*name, *sub = argc > 1 ? argv[1] : "";
	int64_t		 clinic;
	int		 rc = 0;

	(void)cf;
	if (strcmp(sub, "add") != 0 && strcmp(sub, "staff") != 0 &&
	    strcmp(sub, "patient") != 0) {
		fputs("usage: portalctl clinic add --clinic NAME\n"
		    "       portalctl clinic staff --clinic NAME --username U\n"
		    "       portalctl clinic patient --clinic NAME --mrn M\n", stderr);
		return 2;
	}
	name = need(argc, argv, "--clinic", valid_line);
	p = portal_open(0);
	if ((clinic = store_clinic_ensure(p->db, name)) <= 0) {
		fprintf(stderr, "portalctl: cannot add clinic %s\n", name);
		rc = 1;
	} else if (strcmp(sub, "staff") == 0) {
		if (store_staff_by_username(p->db, A, need(argc, argv, "--username",
		    valid_username), &st) != 1 ||
		    store_clinic_add_staff(p->db, st.id, clinic) == -1) {
			fputs("portalctl: no such staff member\n", stderr);
			rc = 1;
		}
	} else if (strcmp(sub, "patient") == 0) {
		if (store_patient_by_mrn(p->db, A, need(argc, argv, "--mrn",
		    valid_mrn), &pt) != 1 ||
		    store_clinic_add_patient(p->db, pt.id, clinic) == -1) {
			fputs("portalctl: no such patient\n", stderr);
			rc = 1;
		}
	}
	if (rc == 0)
		audit_write(p->db, time(NULL), "portalctl", "clinic.change", 0, NULL,
		    arena_printf(A, "%s %s", sub, name));
	portal_close(p);
	return rc;
}

static int
cmd_holiday(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	int		 rc;

	(void)cf;
	p = portal_open(0);
	rc = bizday_cmd_holiday(p->db, argc, argv, stdout);
	portal_close(p);
	return rc;
}

/* A synthetic hospital for `make bench`, into a freshly initialised
 * database: portalctl bench-data --patients N --results N */
static int
cmd_bench_data(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	const char	*sp = opt(argc, argv, "--patients");
	const char	*sr = opt(argc, argv, "--results");
	char		*end1 = NULL, *end2 = NULL;
	long		 patients = sp ? strtol(sp, &end1, 10) : 0;
	long		 results = sr ? strtol(sr, &end2, 10) : -1;
	int		 rc;

	(void)cf;
	if (sp == NULL || sr == NULL || *end1 != '\0' || *end2 != '\0' ||
	    patients < 1 || results < 0) {
		fputs("usage: portalctl bench-data --patients N --results N\n", stderr);
		return 2;
	}
	p = portal_open(0);
	rc = bench_generate(p->db, p->conf, patients, results, stdout);
	portal_close(p);
	return rc == 0 ? 0 : 1;
}

static int
cmd_import(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	int		 rc;

	(void)cf;
	if (argc < 2) {
		fputs("usage: portalctl import FILE|FOLDER|- ...\n", stderr);
		return 2;
	}
	p = portal_open(0);
	rc = cda_import_paths(p->db, p->conf, argv + 1, argc - 1, stdout);
	portal_close(p);
	return rc;
}

static int
cmd_policy(struct conf *cf, int argc, char **argv)
{
	struct policy_rules	 r;
	char			 err[256];

	(void)argc;
	(void)argv;
	memset(&r, 0, sizeof(r));
	if (policy_rules_load(&r, cf, err, sizeof(err)) == -1) {
		fprintf(stderr, "portalctl: policy: %s\n", err);
		return 1;
	}
	policy_print(stdout, &r);
	policy_throttle_print(stdout, cf);
	policy_rules_free(&r);
	return 0;
}

static const struct {
	const char	*name;
	int		(*fn)(struct conf *, int, char **);
	const char	*help;
} cmds[] = {
	{ "init", cmd_init, "create the database, its schema and a secret key" },
	{ "migrate", cmd_migrate, "apply new schema migrations" },
	{ "staff", cmd_staff, "staff add: add a staff account" },
	{ "patient", cmd_patient, "patient add|relation: add a patient or a person on file" },
	{ "token", cmd_token, "token issue: an activation token for a patient" },
	{ "mail", cmd_mail, "deliver the e-mail outbox" },
	{ "audit", cmd_audit, "audit verify: check the audit log's hash chain" },
	{ "cron", cmd_cron, "timed work: expired sessions" },
	{ "clinic", cmd_clinic, "clinic add|staff|patient: care teams" },
	{ "holiday", cmd_holiday, "holiday add|list|remove: hospital holidays" },
	{ "import", cmd_import, "import C-CDA documents: files, folders or - (stdin)" },
	{ "policy", cmd_policy, "print the access, release and throttle rules in force" },
	{ "demo", cmd_demo, "load a demo hospital" },
	{ "bench-data", cmd_bench_data, "synthetic hospital for make bench: "
	    "--patients N --results N (fresh database only)" },
};

int
main(int argc, char **argv)
{
	struct conf	 cf;
	char		 err[512];
	size_t		 i;
	int		 rc;

	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		setenv("PORTAL_CONF", argv[2], 1);
		argc -= 2;
		argv += 2;
	}
	if (argc < 2) {
		fputs("usage: portalctl [-c portal.conf] command ...\n", stderr);
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			fprintf(stderr, "  %-8s %s\n", cmds[i].name, cmds[i].help);
		return 2;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmds[i].name, argv[1]) == 0)
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0])) {
		fprintf(stderr, "portalctl: unknown command %s\n", argv[1]);
		return 2;
	}
	if (conf_load(&cf, conf_path(), err, sizeof(err)) == -1) {
		fprintf(stderr, "portalctl: %s\n", err);
		return 1;
	}
	conf_apply_tz(&cf);
	A = arena_new();
	rc = cmds[i].fn(&cf, argc - 1, argv + 1);
	arena_free(A);
	conf_free(&cf);
	return rc;
}
