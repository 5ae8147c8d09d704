/* The installation key's old place in the database (now a key file). */
#ifndef PORTAL_STORE_SECRETS_H
#define PORTAL_STORE_SECRETS_H

struct db;

/* Reads the 32-byte key left in the database by an older version into
 * out; 0, or -1 if there is none (never, after the key file migration).
 * Needs schema version 1 or later. */
int	store_secret_key(struct db *, unsigned char out[32]);

#endif
