/*
 * The secrets table, where versions before the key file kept the
 * installation key. Read once, by portalctl init/migrate, to move the key
 * into its file before the migration that deletes it here (issue 7.8).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_secrets.h"

enum { Q_GET, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_GET] = { "get", "SELECT value FROM secrets WHERE name = 'key'" },
};
const struct db_sqltab store_secrets_sql = DB_SQLTAB("secrets", q);

int
store_secret_key(struct db *db, unsigned char out[32])
{
	struct db_stmt	*st = db_stmt(db, &q[Q_GET]);
	const void	*p;
	size_t		 len;
	int		 rc = -1;

	if (db_bindv(st, "") == DB_ROW && (p = db_col_blob(st, 0, &len)) != NULL &&
	    len == 32) {
		memcpy(out, p, 32);
		rc = 0;
	}
	db_reset(st);
	return rc;
}
