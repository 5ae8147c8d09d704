/*
 * Reads portal.conf. One table declares every key: its type, default and
 * bounds. Values are checked here so the rest of the code can trust them.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "conf.h"
#include "log.h"

#define SSN_OID	"2.16.840.1.113883.4.1"	/* US Social Security numbers */

enum ctype { C_STR, C_LONG, C_BOOL, C_WORD };

struct ckey {
	const char	*name;
	enum ctype	 type;
	size_t		 off;
	const char	*def;
	long		 min, max;
	const char *const *words;	/* C_WORD: the value is the index
					 * of its word in this list */
};

#define S(n, d)		{ #n, C_STR, offsetof(struct conf, n), d, 0, 0, NULL }
#define L(n, d, lo, hi)	{ #n, C_LONG, offsetof(struct conf, n), d, lo, hi, NULL }
#define B(n, d)		{ #n, C_BOOL, offsetof(struct conf, n), d, 0, 1, NULL }
#define W(n, d, w)	{ #n, C_WORD, offsetof(struct conf, n), d, 0, 0, w }

static const struct ckey keys[] = {
	S(database, "/var/lib/portal/portal.db"),
	S(key_file, ""),
	S(audit_checkpoints, ""),
	L(audit_export_kb, "8192", 16, 65536),
	S(templates, "/usr/local/share/portal/templates"),
	S(sql, "/usr/local/share/portal/sql"),
	S(common_passwords, "/usr/local/share/portal/common-passwords.txt"),
	S(hospital_name, "Children's Hospital"),
	S(portal_name, "MyChildren's"),
	S(base_url, "https://portal.example.org"),
	S(timezone, "America/New_York"),
	S(support_phone, "617-919-4396"),
	S(support_email, "portal-support@example.org"),
	S(support_hours, "Monday to Friday, 8 am to 6 pm"),
	S(contact_to, ""),
	S(provider_support_hours, "Monday to Friday, 7 am to 7 pm"),
	S(logo, "/static/logo.svg"),
	S(main_phone, "(617) 355-6000"),
	S(emergency_number, "911"),
	S(mail_from, "MyChildren's <no-reply@example.org>"),
	S(sendmail, "/usr/sbin/sendmail -t -i"),
	B(cookie_secure, "yes"),
	L(session_idle, "900", 60, 86400),
	L(session_absolute, "43200", 300, 7 * 86400),
	L(scrypt_n, "131072", 1024, 1 << 22),
	L(scrypt_r, "8", 1, 64),
	L(scrypt_p, "1", 1, 64),
	L(verify_link_lifetime, "86400", 300, 30 * 86400),
	L(reset_link_lifetime, "3600", 300, 86400),
	L(token_lifetime_days, "183", 1, 3650),
	L(login_fail_account, "5", 1, 1000),
	L(login_fail_address, "100", 1, 100000),
	L(login_window, "900", 60, 86400),
	/* Names contain these: "Psychiatr" is Psychiatry and a Child
	 * Psychiatric Clinic, "Gynecolog" a Pediatric Gynecologic Clinic. */
	S(note_excluded_departments, "Adolescent Medicine, Adolescent Substance "
	    "Abuse, Child Protection, Gynecolog, Psycholog, Psychiatr, "
	    "Behavioral Health, Mental Health, Social Work"),
	S(note_excluded_encounters, "inpatient, emergency"),
	S(note_excluded_types, "discharge_summary"),
	S(lab_excluded_tests, "HIV, human immunodeficiency, chorionic gonadotropin, "
	    "choriogonadotropin, hCG, pregnancy, preg test, genetic, karyotype, "
	    "chromosome, 56888-1, 7917-8, 5221-7, 2106-3, 2118-8, 21198-7, "
	    "19080-1"),
	L(radiology_delay_days, "4", 0, 365),
	S(hospital_oids, ""),
	/* HL7's example OID: a hospital sets its own (conf/portal.conf.example). */
	S(mrn_root, "2.16.840.1.113883.19.5"),
	S(reminder_days, "60, 30, 7"),
	/* The provider portal (issue 11). */
	S(provider_support_phone, "(617) 355-3333"),
	S(provider_support_email, "provider-portal@example.org"),
	L(setup_link_lifetime, "259200", 3600, 30 * 86400),
	L(pass_code_lifetime, "900", 60, 86400),
	L(pass_code_tries, "5", 1, 20),
	B(security_questions, "yes"),
	L(provider_password_days, "365", 0, 3650),
	B(provider_mfa_required, "no"),
	B(provider_sso, "no"),
	L(provider_document_max, "10485760", 65536, 31457280),
	S(provider_fax, "(617) 730-0000"),
	L(provider_review_days, "3", 1, 30),
	/* Who sees which patient (issue 12). */
	S(provider_sensitive_departments, "Adolescent Medicine, Adolescent "
	    "Substance Abuse, Child Protection, Gynecolog"),
	L(invite_token_months, "6", 1, 24),
	L(invite_token_tries, "5", 1, 20),
	L(patient_search_max, "20", 1, 100),
	L(patient_search_hour, "120", 1, 100000),
	/* The payment processor's hosted page (issue 13.7, 14.4). */
	S(payment_url, ""),
	S(payment_name, "our payment processor"),
	S(payment_access_key, ""),
	S(payment_profile_id, ""),
	S(payment_secret, ""),
	L(payment_window_past, "900", 60, 86400),
	L(payment_window_future, "300", 0, 3600),
	S(video_url, "https://video.example.org/join/{room}?t={token}"),
	S(video_secret, ""),
	S(video_support_phone, "617-919-4390"),
	/* Visits from the scheduling system (issue 13.1, 13.9). */
	S(mrn_authority, "CH"),
	S(visit_confidential_clinics, "Adolescent Medicine, Adolescent "
	    "Substance Abuse, Child Protection, Gynecolog"),
	S(visit_reminder_days, "3, 1"),
	/* Billing statements (issue 14.3). */
	S(billing_phone, "617-355-3397"),
	S(billing_hours, "Monday to Friday, 8:30 am to 5 pm"),
	B(bill_hide_confidential, "yes"),
	/* The request lines kept (issue 16.6): info, warning or error. */
	W(log_level, "info", log_level_names),
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static int
conf_set(struct conf *c, const struct ckey *k, const char *v)
{
	char	*end, **sp;
	long	 n;

	switch (k->type) {
	case C_STR:
		sp = (char **)((char *)c + k->off);
		free(*sp);
		if ((*sp = strdup(v)) == NULL)
			return -1;
		return 0;
	case C_BOOL:
		if (strcmp(v, "yes") == 0 || strcmp(v, "1") == 0)
			n = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "0") == 0)
			n = 0;
		else
			return -1;
		break;
	case C_WORD:
		for (n = 0; k->words[n] != NULL; n++)
			if (strcmp(v, k->words[n]) == 0)
				break;
		if (k->words[n] == NULL)
			return -1;
		break;
	case C_LONG:
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || end == v || *end != '\0' || n < k->min || n > k->max)
			return -1;
		break;
	default:
		return -1;
	}
	*(long *)((char *)c + k->off) = n;
	return 0;
}

static const struct ckey *
conf_key(const char *name)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* 1 if s is an OID: numbers separated by single dots. */
static int
is_oid(const char *s)
{
	int	 digits = 0;

	for (; *s != '\0'; s++)
		if (isdigit((unsigned char)*s))
			digits++;
		else if (*s == '.' && digits > 0)
			digits = 0;
		else
			return 0;
	return digits > 0;
}

/* 1 if s is a UUID (8-4-4-4-12 hex digits), as HL7 ids' roots may be. */
static int
is_uuid(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	return i == 36;
}

int
conf_db_server(const char *database)
{
	static const char *const uri[] = { "postgresql://", "postgres://" };
	size_t	 i;

	for (i = 0; i < sizeof(uri) / sizeof(uri[0]); i++)
		if (strncmp(database, uri[i], strlen(uri[i])) == 0)
			return 1;
	return 0;
}

#define PAY_SECRET_MIN	32

int
conf_pay_secret_check(const char *s, char *err, size_t errsz)
{
	size_t		 i;

	if (s == NULL)
		s = "";
	if (strlen(s) < PAY_SECRET_MIN) {
		snprintf(err, errsz, "payment_secret is %s: the processor's "
		    "shared secret must be at least %d characters", *s == '\0' ?
		    "not set" : "too short", PAY_SECRET_MIN);
		return -1;
	}
	for (i = 1; s[i] != '\0' && s[i] == s[0]; i++)
		continue;
	if (s[i] == '\0') {
		snprintf(err, errsz, "payment_secret is one character "
		    "repeated: use the processor's generated secret key");
		return -1;
	}
	return 0;
}

int
conf_pay_check(const struct conf *c, char *err, size_t errsz)
{
	const char	*u = c->payment_url != NULL ? c->payment_url : "";

	if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0) {
		snprintf(err, errsz, "payment_url is %s (the processor's hosted "
		    "payment page, https://...)", *u == '\0' ? "not set" :
		    "not an http(s) address");
		return -1;
	}
	return conf_pay_secret_check(c->payment_secret, err, errsz);
}

int
conf_pay_online(const struct conf *c)
{
	char	 err[160];

	return c->payment_url != NULL && c->payment_url[0] != '\0' &&
	    conf_pay_check(c, err, sizeof(err)) == 0;
}

/* 1 if a connection URI's parameter of this name holds a secret. */
static int
shown_secret(const char *name, size_t len)
{
	return (len == 8 && strncmp(name, "password", 8) == 0) ||
	    (len == 11 && strncmp(name, "sslpassword", 11) == 0) ||
	    memchr(name, '%', len) != NULL;
}

void
conf_db_shown(const char *database, char *out, size_t outsz)
{
	const char	*p = database, *auth, *colon, *at, *end, *eq;
	size_t		 n = 0;

#define PUT(s, len) do {						\
		size_t l_ = (len);					\
		if (n + l_ >= outsz)					\
			l_ = outsz - 1 - n;				\
		memcpy(out + n, (s), l_);				\
		n += l_;						\
	} while (0)
	if (outsz == 0)
		return;
	if (!conf_db_server(database)) {
		PUT(database, strlen(database));
		out[n] = '\0';
		return;
	}
	/* scheme://user:password@host...: the authority ends at '/' or '?'. */
	auth = strstr(p, "://") + 3;
	end = auth + strcspn(auth, "/?");
	at = memchr(auth, '@', (size_t)(end - auth));
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon != NULL) {
		PUT(p, (size_t)(colon - p) + 1);
		PUT("***", 3);
		p = at;
	}
	/* The secrets among the parameters: password= and sslpassword=
	 * (the client key's passphrase); and any parameter whose name is
	 * percent-encoded, since libpq decodes names (pass%77ord=). */
	while (*p != '\0') {
		if (p > database && (p[-1] == '?' || p[-1] == '&') &&
		    *(eq = p + strcspn(p, "=&")) == '=' &&
		    shown_secret(p, (size_t)(eq - p))) {
			PUT(p, (size_t)(eq - p) + 1);
			PUT("***", 3);
			p = eq + 1 + strcspn(eq + 1, "&");
			continue;
		}
		PUT(p, 1);
		p++;
	}
	out[n] = '\0';
#undef PUT
}

/* An empty path setting means the database's path with its ".db" (if
 * any) replaced by ext: /var/lib/portal/portal.key beside portal.db. A
 * server's database has no place beside it: the setting is required. */
static int
beside_database(struct conf *c, char **path, const char *ext)
{
	size_t	 n = strlen(c->database);
	char	*p;

	if (**path != '\0')
		return 0;
	if (conf_db_server(c->database))
		return 1;
	if (n > 3 && strcmp(c->database + n - 3, ".db") == 0)
		n -= 3;
	if ((p = malloc(n + strlen(ext) + 1)) == NULL)
		return -1;
	memcpy(p, c->database, n);
	strcpy(p + n, ext);
	free(*path);
	*path = p;
	return 0;
}

const char *
conf_path(void)
{
	const char	*p = getenv("PORTAL_CONF");

	return (p != NULL && *p != '\0') ? p : "/etc/portal/portal.conf";
}

int
conf_load(struct conf *c, const char *path, char *err, size_t errsz)
{
	FILE			*f;
	char			 line[1024], *p, *eq, *name, *val;
	const struct ckey	*k;
	size_t			 i;
	int			 ln = 0, rc = 0, rc2 = 0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NKEYS; i++)
		if (conf_set(c, &keys[i], keys[i].def) == -1) {
			snprintf(err, errsz, "default of %s", keys[i].name);
			return -1;
		}
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		ln++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errsz, "%s:%d: line too long", path, ln);
			goto err;
		}
		p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			snprintf(err, errsz, "%s:%d: expected name = value", path, ln);
			goto err;
		}
		*eq = '\0';
		name = trim(p);
		val = trim(eq + 1);
		if ((k = conf_key(name)) == NULL) {
			snprintf(err, errsz, "%s:%d: unknown setting %s", path, ln, name);
			goto err;
		}
		if (conf_set(c, k, val) == -1) {
			snprintf(err, errsz, "%s:%d: bad value for %s", path, ln, name);
			goto err;
		}
	}
	fclose(f);
	if ((!is_oid(c->mrn_root) && !is_uuid(c->mrn_root)) ||
	    strcmp(c->mrn_root, SSN_OID) == 0) {
		snprintf(err, errsz, "%s: mrn_root must be the OID (digits and "
		    "dots) or UUID that assigns the hospital's MRNs, not the "
		    "SSN's", path);
		return -1;
	}
	if ((rc = beside_database(c, &c->key_file, ".key")) == -1 ||
	    (rc2 = beside_database(c, &c->audit_checkpoints, ".checkpoints"))
	    == -1) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (rc == 1 || rc2 == 1) {
		snprintf(err, errsz, "%s: with a PostgreSQL database, key_file "
		    "and audit_checkpoints must be set (the same key file on "
		    "every web node)", path);
		return -1;
	}
	/* scrypt's N must be a power of two. */
	if ((c->scrypt_n & (c->scrypt_n - 1)) != 0) {
		snprintf(err, errsz, "%s: scrypt_n must be a power of two", path);
		return -1;
	}
	return 0;
err:
	fclose(f);
	return -1;
}

void
conf_free(struct conf *c)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].type == C_STR) {
			free(*(char **)((char *)c + keys[i].off));
			*(char **)((char *)c + keys[i].off) = NULL;
		}
}

void
conf_apply_tz(const struct conf *c)
{
	setenv("TZ", c->timezone, 1);
	tzset();
}
