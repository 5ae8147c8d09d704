/*
 * The audit table. Triggers in the schema refuse UPDATE and DELETE.
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_audit.h"

enum { Q_LAST, Q_HEAD, Q_MARKED, Q_APPEND, Q_EACH,
    Q_FIND_PATIENT, Q_FIND_ACTOR, Q_FIND_ALL,
    Q_WALK_PATIENT, Q_WALK_ACTOR, Q_WALK_ALL, Q_DISCLOSURES,
    Q_WHO_FAMILY, Q_WHO_STAFF, Q_WHO_PROVIDER, Q__MAX };

/*
 * The privacy office's filter (issue 16.1): ?1 patient, ?2 actor, ?3 the
 * actor's kind as a prefix, ?4 action, ?5 the action's family as a
 * prefix, ?6 since, ?7 until; 0 or '' leaves one open. One text for all,
 * and in front of it the equality an index answers when the filter has
 * one: the patient (audit_patient_id, 018), else the actor (audit_actor, 017);
 * without either the log is read in id order. Prefixes by substr, not
 * LIKE: an action holds '_', LIKE's wildcard.
 */
#define FIND_COLS \
    "SELECT a.id, a.at, a.actor, a.action, COALESCE(a.patient_id, 0), " \
    "a.addr, a.detail, p.mrn, p.given, p.family " \
    "FROM audit a LEFT JOIN patients p ON p.id = a.patient_id WHERE "
#define FIND_WHERE \
    "(CAST(?1 AS BIGINT) = 0 OR a.patient_id = CAST(?1 AS BIGINT)) " \
    "AND (CAST(?2 AS TEXT) = '' OR a.actor = CAST(?2 AS TEXT)) " \
    "AND (CAST(?3 AS TEXT) = '' OR substr(a.actor, 1, " \
    "length(CAST(?3 AS TEXT))) = CAST(?3 AS TEXT)) " \
    "AND (CAST(?4 AS TEXT) = '' OR a.action = CAST(?4 AS TEXT)) " \
    "AND (CAST(?5 AS TEXT) = '' OR substr(a.action, 1, " \
    "length(CAST(?5 AS TEXT))) = CAST(?5 AS TEXT)) " \
    "AND (CAST(?6 AS BIGINT) = 0 OR a.at >= CAST(?6 AS BIGINT)) " \
    "AND (CAST(?7 AS BIGINT) = 0 OR a.at < CAST(?7 AS BIGINT)) "
#define BY_PATIENT	"a.patient_id = CAST(?1 AS BIGINT) AND "
#define BY_ACTOR	"a.actor = CAST(?2 AS TEXT) AND "
#define NEWEST		"ORDER BY a.id DESC LIMIT ?8 OFFSET ?9"
/* An export walks the log in pages of WALK_PAGE rows after the last id
 * seen (?8), so no engine holds more than a page of it: PostgreSQL's
 * client reads a statement's whole result before the first row. */
#define OLDEST		"AND a.id > CAST(?8 AS BIGINT) ORDER BY a.id LIMIT ?9"
#define WALK_PAGE	500


static const struct db_sql q[Q__MAX] = {
	[Q_LAST] = { "last", "SELECT hash FROM audit ORDER BY id DESC LIMIT 1" },
	[Q_HEAD] = { "head",
	    "SELECT count(*), (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) "
	    "FROM audit" },
	[Q_MARKED] = { "marked",
	    "SELECT 1 FROM audit WHERE action = '" STORE_AUDIT_MARKER "' LIMIT 1" },
	[Q_APPEND] = { "append",
	    "INSERT INTO audit (at, actor, action, patient_id, addr, detail, prev, "
	    "hash) VALUES (?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?)" },
	[Q_EACH] = { "each",
	    "SELECT id, at, actor, action, COALESCE(patient_id, 0), addr, detail, "
	    "prev, hash FROM audit ORDER BY id" },
	[Q_FIND_PATIENT] = { "find_patient",
	    FIND_COLS BY_PATIENT FIND_WHERE NEWEST },
	[Q_FIND_ACTOR] = { "find_actor", FIND_COLS BY_ACTOR FIND_WHERE NEWEST },
	[Q_FIND_ALL] = { "find_all", FIND_COLS FIND_WHERE NEWEST },
	[Q_WALK_PATIENT] = { "walk_patient",
	    FIND_COLS BY_PATIENT FIND_WHERE OLDEST },
	[Q_WALK_ACTOR] = { "walk_actor", FIND_COLS BY_ACTOR FIND_WHERE OLDEST },
	[Q_WALK_ALL] = { "walk_all", FIND_COLS FIND_WHERE OLDEST },
	/*
	 * An accounting of disclosures (issue 16.1): what left the family
	 * and the care team. Everything a provider-portal account (a
	 * clinician's or a sponsored user's) was shown of the patient
	 * (precord.view.*, ppatients.result, ptoken.validate, prequest.*,
	 * pcp.list), except refusals and throttles, which showed nothing;
	 * and the releases made to a provider: a family's share invitation
	 * or code (share.invite, share.token) and the hospital making a
	 * provider the PCP (pcp.approve, pcp.set). A family's own views,
	 * downloads and prints and the care team's work are not
	 * disclosures.
	 */
	[Q_DISCLOSURES] = { "disclosures",
	    FIND_COLS "a.patient_id = ?1 AND ((("
	    "substr(a.actor, 1, 9) = 'provider:' OR "
	    "substr(a.actor, 1, 10) = 'sponsored:') "
	    "AND a.action NOT LIKE '%refused' AND a.action NOT LIKE '%throttled') "
	    "OR a.action IN ('share.invite', 'share.token', 'pcp.approve', "
	    "'pcp.set')) AND a.id > CAST(?2 AS BIGINT) ORDER BY a.id LIMIT ?3" },
	[Q_WHO_FAMILY] = { "who_family",
	    "SELECT given || ' ' || family || ' <' || email || '>' "
	    "FROM accounts WHERE id = ?" },
	[Q_WHO_STAFF] = { "who_staff",
	    "SELECT name || ' (' || username || ')' FROM staff WHERE id = ?" },
	[Q_WHO_PROVIDER] = { "who_provider",
	    "SELECT given || ' ' || family || ' <' || email || '>' "
	    "FROM provider_accounts WHERE id = ?" },
};
const struct db_sqltab store_audit_sql = DB_SQLTAB("audit", q);

/* A hash column into out, or the genesis value (64 zeros). */
static void
hash_copy(struct db_stmt *st, int i, char out[65])
{
	const char	*h = st != NULL ? db_col_str(st, i) : NULL;

	memset(out, '0', 64);
	out[64] = '\0';
	if (h != NULL && strlen(h) == 64)
		memcpy(out, h, 64);
}

int
store_audit_last(struct db *db, char out[65])
{
	struct db_stmt	*st = db_stmt(db, &q[Q_LAST]);
	int		 rc = db_bindv(st, "");

	hash_copy(rc == DB_ROW ? st : NULL, 0, out);
	db_reset(st);
	return rc == -1 ? -1 : 0;
}

int
store_audit_head(struct db *db, int64_t *count, char head[65])
{
	struct db_stmt	*st = db_stmt(db, &q[Q_HEAD]);
	int		 rc = db_bindv(st, "");

	*count = rc == DB_ROW ? db_col_int(st, 0) : 0;
	hash_copy(rc == DB_ROW ? st : NULL, 1, head);
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

int
store_audit_marked(struct db *db)
{
	int64_t	 one;

	return db_int(db, &q[Q_MARKED], &one, "");
}

int
store_audit_append(struct db *db, const struct audit_row *r)
{
	return db_exec(db, &q[Q_APPEND], "ittitttt", r->at, r->actor, r->action,
	    r->patient_id, r->addr, r->detail, r->prev, r->hash);
}

int
store_audit_each(struct db *db, struct arena *a,
    int (*fn)(const struct audit_row *, void *), void *arg)
{
	struct db_stmt		*st = db_stmt(db, &q[Q_EACH]);
	struct audit_row	 r;
	int			 rc, stop = 0;

	for (rc = db_bindv(st, ""); rc == DB_ROW && stop == 0; rc = db_step(st)) {
		r.id = db_col_int(st, 0);
		r.at = db_col_int(st, 1);
		r.actor = db_col_text(a, st, 2);
		r.action = db_col_text(a, st, 3);
		r.patient_id = db_col_int(st, 4);
		r.addr = db_col_text(a, st, 5);
		r.detail = db_col_text(a, st, 6);
		r.prev = db_col_text(a, st, 7);
		r.hash = db_col_text(a, st, 8);
		stop = fn(&r, arg);
	}
	db_reset(st);
	if (stop != 0)
		return stop;
	return rc == DB_DONE ? 0 : -1;
}

/* The row st stands on. */
static void
found_read(struct db_stmt *st, struct arena *a, struct audit_found *f)
{
	memset(f, 0, sizeof(*f));
	f->r.id = db_col_int(st, 0);
	f->r.at = db_col_int(st, 1);
	f->r.actor = db_col_text(a, st, 2);
	f->r.action = db_col_text(a, st, 3);
	f->r.patient_id = db_col_int(st, 4);
	f->r.addr = db_col_text(a, st, 5);
	f->r.detail = db_col_text(a, st, 6);
	f->mrn = db_col_text(a, st, 7);
	f->given = db_col_text(a, st, 8);
	f->family = db_col_text(a, st, 9);
}

/* The statement for f: by patient, by actor, or all (see FIND_WHERE). */
static const struct db_sql *
pick(const struct store_audit_filter *f, int walk)
{
	if (f->patient > 0)
		return &q[walk ? Q_WALK_PATIENT : Q_FIND_PATIENT];
	if (f->actor != NULL && *f->actor != '\0')
		return &q[walk ? Q_WALK_ACTOR : Q_FIND_ACTOR];
	return &q[walk ? Q_WALK_ALL : Q_FIND_ALL];
}

static const char *
open_text(const char *s)
{
	return s != NULL ? s : "";
}

int
store_audit_search(struct db *db, struct arena *a,
    const struct store_audit_filter *f, int64_t offset, size_t limit,
    struct audit_found **out, size_t *n)
{
	struct db_stmt	*st = db_stmt(db, pick(f, 0));
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	for (rc = db_bindv(st, "ittttiiii", f->patient, open_text(f->actor),
	    open_text(f->actor_kind), open_text(f->action),
	    open_text(f->action_family), f->since, f->until, (int64_t)limit,
	    offset); rc == DB_ROW; rc = db_step(st))
		found_read(st, a, arena_push(a, (void **)out, n, &cap,
		    sizeof(**out)));
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * Steps through the rows of the walk statement st, page after page (see
 * OLDEST), through fn, as store_audit_each. Binds f (the patient alone
 * for the disclosures) and then the page's bounds.
 */
static int
walk(struct db_stmt *st, const struct store_audit_filter *f, int disclosures,
    struct arena *a, int (*fn)(const struct audit_found *, void *), void *arg)
{
	struct audit_found	 row;
	int64_t			 after = 0;
	size_t			 n;
	int			 rc, stop = 0;

	do {
		rc = disclosures ? db_bindv(st, "iii", f->patient, after,
		    (int64_t)WALK_PAGE) : db_bindv(st, "ittttiiii", f->patient,
		    open_text(f->actor), open_text(f->actor_kind),
		    open_text(f->action), open_text(f->action_family), f->since,
		    f->until, after, (int64_t)WALK_PAGE);
		for (n = 0; rc == DB_ROW && stop == 0; rc = db_step(st), n++) {
			found_read(st, a, &row);
			after = row.r.id;
			stop = fn(&row, arg);
		}
		db_reset(st);
	} while (stop == 0 && rc == DB_DONE && n == WALK_PAGE);
	if (stop != 0)
		return stop;
	return rc == DB_DONE ? 0 : -1;
}

int
store_audit_walk(struct db *db, struct arena *a,
    const struct store_audit_filter *f,
    int (*fn)(const struct audit_found *, void *), void *arg)
{
	return walk(db_stmt(db, pick(f, 1)), f, 0, a, fn, arg);
}

int
store_audit_disclosures(struct db *db, struct arena *a, int64_t patient,
    int (*fn)(const struct audit_found *, void *), void *arg)
{
	struct store_audit_filter	 f;

	memset(&f, 0, sizeof(f));
	f.patient = patient;
	return walk(db_stmt(db, &q[Q_DISCLOSURES]), &f, 1, a, fn, arg);
}

int
store_audit_actor_words(struct db *db, struct arena *a, const char *kind,
    int64_t id, const char **out)
{
	static const struct {
		const char	*kind;
		int		 q;
	} kinds[] = {
		{ "family", Q_WHO_FAMILY },
		{ "staff", Q_WHO_STAFF },
		{ "provider", Q_WHO_PROVIDER },
		{ "sponsored", Q_WHO_PROVIDER },
	};
	struct db_stmt	*st;
	size_t		 i;
	int		 rc;

	*out = NULL;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		return 0;
	st = db_stmt(db, &q[kinds[i].q]);
	if ((rc = db_bindv(st, "i", id)) == DB_ROW)
		*out = db_col_text(a, st, 0);
	db_reset(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}
