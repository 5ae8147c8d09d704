/*
 * The secrets table: one row, the installation's HMAC key.
 */
#include <string.h>

#include "crypto.h"
#include "db.h"
#include "store_secrets.h"

static const char sql_get[] = "SELECT value FROM secrets WHERE name = 'key'";
static const char sql_put[] =
    "INSERT OR IGNORE INTO secrets (name, value) VALUES ('key', ?)";

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

int
store_secret_init(struct db *db)
{
	unsigned char	 key[32];
	int		 rc;

	crypto_random(key, sizeof(key));
	rc = db_exec(db, sql_put, "b", key, sizeof(key));
	memset(key, 0, sizeof(key));
	return rc;
}
