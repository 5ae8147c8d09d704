/*
 * The secrets table, where versions before the key file kept the
 * installation key. Read once, by portalctl init/migrate, to move the key
 * into its file before the migration that deletes it here (issue 7.8).
 */
#include <string.h>

#include "db.h"
#include "store_secrets.h"

static const char sql_get[] = "SELECT value FROM secrets WHERE name = 'key'";

int
store_secret_key(struct db *db, unsigned char out[32])
{
	sqlite3_stmt	*st = db_stmt(db, sql_get);
	int		 rc = -1;

	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32) {
		memcpy(out, sqlite3_column_blob(st, 0), 32);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}
