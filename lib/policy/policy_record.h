/*
 * Who sees what of a patient's record: pure functions of (who, what,
 * relationship data, now). No SQL, no clock (callers pass now and today's
 * date), no I/O but policy_print. Deny by default: anything not named by
 * a rule below is refused. SPEC F-PROXY 1-7, F-MSG 4, P-ACCESS 1,
 * P-TOKEN 3, P-SPONSOR 1. Every rule has a row in
 * tests/unit/test_policy_record.c; `portalctl policy` prints them all.
 */
#ifndef PORTAL_POLICY_RECORD_H
#define PORTAL_POLICY_RECORD_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct conf;

/* One comma-separated setting, split and trimmed; entries are compared
 * ignoring ASCII case. */
struct policy_list {
	char		*pl_buf;	/* the entries, NUL-separated */
	const char	**pl_item;	/* pointers into pl_buf */
	size_t		 pl_n;
	char		*pl_lowbuf;	/* the same, ASCII lower case (loaded once) */
	const char	**pl_low;	/* pointers into pl_lowbuf, as pl_item */
};

/* The release rules in force (F-PROXY 6 and 3), from the configuration. */
struct policy_rules {
	struct policy_list	 pr_note_departments;	/* name contains */
	struct policy_list	 pr_note_encounters;	/* visit kind is */
	struct policy_list	 pr_note_types;		/* note type is */
	struct policy_list	 pr_lab_tests;		/* code is, or name contains */
	struct policy_list	 pr_provider_departments; /* providers: name
							 * contains (sensitive) */
	struct policy_list	 pr_visit_clinics;	/* a visit whose department
							 * contains: confidential */
	long			 pr_radiology_delay_days;
	int			*pr_reminder_days;	/* descending, no repeats */
	size_t			 pr_reminder_n;
};

/*
 * Parses the release-rule settings of cf into r (once per process).
 * 0 on success; -1 with "setting: why" in err and r left empty (an empty
 * entry such as "a,,b", an unset list, a reminder that is not a whole
 * number of days 1-366, a negative delay). An empty list is allowed: it
 * excludes nothing. Free with policy_rules_free.
 */
int		 policy_rules_load(struct policy_rules *r, const struct conf *cf,
		    char *err, size_t errsz);
/* Frees what policy_rules_load allocated; r may be zeroed or NULL. */
void		 policy_rules_free(struct policy_rules *r);

/* ---- A family account's access to a patient (F-PROXY 1-5) ---- */

enum access_level {
	ACCESS_NONE,		/* nothing, not even that the patient exists */
	ACCESS_FULL,		/* everything the portal releases */
	ACCESS_PROXY_TEEN,	/* parent/guardian of a 13-17-year-old: no
				 * confidential visits or information, not
				 * the teen's own messages */
	ACCESS__MAX
};

/* Why an account has no access (ACCESS_WHY_OK when it has). */
enum access_why {
	ACCESS_WHY_OK,
	ACCESS_WHY_NOT_ACTIVE,	/* the link is pending or was rejected */
	ACCESS_WHY_ROLE,	/* not a role that holds a patient */
	ACCESS_WHY_NOT_ON_FILE,	/* guardian no longer on file for the patient */
	ACCESS_WHY_FOSTER,	/* patient in DCF custody: caseworker only */
	ACCESS_WHY_SELF_UNDER_13, /* the patient's own account before 13 */
	ACCESS_WHY_ADULT,	/* 18th birthday, no guardianship papers */
	ACCESS_WHY_RECORD,	/* the date of birth on file is unusable */
	ACCESS_WHY__MAX
};

/* How an account holds a patient (account_patients.role), as the rules
 * see it: the stored names are read once, by policy_hold_role. */
enum hold_role {
	HOLD_ROLE_OTHER,	/* any other name: holds nothing */
	HOLD_ROLE_SELF,		/* the patient's own account */
	HOLD_ROLE_PARENT,
	HOLD_ROLE_LEGAL_GUARDIAN,
	HOLD_ROLE_DCF_CASEWORKER,
	HOLD_ROLE__MAX
};

/* The state of the link (account_patients.status). */
enum hold_status {
	HOLD_OTHER,		/* any other name: not a link */
	HOLD_ACTIVE,
	HOLD_PENDING,		/* waiting for staff */
	HOLD_REJECTED,
	HOLD__MAX
};

/* The role named (exactly, case and all: "self", "parent",
 * "legal_guardian", "dcf_caseworker"); HOLD_ROLE_OTHER for anything else,
 * NULL included. */
enum hold_role	 policy_hold_role(const char *name);
/* The status named ("active", "pending", "rejected"); HOLD_OTHER for
 * anything else, NULL included. */
enum hold_status policy_hold_status(const char *name);

struct access_in {
	enum hold_role	 role;
	enum hold_status status;	/* only HOLD_ACTIVE gives access */
	const char	*dob;		/* the patient's, YYYY-MM-DD */
	int		 foster;	/* patient in DCF custody */
	int		 guardianship;	/* guardianship papers on file */
	int		 on_file;	/* guardian roles: the relation is still on
					 * file (ignored for self) */
	int		 y, m, d;	/* today, in the hospital's time zone */
};

/*
 * The access an account holding a patient has today. The 18th birthday
 * is computed from dob at each call, so access ends on the day itself
 * (a 29 February birthday falls on 1 March in common years). If why is
 * not NULL it is set to the reason (ACCESS_WHY_OK unless ACCESS_NONE).
 */
enum access_level policy_access(const struct access_in *in, enum access_why *why);
/*
 * The day an account's access ends by age, to tell them before it does
 * (issue 15.1): for a parent, legal guardian or caseworker who has access
 * today to a patient of 17 without guardianship papers on file, the 18th
 * birthday (the day access stops; 29 February falls on 1 March in common
 * years): 1 and *y, *m, *d. 0 otherwise: no access today, the patient's
 * own account, papers on file, or a patient under 17 (no notice yet).
 */
int		 policy_access_ends(const struct access_in *in, int *y, int *m,
		    int *d);
/* What to tell the account holder about a refusal (something they can
 * act on); "" for ACCESS_WHY_OK. Static text. */
const char	*policy_access_message(enum access_why why);
/* A short name of a level for logs and the audit ("none", "full",
 * "proxy_teen"). Static text. */
const char	*policy_access_name(enum access_level level);

/* ---- Releasing record items (F-PROXY 6, F-PROXY 2) ---- */

enum item_kind {
	ITEM_VISIT,
	ITEM_NOTE,
	ITEM_LAB,
	ITEM_RADIOLOGY,
	ITEM_MEDICATION,
	ITEM_ALLERGY,
	ITEM_PROBLEM,
	ITEM_IMMUNIZATION,
	ITEM_VITAL,
	ITEM_NARRATIVE,
	ITEM__MAX
};

/* One record item as the rules see it; fields a kind lacks are NULL/0. */
struct policy_item {
	enum item_kind	 kind;
	int		 confidential;	/* the item (for visits: the visit) */
	int		 encounter_confidential; /* the visit it belongs to */
	int		 outside;	/* from an outside source: shown, marked */
	const char	*department;	/* notes, visits: theirs; any other
					 * item: the note's or report's it
					 * was coded in (NULL: none) */
	const char	*note_type;	/* notes: clinic, discharge_summary, ... */
	const char	*encounter_kind; /* notes: their visit's kind
					 * (outpatient, inpatient, emergency) */
	const char	*code;		/* labs: LOINC; narratives: section LOINC */
	const char	*name;		/* labs: the test's name */
	time_t		 at;		/* notes, radiology: completed; labs:
					 * resulted; 0: not yet */
	const char	*display;	/* labs: the document's own words for
					 * the test, or NULL; a test listed
					 * under either name is withheld */
	const char	*panel;		/* labs: the panel's name, or NULL;
					 * a listed one withholds its tests */
};

/*
 * 1 if an account with this level may see the item at now, else 0.
 * Outside items are released like the hospital's own: callers show them
 * with a label when it->outside (policy_item_outside).
 */
int		 policy_item_visible(const struct policy_rules *r,
		    enum access_level level, const struct policy_item *it,
		    time_t now);
/* 1 if a released item must be shown marked as outside information. */
int		 policy_item_outside(const struct policy_item *it);

/* Who reads a message thread: policy_messages.h. */

/*
 * Reminders before the 18th birthday (F-PROXY 3, issue 15.8): the
 * reminder due today (y-m-d) for a patient born on dob, named by its
 * configured number of days: the smallest configured day not below the
 * days left, from that day up to the day before the birthday; else 0.
 * So a reminder is due on its day and every day after it until the next
 * smaller one takes over: the caller sends each (patient, account, day)
 * once (store_reminder_once), on the first run on or after its day, and
 * none on or after the birthday. *left (if not NULL) gets the days left
 * when one is due, else 0. Always 0 with guardianship papers on file
 * (access goes on) or a bad dob.
 */
int		 policy_reminder_due(const struct policy_rules *r,
		    const char *dob, int guardianship, int y, int m, int d,
		    int *left);

/* ---- Providers and their sponsored users (P-ACCESS 1, P-SPONSOR 1) ---- */

/*
 * What a grant lets a provider see (policy_share.h says who grants
 * which): SCOPE_CLINICAL, the provider release (policy_provider_item_
 * visible) without confidential care, 42 CFR Part 2 and other sensitive
 * records; SCOPE_PATIENT, the same with them, when the patient themself
 * (13 or more) shared. The order is the order of width.
 */
enum share_scope {
	SCOPE_NONE,
	SCOPE_CLINICAL,
	SCOPE_PATIENT,
	SCOPE__MAX
};

/*
 * What the caller knows about one provider-portal user and one patient.
 * For a sponsored user, the patient facts are the sponsor's: a sponsored
 * user sees exactly the patients their sponsor sees.
 */
struct provider_rel {
	int	 active;	/* the provider's account (for a sponsored user:
				 * the sponsor's) is approved, not disabled */
	int	 sponsored;	/* the viewer is a sponsored user */
	int	 sponsor_privileges; /* sponsored: the sponsor's sponsorship
				 * privileges are in force (not revoked) */
	int	 user_active;	/* sponsored: the user is not revoked */
	int	 pcp;		/* the provider is the patient's PCP on file */
	int	 practice_pcp;	/* a provider of the same practice is the PCP */
	int	 share;		/* the family shared the record with the
				 * provider (or approved their request) and
				 * has not revoked it */
	int	 token;		/* the provider validated an invitation token
				 * for this patient, grant not revoked */
	int	 share_scope;	/* enum share_scope: the widest of the
				 * shares in force (SCOPE_NONE if none) */
	int	 token_scope;	/* the same, of the validated tokens */
};

enum provider_access {
	PROVIDER_NONE,		/* "not authorized": offer the requests */
	PROVIDER_PCP,
	PROVIDER_PRACTICE,
	PROVIDER_SHARE,
	PROVIDER_TOKEN,
	PROVIDER__MAX
};

/* Whether the user sees the patient and on what grounds (the first that
 * holds, in the order of the enum); PROVIDER_NONE otherwise. */
enum provider_access policy_provider(const struct provider_rel *rel);
/* A short name for the audit: "none", "pcp", "practice", "share",
 * "token". Static text. */
const char	*policy_provider_name(enum provider_access a);
/*
 * What the user sees of the patient: SCOPE_NONE when policy_provider
 * says PROVIDER_NONE; else the widest scope among the grounds that hold
 * (a PCP, own or of the practice, sees SCOPE_CLINICAL; a share or token
 * its own scope).
 */
enum share_scope policy_provider_scope(const struct provider_rel *rel);
/* "none", "clinical", "patient" (static text); and back (SCOPE_NONE for
 * anything else, NULL included). */
const char	*policy_scope_name(enum share_scope s);
enum share_scope policy_scope_parse(const char *name);

/*
 * 1 if a provider with this scope may see the item at now (P-ACCESS 4,
 * the provider release): every kind of item once final (notes completed,
 * results resulted; radiology without the families' delay), inpatient
 * and emergency notes and discharge summaries included; outside items
 * marked as for families. Withheld unless scope is SCOPE_PATIENT:
 * confidential items and items of confidential visits, notes of the
 * departments in provider_sensitive_departments (42 CFR Part 2 and other
 * sensitive care), and tests on the lab_excluded_tests list.
 */
int		 policy_provider_item_visible(const struct policy_rules *r,
		    enum share_scope scope, const struct policy_item *it,
		    time_t now);

/* Prints every rule in force as plain text for a privacy officer. */
void		 policy_print(FILE *out, const struct policy_rules *r);
/* The provider part of policy_print. */
void		 policy_print_providers(FILE *out);
/*
 * One paragraph of `portalctl policy`: lead (e.g. "- ") at column indent,
 * then text, then end (e.g. "."), words wrapped at 78 columns and
 * continued under the text. The other policy printers use it.
 */
void		 policy_print_para(FILE *out, int indent, const char *lead,
		    const char *text, const char *end);

#endif
