/*
 * lib/policy/policy_share and the provider half of policy_record (issue
 * 12: F-SHARE 1-3, P-ACCESS 1 and 4): who may share and with what scope,
 * which grants an account holder sees, the scope a provider's grounds
 * give, and what a provider sees of each kind of item in each scope.
 * Every row of every table, and every way a ground ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "policy_record.h"
#include "policy_share.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define NOW		1790000000L
#define DAY		86400L

static const struct {
	enum hold_role		 role;
	enum access_level	 level;
	enum share_scope	 want;
} scopes[] = {
	{ HOLD_ROLE_SELF, ACCESS_FULL, SCOPE_PATIENT },	/* adult; teen's own */
	{ HOLD_ROLE_PARENT, ACCESS_FULL, SCOPE_CLINICAL },	/* under 13 */
	{ HOLD_ROLE_LEGAL_GUARDIAN, ACCESS_FULL, SCOPE_CLINICAL },
	{ HOLD_ROLE_DCF_CASEWORKER, ACCESS_FULL, SCOPE_CLINICAL },
	{ HOLD_ROLE_PARENT, ACCESS_PROXY_TEEN, SCOPE_CLINICAL },	/* 13-17 */
	{ HOLD_ROLE_LEGAL_GUARDIAN, ACCESS_PROXY_TEEN, SCOPE_CLINICAL },
	{ HOLD_ROLE_DCF_CASEWORKER, ACCESS_PROXY_TEEN, SCOPE_CLINICAL },
	/* Without access today (18th birthday, pending, foster parent...). */
	{ HOLD_ROLE_SELF, ACCESS_NONE, SCOPE_NONE },
	{ HOLD_ROLE_PARENT, ACCESS_NONE, SCOPE_NONE },
	{ HOLD_ROLE_LEGAL_GUARDIAN, ACCESS_NONE, SCOPE_NONE },
	{ HOLD_ROLE_DCF_CASEWORKER, ACCESS_NONE, SCOPE_NONE },
	/* Roles and levels the tables do not name share nothing. */
	{ HOLD_ROLE_OTHER, ACCESS_FULL, SCOPE_NONE },
	{ HOLD_ROLE_OTHER, ACCESS_PROXY_TEEN, SCOPE_NONE },
	{ HOLD_ROLE_SELF, ACCESS_PROXY_TEEN, SCOPE_NONE },
	{ HOLD_ROLE_PARENT, ACCESS__MAX, SCOPE_NONE },
	{ HOLD_ROLE__MAX, ACCESS_FULL, SCOPE_NONE },
};

static const struct {
	enum access_level	 level;
	enum share_scope	 grant;
	int			 want;
} sees[] = {
	{ ACCESS_FULL, SCOPE_PATIENT, 1 },
	{ ACCESS_FULL, SCOPE_CLINICAL, 1 },
	{ ACCESS_PROXY_TEEN, SCOPE_CLINICAL, 1 },
	{ ACCESS_PROXY_TEEN, SCOPE_PATIENT, 0 },	/* the teen's own */
	{ ACCESS_NONE, SCOPE_CLINICAL, 0 },
	{ ACCESS_NONE, SCOPE_PATIENT, 0 },
	{ ACCESS_FULL, SCOPE_NONE, 0 },
	{ ACCESS_PROXY_TEEN, SCOPE_NONE, 0 },
	{ ACCESS_FULL, SCOPE__MAX, 0 },
	{ ACCESS__MAX, SCOPE_CLINICAL, 0 },
};

/* Whether a grant still counts: what its giver may share today, and the
 * grant's scope. */
static const struct {
	enum share_scope	 giver, grant;
	int			 want;
} counts[] = {
	{ SCOPE_PATIENT, SCOPE_PATIENT, 1 },
	{ SCOPE_PATIENT, SCOPE_CLINICAL, 1 },
	{ SCOPE_CLINICAL, SCOPE_CLINICAL, 1 },
	{ SCOPE_CLINICAL, SCOPE_PATIENT, 0 },	/* never wider than the giver */
	{ SCOPE_NONE, SCOPE_CLINICAL, 0 },	/* 18, custody, off file */
	{ SCOPE_NONE, SCOPE_PATIENT, 0 },
	{ SCOPE_PATIENT, SCOPE_NONE, 0 },
	{ SCOPE__MAX, SCOPE_CLINICAL, 0 },
	{ SCOPE_PATIENT, SCOPE__MAX, 0 },
};

/* active, sponsored, sponsor_privileges, user_active, pcp, practice_pcp,
 * share, token, share_scope, token_scope */
#define C	SCOPE_CLINICAL
#define P	SCOPE_PATIENT
static const struct {
	struct provider_rel	 rel;
	enum share_scope	 want;
} grounds[] = {
	{ { 1, 0, 0, 0, 1, 0, 0, 0, 0, 0 }, C },	/* PCP */
	{ { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0 }, C },	/* the practice's PCP */
	{ { 1, 0, 0, 0, 0, 0, 1, 0, C, 0 }, C },	/* a parent's share */
	{ { 1, 0, 0, 0, 0, 0, 1, 0, P, 0 }, P },	/* the patient's share */
	{ { 1, 0, 0, 0, 0, 0, 0, 1, 0, C }, C },
	{ { 1, 0, 0, 0, 0, 0, 0, 1, 0, P }, P },
	/* The widest of the grounds that hold. */
	{ { 1, 0, 0, 0, 1, 0, 1, 0, P, 0 }, P },
	{ { 1, 0, 0, 0, 1, 0, 0, 1, 0, P }, P },
	{ { 1, 0, 0, 0, 0, 0, 1, 1, C, P }, P },
	{ { 1, 0, 0, 0, 0, 0, 1, 1, P, C }, P },
	/* A scope without its ground does not count. */
	{ { 1, 0, 0, 0, 1, 0, 0, 0, P, P }, C },
	{ { 1, 0, 0, 0, 0, 0, 0, 0, P, P }, SCOPE_NONE },
	/* A stored scope the rules do not know: the narrower view. */
	{ { 1, 0, 0, 0, 0, 0, 1, 0, 7, 0 }, C },
	{ { 1, 0, 0, 0, 0, 0, 1, 0, -1, 0 }, C },
	/* Every way access ends: a revoked share or PCP change (flags 0),
	 * the account disabled, the sponsor or user revoked. */
	{ { 0, 0, 0, 0, 1, 1, 1, 1, P, P }, SCOPE_NONE },
	{ { 1, 1, 0, 1, 1, 1, 1, 1, P, P }, SCOPE_NONE },
	{ { 1, 1, 1, 0, 1, 1, 1, 1, P, P }, SCOPE_NONE },
	/* A sponsored user: the sponsor's scope. */
	{ { 1, 1, 1, 1, 0, 0, 1, 0, P, 0 }, P },
	{ { 1, 1, 1, 1, 1, 0, 0, 0, 0, 0 }, C },
};

/* What a provider sees of one item: kind, confidential, encounter
 * confidential, department, note type, visit kind, code, name, at; in
 * the clinical and in the patient scope. */
#define DONE	(NOW - DAY)
static const struct {
	struct policy_item	 it;
	int			 clinical, patient;
} items[] = {
	{ { ITEM_VISIT, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL }, 1, 1 },
	{ { ITEM_VISIT, 1, 1, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL }, 0, 1 },
	/* Notes a family never sees, a provider does. */
	{ { ITEM_NOTE, 0, 0, 0, "Cardiology", "clinic", "outpatient", NULL,
	    NULL, DONE, NULL, NULL }, 1, 1 },
	{ { ITEM_NOTE, 0, 0, 0, "General Pediatrics", "discharge_summary",
	    "inpatient", NULL, NULL, DONE, NULL, NULL }, 1, 1 },
	{ { ITEM_NOTE, 0, 0, 0, "Emergency Medicine", "ed_note", "emergency",
	    NULL, NULL, DONE, NULL, NULL }, 1, 1 },
	{ { ITEM_NOTE, 0, 0, 0, "Psychiatry", "clinic", "outpatient", NULL,
	    NULL, DONE, NULL, NULL }, 1, 1 },
	{ { ITEM_NOTE, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, DONE, NULL, NULL }, 1, 1 },
	/* Not final: never. */
	{ { ITEM_NOTE, 0, 0, 0, "Cardiology", "clinic", "outpatient", NULL,
	    NULL, 0, NULL, NULL }, 0, 0 },
	{ { ITEM_NOTE, 0, 0, 0, "Cardiology", "clinic", "outpatient", NULL,
	    NULL, NOW + 60, NULL, NULL }, 0, 0 },
	/* Confidential care, sensitive departments (42 CFR Part 2). */
	{ { ITEM_NOTE, 1, 0, 0, "Cardiology", "clinic", "outpatient", NULL,
	    NULL, DONE, NULL, NULL }, 0, 1 },
	{ { ITEM_NOTE, 0, 1, 0, "Cardiology", "clinic", "outpatient", NULL,
	    NULL, DONE, NULL, NULL }, 0, 1 },
	{ { ITEM_NOTE, 0, 0, 0, "Adolescent Substance Abuse Program", "clinic",
	    "outpatient", NULL, NULL, DONE, NULL, NULL }, 0, 1 },
	{ { ITEM_NOTE, 0, 0, 0, "ADOLESCENT MEDICINE", "clinic", "outpatient",
	    NULL, NULL, DONE, NULL, NULL }, 0, 1 },
	{ { ITEM_NOTE, 0, 0, 0, "Child Protection Team", "consult", "inpatient",
	    NULL, NULL, DONE, NULL, NULL }, 0, 1 },
	{ { ITEM_NOTE, 0, 0, 0, "Pediatric Gynecology", "clinic", "outpatient",
	    NULL, NULL, DONE, NULL, NULL }, 0, 1 },
	/* A visit to a sensitive department says as much as its note: a
	 * visit to a substance-use program is itself a Part 2 record. */
	{ { ITEM_VISIT, 0, 0, 0, "Adolescent Substance Abuse Program", NULL,
	    "outpatient", NULL, NULL, 0, NULL, NULL }, 0, 1 },
	{ { ITEM_VISIT, 0, 0, 0, "Pediatric Gynecology", NULL, "outpatient",
	    NULL, NULL, 0, NULL, NULL }, 0, 1 },
	{ { ITEM_VISIT, 0, 0, 0, "Cardiology", NULL, "inpatient", NULL, NULL,
	    0, NULL, NULL }, 1, 1 },
	{ { ITEM_VISIT, 1, 0, 0, "Cardiology", NULL, "outpatient", NULL, NULL,
	    0, NULL, NULL }, 0, 1 },
	/* Labs: resulted; the excluded list only in the patient scope. */
	{ { ITEM_LAB, 0, 0, 0, NULL, NULL, NULL, "718-7", "Hemoglobin", DONE, NULL, NULL },
	    1, 1 },
	{ { ITEM_LAB, 0, 0, 0, NULL, NULL, NULL, "718-7", "Hemoglobin", 0, NULL, NULL },
	    0, 0 },
	{ { ITEM_LAB, 0, 0, 0, NULL, NULL, NULL, "7917-8", "HIV 1 Ab", DONE, NULL, NULL },
	    0, 1 },
	{ { ITEM_LAB, 0, 0, 0, NULL, NULL, NULL, "2106-3", "Choriogonadotropin",
	    DONE, NULL, NULL }, 0, 1 },
	{ { ITEM_LAB, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, DONE, NULL, NULL }, 0, 1 },
	{ { ITEM_LAB, 1, 0, 0, NULL, NULL, NULL, "718-7", "Hemoglobin", DONE, NULL, NULL },
	    0, 1 },
	/* Radiology at once (no families' delay), once completed. */
	{ { ITEM_RADIOLOGY, 0, 0, 0, NULL, NULL, NULL, NULL, "Chest X-ray",
	    NOW - 60, NULL, NULL }, 1, 1 },
	{ { ITEM_RADIOLOGY, 0, 0, 0, NULL, NULL, NULL, NULL, "Chest X-ray", 0, NULL, NULL },
	    0, 0 },
	{ { ITEM_MEDICATION, 0, 0, 0, NULL, NULL, NULL, NULL, "Amoxicillin", 0, NULL, NULL },
	    1, 1 },
	{ { ITEM_MEDICATION, 1, 0, 0, NULL, NULL, NULL, NULL, "Naltrexone", 0, NULL, NULL },
	    0, 1 },
	{ { ITEM_ALLERGY, 0, 0, 0, NULL, NULL, NULL, NULL, "Peanut", 0, NULL, NULL }, 1, 1 },
	{ { ITEM_PROBLEM, 0, 0, 0, NULL, NULL, NULL, NULL, "Asthma", 0, NULL, NULL }, 1, 1 },
	{ { ITEM_IMMUNIZATION, 0, 0, 0, NULL, NULL, NULL, NULL, "MMR", 0, NULL, NULL }, 1, 1 },
	{ { ITEM_VITAL, 0, 0, 0, NULL, NULL, NULL, NULL, "Weight", 0, NULL, NULL }, 1, 1 },
	/* Narrative: only sections that repeat coded data, unless the
	 * patient shared. */
	{ { ITEM_NARRATIVE, 0, 0, 0, NULL, NULL, NULL, "48765-2", NULL, 0, NULL, NULL },
	    1, 1 },
	{ { ITEM_NARRATIVE, 0, 0, 0, NULL, NULL, NULL, "8648-8", NULL, 0, NULL, NULL },
	    0, 1 },
	/* What a note or report of a sensitive department coded says what
	 * the note would (review, session 16); a panel's name, what its
	 * tests are for. */
	{ { ITEM_PROBLEM, 0, 0, 0, "Adolescent Substance Abuse Program", NULL,
	    NULL, NULL, "Opioid use disorder", 0, NULL, NULL }, 0, 1 },
	{ { ITEM_MEDICATION, 0, 0, 0, "Pediatric Gynecologic Clinic", NULL,
	    NULL, NULL, "Norethindrone", 0, NULL, NULL }, 0, 1 },
	{ { ITEM_RADIOLOGY, 0, 0, 0, "Child Protection Team", NULL, NULL, NULL,
	    "Skeletal survey", NOW - 60, NULL, NULL }, 0, 1 },
	{ { ITEM_PROBLEM, 0, 0, 0, "Cardiology", NULL, NULL, NULL,
	    "Murmur", 0, NULL, NULL }, 1, 1 },
	{ { ITEM_LAB, 0, 0, 0, NULL, NULL, NULL, "24467-3", "CD4 count", DONE,
	    NULL, "HIV monitoring panel" }, 0, 1 },
	{ { ITEM_LAB, 0, 0, 0, NULL, NULL, NULL, "718-7", "Hemoglobin", DONE,
	    NULL, "CBC panel" }, 1, 1 },
	/* A visit in a confidential clinic, as read. */
	{ { ITEM_VISIT, 0, 0, 0, "Child Protection Clinic", NULL, NULL, NULL,
	    "Visit", 0, NULL, NULL }, 0, 1 },
	{ { ITEM__MAX, 0, 0, 0, NULL, NULL, NULL, NULL, "x", 0, NULL, NULL }, 0, 0 },
};

int
main(void)
{
	struct conf		 cf;
	struct policy_rules	 r;
	char			 err[256], what[128];
	size_t			 i;

	T_INT(conf_load(&cf, "/dev/null", err, sizeof(err)), 0, "conf_load");
	T_INT(policy_rules_load(&r, &cf, err, sizeof(err)), 0, "rules_load");
	T_INT(r.pr_provider_departments.pl_n, 4, "shipped sensitive departments");

	for (i = 0; i < NELEM(scopes); i++) {
		snprintf(what, sizeof(what), "policy_share_scope row %zu", i);
		T_INT(policy_share_scope(scopes[i].role, scopes[i].level),
		    scopes[i].want, what);
	}
	for (i = 0; i < NELEM(sees); i++) {
		snprintf(what, sizeof(what), "policy_share_sees row %zu", i);
		T_INT(policy_share_sees(sees[i].level, sees[i].grant),
		    sees[i].want, what);
	}
	for (i = 0; i < NELEM(counts); i++) {
		snprintf(what, sizeof(what), "policy_grant_counts row %zu", i);
		T_INT(policy_grant_counts(counts[i].giver, counts[i].grant),
		    counts[i].want, what);
	}
	for (i = 0; i < NELEM(grounds); i++) {
		snprintf(what, sizeof(what), "policy_provider_scope row %zu", i);
		T_INT(policy_provider_scope(&grounds[i].rel), grounds[i].want,
		    what);
	}
	T_INT(policy_provider_scope(NULL), SCOPE_NONE, "scope of NULL");
	for (i = 0; i < NELEM(items); i++) {
		snprintf(what, sizeof(what), "provider item row %zu clinical", i);
		T_INT(policy_provider_item_visible(&r, SCOPE_CLINICAL,
		    &items[i].it, NOW), items[i].clinical, what);
		snprintf(what, sizeof(what), "provider item row %zu patient", i);
		T_INT(policy_provider_item_visible(&r, SCOPE_PATIENT,
		    &items[i].it, NOW), items[i].patient, what);
		snprintf(what, sizeof(what), "provider item row %zu none", i);
		T_INT(policy_provider_item_visible(&r, SCOPE_NONE,
		    &items[i].it, NOW), 0, what);
	}
	T_INT(policy_provider_item_visible(NULL, SCOPE_PATIENT, &items[0].it,
	    NOW), 0, "no rules");
	T_INT(policy_provider_item_visible(&r, SCOPE_PATIENT, NULL, NOW), 0,
	    "no item");
	T_STR(policy_scope_name(SCOPE_CLINICAL), "clinical", "name clinical");
	T_STR(policy_scope_name(SCOPE_PATIENT), "patient", "name patient");
	T_STR(policy_scope_name(SCOPE__MAX), "none", "name __MAX");
	T_INT(policy_scope_parse("patient"), SCOPE_PATIENT, "parse patient");
	T_INT(policy_scope_parse("clinical"), SCOPE_CLINICAL, "parse clinical");
	T_INT(policy_scope_parse("Patient"), SCOPE_NONE, "parse Patient");
	T_INT(policy_scope_parse(NULL), SCOPE_NONE, "parse NULL");
	policy_rules_free(&r);
	conf_free(&cf);
	return t_done("test_policy_share");
}
