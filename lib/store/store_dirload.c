/*
 * Loading the provider directory and the PCP on file
 * (store_dirload.h). The upsert compares before it writes, so that a
 * reload of the same NPPES file changes no row (and no 'updated' time).
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_dirload.h"

enum {
	Q_BY_NPI, Q_GET, Q_ADD, Q_SET, Q_FILL, Q_PCP_GET, Q_PCP_SET, Q_LINK,
	Q_LINK_PRACTICE, Q__MAX
};

#define DIR_FIELDS "given, family, credential, specialty, organization, " \
    "address, city, state, postal, phone"

static const struct db_sql q[Q__MAX] = {
	[Q_BY_NPI] = { "by_npi", "SELECT id FROM providers WHERE npi = ?" },
	[Q_GET] = { "get", "SELECT id, source, " DIR_FIELDS
	    " FROM providers WHERE npi = ?" },
	[Q_ADD] = { "add", "INSERT INTO providers (npi, " DIR_FIELDS
	    ", family_key, source, updated) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_SET] = { "set", "UPDATE providers SET given = ?, family = ?, "
	    "credential = ?, specialty = ?, organization = ?, address = ?, "
	    "city = ?, state = ?, postal = ?, phone = ?, family_key = ?, "
	    "source = 'nppes', updated = ? WHERE id = ?" },
	[Q_FILL] = { "fill", "UPDATE providers SET "
	    "credential = COALESCE(credential, ?), "
	    "specialty = COALESCE(specialty, ?), "
	    "organization = COALESCE(organization, ?), "
	    "address = COALESCE(address, ?), city = COALESCE(city, ?), "
	    "state = COALESCE(state, ?), postal = COALESCE(postal, ?), "
	    "phone = COALESCE(phone, ?), "
	    "family_key = COALESCE(family_key, ?), updated = ? WHERE id = ?" },
	[Q_PCP_GET] = { "pcp_get",
	    "SELECT COALESCE(pcp_id, 0) FROM patients WHERE id = ?" },
	[Q_PCP_SET] = { "pcp_set", "UPDATE patients SET "
	    "pcp_id = NULLIF(CAST(? AS BIGINT), 0) WHERE id = ?" },
	[Q_LINK] = { "link", "UPDATE provider_accounts SET provider_id = ? "
	    "WHERE id = ?" },
	[Q_LINK_PRACTICE] = { "link_practice", "UPDATE providers SET "
	    "practice_id = COALESCE(practice_id, NULLIF(CAST(? AS BIGINT), 0)) "
	    "WHERE id = ?" },
};
const struct db_sqltab store_dirload_sql = DB_SQLTAB("dirload", q);

/* The family name in ASCII lower case: the search key. */
static void
family_key(const char *family, char *out, size_t outsz)
{
	size_t	 i;

	for (i = 0; family != NULL && family[i] != '\0' && i + 1 < outsz; i++)
		out[i] = (family[i] >= 'A' && family[i] <= 'Z') ?
		    (char)(family[i] - 'A' + 'a') : family[i];
	out[i] = '\0';
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
store_dir_by_npi(struct db *db, const char *npi, int64_t *id)
{
	return db_int(db, &q[Q_BY_NPI], id, "t", npi);
}

int
store_dir_upsert(struct db *db, const struct dir_entry *e, time_t now,
    enum dir_upsert *what)
{
	struct db_stmt	*st;
	const char	*mine[10] = { e->given, e->family, e->credential,
	    e->specialty, e->organization, e->address, e->city, e->state,
	    e->postal, e->phone };
	char		 key[256], source[32] = "";
	int64_t		 id = 0;
	int		 rc, i, differ = 0;

	family_key(e->family, key, sizeof(key));
	if ((st = db_stmt(db, &q[Q_GET])) == NULL)
		return -1;
	if ((rc = db_bindv(st, "t", e->npi)) == DB_ROW) {
		id = db_col_int(st, 0);
		snprintf(source, sizeof(source), "%s",
		    db_col_str(st, 1) != NULL ? db_col_str(st, 1) : "");
		for (i = 0; i < 10; i++)
			if (!same(mine[i], db_col_str(st, 2 + i)))
				differ = 1;
	}
	db_reset(st);
	if (rc == -1)
		return -1;
	if (rc == DB_DONE) {
		*what = DIR_ADDED;
		return db_insert(db, &q[Q_ADD], "ttttttttttttti", e->npi,
		    e->given, e->family, e->credential, e->specialty,
		    e->organization, e->address, e->city, e->state, e->postal,
		    e->phone, key, "nppes", (int64_t)now) == -1 ? -1 : 0;
	}
	if (strcmp(source, "nppes") != 0 && strcmp(source, "cda") != 0) {
		long	 n;

		*what = DIR_FILLED;
		n = db_changes(db, &q[Q_FILL], "tttttttttii", e->credential,
		    e->specialty, e->organization, e->address, e->city,
		    e->state, e->postal, e->phone, key, (int64_t)now, id);
		return n == -1 ? -1 : 0;
	}
	if (!differ && strcmp(source, "nppes") == 0) {
		*what = DIR_UNCHANGED;
		return 0;
	}
	*what = DIR_UPDATED;
	return db_exec(db, &q[Q_SET], "tttttttttttii", e->given, e->family,
	    e->credential, e->specialty, e->organization, e->address, e->city,
	    e->state, e->postal, e->phone, key, (int64_t)now, id);
}

int64_t
store_dir_ensure(struct db *db, const struct dir_entry *e,
    const char *source, time_t now, int *made)
{
	char	 key[256];
	int64_t	 id;
	int	 rc;

	*made = 0;
	if ((rc = store_dir_by_npi(db, e->npi, &id)) != 0)
		return rc == 1 ? id : -1;
	family_key(e->family, key, sizeof(key));
	*made = 1;
	return db_insert(db, &q[Q_ADD], "ttttttttttttti", e->npi, e->given,
	    e->family, e->credential, e->specialty, e->organization,
	    e->address, e->city, e->state, e->postal, e->phone, key, source,
	    (int64_t)now);
}

int
store_pcp_get(struct db *db, int64_t patient, int64_t *provider)
{
	return db_int(db, &q[Q_PCP_GET], provider, "i", patient);
}

int
store_pcp_set(struct db *db, int64_t patient, int64_t provider)
{
	long	 n;

	n = db_changes(db, &q[Q_PCP_SET], "ii", provider, patient);
	return n == -1 ? -1 : n > 0;
}

int
store_dir_link_account(struct db *db, int64_t account, int64_t provider,
    int64_t practice)
{
	if (db_exec(db, &q[Q_LINK], "ii", provider, account) == -1)
		return -1;
	return db_exec(db, &q[Q_LINK_PRACTICE], "ii", practice, provider);
}
