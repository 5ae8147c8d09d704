/*
 * Coverages and insurance changes (store_insurance.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_insurance.h"

enum {
	Q_COVERAGES, Q_COVERAGE_OF, Q_NEXT_RANK, Q_CHANGE_NEW, Q_CHANGES_VISIT,
	Q_CHANGES_PATIENT, Q_IMPORT_SET, Q_IMPORT_ADD, Q__MAX
};

#define CHANGE_COLS "SELECT id, patient_id, " \
    "account_id, COALESCE(coverage_id, 0), COALESCE(visit_id, 0), " \
    "payer, COALESCE(plan, ''), member_id, COALESCE(group_no, ''), " \
    "subscriber, relationship, status, COALESCE(reason, ''), created, " \
    "COALESCE(decided, 0) FROM insurance_changes "

static const struct db_sql q[Q__MAX] = {
	[Q_COVERAGES] = { "coverages", "SELECT id, payer, COALESCE(plan, ''), "
	    "COALESCE(member_id, ''), COALESCE(group_no, ''), "
	    "COALESCE(subscriber, ''), COALESCE(relationship, ''), rank, "
	    "source, updated "
	    "FROM coverages WHERE patient_id = ? AND active = 1 "
	    "ORDER BY rank, id" },
	[Q_COVERAGE_OF] = { "coverage_of", "SELECT rank FROM coverages "
	    "WHERE id = ? AND patient_id = ? AND active = 1" },
	[Q_NEXT_RANK] = { "next_rank", "SELECT COALESCE(MAX(rank), 0) + 1 "
	    "FROM coverages WHERE patient_id = ? AND active = 1" },
	[Q_CHANGE_NEW] = { "change_new", "INSERT INTO insurance_changes "
	    "(patient_id, account_id, coverage_id, visit_id, payer, plan, "
	    "member_id, group_no, subscriber, relationship, rank, front, "
	    "front_mime, back, back_mime, created) VALUES (?, ?, "
	    "NULLIF(CAST(? AS BIGINT), 0), NULLIF(CAST(? AS BIGINT), 0), "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_CHANGES_VISIT] = { "changes_visit", CHANGE_COLS
	    "WHERE visit_id = ? ORDER BY created DESC, id DESC" },
	[Q_CHANGES_PATIENT] = { "changes_patient", CHANGE_COLS
	    "WHERE patient_id = ? ORDER BY created DESC, id DESC" },
	[Q_IMPORT_SET] = { "import_set", "UPDATE coverages SET payer = ?, "
	    "plan = ?, member_id = ?, group_no = ?, subscriber = ?, "
	    "relationship = ?, source = 'billing', document_id = NULL, "
	    "updated = ? WHERE id = (SELECT id FROM coverages WHERE "
	    "patient_id = ? AND rank = ? AND active = 1 AND source IN "
	    "('billing', 'family') ORDER BY updated DESC, id DESC LIMIT 1)" },
	[Q_IMPORT_ADD] = { "import_add", "INSERT INTO coverages (patient_id, "
	    "payer, plan, member_id, group_no, subscriber, relationship, rank, "
	    "source, active, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	    "'billing', 1, ?) RETURNING id" },
};
const struct db_sqltab store_insurance_sql = DB_SQLTAB("insurance", q);

static void
coverage_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct coverage	*c = row;

	c->id = db_col_int(st, 0);
	c->payer = db_col_text(a, st, 1);
	c->plan = db_col_text(a, st, 2);
	c->member_id = db_col_text(a, st, 3);
	c->group_no = db_col_text(a, st, 4);
	c->subscriber = db_col_text(a, st, 5);
	c->relationship = db_col_text(a, st, 6);
	c->rank = (long)db_col_int(st, 7);
	c->source = db_col_text(a, st, 8);
	c->updated = (time_t)db_col_int(st, 9);
}

int
store_coverages(struct db *db, struct arena *a, int64_t patient,
    struct coverage **out, size_t *n)
{
	return db_rows(db, a, &q[Q_COVERAGES], coverage_fill, sizeof(**out),
	    out, n, "i", patient);
}

int
store_coverage_of(struct db *db, int64_t patient, int64_t id, long *rank)
{
	int64_t	 r;
	int	 rc;

	if ((rc = db_int(db, &q[Q_COVERAGE_OF], &r, "ii", id, patient)) == 1)
		*rank = (long)r;
	return rc;
}

int
store_coverage_next_rank(struct db *db, int64_t patient, long *rank)
{
	int64_t	 r;

	if (db_int(db, &q[Q_NEXT_RANK], &r, "i", patient) != 1)
		return -1;
	*rank = (long)r;
	return 0;
}

static const char *
orn(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

int64_t
store_ins_change_new(struct db *db, const struct ins_change *c, time_t now)
{
	return db_insert(db, &q[Q_CHANGE_NEW], "iiiittttttibtbti", c->patient,
	    c->account, c->coverage, c->visit, c->payer, orn(c->plan),
	    c->member_id, orn(c->group_no), c->subscriber, c->relationship,
	    (int64_t)(c->rank > 0 ? c->rank : 1), c->front, c->front_len,
	    orn(c->front_mime), c->back, c->back_len, orn(c->back_mime),
	    (int64_t)now);
}

static void
change_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct ins_change	*c = row;

	memset(c, 0, sizeof(*c));
	c->id = db_col_int(st, 0);
	c->patient = db_col_int(st, 1);
	c->account = db_col_int(st, 2);
	c->coverage = db_col_int(st, 3);
	c->visit = db_col_int(st, 4);
	c->payer = db_col_text(a, st, 5);
	c->plan = db_col_text(a, st, 6);
	c->member_id = db_col_text(a, st, 7);
	c->group_no = db_col_text(a, st, 8);
	c->subscriber = db_col_text(a, st, 9);
	c->relationship = db_col_text(a, st, 10);
	c->status = db_col_text(a, st, 11);
	c->reason = db_col_text(a, st, 12);
	c->created = (time_t)db_col_int(st, 13);
	c->decided = (time_t)db_col_int(st, 14);
}

int
store_ins_changes_of_visit(struct db *db, struct arena *a, int64_t visit,
    struct ins_change **out, size_t *n)
{
	return db_rows(db, a, &q[Q_CHANGES_VISIT], change_fill, sizeof(**out),
	    out, n, "i", visit);
}

int
store_ins_changes_of_patient(struct db *db, struct arena *a, int64_t patient,
    struct ins_change **out, size_t *n)
{
	return db_rows(db, a, &q[Q_CHANGES_PATIENT], change_fill,
	    sizeof(**out), out, n, "i", patient);
}

int
store_coverage_import(struct db *db, const struct coverage *c,
    int64_t patient, time_t now)
{
	long	 n;

	n = db_changes(db, &q[Q_IMPORT_SET], "ttttttiii", c->payer,
	    orn(c->plan), orn(c->member_id), orn(c->group_no),
	    orn(c->subscriber), orn(c->relationship), (int64_t)now, patient,
	    (int64_t)c->rank);
	if (n < 0)
		return -1;
	if (n > 0)
		return 0;
	return db_insert(db, &q[Q_IMPORT_ADD], "ittttttii", patient, c->payer,
	    orn(c->plan), orn(c->member_id), orn(c->group_no),
	    orn(c->subscriber), orn(c->relationship), (int64_t)c->rank,
	    (int64_t)now) == -1 ? -1 : 1;
}
