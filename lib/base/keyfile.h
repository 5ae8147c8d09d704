/*
 * The installation key (issue 7.8): 32 random bytes in a file of its own,
 * outside the database, readable only by the portal's user (0600) or also
 * its group (0640). Every other key is derived from it (crypto_hkdf_expand):
 * the CSRF key and the audit chain's and checkpoints' keys.
 */
#ifndef PORTAL_KEYFILE_H
#define PORTAL_KEYFILE_H

#include <stddef.h>

#define KEYFILE_LEN	32

/* Reads the key at path into key. 0, or -1 with the reason in err: no
 * such file, not a regular file, a mode that lets others read it or
 * anyone but its owner write it, or not 64 hex digits and a newline. */
int	keyfile_read(const char *path, unsigned char key[KEYFILE_LEN],
	    char *err, size_t errsz);
/* Writes key to a new file at path, mode 0600 (never over an existing
 * file), and makes it durable. 0, or -1 with the reason in err. */
int	keyfile_create(const char *path, const unsigned char key[KEYFILE_LEN],
	    char *err, size_t errsz);
/* 1 if a file (or anything) is at path, 0 if not, -1 with err if that
 * cannot be told. */
int	keyfile_exists(const char *path, char *err, size_t errsz);

#endif
