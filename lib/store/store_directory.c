/*
 * Directory search (store_directory.h). One statement serves every
 * combination of criteria: a part not asked is bound as '' and its
 * condition is true. The family name is matched on family_key (lower
 * case, indexed) by a range, which uses the index, and by substr, which
 * makes the prefix exact whatever the collation.
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_directory.h"

enum { Q_SEARCH, Q_GET, Q_PCP, Q_EMAIL, Q__MAX };

#define DIR_COLS \
    "SELECT d.id, d.npi, d.given, d.family, d.credential, d.specialty, " \
    "d.organization, d.city, d.state, d.email, " \
    "CASE WHEN EXISTS (SELECT 1 FROM provider_accounts a " \
    "WHERE a.provider_id = d.id AND a.kind = 'provider' " \
    "AND a.status = 'approved') THEN 1 ELSE 0 END " \
    "FROM providers d "

static const struct db_sql q[Q__MAX] = {
	[Q_SEARCH] = { "search", DIR_COLS
	    "WHERE (?1 = '' OR ((?2 = '' OR (d.family_key >= ?1 "
	    "AND d.family_key < ?2)) "
	    "AND substr(d.family_key, 1, length(?1)) = ?1)) "
	    "AND (?3 = '' OR substr(lower(d.given), 1, length(?3)) = ?3) "
	    "AND (?4 = '' OR replace(lower(COALESCE(d.specialty, '')), ?4, '') "
	    "<> lower(COALESCE(d.specialty, ''))) "
	    "AND (?5 = '' OR substr(lower(COALESCE(d.city, '')), 1, "
	    "length(?5)) = ?5) "
	    "AND (?6 = '' OR d.npi = ?6) "
	    "ORDER BY d.family_key, lower(d.given), d.id "
	    "LIMIT CAST(?7 AS BIGINT)" },
	[Q_GET] = { "get", DIR_COLS "WHERE d.id = ?" },
	[Q_PCP] = { "pcp", DIR_COLS
	    "JOIN patients p ON p.pcp_id = d.id WHERE p.id = ?" },
	[Q_EMAIL] = { "email",
	    "SELECT email FROM provider_accounts WHERE provider_id = ? "
	    "AND kind = 'provider' AND status = 'approved' ORDER BY id LIMIT 1" },
};
const struct db_sqltab store_directory_sql = DB_SQLTAB("directory", q);

static void
entry_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct dir_entry	*e = row;

	e->id = db_col_int(st, 0);
	e->npi = db_col_text(a, st, 1);
	e->given = db_col_text(a, st, 2);
	e->family = db_col_text(a, st, 3);
	e->credential = db_col_text(a, st, 4);
	e->specialty = db_col_text(a, st, 5);
	e->organization = db_col_text(a, st, 6);
	e->city = db_col_text(a, st, 7);
	e->state = db_col_text(a, st, 8);
	e->email = db_col_text(a, st, 9);
	e->portal = (int)db_col_int(st, 10);
}

/*
 * The least string above every string that starts with prefix, for the
 * range that uses the index: the prefix with its last byte raised. Only
 * for ASCII: "" otherwise (a raised UTF-8 byte is not text PostgreSQL
 * takes), and then substr alone matches.
 */
static const char *
prefix_end(struct arena *a, const char *prefix)
{
	char	*s;
	size_t	 i, n;

	n = strlen(prefix);
	for (i = 0; i < n; i++)
		if ((unsigned char)prefix[i] >= 0x7f)
			return "";
	if (n == 0)
		return "";
	s = arena_strdup(a, prefix);
	s[n - 1] = (char)(s[n - 1] + 1);
	return s;
}

int
store_dir_search(struct db *db, struct arena *a, const struct dir_query *dq,
    size_t max, struct dir_entry **out, size_t *n)
{
	return db_rows(db, a, &q[Q_SEARCH], entry_fill, sizeof(**out), out, n,
	    "tttttti", dq->family, prefix_end(a, dq->family), dq->given,
	    dq->specialty, dq->city, dq->npi, (int64_t)max);
}

int
store_dir_get(struct db *db, struct arena *a, int64_t id, struct dir_entry *out)
{
	return db_row(db, a, &q[Q_GET], entry_fill, out, "i", id);
}

int
store_dir_pcp(struct db *db, struct arena *a, int64_t patient,
    struct dir_entry *out)
{
	return db_row(db, a, &q[Q_PCP], entry_fill, out, "i", patient);
}

int
store_dir_account_email(struct db *db, struct arena *a, int64_t id,
    const char **email)
{
	struct db_stmt	*st;
	int		 rc;

	*email = NULL;
	if ((st = db_stmt(db, &q[Q_EMAIL])) == NULL)
		return -1;
	if ((rc = db_bindv(st, "i", id)) == DB_ROW)
		*email = db_col_text(a, st, 0);
	db_reset(st);
	return rc == -1 ? -1 : rc == DB_ROW;
}
