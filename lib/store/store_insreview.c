/*
 * Billing's review of insurance changes (store_insreview.h).
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_insreview.h"

enum {
	Q_PENDING, Q_COUNT, Q_GET, Q_FRONT, Q_BACK, Q_COVERAGE, Q_COV_SET,
	Q_COV_ADD, Q_DECIDE, Q__MAX
};

#define CHANGE_COLS "SELECT i.id, i.patient_id, i.account_id, " \
    "COALESCE(i.coverage_id, 0), COALESCE(i.visit_id, 0), i.payer, " \
    "COALESCE(i.plan, ''), i.member_id, COALESCE(i.group_no, ''), " \
    "i.subscriber, i.relationship, i.rank, " \
    "CASE WHEN i.front IS NULL THEN 0 ELSE 1 END, " \
    "CASE WHEN i.back IS NULL THEN 0 ELSE 1 END, " \
    "COALESCE(i.front_mime, ''), COALESCE(i.back_mime, ''), i.status, " \
    "COALESCE(i.reason, ''), i.created, COALESCE(i.decided, 0), p.given, " \
    "p.family, p.mrn, a.given, a.family, a.email " \
    "FROM insurance_changes i JOIN patients p ON p.id = i.patient_id " \
    "JOIN accounts a ON a.id = i.account_id "

static const struct db_sql q[Q__MAX] = {
	[Q_PENDING] = { "pending", CHANGE_COLS "WHERE i.status = 'pending' "
	    "ORDER BY i.created, i.id LIMIT ?" },
	[Q_COUNT] = { "count", "SELECT count(*) FROM insurance_changes "
	    "WHERE status = 'pending'" },
	[Q_GET] = { "get", CHANGE_COLS "WHERE i.id = ?" },
	[Q_FRONT] = { "front", "SELECT front, COALESCE(front_mime, '') FROM "
	    "insurance_changes WHERE id = ? AND front IS NOT NULL" },
	[Q_BACK] = { "back", "SELECT back, COALESCE(back_mime, '') FROM "
	    "insurance_changes WHERE id = ? AND back IS NOT NULL" },
	[Q_COVERAGE] = { "coverage", "SELECT id, patient_id, payer, "
	    "COALESCE(plan, ''), COALESCE(member_id, ''), "
	    "COALESCE(group_no, ''), COALESCE(subscriber, ''), "
	    "COALESCE(relationship, ''), rank, source, active, updated "
	    "FROM coverages WHERE id = ?" },
	[Q_COV_SET] = { "cov_set", "UPDATE coverages SET payer = ?, plan = ?, "
	    "member_id = ?, group_no = ?, subscriber = ?, relationship = ?, "
	    "rank = ?, source = 'family', active = 1, updated = ? "
	    "WHERE id = ? AND patient_id = ?" },
	[Q_COV_ADD] = { "cov_add", "INSERT INTO coverages (patient_id, payer, "
	    "plan, member_id, group_no, subscriber, relationship, rank, "
	    "source, active, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	    "'family', 1, ?) RETURNING id" },
	[Q_DECIDE] = { "decide", "UPDATE insurance_changes SET status = ?, "
	    "reason = ?, decided = ?, decided_by = ? WHERE id = ? AND "
	    "status = 'pending'" },
};
const struct db_sqltab store_insreview_sql = DB_SQLTAB("insreview", q);

static const char *
nul(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

static void
change_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct ins_change	*c = row;

	c->id = db_col_int(st, 0);
	c->patient_id = db_col_int(st, 1);
	c->account_id = db_col_int(st, 2);
	c->coverage_id = db_col_int(st, 3);
	c->visit_id = db_col_int(st, 4);
	c->f.payer = db_col_text(a, st, 5);
	c->f.plan = db_col_text(a, st, 6);
	c->f.member_id = db_col_text(a, st, 7);
	c->f.group_no = db_col_text(a, st, 8);
	c->f.subscriber = db_col_text(a, st, 9);
	c->f.relationship = db_col_text(a, st, 10);
	c->f.rank = (long)db_col_int(st, 11);
	c->has_front = db_col_int(st, 12) != 0;
	c->has_back = db_col_int(st, 13) != 0;
	c->front_mime = db_col_text(a, st, 14);
	c->back_mime = db_col_text(a, st, 15);
	c->status = db_col_text(a, st, 16);
	c->reason = db_col_text(a, st, 17);
	c->created = (time_t)db_col_int(st, 18);
	c->decided = (time_t)db_col_int(st, 19);
	c->pt_given = db_col_text(a, st, 20);
	c->pt_family = db_col_text(a, st, 21);
	c->mrn = db_col_text(a, st, 22);
	c->asker_given = db_col_text(a, st, 23);
	c->asker_family = db_col_text(a, st, 24);
	c->asker_email = db_col_text(a, st, 25);
}

int
store_ins_pending(struct db *db, struct arena *a, long limit,
    struct ins_change **out, size_t *n, int64_t *total)
{
	if (db_rows(db, a, &q[Q_PENDING], change_fill, sizeof(**out), out, n,
	    "i", (int64_t)limit) == -1)
		return -1;
	return db_int(db, &q[Q_COUNT], total, "") == -1 ? -1 : 0;
}

int
store_ins_get(struct db *db, struct arena *a, int64_t id,
    struct ins_change *out)
{
	return db_row(db, a, &q[Q_GET], change_fill, out, "i", id);
}

struct photo {
	struct arena		*a;
	const unsigned char	*data;
	size_t			 len;
	const char		*mime;
};

static void
photo_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct photo	*p = row;
	const void	*b = db_col_blob(st, 0, &p->len);
	unsigned char	*copy = arena_alloc(a, p->len + 1);

	if (p->len > 0)
		memcpy(copy, b, p->len);
	p->data = copy;
	p->mime = db_col_text(a, st, 1);
}

int
store_ins_photo(struct db *db, struct arena *a, int64_t id, int back,
    const unsigned char **data, size_t *len, const char **mime)
{
	struct photo	 p;
	int		 rc;

	memset(&p, 0, sizeof(p));
	rc = db_row(db, a, &q[back ? Q_BACK : Q_FRONT], photo_fill, &p, "i", id);
	*data = p.data;
	*len = p.len;
	*mime = p.mime;
	return rc;
}

static void
coverage_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct ins_coverage	*c = row;

	c->id = db_col_int(st, 0);
	c->patient_id = db_col_int(st, 1);
	c->f.payer = db_col_text(a, st, 2);
	c->f.plan = db_col_text(a, st, 3);
	c->f.member_id = db_col_text(a, st, 4);
	c->f.group_no = db_col_text(a, st, 5);
	c->f.subscriber = db_col_text(a, st, 6);
	c->f.relationship = db_col_text(a, st, 7);
	c->f.rank = (long)db_col_int(st, 8);
	c->source = db_col_text(a, st, 9);
	c->active = db_col_int(st, 10) != 0;
	c->updated = (time_t)db_col_int(st, 11);
}

int
store_ins_coverage(struct db *db, struct arena *a, int64_t id,
    struct ins_coverage *out)
{
	return db_row(db, a, &q[Q_COVERAGE], coverage_fill, out, "i", id);
}

int64_t
store_ins_apply(struct db *db, int64_t patient, int64_t coverage,
    const struct ins_fields *f, time_t now)
{
	long	 n;

	if (coverage == 0)
		return db_insert(db, &q[Q_COV_ADD], "itttttiii", patient,
		    f->payer, nul(f->plan), f->member_id, nul(f->group_no),
		    f->subscriber, f->relationship, (int64_t)f->rank,
		    (int64_t)now);
	n = db_changes(db, &q[Q_COV_SET], "ttttttiiii", f->payer, nul(f->plan),
	    f->member_id, nul(f->group_no), f->subscriber, f->relationship,
	    (int64_t)f->rank, (int64_t)now, coverage, patient);
	return n < 0 ? -1 : n > 0;
}

int
store_ins_decide(struct db *db, int64_t id, const char *status,
    const char *reason, int64_t staff, time_t now)
{
	long	 n = db_changes(db, &q[Q_DECIDE], "ttiii", status, nul(reason),
		    (int64_t)now, staff, id);

	return n < 0 ? -1 : n > 0;
}
