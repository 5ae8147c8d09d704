/*
 * What a process loads once, at start: the configuration, the database,
 * the key (from its file), the password list and the release rules. A web
 * worker, portalctl and a test each open one; the web layer adds its
 * templates (http_main).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "keyfile.h"
#include "policy_record.h"
#include "portal.h"
#include "store_patients.h"

struct portal *
portal_open(int worker)
{
	struct portal	*p;
	char		 err[512], shown[1024];
	unsigned char	 ikm[KEYFILE_LEN];
	int		 deferred;

	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->conf = calloc(1, sizeof(*p->conf))) == NULL) {
		fputs("portal: out of memory\n", stderr);
		exit(1);
	}
	if (conf_load(p->conf, conf_path(), err, sizeof(err)) == -1) {
		fprintf(stderr, "portal: %s\n", err);
		exit(1);
	}
	conf_apply_tz(p->conf);
	if ((p->db = db_open(p->conf->database, worker ? DB_WORKER : 0, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "portal: %s\n", err);
		exit(1);
	}
	conf_db_shown(p->conf->database, shown, sizeof(shown));
	/* A worker whose database server is down at start answers 503 until
	 * it is back (db_pg.c); the schema and the chain are then read by
	 * the requests themselves. */
	deferred = worker && db_unavailable(p->db);
	if (!deferred && db_version(p->db) < 1) {
		fprintf(stderr, "portal: %s: not initialised (run portalctl init)\n",
		    shown);
		exit(1);
	}
	/* The key file, not the database, holds the key (issue 7.8); each
	 * use gets a key of its own, derived from it. */
	if (keyfile_read(p->conf->key_file, ikm, err, sizeof(err)) == -1) {
		fprintf(stderr, "portal: installation key: %s\n", err);
		exit(1);
	}
	crypto_hkdf_expand(ikm, "portal csrf v1", p->key);
	crypto_hkdf_expand(ikm, "portal mfa v1", p->mfa_key);
	audit_key_set(ikm);
	explicit_bzero(ikm, sizeof(ikm));
	/* A web worker would fail every audited page: say why at start.
	 * portalctl goes on, so that `audit verify` can report the log. */
	if (worker && !deferred && audit_started(p->db) != 1) {
		fprintf(stderr, "portal: %s: the audit log has no keyed chain "
		    "(run portalctl migrate)\n", shown);
		exit(1);
	}
	if ((p->pwlist = auth_pwlist_load(p->conf->common_passwords, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "portal: %s\n", err);
		exit(1);
	}
	if ((p->rules = calloc(1, sizeof(*p->rules))) == NULL ||
	    policy_rules_load(p->rules, p->conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "portal: release rules: %s\n", err);
		exit(1);
	}
	return p;
}

void
portal_close(struct portal *p)
{
	if (p == NULL)
		return;
	db_close(p->db);
	auth_pwlist_free(p->pwlist);
	if (p->rules != NULL) {
		policy_rules_free(p->rules);
		free(p->rules);
	}
	conf_free(p->conf);
	free(p->conf);
	explicit_bzero(p->key, sizeof(p->key));
	explicit_bzero(p->mfa_key, sizeof(p->mfa_key));
	audit_key_clear();
	free(p);
}

const char *
app_mail_child(const struct call *c, int64_t patient)
{
	struct patient	 p;

	if (patient != 0 && store_patient_by_id(c->p->db, c->a, patient, &p) == 1 &&
	    p.given != NULL && p.given[0] != '\0')
		return p.given;
	return "the patient";
}

enum app_rc
app_db_failed(const struct call *c)
{
	return db_unavailable(c->p->db) ? APP_BUSY : APP_ERROR;
}
