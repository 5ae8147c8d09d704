/*
 * portalctl: the command-line tool of the hospital's IT. Each command is
 * one row of the table at the bottom; the configuration comes from
 * $PORTAL_CONF or -c FILE. Inputs are checked with the same validators
 * as the web forms.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "audit.h"
#include "audit_checkpoint.h"
#include "auth.h"
#include "bizday.h"
#include "cda.h"
#include "clinic_ctl.h"
#include "conf.h"
#include "conf_ctl.h"
#include "copy.h"
#include "crypto.h"
#include "ctlopt.h"
#include "db.h"
#include "demo.h"
#include "directory_ctl.h"
#include "enrol.h"
#include "holiday.h"
#include "http.h"
#include "keyfile.h"
#include "mail.h"
#include "pages.h"
#include "pcpreq.h"
#include "plogin.h"
#include "policy.h"
#include "policy_mfa.h"
#include "policy_provider.h"
#include "policy_record.h"
#include "policy_secret.h"
#include "policy_sponsor.h"
#include "policy_staff.h"
#include "policy_throttle.h"
#include "provider_ctl.h"
#include "remind.h"
#include "secret.h"
#include "store_accounts.h"
#include "store_apply.h"
#include "store_audit.h"
#include "store_clinics.h"
#include "store_dirload.h"
#include "store_patients.h"
#include "store_provider.h"
#include "store_secrets.h"
#include "store_sess.h"
#include "store_staff.h"
#include "valid.h"
#include "audit_ctl.h"
#include "insurance_ctl.h"
#include "bill_ctl.h"
#include "visits_ctl.h"

static struct arena *A;

/* Validates a required option, or exits with a message. */
static const char *
need(int argc, char **argv, const char *name, valid_fn fn)
{
	const char	*v = ctl_opt(argc, argv, name), *out, *msg;

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
	return ctl_opt(argc, argv, name) == NULL ? NULL : need(argc, argv, name, fn);
}

/* The installation key (issue 7.8): read from its file; made there at the
 * first init, or moved there from the database where older versions kept
 * it (before the migration that deletes it there). */
static int
key_setup(struct conf *cf, struct db *db, unsigned char ikm[KEYFILE_LEN])
{
	char	 err[512];
	int	 e, moved = 0;

	if ((e = keyfile_exists(cf->key_file, err, sizeof(err))) == -1) {
		fprintf(stderr, "portalctl: %s\n", err);
		return -1;
	}
	if (e == 0) {
		if (db_version(db) >= 1 && store_secret_key(db, ikm) == 0)
			moved = 1;
		else if (db_version(db) >= 1 && audit_started(db) == 1) {
			/* A new key would make the whole audit log unverifiable. */
			fprintf(stderr, "portalctl: %s: no such file, and the "
			    "audit log is keyed with it: restore it from the "
			    "backup of the key\n", cf->key_file);
			return -1;
		} else
			crypto_random(ikm, KEYFILE_LEN);
		if (keyfile_create(cf->key_file, ikm, err, sizeof(err)) == -1) {
			fprintf(stderr, "portalctl: installation key: %s\n", err);
			return -1;
		}
		printf("%s: installation key %s (mode 0600; back it up apart "
		    "from the database)\n", cf->key_file, moved ?
		    "moved out of the database" : "made");
	}
	if (keyfile_read(cf->key_file, ikm, err, sizeof(err)) == -1) {
		fprintf(stderr, "portalctl: installation key: %s\n", err);
		return -1;
	}
	return 0;
}

/* Writes a checkpoint to syslog and the checkpoint file; the line, or
 * NULL after saying why. */
static const char *
checkpoint(struct conf *cf, struct db *db, time_t now)
{
	const char	*line;
	char		 err[512];

	if ((line = audit_checkpoint_take(db, A, now, NULL)) == NULL) {
		fputs("portalctl: audit checkpoint: database error\n", stderr);
		return NULL;
	}
	if (audit_checkpoint_record(line, cf->audit_checkpoints, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "portalctl: audit checkpoint: %s\n", err);
		return NULL;
	}
	return line;
}

/* init and migrate: the database's files no more than 0640, the key file,
 * the schema, the keyed audit chain (after checking the unkeyed one an
 * older version left), and a first checkpoint. */
static int
setup(struct conf *cf, int create)
{
	struct db	*db;
	unsigned char	 ikm[KEYFILE_LEN];
	char		 err[512], shown[1024];
	int		 before, n, rc = 1;

	if ((db = db_open(cf->database, create ? DB_CREATE : DB_SCHEMA, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "portalctl: %s\n", err);
		return 1;
	}
	if ((n = db_protect(cf->database, err, sizeof(err))) == -1) {
		fprintf(stderr, "portalctl: %s\n", err);
		goto out;
	}
	if (n > 0)
		printf("%s: group write and others' access removed from %d "
		    "database file(s)\n", cf->database, n);
	if (key_setup(cf, db, ikm) == -1)
		goto out;
	audit_key_set(ikm);
	explicit_bzero(ikm, sizeof(ikm));
	before = db_version(db);
	if (db_migrate(db, cf->sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "portalctl: %s: %s\n", create ? "init" : "migrate",
		    err);
		goto out;
	}
	conf_db_shown(cf->database, shown, sizeof(shown));
	if (create)
		printf("%s: schema version %d\n", shown, db_version(db));
	else
		printf("schema version %d -> %d\n", before, db_version(db));
	if ((n = audit_start(db, time(NULL), err, sizeof(err))) == -1) {
		fprintf(stderr, "portalctl: audit log: %s\n", err);
		goto out;
	}
	if (n == 1)
		printf("audit log: keyed chain started\n");
	if (checkpoint(cf, db, time(NULL)) == NULL)
		goto out;
	rc = 0;
out:
	explicit_bzero(ikm, sizeof(ikm));
	audit_key_clear();
	db_close(db);
	return rc;
}

static int
cmd_init(struct conf *cf, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return setup(cf, 1);
}

static int
cmd_migrate(struct conf *cf, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return setup(cf, 0);
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

/* --role ROLE[,ROLE...]: the set, each name checked by the policy. */
static int
staff_role_list(const char *list, const char **names, size_t max, size_t *n)
{
	enum staff_role	 r;
	const char	*p = list;
	size_t		 len;
	char		 one[32];

	*n = 0;
	while (*p != '\0') {
		len = strcspn(p, ",");
		if (len == 0 || len >= sizeof(one) || *n == max)
			return -1;
		memcpy(one, p, len);
		one[len] = '\0';
		if (policy_staff_role(one, &r) == -1)
			return -1;
		names[(*n)++] = policy_staff_role_name(r);
		p += len;
		if (*p == ',' && *++p == '\0')
			return -1;	/* "verifier,": a role left out? */
	}
	return *n > 0 ? 0 : -1;
}

static int
cmd_staff(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	const char	*user, *name, *email, *role, *pw, *roles[STAFF_ROLE__MAX];
	size_t		 nroles, i;
	int		 made;
	int64_t		 id;

	(void)cf;
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		fputs("usage: portalctl staff add --username U --name NAME "
		    "[--email E] [--role ROLE[,ROLE]] < password\n"
		    "  roles: verifier provisioning billing clinic admin "
		    "privacy (portalctl policy)\n", stderr);
		return 2;
	}
	user = need(argc, argv, "--username", valid_username);
	name = need(argc, argv, "--name", valid_name);
	email = maybe(argc, argv, "--email", valid_email);
	role = ctl_opt_or(argc, argv, "--role", "verifier");
	if (staff_role_list(role, roles, STAFF_ROLE__MAX, &nroles) == -1) {
		fputs("portalctl: --role is a comma-separated list of verifier, "
		    "provisioning, billing, clinic, admin, privacy\n", stderr);
		return 2;
	}
	p = portal_open(0);
	pw = read_or_make_password(p, &made);
	if (db_begin(p->db) == -1 ||
	    (id = store_staff_create(p->db, user, auth_hash(A, p->conf, pw), name,
	    email, time(NULL))) == -1) {
		db_rollback(p->db);
		fprintf(stderr, "portalctl: cannot add %s (is the name taken?)\n", user);
		portal_close(p);
		return 1;
	}
	for (i = 0; i < nroles; i++)
		if (store_staff_role_add(p->db, id, roles[i]) == -1)
			break;
	if (i < nroles || audit_write(p->db, time(NULL), "portalctl",
	    "staff.add", 0, NULL, arena_printf(A, "%s %s", user, role)) == -1 ||
	    db_commit(p->db) == -1) {
		db_rollback(p->db);
		fprintf(stderr, "portalctl: cannot add %s\n", user);
		portal_close(p);
		return 1;
	}
	printf("staff %" PRId64 " %s added%s%s\n", id, user,
	    made ? "; password: " : "", made ? pw : "");
	portal_close(p);
	return 0;
}

/* A credential, as the provider_accounts CHECK lists them. */
static const char *
valid_credential(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char *const creds[] = { "MD", "DO", "NP", "PA", NULL };
	size_t	 i;

	for (i = 0; creds[i] != NULL; i++)
		if (len == 2 && strcmp(creds[i], in) == 0) {
			*out = arena_strdup(a, in);
			return NULL;
		}
	return "one of MD, DO, NP, PA";
}

/*
 * `portalctl provider link --email E`: e-mails the account a new
 * single-use link to choose its password (the one sent on approval
 * expired, or the person never chose one). Earlier links stop working.
 */
static int
provider_link(int argc, char **argv)
{
	struct portal		*p;
	struct provider_account	 a;
	struct call		 c;
	const char		*email = need(argc, argv, "--email", valid_email);
	enum app_rc		 rc = APP_REFUSED;

	p = portal_open(0);
	memset(&c, 0, sizeof(c));
	c.p = p;
	c.a = A;
	c.who.kind = ACTOR_CLI;
	c.who.addr = "";
	c.now = time(NULL);
	if (store_provider_by_email(p->db, A, email, &a) == 1)
		rc = app_provider_setup_send(&c, a.id);
	if (rc == APP_OK)
		printf("a link to choose a password was queued for %s "
		    "(portalctl mail sends it)\n", email);
	else
		fprintf(stderr, "portalctl: %s: %s\n", email, rc == APP_REFUSED ?
		    "no provider-portal account in good standing has this "
		    "address" :
		    "cannot make the link");
	portal_close(p);
	return rc == APP_OK ? 0 : 1;
}

/*
 * A provider-portal account made by hospital IT, approved at once: a
 * hospital physician who signs in with Children's ID (--sso-user, the
 * name the web server passes as REMOTE_USER), or a clinician provisioned
 * outside the registration form. The password (standard input, or made
 * and printed) can be reset by pass code like any other.
 */
/*
 * An account added with --npi is that NPI's directory entry, as approval
 * makes it (lib/app/provision.c): found (what it lacks filled in) or
 * made, and linked, so that families can share with the provider and
 * the provider can ask for access. 0 or -1.
 */
static int
provider_entry(struct db *db, int64_t account, const struct provider_account *n)
{
	int64_t	 entry;
	int	 rc;

	if (n->npi == NULL)
		return 0;
	if ((rc = store_directory_by_npi(db, n->npi, &entry)) == -1)
		return -1;
	if (rc == 1 && store_directory_fill(db, entry, n->credential, 0,
	    n->email, NULL) == -1)
		return -1;
	if (rc == 0 && (entry = store_directory_create(db, n->npi, n->given,
	    n->family, n->credential, 0, n->email, NULL)) == -1)
		return -1;
	return store_dir_link_account(db, account, entry, 0);
}

static int
cmd_provider(struct conf *cf, int argc, char **argv)
{
	struct portal		*p;
	struct provider_account	 n;
	const char		*pw;
	int			 made;
	int64_t			 id;

	(void)cf;
	if (argc >= 2 && strcmp(argv[1], "link") == 0)
		return provider_link(argc, argv);
	if (argc >= 2 && ctl_provider_is_verb(argv[1]))
		return ctl_provider(argc - 1, argv + 1, stdout, stderr);
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		fputs("usage: portalctl provider add --email E --given G "
		    "--family F [--npi N] [--credential MD|DO|NP|PA]\n"
		    "         [--specialty S] [--sso-user U] [--sponsor] "
		    "[--hospital] < password\n"
		    "       portalctl provider sponsor --email E on|off\n"
		    "       portalctl provider suspend|reinstate|revoke "
		    "--email E\n"
		    "       portalctl provider link --email E\n", stderr);
		return 2;
	}
	memset(&n, 0, sizeof(n));
	n.kind = "provider";
	n.status = "approved";
	n.email = need(argc, argv, "--email", valid_email);
	n.given = need(argc, argv, "--given", valid_name);
	n.family = need(argc, argv, "--family", valid_name);
	n.npi = maybe(argc, argv, "--npi", valid_npi);
	n.credential = maybe(argc, argv, "--credential", valid_credential);
	n.specialty = maybe(argc, argv, "--specialty", valid_line);
	n.sso_user = maybe(argc, argv, "--sso-user", valid_line);
	n.hospital = ctl_flag(argc, argv, "--hospital") || n.sso_user != NULL;
	n.sponsor_asked = n.sponsor_granted = ctl_flag(argc, argv, "--sponsor");
	p = portal_open(0);
	/* A Children's ID account has no portal password (P-LOGIN 4). */
	made = 0;
	pw = NULL;
	if (policy_provider_password(n.sso_user != NULL)) {
		pw = read_or_make_password(p, &made);
		n.pw_hash = auth_hash(A, p->conf, pw);
	}
	if (db_begin(p->db) == -1 ||
	    (id = store_provider_create(p->db, &n, time(NULL))) == -1 ||
	    provider_entry(p->db, id, &n) == -1 ||
	    audit_write(p->db, time(NULL), "portalctl", "provider.add", 0, NULL,
	    arena_printf(A, "provider:%" PRId64, id)) == -1 ||
	    db_commit(p->db) == -1) {
		db_rollback(p->db);
		fprintf(stderr, "portalctl: cannot add %s (is the address, NPI "
		    "or Children's ID already on file?)\n", n.email);
		portal_close(p);
		return 1;
	}
	printf("provider %" PRId64 " %s added%s%s%s\n", id, n.email,
	    made ? "; password: " : "", made ? pw : "", n.sso_user != NULL ?
	    "; signs in with Children's ID only" : "");
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

/*
 * Puts email on file as the patient's own address (issue 7.2): their own
 * account at 13-17 is opened with it. A change is e-mailed to the old and
 * the new address, so a patient learns of it. 0 or -1; the caller holds
 * the transaction.
 */
static int
set_own_address(struct portal *p, const struct patient *pt, const char *email,
    time_t now)
{
	if (pt->email != NULL && strcasecmp(pt->email, email) == 0)
		return 0;
	if (store_patient_set_email(p->db, pt->id, email) == -1 ||
	    (pt->email != NULL && pt->email[0] != '\0' && mail_queue(p->db,
	    p->conf, MAIL_SELF_ADDRESS, pt->email, NULL, NULL, now) == -1) ||
	    mail_queue(p->db, p->conf, MAIL_SELF_ADDRESS, email, NULL, NULL,
	    now) == -1 ||
	    audit_write(p->db, now, "portalctl", "patient.own_address", pt->id,
	    NULL, NULL) == -1)
		return -1;
	return 0;
}

static int
cmd_patient(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	struct patient	 pt;
	struct relation	 r;
	int64_t		 id;
	const char	*email;
	time_t		 now = time(NULL);
	int		 i, rc = 0;

	(void)cf;
	if (argc >= 2 && strcmp(argv[1], "pcp") == 0)
		return ctl_patient_pcp(argc - 1, argv + 1, stdout, stderr);
	if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "relation") != 0 &&
	    strcmp(argv[1], "email") != 0)) {
		fputs("usage: portalctl patient add --mrn M --given G --family F "
		    "--dob YYYY-MM-DD [--sex S] [--foster] [--guardianship] "
		    "[--email E] [--visit YYYY-MM-DD]...\n"
		    "       portalctl patient relation --mrn M --kind K --given G "
		    "--family F [--email E] [--phone P]\n"
		    "       portalctl patient email --mrn M --email E   "
		    "(the patient's own address)\n"
		    "       portalctl patient pcp MRN --npi NPI|--none   "
		    "(the PCP on file)\n"
		    "  M: the hospital's MRN (assigned under mrn_root, "
		    "portal.conf)\n", stderr);
		return 2;
	}
	memset(&pt, 0, sizeof(pt));
	pt.mrn = need(argc, argv, "--mrn", valid_mrn);
	if (strcmp(argv[1], "email") == 0) {
		email = need(argc, argv, "--email", valid_email);
		p = portal_open(0);
		if (store_patient_by_mrn(p->db, A, pt.mrn, &pt) != 1) {
			fprintf(stderr, "portalctl: no patient %s\n", pt.mrn);
			rc = 1;
		} else if (db_begin(p->db) == -1 ||
		    set_own_address(p, &pt, email, now) == -1 ||
		    db_commit(p->db) == -1) {
			db_rollback(p->db);
			fputs("portalctl: cannot change the address\n", stderr);
			rc = 1;
		}
		portal_close(p);
		return rc;
	}
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
	pt.foster = ctl_flag(argc, argv, "--foster");
	pt.guardianship = ctl_flag(argc, argv, "--guardianship");
	pt.email = maybe(argc, argv, "--email", valid_email);
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

/*
 * token issue --mrn M: the family token, printed on the visit papers.
 * token issue --mrn M --self [--email E]: a self-access token, which opens
 * only the patient's own account (issue 7.2); staff give it to the patient
 * privately. At 13-17 it needs the patient's own address on file (--email
 * puts it there).
 */
static int
cmd_token(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	struct patient	 pt;
	const char	*mrn, *tok, *email, *why;
	time_t		 now = time(NULL);
	int		 self, y, m, d;

	(void)cf;
	if (argc < 2 || strcmp(argv[1], "issue") != 0) {
		fputs("usage: portalctl token issue --mrn M [--self [--email E]]\n",
		    stderr);
		return 2;
	}
	mrn = need(argc, argv, "--mrn", valid_mrn);
	self = ctl_flag(argc, argv, "--self");
	email = maybe(argc, argv, "--email", valid_email);
	if (email != NULL && !self) {
		fputs("portalctl: --email is the patient's own address: only with "
		    "--self\n", stderr);
		return 2;
	}
	p = portal_open(0);
	if (store_patient_by_mrn(p->db, A, mrn, &pt) != 1) {
		fprintf(stderr, "portalctl: no patient %s\n", mrn);
		portal_close(p);
		return 1;
	}
	enrol_today(now, &y, &m, &d);
	if (self && (why = policy_self_token(policy_age(pt.dob, y, m, d),
	    email != NULL || (pt.email != NULL && pt.email[0] != '\0'))) != NULL) {
		fprintf(stderr, "portalctl: %s\n", why);
		portal_close(p);
		return 1;
	}
	if (db_begin(p->db) == -1 ||
	    (email != NULL && set_own_address(p, &pt, email, now) == -1) ||
	    (tok = secret_token_new(p->db, A, p->conf, pt.id, self ? "self" :
	    "family", now)) == NULL ||
	    audit_write(p->db, now, "portalctl", self ? "token.issue_self" :
	    "token.issue", pt.id, NULL, NULL) == -1 ||
	    db_commit(p->db) == -1) {
		db_rollback(p->db);
		fputs("portalctl: cannot issue a token\n", stderr);
		portal_close(p);
		return 1;
	}
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

static const char *
when(int64_t at)
{
	time_t		 t = (time_t)at;
	struct tm	 tm;
	char		 b[64];

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S %Z", &tm) == 0)
		return arena_printf(A, "@%lld", (long long)at);
	return arena_strdup(A, b);
}

/* The checkpoints to verify against: from --checkpoint (a line, a file,
 * or - for standard input), else the checkpoint file. -1 after saying
 * why. */
static int
load_checkpoints(struct conf *cf, const char *src, struct audit_checkpoint **cps,
    size_t *n)
{
	FILE		*f;
	const char	*name = src ? src : cf->audit_checkpoints;
	size_t		 nbad, firstbad;
	int		 rc;

	if (src != NULL && strstr(src, "checkpoint v1 ") != NULL) {
		f = fmemopen((void *)src, strlen(src), "r");
		name = "the checkpoint given";
	} else if (src != NULL && strcmp(src, "-") == 0) {
		f = stdin;
		name = "standard input";
	} else
		f = fopen(name, "r");
	if (f == NULL) {
		fprintf(stderr, "portalctl: audit verify: %s: %s: the newest rows "
		    "cannot be checked without a checkpoint\n", name,
		    strerror(errno));
		return -1;
	}
	rc = audit_checkpoint_load(f, A, cps, n, &nbad, &firstbad);
	if (f != stdin)
		fclose(f);
	if (rc == -1) {
		fprintf(stderr, "portalctl: audit verify: %s: read error\n", name);
		return -1;
	}
	if (nbad > 0) {
		fprintf(stderr, "portalctl: audit verify: %s: %zu checkpoint "
		    "line(s) malformed or not signed with this installation's "
		    "key (the first on line %zu)\n", name, nbad, firstbad);
		return -1;
	}
	if (*n == 0) {
		fprintf(stderr, "portalctl: audit verify: %s: no checkpoint\n", name);
		return -1;
	}
	return 0;
}

static int
audit_verify_cmd(struct conf *cf, int argc, char **argv)
{
	struct portal		*p;
	struct audit_checkpoint	*cps;
	struct audit_report	 r;
	size_t			 n;
	int			 rc;

	p = portal_open(0);
	if (load_checkpoints(p->conf, ctl_opt(argc, argv, "--checkpoint"), &cps,
	    &n) == -1) {
		portal_close(p);
		return 1;
	}
	(void)cf;
	rc = audit_verify(p->db, cps, n, &r);
	portal_close(p);
	switch (rc == 1 ? r.fault : AUDIT_INTACT) {
	case AUDIT_INTACT:
		if (rc != 0)
			break;
		printf("audit log intact: %" PRId64 " rows (%" PRId64 " unkeyed "
		    "from before the keyed chain); %zu checkpoint(s) match, the "
		    "latest of %s\n", r.count, r.legacy, n, when(cps[n - 1].at));
		return 0;
	case AUDIT_ROW:
		printf("audit log BROKEN at row %" PRId64 " (after %" PRId64
		    " good rows): changed, inserted, or a row before it removed\n",
		    r.bad, r.count);
		break;
	case AUDIT_UNKEYED:
		printf("audit log BROKEN: the row that starts the keyed chain is "
		    "missing (%" PRId64 " rows, none keyed)\n", r.count);
		break;
	case AUDIT_TRUNCATED:
		printf("audit log BROKEN: the checkpoint of %s counted %" PRId64
		    " rows, the log has %" PRId64 ": rows were removed\n",
		    when(cps[r.cp].at), cps[r.cp].count, r.count);
		break;
	case AUDIT_DIVERGED:
		printf("audit log BROKEN: row number %" PRId64 " is not the one "
		    "the checkpoint of %s recorded: the log was rewritten\n",
		    cps[r.cp].count, when(cps[r.cp].at));
		break;
	}
	if (rc == -1)
		fputs("portalctl: audit verify: database error\n", stderr);
	return 1;
}

static int
cmd_audit(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	const char	*line;

	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return audit_verify_cmd(cf, argc, argv);
	/* The privacy office's search and export (issue 16.1). */
	if (argc >= 2 && strcmp(argv[1], "checkpoint") != 0)
		return ctl_audit_query(argc - 1, argv + 1, stdout, stderr);
	if (argc != 2) {
		fputs("usage: portalctl audit verify [--checkpoint LINE|FILE|-]\n"
		    "       portalctl audit checkpoint\n"
		    "       portalctl audit search|export|disclosures ...\n",
		    stderr);
		return 2;
	}
	p = portal_open(0);
	line = checkpoint(p->conf, p->db, time(NULL));
	portal_close(p);
	if (line == NULL)
		return 1;
	printf("%s\n", line);
	return 0;
}

/* Reminders before the 18th birthday (lib/app/remind.c): the count, -1. */
static int
cron_reminders(struct portal *p, time_t now)
{
	struct call	 c;
	long		 sent;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.a = A;
	c.who.kind = ACTOR_CLI;
	c.who.addr = "";
	c.now = now;
	return app_birthday_remind(&c, &sent) == APP_OK ? (int)sent : -1;
}

static int
cmd_cron(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	time_t		 now = time(NULL);
	int		 n, r, c;

	(void)cf;
	(void)argc;
	(void)argv;
	p = portal_open(0);
	n = store_sess_purge(p->db, now - p->conf->session_idle,
	    now - p->conf->session_absolute);
	r = cron_reminders(p, now);
	/* A checkpoint a minute: removing rows shows from the next one on. */
	c = checkpoint(p->conf, p->db, now) == NULL ? -1 : 0;
	portal_close(p);
	if (n < 0 || r < 0 || c < 0)
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
	if (rc == 0)
		rc = demo_visits(p, time(NULL), stdout);
	if (rc == 0)
		rc = demo_bills(p, time(NULL), stdout);
	if (rc == 0)
		demo_signins(stdout);
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
	/* Set-up (issue 13.2): lib/app/clinicset, as the staff pages. */
	if (ctl_clinic_is_verb(sub)) {
		p = portal_open(0);
		rc = ctl_clinic(p, argc, argv, stdin, stdout, stderr);
		portal_close(p);
		return rc;
	}
	if (strcmp(sub, "staff") != 0 && strcmp(sub, "patient") != 0) {
		fputs("usage: portalctl clinic staff --clinic NAME --username U\n"
		    "       portalctl clinic patient --clinic NAME --mrn M\n"
		    "       portalctl clinic add|set|type|document|slots|slot|list"
		    " (portalctl clinic list -h)\n", stderr);
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

/* Exits 1 when any document was refused or failed: a cron job or a
 * script must not take a partial import for a whole one. */
static int
cmd_import(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	int		 rc;

	(void)cf;
	if (argc < 2) {
		fputs("usage: portalctl import FILE|FOLDER|- ...\n"
		    "  patients by their MRN under mrn_root (portal.conf); exits 1 "
		    "if any\n  document was refused or failed\n", stderr);
		return 2;
	}
	p = portal_open(0);
	cda_on_pcp(pcpreq_import_audit);
	rc = cda_import_paths(p->db, p->conf, argv + 1, argc - 1, time(NULL),
	    stdout);
	portal_close(p);
	return rc;
}

static int
cmd_providers(struct conf *cf, int argc, char **argv)
{
	(void)cf;
	return ctl_providers(argc - 1, argv + 1, stdout, stderr);
}

static int
cmd_insurance(struct conf *cf, int argc, char **argv)
{
	(void)cf;
	return ctl_insurance(argc - 1, argv + 1, stdout, stderr);
}

static int
cmd_visits(struct conf *cf, int argc, char **argv)
{
	(void)cf;
	return ctl_visits(argc - 1, argv + 1, stdout, stderr);
}

static int
cmd_statements(struct conf *cf, int argc, char **argv)
{
	(void)cf;
	return ctl_statements(argc - 1, argv + 1, stdout, stderr);
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
	policy_print_signup(stdout);
	policy_print_secrets(stdout);
	policy_print_pass_codes(stdout);
	policy_print_staff(stdout);
	policy_mfa_print(stdout);
	policy_print_sponsor(stdout);
	policy_throttle_print(stdout, cf);
	policy_rules_free(&r);
	return 0;
}

/* What IT checks first: which database, its schema, how durable a commit
 * is, and how long the audit log is. */
static int
cmd_status(struct conf *cf, int argc, char **argv)
{
	struct portal	*p;
	char		 how[512], head[65], shown[1024];
	int64_t		 rows;
	int		 rc = 0;

	(void)cf;
	(void)argc;
	(void)argv;
	p = portal_open(0);
	conf_db_shown(p->conf->database, shown, sizeof(shown));
	printf("database: %s (schema %d)\n", shown, db_version(p->db));
	if (db_durability(p->db, how, sizeof(how)) == 0)
		printf("durability: %s\n", how);
	else
		rc = 1;
	if (store_audit_head(p->db, &rows, head) == 0)
		printf("audit: %lld rows, newest %.16s\n", (long long)rows, head);
	else
		rc = 1;
	portal_close(p);
	if (rc != 0)
		fputs("portalctl: status: database error\n", stderr);
	return rc;
}

/* A whole database from one engine to the other: FROM and TO are
 * database settings (a file, a postgresql:// URI); the key file is the
 * configuration's. */
static int
cmd_copy(struct conf *cf, int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: portalctl copy FROM TO\n"
		    "  FROM, TO: an SQLite file or a postgresql:// URI; TO must "
		    "be empty\n  (a new file, or a new PostgreSQL database). Stop "
		    "the web workers first.\n", stderr);
		return 2;
	}
	return ctl_copy(cf, argv[1], argv[2], stdout, stderr);
}

/* The web server's own error pages, from the templates and the
 * configuration (issue 15.5): `make install`'s instructions, the HTTP
 * tests and `make demo` run it; run it again after changing portal.conf. */
static int
cmd_pages(struct conf *cf, int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: portalctl pages DIR\n  writes DIR/404.html, "
		    "DIR/413.html and DIR/50x.html, the web server's own error "
		    "pages\n", stderr);
		return 2;
	}
	return ctl_pages(A, cf, argv[1], stderr);
}

/* The web server's and systemd's configuration (issue 16.2): needs no
 * portal.conf, which it may be run to write beside. */
static int
cmd_conf(struct conf *cf, int argc, char **argv)
{
	(void)cf;
	return ctl_conf(A, argc, argv, stdout, stderr);
}

static const struct {
	const char	*name;
	int		(*fn)(struct conf *, int, char **);
	const char	*help;
} cmds[] = {
	{ "init", cmd_init, "create the database (0640), its schema, the "
	    "installation key file (0600) and the keyed audit chain" },
	{ "migrate", cmd_migrate, "apply new schema migrations (and move the "
	    "key out of an older database)" },
	{ "staff", cmd_staff, "staff add: add a staff account" },
	{ "provider", cmd_provider, "provider add: add an approved "
	    "provider-portal account (hospital physicians, Children's ID); "
	    "provider sponsor on|off, suspend, reinstate, revoke" },
	{ "patient", cmd_patient, "patient add|relation|email|pcp: add a "
	    "patient, a person on file, the patient's own address, or the PCP "
	    "on file" },
	{ "providers", cmd_providers, "providers import FILE: load the "
	    "provider directory from the NPPES NPI registry file" },
	{ "token", cmd_token, "token issue [--self]: an activation token for a "
	    "patient's family, or for the patient's own account" },
	{ "mail", cmd_mail, "deliver the e-mail outbox" },
	{ "audit", cmd_audit, "audit verify [--checkpoint LINE|FILE|-]: check the "
	    "audit log's keyed chain against its checkpoints; audit checkpoint: "
	    "record (syslog, checkpoint file) and print one; audit search|"
	    "export|disclosures: the privacy office's search (--mrn --actor "
	    "--action --since --until --page), export (--format csv|jsonl) and "
	    "a patient's accounting of disclosures" },
	{ "cron", cmd_cron, "timed work: expired sessions, reminders, an audit "
	    "checkpoint" },
	{ "clinic", cmd_clinic, "clinic add|set|staff|patient|type|document|"
	    "slots|slot|list: care teams and clinic set-up" },
	{ "holiday", cmd_holiday, "holiday add|list|remove: hospital holidays" },
	{ "import", cmd_import, "import C-CDA documents: files, folders or - (stdin)" },
	{ "visits", cmd_visits, "visits import FILE|FOLDER|-: the scheduling "
	    "system's HL7 v2 SIU messages; visits remind: reminder e-mails" },
	{ "insurance", cmd_insurance, "insurance import FILE|-: the billing "
	    "system's coverages (CSV)" },
	{ "statements", cmd_statements, "statements import FILE|-: the "
	    "billing system's statements (CSV)" },
	{ "policy", cmd_policy, "print the access, release and throttle rules in force" },
	{ "status", cmd_status, "the database, its schema, how a commit is made durable, the audit log's length" },
	{ "demo", cmd_demo, "load a demo hospital" },
	{ "pages", cmd_pages, "pages DIR: the web server's own 404, 413 and 50x "
	    "pages, from the templates and portal.conf" },
	{ "copy", cmd_copy, "copy FROM TO: the whole database into an empty one "
	    "(SQLite to PostgreSQL or back), then check it" },
	{ "conf", cmd_conf, "conf nginx|apache|systemd|spawn-fcgi [NAME=VALUE...]: "
	    "the configuration for the installed paths" },
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
	/* conf alone runs without a portal.conf. */
	if (cmds[i].fn == cmd_conf) {
		A = arena_new();
		rc = cmds[i].fn(NULL, argc - 1, argv + 1);
		arena_free(A);
		return rc;
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
