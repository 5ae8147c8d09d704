/*
 * The installation key's file: one line of 64 hex digits. Hex, so that it
 * can be printed for the safe and typed back; checked for its mode on
 * every read, so a copy made readable by others is refused, not used.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "keyfile.h"

static int
unhex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
keyfile_read(const char *path, unsigned char key[KEYFILE_LEN], char *err,
    size_t errsz)
{
	struct stat	 st;
	char		 text[2 * KEYFILE_LEN + 2];
	ssize_t		 n;
	int		 fd, i, hi, lo, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errsz, "%s: %s%s", path, strerror(errno),
		    errno == ENOENT ? " (portalctl init, or migrate after an "
		    "upgrade, makes it; else restore it from its backup)" : "");
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsz, "%s: not a regular file", path);
		goto out;
	}
	/* Owner read(-write); the group may read; nobody else anything. */
	if ((st.st_mode & 0137) != 0) {
		snprintf(err, errsz, "%s: mode %04o lets others read or change "
		    "the key: chmod 0600 (or 0640) it", path,
		    (unsigned)(st.st_mode & 07777));
		goto out;
	}
	n = read(fd, text, sizeof(text));
	if (n != 2 * KEYFILE_LEN + 1 || text[2 * KEYFILE_LEN] != '\n') {
		snprintf(err, errsz, "%s: not an installation key (64 hex digits "
		    "and a newline)", path);
		goto out;
	}
	for (i = 0; i < KEYFILE_LEN; i++) {
		hi = unhex(text[2 * i]);
		lo = unhex(text[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			snprintf(err, errsz, "%s: not an installation key (64 hex "
			    "digits and a newline)", path);
			explicit_bzero(key, KEYFILE_LEN);
			goto out;
		}
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	rc = 0;
out:
	explicit_bzero(text, sizeof(text));
	close(fd);
	return rc;
}

int
keyfile_create(const char *path, const unsigned char key[KEYFILE_LEN],
    char *err, size_t errsz)
{
	char	 text[2 * KEYFILE_LEN + 2];
	int	 fd, rc = -1;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	crypto_hex(key, KEYFILE_LEN, text);
	text[2 * KEYFILE_LEN] = '\n';
	/* The umask may only have made it stricter; make sure of 0600. */
	if (fchmod(fd, 0600) == -1 ||
	    write(fd, text, sizeof(text) - 1) != (ssize_t)(sizeof(text) - 1) ||
	    fsync(fd) == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	if (close(fd) == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		unlink(path);
		goto out;
	}
	rc = 0;
out:
	explicit_bzero(text, sizeof(text));
	return rc;
}

int
keyfile_exists(const char *path, char *err, size_t errsz)
{
	struct stat	 st;

	if (lstat(path, &st) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	snprintf(err, errsz, "%s: %s", path, strerror(errno));
	return -1;
}
