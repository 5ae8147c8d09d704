/* The installation's secret key (HMAC of CSRF tokens), made at init. */
#ifndef PORTAL_STORE_SECRETS_H
#define PORTAL_STORE_SECRETS_H

struct db;

/* Reads the 32-byte key into out; 0, or -1 if there is none. */
int	store_secret_key(struct db *, unsigned char out[32]);
/* Makes a fresh random key unless one exists; 0 or -1. */
int	store_secret_init(struct db *);

#endif
