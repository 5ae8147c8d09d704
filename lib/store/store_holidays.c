/*
 * The holidays table (sql/003-messages.sql): one row per date. Dates are
 * stored as YYYY-MM-DD text, so ORDER BY date is calendar order and the
 * list can be searched as bizday.c does.
 */
#include "arena.h"
#include "bizday.h"
#include "db.h"
#include "store.h"
#include "store_holidays.h"

enum { Q_ADD, Q_REMOVE, Q_LIST, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_ADD] = { "add",
	    "INSERT INTO holidays (date, name) VALUES (?, ?) "
	    "ON CONFLICT (date) DO NOTHING" },
	[Q_REMOVE] = { "remove", "DELETE FROM holidays WHERE date = ?" },
	[Q_LIST] = { "list", "SELECT date, name FROM holidays ORDER BY date" },
};
const struct db_sqltab store_holidays_sql = DB_SQLTAB("holidays", q);

int
store_holiday_add(struct db *db, const char *date, const char *name)
{
	long	 n = db_changes(db, &q[Q_ADD], "tt", date, name);

	return n < 0 ? -1 : n == 1 ? 0 : 1;
}

int
store_holiday_remove(struct db *db, const char *date)
{
	long	 n = db_changes(db, &q[Q_REMOVE], "t", date);

	return n < 0 ? -1 : n > 0;
}

static void
holiday_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct holiday	*h = row;

	h->h_date = db_col_text(a, st, 0);
	h->h_name = db_col_text(a, st, 1);
}

int
store_holiday_list(struct db *db, struct arena *a, struct holiday **out,
    size_t *n)
{
	return db_rows(db, a, &q[Q_LIST], holiday_fill, sizeof(**out), out, n, "");
}

int
store_holiday_cal(struct db *db, struct arena *a, struct bizday_cal *out)
{
	struct holiday	*h;
	const char	**dates;
	size_t		 n, i, k = 0;

	out->bc_dates = NULL;
	out->bc_ndates = 0;
	if (store_holiday_list(db, a, &h, &n) == -1)
		return -1;
	if (n == 0)
		return 0;
	dates = arena_alloc(a, n * sizeof(*dates));
	/* A NULL date (SQLite allows one in a TEXT key) sorts first: skip it. */
	for (i = 0; i < n; i++)
		if (h[i].h_date != NULL)
			dates[k++] = h[i].h_date;
	out->bc_dates = dates;
	out->bc_ndates = k;
	return 0;
}
