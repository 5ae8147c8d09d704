/*
 * Demo data, as a table: one row a patient with the people on file.
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "auth.h"
#include "conf.h"
#include "db.h"
#include "demo.h"
#include "http.h"
#include "secret.h"
#include "store_accounts.h"
#include "store_patients.h"
#include "store_provider.h"
#include "store_clinics.h"
#include "store_insurance.h"
#include "store_staff.h"

struct demo_person {
	const char	*kind;
	const char	*given;
	const char	*family;
	const char	*email;
};

static const struct demo_patient {
	const char		*mrn;
	const char		*given;
	const char		*family;
	int			 years;		/* age today */
	int			 days;		/* days to the next birthday */
	int			 foster;
	int			 guardianship;
	const char		*about;
	struct demo_person	 people[3];
	const char		*own_email;	/* on file: gets a self token */
} patients[] = {
	{ "DEMO1001", "Lily", "Rivera", 8, 100, 0, 0, "under 13",
	    { { "parent", "Maria", "Rivera", "maria.rivera@example.org" },
	      { "parent", "Jose", "Rivera", "jose.rivera@example.org" } }, NULL },
	{ "DEMO1002", "Ethan", "Brooks", 13, 20, 0, 0, "13: parents told of his own account",
	    { { "parent", "Karen", "Brooks", "karen.brooks@example.org" } }, NULL },
	{ "DEMO1003", "Sofia", "Chen", 15, 150, 0, 0, "15: confidential care applies",
	    { { "parent", "Wei", "Chen", "wei.chen@example.org" } },
	    "sofia.chen@example.org" },
	{ "DEMO1004", "Noah", "Patel", 17, 20, 0, 0, "17, turns 18 within a month",
	    { { "parent", "Anita", "Patel", "anita.patel@example.org" } }, NULL },
	{ "DEMO1005", "Grace", "Miller", 22, 60, 0, 1, "22, guardianship papers on file",
	    { { "legal_guardian", "Robert", "Miller", "robert.miller@example.org" } }, NULL },
	{ "DEMO1006", "Jayden", "Smith", 10, 30, 1, 0, "10, in DCF custody (foster care)",
	    { { "dcf_caseworker", "Dana", "Lopez", "dana.lopez@example.org" },
	      { "foster_parent", "Tom", "Greene", "tom.greene@example.org" } }, NULL },
};

/* The date years years and days days before now (local time). */
static const char *
date_before(struct arena *a, time_t now, int years, int days)
{
	struct tm	 tm;

	localtime_r(&now, &tm);
	tm.tm_year -= years;
	tm.tm_mday -= days;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

int
demo_load(struct portal *p, struct arena *a, time_t now, FILE *out)
{
	const struct demo_patient	*d;
	const struct demo_person	*dp;
	struct patient			 pt;
	struct relation			 r;
	const char			*tok, *visit;
	int64_t				 id, acct, maria = 0, lily = 0;
	int64_t				 rel, maria_rel = 0;
	int64_t				 staff, nurse, privacy, clinic, okafor,
					 nguyen;
	size_t				 i, j;
	static const char		 staff_pw[] = DEMO_VERIFIER_PW;
	static const char		 family_pw[] = DEMO_FAMILY_PW;
	static const char		 nurse_pw[] = DEMO_NURSE_PW;
	static const char		 doctor_pw[] = DEMO_DOCTOR_PW;
	static const char		 privacy_pw[] = DEMO_PRIVACY_PW;
	struct provider_account		 pa;
	struct coverage			 cov;

	if (db_begin(p->db) == -1)
		return -1;
	fprintf(out, "Demo patients (sign up at /signup/ with a token and the "
	    "date of birth: a person on file with the activation token, a "
	    "patient 13-17 with their self-access token and their own address, "
	    "a patient 18+ with either):\n");
	for (i = 0; i < sizeof(patients) / sizeof(patients[0]); i++) {
		d = &patients[i];
		memset(&pt, 0, sizeof(pt));
		pt.mrn = d->mrn;
		pt.given = d->given;
		pt.family = d->family;
		pt.dob = date_before(a, now, d->years + 1, -d->days);
		pt.foster = d->foster;
		pt.guardianship = d->guardianship;
		pt.email = d->own_email;
		if ((id = store_patient_create(p->db, &pt, now)) == -1)
			goto err;
		/* The well-child visit of demo_record is the sign-up visit. */
		visit = date_before(a, now, 0, 30);
		if (demo_record(p->db, a, (int)i, id, d->mrn, now) == -1)
			goto err;
		/* Insurance from the billing system (issue 14.2): a parent's
		 * employer plan, or the state's for an adult or a child in
		 * custody. */
		memset(&cov, 0, sizeof(cov));
		cov.rank = 1;
		cov.member_id = arena_printf(a, "M%s", d->mrn + 4);
		if (d->years >= 18 || d->foster) {
			cov.payer = "MassHealth";
			cov.plan = "Standard";
			cov.subscriber = arena_printf(a, "%s %s", d->given,
			    d->family);
			cov.relationship = "self";
		} else {
			cov.payer = "Harbor Health Plan";
			cov.plan = "Family PPO";
			cov.group_no = "G-20417";
			cov.subscriber = arena_printf(a, "%s %s",
			    d->people[0].given, d->people[0].family);
			cov.relationship = "parent";
		}
		if (store_coverage_import(p->db, &cov, id, now) == -1)
			goto err;
		if ((tok = secret_token_new(p->db, a, p->conf, id, "family",
		    now)) == NULL)
			goto err;
		fprintf(out, "\n  %s %s (%s), born %s, MRN %s, visit on %s\n"
		    "    activation token (parents and guardians): %s\n", d->given,
		    d->family, d->about, pt.dob, d->mrn, visit, tok);
		/* A teenager's own account needs a token of their own and the
		 * address on file (issue 7.2). */
		if (d->own_email != NULL) {
			if ((tok = secret_token_new(p->db, a, p->conf, id, "self",
			    now)) == NULL)
				goto err;
			fprintf(out, "    self-access token (%s only, with %s): %s\n",
			    d->given, d->own_email, tok);
		}
		for (j = 0; j < 3 && (dp = &d->people[j])->kind != NULL; j++) {
			memset(&r, 0, sizeof(r));
			r.patient_id = id;
			r.kind = dp->kind;
			r.given = dp->given;
			r.family = dp->family;
			r.email = dp->email;
			if ((rel = store_relation_add(p->db, &r)) == -1)
				goto err;
			/* Maria's account below holds Lily through this
			 * relation: the policy reads it at every view. */
			if (i == 0 && j == 0)
				maria_rel = rel;
			fprintf(out, "    on file: %s %s (%s)\n", dp->given, dp->family,
			    dp->kind);
		}
		if (i == 0)
			lily = id;
	}
	/* A family that has signed up already, and a staff member. */
	if ((acct = store_account_create(p->db, "maria.rivera@example.org",
	    auth_hash(a, p->conf, family_pw), "Maria", "Rivera", now)) == -1 ||
	    store_account_verify(p->db, acct, now) == -1 ||
	    store_holding_set(p->db, acct, lily, "parent", maria_rel, "active",
	    now) == -1)
		goto err;
	maria = acct;
	if ((staff = store_staff_create(p->db, "verifier", auth_hash(a, p->conf,
	    staff_pw), "Demo Verifier", NULL, now)) == -1 ||
	    store_staff_role_add(p->db, staff, "verifier") == -1 ||
	    store_staff_role_add(p->db, staff, "provisioning") == -1 ||
	    (nurse = store_staff_create(p->db, "nurse", auth_hash(a, p->conf,
	    nurse_pw), "Nora Nurse, RN", NULL, now)) == -1 ||
	    (clinic = store_clinic_ensure(p->db, "General Pediatrics")) <= 0 ||
	    store_clinic_add_staff(p->db, nurse, clinic) == -1 ||
	    /* The privacy office: the audit log (issue 16.1). */
	    (privacy = store_staff_create(p->db, "privacy", auth_hash(a,
	    p->conf, privacy_pw), "Pat Morgan", NULL, now)) == -1 ||
	    store_staff_role_add(p->db, privacy, "privacy") == -1)
		goto err;
	/* A referring pediatrician with sponsorship privileges (the provider
	 * portal, /provider/login), and an application waiting for the
	 * provisioning queue (the demo verifier holds that role too). */
	memset(&pa, 0, sizeof(pa));
	pa.kind = "provider";
	pa.status = "approved";
	pa.email = "dr.okafor@example.org";
	pa.given = "Amara";
	pa.family = "Okafor";
	pa.phone = "(617) 555-0142";
	pa.npi = "1234567893";
	pa.credential = "MD";
	pa.specialty = "Pediatrics";
	pa.sponsor_asked = pa.sponsor_granted = 1;
	pa.pw_hash = auth_hash(a, p->conf, doctor_pw);
	if ((okafor = store_provider_create(p->db, &pa, now)) == -1)
		goto err;
	/* A specialist with an account, nobody's PCP: sharing (issue 12). */
	pa.email = "dr.nguyen@example.org";
	pa.given = "Linh";
	pa.family = "Nguyen";
	pa.phone = "(617) 555-0101";
	pa.npi = "1987654328";
	pa.sponsor_asked = pa.sponsor_granted = 0;
	pa.pw_hash = auth_hash(a, p->conf, doctor_pw);
	if ((nguyen = store_provider_create(p->db, &pa, now)) == -1 ||
	    demo_directory(p->db, okafor, nguyen, lily, now, out) == -1)
		goto err;
	/* Dr Okafor's office manager, whom she sponsors (issue 11). */
	memset(&pa, 0, sizeof(pa));
	pa.kind = "sponsored";
	pa.status = "approved";
	pa.email = "priya.shah@example.org";
	pa.given = "Priya";
	pa.family = "Shah";
	pa.sponsor_id = okafor;
	pa.staff_kind = "office";
	pa.pw_hash = auth_hash(a, p->conf, DEMO_OFFICE_PW);
	if (store_provider_create(p->db, &pa, now) == -1)
		goto err;
	memset(&pa, 0, sizeof(pa));
	pa.kind = "provider";
	pa.status = "pending";
	pa.email = "dr.haddad@example.org";
	pa.given = "Samir";
	pa.family = "Haddad";
	pa.npi = "1245319599";
	pa.credential = "NP";
	pa.specialty = "Family medicine";
	if (store_provider_create(p->db, &pa, now) == -1)
		goto err;
	/* Every demo patient is in General Pediatrics' care. */
	for (i = 0; i < sizeof(patients) / sizeof(patients[0]); i++)
		if (store_patient_by_mrn(p->db, a, patients[i].mrn, &pt) != 1 ||
		    store_clinic_add_patient(p->db, pt.id, clinic) == -1)
			goto err;
	if (db_commit(p->db) == -1)
		goto err;
	fprintf(out, "\nA provider application waits in the provisioning "
	    "queue (dr.haddad@example.org, no password yet).\n");
	(void)staff;
	(void)maria;
	return 0;
err:
	db_rollback(p->db);
	fputs("demo: cannot load (is the database fresh?)\n", stderr);
	return -1;
}
