/*
 * The holidays table (sql/003-messages.sql): one row per date. Dates are
 * stored as YYYY-MM-DD text, so ORDER BY date is calendar order and the
 * list can be searched as bizday.c does.
 */
#include "arena.h"
#include "bizday.h"
#include "db.h"
#include "store_holidays.h"

static const char sql_add[] =
    "INSERT INTO holidays (date, name) VALUES (?, ?) "
    "ON CONFLICT (date) DO NOTHING";
static const char sql_remove[] =
    "DELETE FROM holidays WHERE date = ?";
static const char sql_list[] =
    "SELECT date, name FROM holidays ORDER BY date";

int
store_holiday_add(struct db *db, const char *date, const char *name)
{
	if (db_exec(db, sql_add, "tt", date, name) == -1)
		return -1;
	return sqlite3_changes(db_handle(db)) == 1 ? 0 : 1;
}

int
store_holiday_remove(struct db *db, const char *date)
{
	if (db_exec(db, sql_remove, "t", date) == -1)
		return -1;
	return sqlite3_changes(db_handle(db)) > 0 ? 1 : 0;
}

int
store_holiday_list(struct db *db, struct arena *a, struct holiday **out,
    size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_list);
	struct holiday	*h;
	size_t		 cap = 0;
	int		 rc;

	*n = 0;
	*out = NULL;
	for (rc = db_bindv(st, ""); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		h = arena_push(a, (void **)out, n, &cap, sizeof(*h));
		h->h_date = db_text(a, st, 0);
		h->h_name = db_text(a, st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
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
