/*
 * Who in the family portal sees what of a patient's record. The rules:
 *   access (F-PROXY 1-5): only an active link; the patient themself from
 *   13; a parent, legal guardian or DCF caseworker still on file: all of
 *   the release under 13, less confidential visits, confidential
 *   information and the teen's messages from 13 to 17, nothing from the
 *   18th birthday (the day itself) unless guardianship papers are on file;
 *   for a child in DCF custody only the caseworker; a foster parent never.
 *   release (F-PROXY 6): visits, medications, allergies, problems,
 *   immunizations and vitals at once; clinic notes once completed, never
 *   confidential ones or those of confidential visits, of visits of an
 *   excluded kind (inpatient, emergency), of excluded types (discharge
 *   summaries), or from excluded departments; labs once resulted unless
 *   the test is on the excluded list; radiology the configured number of
 *   days after completion; narrative text only of sections that repeat
 *   released coded data; outside items like the hospital's own, marked.
 *   messages (F-MSG 4, F-PROXY 2): policy_messages.c; printed here.
 *   reminders (F-PROXY 3): the configured days before the 18th birthday.
 * Anything not named here is refused.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "policy.h"
#include "civil.h"
#include "policy_provider.h"
#include "policy_record.h"
#include "policy_seen.h"
#include "policy_share.h"
#include "policy_bill.h"
#include "policy_insurance.h"
#include "policy_visit.h"
#include "valid.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define DAY		86400L

/* ---- Configuration lists ---- */

/*
 * Matching: the entries are lowered once, when the rules are loaded
 * (list_lower); a row's text is lowered once per list (fold), and then
 * compared with strcmp and strstr. ASCII case only, as tolower in the C
 * locale the programs run in.
 */
#define LOW(c)	((c) >= 'A' && (c) <= 'Z' ? (c) - 'A' + 'a' : (c))

/* s lowered into buf (of size bufsz), or NULL if it does not fit. */
static const char *
fold(const char *s, char *buf, size_t bufsz)
{
	size_t	 i;

	for (i = 0; i < bufsz; i++)
		if ((buf[i] = LOW(s[i])) == '\0')
			return buf;
	return NULL;
}

/* 1 if a equals b, ASCII case ignored (b already lowered). */
static int
ci_equal(const char *a, const char *b)
{
	for (; *a != '\0' && LOW(*a) == *b; a++, b++)
		;
	return *a == '\0' && *b == '\0';
}

/* 1 if needle (not empty, lowered) occurs in hay, ASCII case ignored. */
static int
ci_contains(const char *hay, const char *needle)
{
	size_t	 i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; needle[i] != '\0' && LOW(hay[i]) == needle[i]; i++)
			;
		if (needle[i] == '\0')
			return 1;
	}
	return 0;
}

/* Texts longer than this are compared a character at a time. */
#define FOLD_MAX	256

/* 1 if s is one of the list's entries (within 0) or contains one
 * (within 1), letter case aside. */
static int
list_match(const struct policy_list *l, const char *s, int within)
{
	char		 buf[FOLD_MAX];
	const char	*low, *e;
	size_t		 i;

	if (s == NULL || l->pl_n == 0)
		return 0;
	low = fold(s, buf, sizeof(buf));
	for (i = 0; i < l->pl_n; i++) {
		e = l->pl_low[i];
		if (low == NULL ? (within ? ci_contains(s, e) : ci_equal(s, e)) :
		    (within ? strstr(low, e) != NULL : strcmp(low, e) == 0))
			return 1;
	}
	return 0;
}

static int
list_is(const struct policy_list *l, const char *s)
{
	return list_match(l, s, 0);
}

static int
list_within(const struct policy_list *l, const char *s)
{
	return list_match(l, s, 1);
}

/* The lowered copy of the entries: 0 or -1. */
static int
list_lower(struct policy_list *l, size_t len)
{
	size_t	 i;

	if ((l->pl_lowbuf = malloc(len + 1)) == NULL ||
	    (l->pl_low = calloc(l->pl_n + 1, sizeof(*l->pl_low))) == NULL)
		return -1;
	for (i = 0; i <= len; i++)
		l->pl_lowbuf[i] = LOW(l->pl_buf[i]);
	for (i = 0; i < l->pl_n; i++)
		l->pl_low[i] = l->pl_lowbuf + (l->pl_item[i] - l->pl_buf);
	return 0;
}

static void
list_free(struct policy_list *l)
{
	free(l->pl_buf);
	free(l->pl_item);
	free(l->pl_lowbuf);
	free(l->pl_low);
	memset(l, 0, sizeof(*l));
}

/* Splits s at commas and trims each entry. An empty s is an empty list;
 * an empty entry in a list is an error (a typo, caught at start). */
static int
list_parse(struct policy_list *l, const char *name, const char *s, char *err,
    size_t errsz)
{
	char	*p, *start, *end;
	size_t	 max = 1;

	memset(l, 0, sizeof(*l));
	if (s == NULL) {
		snprintf(err, errsz, "%s: not set", name);
		return -1;
	}
	for (p = (char *)s; *p != '\0'; p++)
		if (*p == ',')
			max++;
	if ((l->pl_buf = strdup(s)) == NULL ||
	    (l->pl_item = calloc(max, sizeof(*l->pl_item))) == NULL) {
		snprintf(err, errsz, "%s: out of memory", name);
		goto err;
	}
	for (p = l->pl_buf; *p != '\0' && isspace((unsigned char)*p); p++)
		;
	if (*p == '\0')
		return 0;
	for (p = l->pl_buf;;) {
		start = p;
		while (*p != '\0' && *p != ',')
			p++;
		end = p;
		while (start < end && isspace((unsigned char)*start))
			start++;
		while (end > start && isspace((unsigned char)end[-1]))
			end--;
		if (start == end) {
			snprintf(err, errsz, "%s: an empty entry in \"%s\"", name, s);
			goto err;
		}
		l->pl_item[l->pl_n++] = start;
		if (*p == '\0') {
			*end = '\0';
			break;
		}
		*end = '\0';
		p++;
	}
	if (list_lower(l, strlen(s)) == -1) {
		snprintf(err, errsz, "%s: out of memory", name);
		goto err;
	}
	return 0;
err:
	list_free(l);
	return -1;
}

static int
cmp_desc(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x < y) - (x > y);
}

/* The reminder days: whole numbers 1-366, kept descending, once each. */
static int
reminders_parse(struct policy_rules *r, const char *s, char *err, size_t errsz)
{
	struct policy_list	 l;
	char			*end;
	long			 v;
	size_t			 i, n = 0;

	if (list_parse(&l, "reminder_days", s, err, errsz) == -1)
		return -1;
	if (l.pl_n > 0 &&
	    (r->pr_reminder_days = calloc(l.pl_n, sizeof(int))) == NULL) {
		snprintf(err, errsz, "reminder_days: out of memory");
		goto err;
	}
	for (i = 0; i < l.pl_n; i++) {
		errno = 0;
		v = strtol(l.pl_item[i], &end, 10);
		if (errno != 0 || *end != '\0' || !isdigit((unsigned char)l.pl_item[i][0]) ||
		    v < 1 || v > 366) {
			snprintf(err, errsz, "reminder_days: \"%s\" is not a number "
			    "of days from 1 to 366", l.pl_item[i]);
			goto err;
		}
		r->pr_reminder_days[n++] = (int)v;
	}
	if (n > 0)
		qsort(r->pr_reminder_days, n, sizeof(int), cmp_desc);
	for (i = 0, r->pr_reminder_n = 0; i < n; i++)
		if (r->pr_reminder_n == 0 ||
		    r->pr_reminder_days[r->pr_reminder_n - 1] != r->pr_reminder_days[i])
			r->pr_reminder_days[r->pr_reminder_n++] = r->pr_reminder_days[i];
	list_free(&l);
	return 0;
err:
	list_free(&l);
	return -1;
}

int
policy_rules_load(struct policy_rules *r, const struct conf *cf, char *err,
    size_t errsz)
{
	memset(r, 0, sizeof(*r));
	if (list_parse(&r->pr_note_departments, "note_excluded_departments",
	    cf->note_excluded_departments, err, errsz) == -1 ||
	    list_parse(&r->pr_note_encounters, "note_excluded_encounters",
	    cf->note_excluded_encounters, err, errsz) == -1 ||
	    list_parse(&r->pr_note_types, "note_excluded_types",
	    cf->note_excluded_types, err, errsz) == -1 ||
	    list_parse(&r->pr_lab_tests, "lab_excluded_tests",
	    cf->lab_excluded_tests, err, errsz) == -1 ||
	    list_parse(&r->pr_provider_departments,
	    "provider_sensitive_departments",
	    cf->provider_sensitive_departments, err, errsz) == -1 ||
	    list_parse(&r->pr_visit_clinics, "visit_confidential_clinics",
	    cf->visit_confidential_clinics, err, errsz) == -1 ||
	    reminders_parse(r, cf->reminder_days, err, errsz) == -1)
		goto err;
	if (cf->radiology_delay_days < 0 || cf->radiology_delay_days > 365) {
		snprintf(err, errsz, "radiology_delay_days: %ld is not from 0 to 365",
		    cf->radiology_delay_days);
		goto err;
	}
	r->pr_radiology_delay_days = cf->radiology_delay_days;
	return 0;
err:
	policy_rules_free(r);
	return -1;
}

void
policy_rules_free(struct policy_rules *r)
{
	if (r == NULL)
		return;
	list_free(&r->pr_note_departments);
	list_free(&r->pr_note_encounters);
	list_free(&r->pr_note_types);
	list_free(&r->pr_lab_tests);
	list_free(&r->pr_provider_departments);
	list_free(&r->pr_visit_clinics);
	free(r->pr_reminder_days);
	memset(r, 0, sizeof(*r));
}

/* ---- Access (F-PROXY 1-5) ---- */

/* Confidential care: the item's mark, its visit's, or (read now, so that
 * visits imported before and a list changed since count too) a visit in a
 * clinic of visit_confidential_clinics. */
static int
confidential_care(const struct policy_rules *r, const struct policy_item *it)
{
	return it->confidential || it->encounter_confidential ||
	    (it->kind == ITEM_VISIT &&
	    list_within(&r->pr_visit_clinics, it->department));
}

/* Roles an account may hold a patient in (account_patients.role). */
static const struct {
	const char	*name;		/* as stored */
	int		 guardian;	/* parent-like: the age rules apply */
	int		 custody;	/* may hold a child in DCF custody */
} roles[HOLD_ROLE__MAX] = {
	[HOLD_ROLE_OTHER] = { NULL, 0, 0 },
	[HOLD_ROLE_SELF] = { "self", 0, 1 },
	[HOLD_ROLE_PARENT] = { "parent", 1, 0 },
	[HOLD_ROLE_LEGAL_GUARDIAN] = { "legal_guardian", 1, 0 },
	[HOLD_ROLE_DCF_CASEWORKER] = { "dcf_caseworker", 1, 1 },
};

static const char *const statuses[HOLD__MAX] = {
	[HOLD_ACTIVE] = "active",
	[HOLD_PENDING] = "pending",
	[HOLD_REJECTED] = "rejected",
};

enum hold_role
policy_hold_role(const char *name)
{
	size_t	 i;

	for (i = HOLD_ROLE_OTHER + 1; name != NULL && i < HOLD_ROLE__MAX; i++)
		if (strcmp(roles[i].name, name) == 0)
			return (enum hold_role)i;
	return HOLD_ROLE_OTHER;
}

enum hold_status
policy_hold_status(const char *name)
{
	size_t	 i;

	for (i = HOLD_OTHER + 1; name != NULL && i < HOLD__MAX; i++)
		if (strcmp(statuses[i], name) == 0)
			return (enum hold_status)i;
	return HOLD_OTHER;
}

enum band { BAND_CHILD, BAND_TEEN, BAND_ADULT };

/* The access of each holder by the patient's age; papers: guardianship
 * papers on file (-1: either). The first matching row decides. */
static const struct {
	int			 guardian;
	enum band		 band;
	int			 papers;
	enum access_level	 level;
	enum access_why		 why;
	const char		*who, *age, *what;
} grid[] = {
	{ 1, BAND_CHILD, -1, ACCESS_FULL, ACCESS_WHY_OK,
	    "parent, legal guardian, DCF caseworker", "0-12",
	    "everything released" },
	{ 1, BAND_TEEN, -1, ACCESS_PROXY_TEEN, ACCESS_WHY_OK,
	    "parent, legal guardian, DCF caseworker", "13-17",
	    "everything released except confidential visits, anything marked "
	    "confidential or from a confidential visit, and the teen's messages" },
	{ 1, BAND_ADULT, 0, ACCESS_NONE, ACCESS_WHY_ADULT,
	    "parent, legal guardian, DCF caseworker", "18+",
	    "nothing, from the 18th birthday itself" },
	{ 1, BAND_ADULT, 1, ACCESS_FULL, ACCESS_WHY_OK,
	    "  ... with guardianship papers on file", "18+",
	    "everything released" },
	{ 0, BAND_CHILD, -1, ACCESS_NONE, ACCESS_WHY_SELF_UNDER_13,
	    "the patient (own account)", "0-12", "nothing" },
	{ 0, BAND_TEEN, -1, ACCESS_FULL, ACCESS_WHY_OK,
	    "the patient (own account)", "13-17",
	    "everything released, but not the parents' messages" },
	{ 0, BAND_ADULT, -1, ACCESS_FULL, ACCESS_WHY_OK,
	    "the patient (own account)", "18+", "everything released" },
};

enum access_level
policy_access(const struct access_in *in, enum access_why *why)
{
	enum access_why	 w = ACCESS_WHY_OK;
	enum access_level lv = ACCESS_NONE;
	enum band	 band;
	unsigned	 k;
	size_t		 i;
	int		 age;

	if (in == NULL || in->status != HOLD_ACTIVE)
		w = ACCESS_WHY_NOT_ACTIVE;
	else if ((k = (unsigned)in->role) == HOLD_ROLE_OTHER || k >= HOLD_ROLE__MAX)
		w = ACCESS_WHY_ROLE;
	else if (roles[k].guardian && !in->on_file)
		w = ACCESS_WHY_NOT_ON_FILE;
	else if (in->foster && !roles[k].custody)
		w = ACCESS_WHY_FOSTER;
	else if ((age = policy_age(in->dob, in->y, in->m, in->d)) < 0)
		w = ACCESS_WHY_RECORD;
	else {
		band = age < 13 ? BAND_CHILD : age < 18 ? BAND_TEEN : BAND_ADULT;
		w = ACCESS_WHY_RECORD;	/* no row: deny */
		for (i = 0; i < NELEM(grid); i++) {
			if (grid[i].guardian != roles[k].guardian ||
			    grid[i].band != band || (grid[i].papers != -1 &&
			    grid[i].papers != (in->guardianship != 0)))
				continue;
			lv = grid[i].level;
			w = grid[i].why;
			break;
		}
	}
	if (w != ACCESS_WHY_OK)
		lv = ACCESS_NONE;
	if (why != NULL)
		*why = w;
	return lv;
}

int
policy_access_ends(const struct access_in *in, int *y, int *m, int *d)
{
	unsigned	 k;
	int		 by, bm, bd;

	if (in == NULL || policy_access(in, NULL) == ACCESS_NONE ||
	    (k = (unsigned)in->role) >= HOLD_ROLE__MAX || !roles[k].guardian ||
	    in->guardianship || policy_age(in->dob, in->y, in->m, in->d) != 17 ||
	    !valid_ymd(in->dob, &by, &bm, &bd))
		return 0;
	by += 18;
	if (bm == 2 && bd == 29 && !civil_leap(by)) {
		bm = 3;
		bd = 1;
	}
	*y = by;
	*m = bm;
	*d = bd;
	return 1;
}

static const char *const access_messages[ACCESS_WHY__MAX] = {
	[ACCESS_WHY_OK] = "",
	[ACCESS_WHY_NOT_ACTIVE] = "Your access to this patient is not active: "
	    "the hospital has not confirmed it yet (allow up to one business "
	    "day), or it was not approved. Call support if you have questions.",
	[ACCESS_WHY_ROLE] = "Your account does not hold this patient as the "
	    "patient, a parent, a legal guardian or the DCF caseworker. Call "
	    "support to have your relationship checked.",
	[ACCESS_WHY_NOT_ON_FILE] = "You are no longer on file as a parent or "
	    "legal guardian of this patient, so your access has ended. If this "
	    "is a mistake, call support to have your details added back to the "
	    "patient's record.",
	[ACCESS_WHY_FOSTER] = "This patient is in the custody of the Department "
	    "of Children & Families: only the DCF caseworker, the legal guardian, "
	    "has access. Please contact the caseworker.",
	[ACCESS_WHY_SELF_UNDER_13] = "Patients can use their own account from "
	    "age 13. Until then a parent or legal guardian on file has access.",
	[ACCESS_WHY_ADULT] = "Your access ended on the patient's 18th birthday: "
	    "an adult patient manages their own record, and can sign up for "
	    "their own account. A guardian of an adult patient needs "
	    "guardianship papers on file: send them to the hospital.",
	[ACCESS_WHY_RECORD] = "We could not check the patient's details in our "
	    "records. Please call support.",
};

const char *
policy_access_message(enum access_why why)
{
	return (unsigned)why < ACCESS_WHY__MAX ? access_messages[why] :
	    access_messages[ACCESS_WHY_RECORD];
}

static const char *const level_names[ACCESS__MAX] = {
	[ACCESS_NONE] = "none",
	[ACCESS_FULL] = "full",
	[ACCESS_PROXY_TEEN] = "proxy_teen",
};

const char *
policy_access_name(enum access_level level)
{
	return (unsigned)level < ACCESS__MAX ? level_names[level] : "none";
}

/* ---- Release (F-PROXY 6) ---- */

enum when {
	WHEN_NOW,	/* as soon as it is in the record */
	WHEN_DONE,	/* once at is set and not in the future */
	WHEN_DELAYED,	/* radiology_delay_days after at */
};

#define RULE_NOTE	0x01	/* the note exclusions */
#define RULE_LAB	0x02	/* the lab exclusions */
#define RULE_SECTION	0x04	/* narrative: only the sections below */

static const struct {
	const char	*name;
	enum when	 when;
	unsigned	 rules;
} kinds[ITEM__MAX] = {
	[ITEM_VISIT] = { "visits", WHEN_NOW, 0 },
	[ITEM_NOTE] = { "clinic notes", WHEN_DONE, RULE_NOTE },
	[ITEM_LAB] = { "lab results", WHEN_DONE, RULE_LAB },
	[ITEM_RADIOLOGY] = { "radiology reports", WHEN_DELAYED, 0 },
	[ITEM_MEDICATION] = { "medications", WHEN_NOW, 0 },
	[ITEM_ALLERGY] = { "allergies", WHEN_NOW, 0 },
	[ITEM_PROBLEM] = { "problems", WHEN_NOW, 0 },
	[ITEM_IMMUNIZATION] = { "immunizations", WHEN_NOW, 0 },
	[ITEM_VITAL] = { "vital signs", WHEN_NOW, 0 },
	[ITEM_NARRATIVE] = { "narrative text", WHEN_NOW, RULE_SECTION },
};

/*
 * Document sections whose narrative may be shown: those that only repeat
 * what is released anyway. Other narrative (hospital course, assessment,
 * results, plan of care) may carry what the note and lab rules hold back.
 */
static const struct {
	const char	*loinc;
	const char	*name;
} sections[] = {
	{ "48765-2", "allergies" },
	{ "10160-0", "medications" },
	{ "10183-2", "discharge medications" },
	{ "11450-4", "problems" },
	{ "11369-6", "immunizations" },
	{ "8716-3", "vital signs" },
};

static int
section_released(const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < NELEM(sections); i++)
		if (strcmp(sections[i].loinc, code) == 0)
			return 1;
	return 0;
}

static int
note_released(const struct policy_rules *r, const struct policy_item *it)
{
	/* Deny by default: a note whose visit kind or type is unknown may be
	 * an inpatient note or a discharge summary. */
	if (it->confidential || it->encounter_confidential ||
	    it->encounter_kind == NULL || it->encounter_kind[0] == '\0' ||
	    strcmp(it->encounter_kind, "unknown") == 0 ||
	    it->note_type == NULL || it->note_type[0] == '\0')
		return 0;
	return !list_is(&r->pr_note_encounters, it->encounter_kind) &&
	    !list_is(&r->pr_note_types, it->note_type) &&
	    !list_within(&r->pr_note_departments, it->department);
}

/* 1 if a lab result is on the list of tests not released: by its code,
 * either of its names or its panel's ("HIV monitoring panel" says what
 * its CD4 count is for), or if it has no name to check. */
static int
lab_listed(const struct policy_rules *r, const struct policy_item *it)
{
	return it->name == NULL || it->name[0] == '\0' ||
	    list_is(&r->pr_lab_tests, it->code) ||
	    list_within(&r->pr_lab_tests, it->name) ||
	    list_within(&r->pr_lab_tests, it->display) ||
	    list_within(&r->pr_lab_tests, it->panel);
}

/* 1 if an item other than a visit or a note was coded in a note or report
 * of a department whose notes are never shown: a diagnosis or a drug from
 * a psychiatry note tells what the note would. */
static int
from_excluded_department(const struct policy_rules *r,
    const struct policy_item *it)
{
	return it->kind != ITEM_VISIT && it->kind != ITEM_NOTE &&
	    list_within(&r->pr_note_departments, it->department);
}

int
policy_item_visible(const struct policy_rules *r, enum access_level level,
    const struct policy_item *it, time_t now)
{
	if (r == NULL || it == NULL || (unsigned)it->kind >= ITEM__MAX)
		return 0;
	if (level != ACCESS_FULL && level != ACCESS_PROXY_TEEN)
		return 0;
	if (level == ACCESS_PROXY_TEEN && confidential_care(r, it))
		return 0;
	switch (kinds[it->kind].when) {
	case WHEN_NOW:
		break;
	case WHEN_DONE:
		if (it->at <= 0 || it->at > now)
			return 0;
		break;
	case WHEN_DELAYED:
		if (it->at <= 0 || it->at > now ||
		    now - it->at < (time_t)r->pr_radiology_delay_days * DAY)
			return 0;
		break;
	default:
		return 0;
	}
	if ((kinds[it->kind].rules & RULE_NOTE) && !note_released(r, it))
		return 0;
	if ((kinds[it->kind].rules & RULE_LAB) && lab_listed(r, it))
		return 0;
	if (from_excluded_department(r, it))
		return 0;
	if ((kinds[it->kind].rules & RULE_SECTION) && !section_released(it->code))
		return 0;
	return 1;
}

/*
 * The provider release (P-ACCESS 4): what a clinician needs, so more than
 * a family sees (inpatient and emergency notes, discharge summaries,
 * results at once), less the records a patient's own word must open.
 */
static int
provider_sensitive(const struct policy_rules *r, const struct policy_item *it)
{
	if (confidential_care(r, it))
		return 1;
	/* A visit to such a department is as telling as its note, and so is
	 * what was coded in the note or an imaging report of it. */
	if (list_within(&r->pr_provider_departments, it->department))
		return 1;
	if (it->kind == ITEM_LAB && lab_listed(r, it))
		return 1;
	/* Free narrative (hospital course, plan) may carry any of that. */
	if ((kinds[it->kind].rules & RULE_SECTION) && !section_released(it->code))
		return 1;
	return 0;
}

int
policy_provider_item_visible(const struct policy_rules *r,
    enum share_scope scope, const struct policy_item *it, time_t now)
{
	if (r == NULL || it == NULL || (unsigned)it->kind >= ITEM__MAX)
		return 0;
	if (scope != SCOPE_CLINICAL && scope != SCOPE_PATIENT)
		return 0;
	/* Final items only: a note being written, a test not resulted. */
	if (kinds[it->kind].when != WHEN_NOW && (it->at <= 0 || it->at > now))
		return 0;
	if (scope != SCOPE_PATIENT && provider_sensitive(r, it))
		return 0;
	return 1;
}

int
policy_item_outside(const struct policy_item *it)
{
	return it != NULL && it->outside != 0;
}

/* ---- Reminders before the 18th birthday (F-PROXY 3) ---- */

int
policy_reminder_due(const struct policy_rules *r, const char *dob,
    int guardianship, int y, int m, int d, int *left_out)
{
	long	 left;
	size_t	 i;
	int	 age, by, bm, bd, slot = 0;

	if (left_out != NULL)
		*left_out = 0;
	if (r == NULL || guardianship || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	if ((age = policy_age(dob, y, m, d)) < 0 || age >= 18 ||
	    !valid_ymd(dob, &by, &bm, &bd))
		return 0;
	by += 18;
	if (bm == 2 && bd == 29 && !civil_leap(by)) {
		bm = 3;
		bd = 1;
	}
	left = civil_days(by, bm, bd) - civil_days(y, m, d);
	/* Descending days: the last one not below left is the one due. A
	 * missed cron day moves it to the next run; a later, smaller day
	 * takes over from it (issue 15.8). */
	for (i = 0; i < r->pr_reminder_n; i++)
		if (left >= 1 && left <= r->pr_reminder_days[i])
			slot = r->pr_reminder_days[i];
	if (slot != 0 && left_out != NULL)
		*left_out = (int)left;
	return slot;
}

/* ---- The rules in force, for people ---- */

#define WIDTH	78

/* A paragraph printed a word at a time, wrapped at WIDTH with indent. */
struct para {
	FILE	*out;
	int	 col;
	int	 indent;
};

/* col: where the cursor is; if before indent, the indent is printed. */
static void
para_start(struct para *p, FILE *out, int col, int indent)
{
	if (col < indent) {
		fprintf(out, "%*s", indent - col, "");
		col = indent;
	}
	p->out = out;
	p->col = col;
	p->indent = indent;
}

/* Emits one word: q quotes it, sep follows it (",", or ""). */
static void
para_word(struct para *p, const char *w, size_t len, int q, const char *sep)
{
	size_t	 n = len + (q ? 2 : 0) + strlen(sep);

	if (p->col > p->indent && p->col + 1 + (int)n > WIDTH) {
		fprintf(p->out, "\n%*s", p->indent, "");
		p->col = p->indent;
	} else if (p->col > p->indent) {
		fputc(' ', p->out);
		p->col++;
	}
	fprintf(p->out, "%s%.*s%s%s", q ? "\"" : "", (int)len, w, q ? "\"" : "",
	    sep);
	p->col += (int)n;
}

static void
para_text(struct para *p, const char *s)
{
	size_t	 n;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		n = strcspn(s, " ");
		para_word(p, s, n, 0, "");
		s += n;
	}
}

static void
para_list(struct para *p, const struct policy_list *l)
{
	size_t	 i;

	if (l->pl_n == 0)
		para_text(p, "(none)");
	for (i = 0; i < l->pl_n; i++)
		para_word(p, l->pl_item[i], strlen(l->pl_item[i]), 1,
		    i + 1 < l->pl_n ? "," : "");
}

static void
para_end(struct para *p)
{
	fputc('\n', p->out);
}

void
policy_print_para(FILE *out, int indent, const char *lead, const char *text,
    const char *end)
{
	struct para	 p;
	char		 buf[1024];
	int		 col = indent + (int)strlen(lead);

	/* The end sticks to the last word (a longer text is cut: none is). */
	snprintf(buf, sizeof(buf), "%s%s", text, end);
	fprintf(out, "%*s%s", indent, "", lead);
	para_start(&p, out, col, col);
	para_text(&p, buf);
	para_end(&p);
}

/* One row of a two-column table: the name, then wrapped text. */
static void
row(FILE *out, int namew, const char *name, const char *text)
{
	struct para	 p;

	fprintf(out, "  %-*s ", namew, name);
	para_start(&p, out, namew + 3, namew + 3);
	para_text(&p, text);
	para_end(&p);
}

static void
row_list(FILE *out, int namew, const char *text, const struct policy_list *l)
{
	struct para	 p;

	fprintf(out, "  %-*s ", namew, "");
	para_start(&p, out, namew + 3, namew + 3);
	para_text(&p, text);
	para_list(&p, l);
	para_end(&p);
}

/* The holders who see nothing whatever the age (printed after the grid). */
static const struct {
	const char	*who, *what;
} never[] = {
	{ "foster parent", "nothing: never holds a patient" },
	{ "parent or guardian of a foster child", "nothing: caseworker only" },
	{ "guardian no longer on file", "nothing, at once" },
	{ "link pending or rejected", "nothing" },
};

void
policy_print(FILE *out, const struct policy_rules *r)
{
	struct para	 p;
	char		 buf[128];
	size_t		 i, j;

	fprintf(out, "FAMILY PORTAL: WHO SEES A PATIENT (F-PROXY 1-5)\n");
	fprintf(out, "  %-40s %-5s %s\n", "The account holds the patient as",
	    "Age", "and sees");
	for (i = 0; i < NELEM(grid); i++) {
		fprintf(out, "  %-40s %-5s ", grid[i].who, grid[i].age);
		para_start(&p, out, 49, 49);
		para_text(&p, grid[i].what);
		para_end(&p);
	}
	for (i = 0; i < NELEM(never); i++) {
		fprintf(out, "  %-40s %-5s ", never[i].who, "any");
		para_start(&p, out, 49, 49);
		para_text(&p, never[i].what);
		para_end(&p);
	}
	para_start(&p, out, 0, 2);
	para_text(&p, "Ages are computed from the date of birth at each "
	    "request, in the hospital's time zone; a 29 February birthday falls "
	    "on 1 March in common years.");
	para_end(&p);
	fputc('\n', out);

	fprintf(out, "WHAT IS RELEASED (F-PROXY 6), to those with access above\n");
	for (i = 0; i < ITEM__MAX; i++) {
		switch (kinds[i].when) {
		case WHEN_NOW:
			row(out, 18, kinds[i].name, "as soon as they are in the "
			    "record");
			break;
		case WHEN_DONE:
			row(out, 18, kinds[i].name, i == ITEM_LAB ? "as soon as "
			    "resulted (outpatient, inpatient and emergency)" :
			    "as soon as the provider completes them");
			break;
		case WHEN_DELAYED:
			snprintf(buf, sizeof(buf), "%ld days (%ld hours) after they "
			    "are completed", r->pr_radiology_delay_days,
			    r->pr_radiology_delay_days * 24);
			row(out, 18, kinds[i].name, buf);
			break;
		}
		if (kinds[i].rules & RULE_NOTE) {
			row(out, 18, "", "never: confidential notes, notes of "
			    "confidential visits, notes whose visit kind or note "
			    "type is unknown;");
			row_list(out, 18, "never of visits of kind:",
			    &r->pr_note_encounters);
			row_list(out, 18, "never of note type:", &r->pr_note_types);
			row_list(out, 18, "never from a department whose name "
			    "contains:", &r->pr_note_departments);
		}
		if (kinds[i].rules & RULE_LAB)
			row_list(out, 18, "never tests whose LOINC code is, or whose "
			    "name or panel's name contains:", &r->pr_lab_tests);
		if (kinds[i].rules & RULE_SECTION) {
			fprintf(out, "  %-18s ", "");
			para_start(&p, out, 21, 21);
			para_text(&p, "only of the document sections:");
			for (j = 0; j < NELEM(sections); j++) {
				snprintf(buf, sizeof(buf), "%s (%s)%s", sections[j].name,
				    sections[j].loinc, j + 1 < NELEM(sections) ?
				    "," : "");
				para_text(&p, buf);
			}
			para_end(&p);
		}
	}
	row(out, 18, "coded in a note", "results, medications, allergies, "
	    "problems, immunizations, vital signs and radiology reports coded in "
	    "a note or report of a department whose notes are never shown: "
	    "never");
	row(out, 18, "outside sources", "released like the hospital's own, "
	    "marked \"from an outside source\"");
	row(out, 18, "confidential", "never to a parent or guardian of a "
	    "13-17-year-old: confidential visits, anything marked confidential, "
	    "anything of a confidential visit");
	row_list(out, 18, "and visits in a clinic whose name contains:",
	    &r->pr_visit_clinics);
	fprintf(out, "  Lists are compared without regard to case.\n\n");

	fprintf(out, "MESSAGES (F-MSG 4, F-PROXY 2)\n");
	para_start(&p, out, 0, 2);
	para_text(&p, "A thread is seen by the account that started it (or "
	    "that the care team wrote to) while it has access to the patient, "
	    "and by the staff on the care team of the thread's clinic, by no "
	    "one else: the parent of a 13-17-year-old never sees the teen's "
	    "threads, nor the teen the parent's. A family account writes only "
	    "about a patient it has access to, and only to one of the "
	    "patient's clinics.");
	para_end(&p);
	fputc('\n', out);

	fprintf(out, "REMINDERS BEFORE THE 18TH BIRTHDAY (F-PROXY 3)\n");
	if (r->pr_reminder_n == 0)
		snprintf(buf, sizeof(buf), "none configured");
	else
		buf[0] = '\0';
	for (i = 0; i < r->pr_reminder_n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%d",
		    i ? ", " : "", r->pr_reminder_days[i]);
	para_start(&p, out, 0, 2);
	para_text(&p, "To the parents and guardians:");
	para_text(&p, buf);
	para_text(&p, r->pr_reminder_n ? "days before, each once, on the first "
	    "run of `portalctl cron` on or after its day (a later, smaller day "
	    "takes over from a missed one); none from the birthday on, none "
	    "when guardianship papers are on file." : "");
	para_end(&p);
	fputc('\n', out);

	policy_print_providers(out);
	fputc('\n', out);
	fprintf(out, "WHAT A PROVIDER SEES (P-ACCESS 4), read-only\n");
	row(out, 18, "clinical scope", "every section once final (notes "
	    "completed, results resulted, radiology at once), inpatient and "
	    "emergency notes and discharge summaries included, outside items "
	    "marked; never: confidential items and anything of a confidential "
	    "visit, lab tests on the list above, narrative text other than "
	    "the sections above;");
	row_list(out, 18, "never visits or notes of a department whose name "
	    "contains, nor what was coded in such a note or report:",
	    &r->pr_provider_departments);
	row(out, 18, "patient scope", "the same, with all that the clinical "
	    "scope withholds: only when the patient themself shared");
	fputc('\n', out);
	policy_print_sharing(out);
	policy_print_visits(out);
	policy_print_billing(out);
	policy_print_insurance(out);
	policy_print_seen(out);
	policy_print_provider_standing(out);
}
