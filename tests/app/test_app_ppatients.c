/*
 * A provider's patients as operations (lib/app/ppatients.h, issue 12
 * items 3-5, 7), on SQLite and PostgreSQL: the search (MRN, a name
 * prefix with the date of birth, '%' and '_' as letters, the minimum,
 * the cap, the throttle), token validation in each of its states, and
 * the saved list once a grant is revoked, a patient found by one's own
 * search asked about within the hour. The directory entry and the
 * tokens are written here as the family's side writes them.
 */
#include <inttypes.h>

#include "app_test.h"
#include "auth.h"
#include "conf.h"
#include "db.h"
#include "ppatients.h"
#include "store_access.h"
#include "store_accounts.h"
#include "store_patients.h"
#include "store_provider.h"
#include "store_tokenuse.h"

#define NOW	((time_t)1764590400)	/* 2025-12-01 12:00 UTC */

/* Tests only: the rows the directory import and the family's side make.
 * SQL stays in lib/store for the portal itself. */
enum { Q_ENTRY, Q_LINK, Q_TOKEN, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_ENTRY] = { "entry",
	    "INSERT INTO providers (given, family, family_key) "
	    "VALUES ('Dana', 'Doctor', 'doctor') RETURNING id" },
	[Q_LINK] = { "link",
	    "UPDATE provider_accounts SET provider_id = ? WHERE id = ?" },
	[Q_TOKEN] = { "token",
	    "INSERT INTO share_tokens (selector, verifier_hash, patient_id, "
	    "scope, by_account, invitee, created, expires, revoked) "
	    "VALUES (?, ?, ?, 'clinical', ?, 'Dr X', ?, ?, "
	    "NULLIF(CAST(? AS BIGINT), 0)) RETURNING id" },
};
static const struct db_sqltab t_sql = DB_SQLTAB("test_ppatients", q);

static struct portal	*P;
static int64_t		 family;	/* the account that shares */
static int		 seq;

static int64_t
new_patient(const char *given, const char *fam, const char *dob, char *mrn)
{
	struct patient	 n;

	memset(&n, 0, sizeof(n));
	sprintf(mrn, "PP%05d", ++seq);
	n.mrn = mrn;
	n.given = given;
	n.family = fam;
	n.dob = dob;
	n.sex = "F";
	return store_patient_create(P->db, &n, NOW);
}

/* A provider account with a directory entry: the account's id. */
static int64_t
new_provider(int64_t *entry)
{
	struct provider_account	 n;
	char			 email[64];
	int64_t			 id;

	snprintf(email, sizeof(email), "dr%d@clinic.example.org", ++seq);
	memset(&n, 0, sizeof(n));
	n.kind = "provider";
	n.email = email;
	n.given = "Dana";
	n.family = "Doctor";
	n.status = "approved";
	n.pw_hash = "x";
	id = store_provider_create(P->db, &n, NOW);
	*entry = db_insert(P->db, &q[Q_ENTRY], "");
	T_OK(id > 0 && *entry > 0 && db_exec(P->db, &q[Q_LINK], "ii", *entry,
	    id) == 0, "provider %" PRId64 " with entry", id);
	return id;
}

/* The family account holds patient as a parent on file: the tokens it
 * issues stand while it may share. */
static void
hold(int64_t patient)
{
	struct relation	 r;
	int64_t		 rel;

	memset(&r, 0, sizeof(r));
	r.patient_id = patient;
	r.kind = "parent";
	r.given = "Fay";
	r.family = "Family";
	rel = store_relation_add(P->db, &r);
	T_OK(rel > 0, "relation added");
	T_INT(store_holding_set(P->db, family, patient, "parent", rel, "active",
	    NOW - 86400), 0, "holding set");
}

/* A token on patient; its 16 symbols in out. */
static void
new_token(int64_t patient, time_t expires, int revoked, char out[17])
{
	struct arena	*a = arena_new();
	char		 sel[7];

	snprintf(out, 17, "%06dABCDEFGHJK", ++seq);
	memcpy(sel, out, 6);
	sel[6] = '\0';
	T_OK(db_insert(P->db, &q[Q_TOKEN], "ttiiiii", sel,
	    auth_hash(a, P->conf, out + 6), patient, family, (int64_t)NOW,
	    (int64_t)expires, (int64_t)(revoked ? NOW : 0)) > 0, "token");
	arena_free(a);
}

static enum app_rc
search(int64_t who, const char *mrn, const char *fam, const char *given,
    const char *dob, struct pp_search_out *out, struct arena **a)
{
	struct call		 c = t_call(P, ACTOR_PROVIDER, who, NOW);
	struct pp_search_in	 in = { mrn, fam, given, dob };
	enum app_rc		 rc;

	rc = app_pp_search(&c, &in, out);
	*a = c.a;
	return rc;
}

static void
test_search(void)
{
	static const struct {
		const char	*fam, *given;
		enum app_rc	 rc;
		size_t		 n;
		int		 more;
		const char	*what;
	} cases[] = {
		{ "Qu", NULL, APP_OK, 2, 0, "2 letters" },
		{ "qUILL", "r", APP_OK, 1, 0, "a given-name prefix" },
		{ "Quillon", NULL, APP_OK, 1, 0, "the whole name" },
		{ "Q", NULL, APP_INVALID, 0, 0, "one letter" },
		{ "%%", NULL, APP_OK, 0, 0, "'%' is a letter" },
		{ "Q_", NULL, APP_OK, 0, 0, "'_' is a letter" },
		{ "Br", NULL, APP_OK, 0, 1, "over the cap: refine" },
		{ "Brack", "B", APP_OK, 1, 0, "under it" },
	};
	struct pp_search_out	 out;
	struct arena		*a;
	int64_t			 entry, me = new_provider(&entry);
	char			 mrn[16];
	size_t			 i;
	int			 k;

	new_patient("Robin", "Quillon", "2016-03-04", mrn);
	new_patient("Sam", "Quist", "2016-03-04", mrn);
	new_patient("Robin", "Quillon", "2016-03-05", mrn);
	for (k = 0; k < 4; k++)
		new_patient(k == 1 ? "Ben" : "Ann", "Brackett", "2016-03-04", mrn);
	P->conf->patient_search_max = 3;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		T_INT(search(me, NULL, cases[i].fam, cases[i].given,
		    "2016-03-04", &out, &a), cases[i].rc, cases[i].what);
		T_INT(out.n, cases[i].n, cases[i].what);
		T_INT(out.more, cases[i].more, cases[i].what);
		arena_free(a);
	}
	T_INT(search(me, mrn, NULL, NULL, NULL, &out, &a), APP_OK, "by MRN");
	T_INT(out.n, 1, "by MRN: one");
	T_INT(out.items[0].pa.ground, PROVIDER_NONE, "not authorized");
	arena_free(a);
	T_INT(search(me, NULL, "Quillon", NULL, NULL, &out, &a), APP_INVALID,
	    "a name without a date of birth");
	arena_free(a);
	/* The throttle: patient_search_hour searches an hour, per user. */
	P->conf->patient_search_hour = 12;
	for (k = 0; k < 4; k++) {		/* 8 counted so far */
		search(me, mrn, NULL, NULL, NULL, &out, &a);
		arena_free(a);
	}
	T_INT(search(me, mrn, NULL, NULL, NULL, &out, &a), APP_REFUSED,
	    "the 13th search in the hour");
	T_INT(out.why, PP_WAIT, "told to wait");
	T_OK(out.wait > 0 && out.wait <= 3600, "for at most an hour");
	arena_free(a);
}

static enum app_rc
validate(int64_t who, const char *token, const char *mrn,
    struct pp_token_out *out)
{
	struct call		 c = t_call(P, ACTOR_PROVIDER, who, NOW);
	struct pp_token_in	 in = { token, mrn };
	enum app_rc		 rc;

	rc = app_pp_token(&c, &in, out);
	arena_free(c.a);
	return rc;
}

static void
test_tokens(void)
{
	struct pp_token_out	 out;
	int64_t			 e1, e2, d1 = new_provider(&e1),
				 d2 = new_provider(&e2), pid;
	char			 mrn[16], other[16], t[17], t2[17];
	int			 k;

	pid = new_patient("Tia", "Token", "2014-01-01", mrn);
	new_patient("Ola", "Other", "2014-01-01", other);
	hold(pid);
	new_token(pid, NOW + 86400, 0, t);
	T_INT(validate(d1, t, other, &out), APP_REFUSED, "wrong MRN");
	T_INT(out.state, SECRET_MISMATCH, "wrong MRN: mismatch");
	T_INT(validate(d1, t, mrn, &out), APP_OK, "right pair");
	T_INT(out.patient, pid, "its patient");
	T_INT(validate(d2, t, mrn, &out), APP_REFUSED, "another provider");
	T_INT(out.state, SECRET_USED, "spent for everyone");
	memcpy(t2, t, sizeof(t2));
	t2[15] = t2[15] == 'K' ? 'M' : 'K';
	T_INT(validate(d2, t2, mrn, &out), APP_REFUSED, "wrong verifier");
	T_INT(out.state, SECRET_BAD, "wrong verifier: bad");
	new_token(pid, NOW + 86400, 1, t);
	validate(d2, t, mrn, &out);
	T_INT(out.state, SECRET_VOIDED, "revoked");
	new_token(pid, NOW - 1, 0, t);
	validate(d2, t, mrn, &out);
	T_INT(out.state, SECRET_EXPIRED, "expired");
	new_token(pid, NOW + 86400, 0, t);
	for (k = 0; k < P->conf->invite_token_tries; k++)
		validate(d2, t, other, &out);
	validate(d2, t, mrn, &out);
	T_INT(out.state, SECRET_VOIDED, "void after the tries");
	/* The use itself names the tries: a right MRN racing wrong ones
	 * (read before they counted) does not use a token they voided. */
	{
		struct arena		*a = arena_new();
		struct share_token	 st;
		char			 sel[7];

		memcpy(sel, t, 6);
		sel[6] = '\0';
		T_INT(store_tokenuse_get(P->db, a, sel, &st), 1, "the token");
		T_INT(store_tokenuse_use(P->db, st.id, d2, NOW,
		    P->conf->invite_token_tries), 0, "no use after the tries");
		arena_free(a);
	}
	/* Issued by an account that does not (or no longer) hold the
	 * patient: the consent is gone, the token void. */
	{
		char	 m2[16];
		int64_t	 p2 = new_patient("Nia", "Nohold", "2014-01-01", m2);

		new_token(p2, NOW + 86400, 0, t);
		T_INT(validate(d2, t, m2, &out), APP_REFUSED, "issuer gone");
		T_INT(out.state, SECRET_VOIDED, "issuer gone: void");
	}
	{
		struct call		 c = t_call(P, ACTOR_PROVIDER, d1, NOW);
		struct pp_list_out	 l;

		T_INT(app_pp_shared(&c, &l), APP_OK, "shared list");
		T_INT(l.n, 1, "the token's patient");
		T_INT(l.items[0].pa.ground, PROVIDER_TOKEN, "by token");
		arena_free(c.a);
	}
}

static void
test_saved(void)
{
	struct pp_list_out	 l;
	struct call		 c;
	enum pp_why		 why;
	int64_t			 entry, me = new_provider(&entry), pid, g;
	char			 mrn[16];

	pid = new_patient("Sal", "Saved", "2012-02-02", mrn);
	hold(pid);
	g = store_grant_create(P->db, pid, entry, "share", "clinical", family,
	    0, NOW);
	c = t_call(P, ACTOR_PROVIDER, me, NOW);
	T_INT(app_pp_save(&c, pid + 1000, 0, &why), APP_REFUSED,
	    "no such patient");
	T_INT(app_pp_save(&c, pid, 0, &why), APP_OK, "save a shared patient");
	T_INT(app_pp_saved(&c, &l), APP_OK, "list");
	T_INT(l.n, 1, "one saved");
	T_INT(l.items[0].pa.ground, PROVIDER_SHARE, "open");
	T_INT(store_grant_revoke(P->db, g, pid, family, NOW), 1, "disinvite");
	T_INT(app_pp_saved(&c, &l), APP_OK, "list again");
	T_INT(l.n, 1, "still saved");
	T_INT(l.items[0].pa.ground, PROVIDER_NONE, "access ended");
	T_INT(app_pp_save(&c, pid, 1, &why), APP_OK, "remove");
	T_INT(app_pp_saved(&c, &l), APP_OK, "list emptied");
	T_INT(l.n, 0, "none");
	arena_free(c.a);
}

static enum app_rc
ask(int64_t who, int64_t patient, time_t now, enum pp_why *why)
{
	struct call		 c = t_call(P, ACTOR_PROVIDER, who, now);
	struct pp_ask_out	 out;
	enum app_rc		 rc;

	rc = app_pp_ask(&c, patient, &out);
	*why = out.why;
	arena_free(c.a);
	return rc;
}

/* A patient the provider may not see can still be asked about for an
 * hour after their own search found it (store_ppatients' seen: the
 * patient's audit rows from the window's first id on). */
static void
test_seen_lately(void)
{
	struct pp_search_out	 out;
	struct arena		*a;
	enum pp_why		 why;
	int64_t			 entry, me = new_provider(&entry), other, pid;
	char			 mrn[16];

	other = new_provider(&entry);
	pid = new_patient("Lee", "Lately", "2015-05-05", mrn);
	T_INT(ask(me, pid, NOW, &why), APP_REFUSED, "not found by a search yet");
	T_INT(why, PP_NOT_SEEN, "not seen");
	T_INT(search(me, mrn, NULL, NULL, NULL, &out, &a), APP_OK, "searched");
	T_INT(out.n, 1, "found");
	arena_free(a);
	T_INT(ask(me, pid, NOW + 60, &why), APP_OK, "a minute later");
	T_INT(ask(me, pid, NOW + 3599, &why), APP_OK, "within the hour");
	T_INT(ask(me, pid, NOW + 3601, &why), APP_REFUSED, "over an hour later");
	T_INT(ask(other, pid, NOW + 60, &why), APP_REFUSED,
	    "another provider's search");
}

int
main(void)
{
	char	 err[256];

	P = t_portal();
	T_INT(db_prepare(P->db, &t_sql, err, sizeof(err)), 0, "test statements");
	family = store_account_create(P->db, "fam@example.org", "x", "Fay",
	    "Family", NOW);
	T_OK(family > 0, "a family account");
	test_search();
	test_tokens();
	test_saved();
	test_seen_lately();
	portal_close(P);
	t_portal_remove();
	return t_done("app_ppatients");
}
