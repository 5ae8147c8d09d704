/*
 * Eligibility to hold a patient on a family account, as two tables of
 * rules applied in order (the first that applies decides) and printed as
 * they stand by `portalctl policy`:
 *   as the patient: 13 or older, under their own name; at 13-17 only with
 *   a self-access token (given to the patient privately by clinic staff)
 *   or through staff; at 18+ the family token only if it was issued on or
 *   after the 18th birthday (papers a parent got earlier never do), and with their own address on file, which is not a
 *   parent's; one own account per patient, a second goes to staff;
 *   as someone else: on file as parent, legal guardian or DCF caseworker,
 *   never with a self-access token; a foster parent never; for a child in
 *   DCF custody only the caseworker; for a patient 18 or older only with
 *   guardianship papers.
 * Refusals are decided before anything is written, so a token stays
 * usable after one.
 */
#include <ctype.h>
#include <string.h>

#include "civil.h"
#include "policy.h"
#include "valid.h"

int
policy_age(const char *dob, int y, int m, int d)
{
	int	 by, bm, bd, age;

	if (dob == NULL || !valid_ymd(dob, &by, &bm, &bd) || !civil_valid(by, bm, bd))
		return -1;
	/* 29 February: in a common year the birthday is 1 March. */
	if (bm == 2 && bd == 29 && !civil_leap(y)) {
		bm = 3;
		bd = 1;
	}
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age < 0 ? -1 : age;
}

/* Relation kinds and what they may do. */
static const struct {
	const char	*kind;
	const char	*role;		/* account role, NULL: never holds */
	int		 custody;	/* may hold a child in DCF custody */
	int		 rank;		/* which wins when one name matches several */
} kinds[] = {
	{ "dcf_caseworker", "dcf_caseworker", 1, 3 },
	{ "legal_guardian", "legal_guardian", 0, 2 },
	{ "parent", "parent", 0, 1 },
	{ "foster_parent", NULL, 0, 0 },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static long
kind_index(const char *kind)
{
	size_t	 i;

	for (i = 0; kind != NULL && i < NKINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return (long)i;
	return -1;
}

int
policy_own_address_needed(int age)
{
	return age >= 13 && age < 18;
}

static int
teen(const struct elig_in *in)
{
	return policy_own_address_needed(in->age);
}

static int
r_under_13(const struct elig_in *in)
{
	return in->age < 13;
}

static int
r_name(const struct elig_in *in)
{
	return !in->name_matches;
}

static int
r_family_token(const struct elig_in *in)
{
	return teen(in) && in->proof == PROOF_FAMILY_TOKEN;
}

/* Issue 7.2: a family token a parent got while the patient was a minor
 * (valid for months) never opens the adult's own account. */
static int
r_minor_token(const struct elig_in *in)
{
	return in->age >= 18 && in->proof == PROOF_FAMILY_TOKEN &&
	    in->issued_age < 18;
}

static int
r_guardian_addr(const struct elig_in *in)
{
	return teen(in) && in->email_of_guardian;
}

static int
r_no_own_addr(const struct elig_in *in)
{
	return teen(in) && in->proof != PROOF_STAFF && in->own_addr == OWN_NONE;
}

static int
r_not_own_addr(const struct elig_in *in)
{
	return teen(in) && in->proof != PROOF_STAFF && in->own_addr == OWN_OTHER;
}

static int
r_taken(const struct elig_in *in)
{
	return teen(in) && in->email_taken;
}

static int
r_second(const struct elig_in *in)
{
	return in->proof != PROOF_STAFF && in->other_self;
}

static int
r_self_token(const struct elig_in *in)
{
	return in->proof == PROOF_SELF_TOKEN;
}

static int
r_not_on_file(const struct elig_in *in)
{
	return kind_index(in->relation) < 0;
}

static int
r_foster_parent(const struct elig_in *in)
{
	long	 k = kind_index(in->relation);

	return k >= 0 && kinds[k].role == NULL;
}

static int
r_custody(const struct elig_in *in)
{
	long	 k = kind_index(in->relation);

	return k >= 0 && in->foster && !kinds[k].custody;
}

static int
r_adult(const struct elig_in *in)
{
	return in->age >= 18 && !in->guardianship;
}

struct rule {
	int		(*applies)(const struct elig_in *);
	enum elig	 out;
	const char	*when;		/* for policy_print_signup */
};

/* Applying as the patient (F-SIGNUP 1, 2, 4, 7; issue 7.2, 7.4). */
static const struct rule self_rules[] = {
	{ r_under_13, ELIG_SELF_UNDER_13, "the patient is under 13" },
	{ r_name, ELIG_SELF_NAME, "the name given is not the patient's on file" },
	{ r_family_token, ELIG_SELF_FAMILY_TOKEN, "13-17, proved with the "
	    "family token (the one on the visit papers)" },
	{ r_guardian_addr, ELIG_TEEN_EMAIL, "13-17, the address is a parent's "
	    "or guardian's on file" },
	{ r_no_own_addr, ELIG_TEEN_NO_ADDRESS, "13-17, proved with a "
	    "self-access token, and the patient has no address of their own "
	    "on file" },
	{ r_not_own_addr, ELIG_TEEN_NOT_OWN, "13-17, proved with a self-access "
	    "token, and the address is not the patient's own on file" },
	{ r_taken, ELIG_TEEN_TAKEN, "13-17, the address is already on another "
	    "account" },
	{ r_minor_token, ELIG_SELF_MINOR_TOKEN, "18 or older, proved with a "
	    "family token issued before the 18th birthday (or at an unknown "
	    "time)" },
	{ r_second, ELIG_SELF_SECOND, "proved with a token, and another account "
	    "already holds the patient as themselves (or asked to)" },
};

/* Applying as a parent, legal guardian or caseworker (F-PROXY 3-5). */
static const struct rule guardian_rules[] = {
	{ r_self_token, ELIG_GUARDIAN_SELF_TOKEN, "proved with a self-access "
	    "token" },
	{ r_not_on_file, ELIG_NOT_ON_FILE, "not on file for the patient as "
	    "parent, legal guardian or DCF caseworker" },
	{ r_foster_parent, ELIG_FOSTER_PARENT, "on file as foster parent" },
	{ r_custody, ELIG_FOSTER_CUSTODY, "the patient is in DCF custody and "
	    "the applicant is not the caseworker" },
	{ r_adult, ELIG_ADULT, "the patient is 18 or older and no guardianship "
	    "papers are on file" },
};

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

enum elig
policy_signup(const struct elig_in *in)
{
	const struct rule	*r;
	size_t			 i, n;

	/* An age that cannot be computed decides nothing: deny. */
	if (in->age < 0)
		return ELIG_RECORD;
	r = in->as_self ? self_rules : guardian_rules;
	n = in->as_self ? NELEM(self_rules) : NELEM(guardian_rules);
	for (i = 0; i < n; i++)
		if (r[i].applies(in))
			return r[i].out;
	return ELIG_OK;
}

const char *
policy_self_token(int age, int has_own_addr)
{
	if (age < 0)
		return "The date of birth on file is unusable: correct it first.";
	if (age < 13)
		return "Patients have their own account from 13: give the "
		    "family token to a parent or guardian instead.";
	if (policy_own_address_needed(age) && !has_own_addr)
		return "A self-access token of a patient aged 13 to 17 works only "
		    "with the patient's own e-mail address on file: give it with "
		    "--email (ask the patient, not a parent).";
	return NULL;
}

/* Prints text in lines of at most 78 columns: the first indented by
 * indent, the others by indent + hang. */
static void
wrap(FILE *out, int indent, int hang, const char *text)
{
	const char	*w;
	int		 col, len;

	col = fprintf(out, "%*s", indent, "");
	while (*text != '\0') {
		for (w = text; *w == ' '; w++)
			;
		len = (int)strcspn(w, " ");
		if (len == 0)
			break;
		if (col > indent + hang && col + 1 + len > 78)
			col = fprintf(out, "\n%*s", indent + hang, "") - 1;
		else if (w != text || col > indent)
			col += fprintf(out, " ");
		col += fprintf(out, "%.*s", len, w);
		text = w + len;
	}
	fputc('\n', out);
}

static void
print_rules(FILE *out, const char *title, const struct rule *r, size_t n)
{
	char	 line[512];
	size_t	 i;

	snprintf(line, sizeof(line), "%s, the first rule that applies "
	    "decides:", title);
	wrap(out, 2, 2, line);
	wrap(out, 4, 3, "1. the date of birth on file is unusable: refused");
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%zu. %s: %s", i + 2, r[i].when,
		    r[i].out == ELIG_SELF_SECOND ? "to the staff queue (staff "
		    "check with the patient)" : "refused");
		wrap(out, 4, 3, line);
	}
	wrap(out, 4, 3, "otherwise: linked at once (by token) or when staff "
	    "approve (MRN and visit date)");
}

void
policy_print_signup(FILE *out)
{
	fprintf(out, "SIGN-UP: WHO MAY HOLD A PATIENT (F-SIGNUP 1, 2, 4, 7)\n");
	wrap(out, 2, 0, "Tokens: the family token, printed on the visit papers, "
	    "opens a parent's or guardian's account, and the own account of a "
	    "patient 18 or older only if it was issued on or after the 18th "
	    "birthday. A self-access token (portalctl token issue "
	    "--self), given to the patient privately by clinic staff, opens only "
	    "the patient's own account; it is issued from 13, and at 13-17 only "
	    "with the patient's own e-mail address on file. MRN and visit date "
	    "go to the staff queue, where staff check the person and, at 13-17, "
	    "that the address is the patient's own.");
	print_rules(out, "As the patient", self_rules, NELEM(self_rules));
	print_rules(out, "As parent, legal guardian or DCF caseworker",
	    guardian_rules, NELEM(guardian_rules));
	wrap(out, 2, 0, "A refusal changes nothing: the token stays usable. "
	    "Notices: the patient's own address on file is e-mailed when an own "
	    "account is linked or asked for, and the old and the new address "
	    "when the address on file changes; the parents and guardians on "
	    "file when a 13- or 14-year-old's own account is linked.");
	fputc('\n', out);
}

static const char *const messages[ELIG__MAX] = {
	[ELIG_OK] = "",
	[ELIG_SELF_UNDER_13] = "Patients can have their own account from age 13. "
	    "A parent or legal guardian on file can sign up for the patient instead.",
	[ELIG_SELF_NAME] = "The name you gave does not match the patient's name in "
	    "our records. Enter your name as it appears on your visit papers.",
	[ELIG_TEEN_EMAIL] = "Patients aged 13 to 17 need an e-mail address of their "
	    "own. This address belongs to a parent or guardian on file: use another one.",
	[ELIG_NOT_ON_FILE] = "We could not find you as a parent or legal guardian on "
	    "file for this patient. Check that your name is typed as the hospital has "
	    "it, or call support to have your details added to the patient's record.",
	[ELIG_FOSTER_PARENT] = "Access to a foster child's record is given only to the "
	    "Department of Children & Families caseworker, the child's legal guardian. "
	    "Please contact the caseworker.",
	[ELIG_FOSTER_CUSTODY] = "This patient is in the custody of the Department of "
	    "Children & Families: only the DCF caseworker, the legal guardian, can have "
	    "access. Please contact the caseworker.",
	[ELIG_RECORD] = "We could not check the patient's details in our records. "
	    "Please call support.",
	[ELIG_SELF_FAMILY_TOKEN] = "This token is for parents and guardians. "
	    "Patients aged 13 to 17 sign up with a self-access token of their own: "
	    "ask the clinic staff for one (they give it to you privately), or sign "
	    "up with your MRN and the date of a visit (our staff check it).",
	[ELIG_SELF_MINOR_TOKEN] = "This token is for parents and guardians: it "
	    "was issued before the patient's 18th birthday, so it cannot open the "
	    "patient's own account. Ask the clinic staff for a self-access token, "
	    "or sign up with your MRN and the date of a visit (our staff check it).",
	[ELIG_TEEN_NO_ADDRESS] = "We have no e-mail address of your own on file. "
	    "Ask the clinic staff to add your own address, then sign up again with "
	    "the same token.",
	[ELIG_TEEN_NOT_OWN] = "Use the e-mail address of your own that the clinic "
	    "has on file for you (the one you gave the clinic staff with your "
	    "token). To change it, ask the clinic staff.",
	[ELIG_TEEN_TAKEN] = "Patients aged 13 to 17 need an e-mail address of their "
	    "own that is not already on an account. If you have an account with "
	    "it, sign in and use \"Forgot your password?\" if needed.",
	[ELIG_GUARDIAN_SELF_TOKEN] = "This token is for the patient's own account "
	    "and cannot be used by a parent or guardian. Use the token on the visit "
	    "papers, or the MRN and the date of a visit.",
	[ELIG_SELF_SECOND] = "This patient already has an account of their own. "
	    "Our staff will check your request with the patient: allow up to one "
	    "business day. We will e-mail you when it is done.",
	[ELIG_ADULT] = "This patient is 18 or older and manages their own account. A "
	    "guardian of an adult patient needs guardianship papers on file: send them "
	    "to the hospital, then sign up again.",
};

const char *
policy_signup_message(enum elig e)
{
	return e < ELIG__MAX ? messages[e] : "";
}

const char *
policy_role(const char *relation_kind)
{
	long	 k = kind_index(relation_kind);

	return k < 0 ? NULL : kinds[k].role;
}

int
policy_notify_guardians(int age)
{
	return age == 13 || age == 14;
}

int
policy_same_name(const char *a, const char *b)
{
	/* Compare letters and digits only, ignoring case: "Mary-Ann  O'Neil"
	 * matches "mary ann oneil". */
	for (;;) {
		while (*a != '\0' && !isalnum((unsigned char)*a) && !((unsigned char)*a & 0x80))
			a++;
		while (*b != '\0' && !isalnum((unsigned char)*b) && !((unsigned char)*b & 0x80))
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

long
policy_match_relation(const struct person_on_file *r, size_t n, const char *given,
    const char *family)
{
	long	 best = -1, k;
	size_t	 i;
	int	 rank = -1;

	for (i = 0; i < n; i++) {
		if (!policy_same_name(r[i].given, given) ||
		    !policy_same_name(r[i].family, family))
			continue;
		k = kind_index(r[i].kind);
		if (k >= 0 && kinds[k].rank > rank) {
			rank = kinds[k].rank;
			best = (long)i;
		}
	}
	return best;
}
