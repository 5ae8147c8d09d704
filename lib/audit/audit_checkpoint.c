/*
 * Signed checkpoints of the audit chain: taking one, recording it outside
 * the database, and reading them back for audit_verify.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "arena.h"
#include "audit.h"
#include "audit_checkpoint.h"
#include "crypto.h"
#include "store_audit.h"

#define CP_TAG	"checkpoint v1 count="

/* The signature over "checkpoint v1 count=N head=H at=T". */
static void
cp_sig(const unsigned char *key, int64_t count, const char *head, int64_t at,
    char out[65])
{
	char		 msg[160];
	unsigned char	 mac[32];
	int		 n;

	n = snprintf(msg, sizeof(msg), CP_TAG "%" PRId64 " head=%s at=%" PRId64,
	    count, head, at);
	crypto_hmac_sha256(key, 32, msg, (size_t)n, mac);
	crypto_hex(mac, sizeof(mac), out);
}

char *
audit_checkpoint_take(struct db *db, struct arena *a, time_t now,
    struct audit_checkpoint *cp)
{
	const unsigned char	*key = audit_checkpoint_key();
	struct audit_checkpoint	 c;
	char			 sig[65];

	if (key == NULL || store_audit_head(db, &c.count, c.head) == -1)
		return NULL;
	c.at = (int64_t)now;
	cp_sig(key, c.count, c.head, c.at, sig);
	if (cp != NULL)
		*cp = c;
	return arena_printf(a, CP_TAG "%" PRId64 " head=%s at=%" PRId64 " sig=%s",
	    c.count, c.head, c.at, sig);
}

int
audit_checkpoint_record(const char *line, const char *file, char *err,
    size_t errsz)
{
	size_t	 n = strlen(line);
	char	*l;
	int	 fd, ok;

	openlog("portal-audit", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
	syslog(LOG_NOTICE, "%s", line);
	closelog();

	if ((fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0640)) == -1) {
		snprintf(err, errsz, "%s: %s", file, strerror(errno));
		return -1;
	}
	/* One write of the whole line: appends never interleave. */
	if ((l = malloc(n + 1)) == NULL) {
		close(fd);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	memcpy(l, line, n);
	l[n] = '\n';
	ok = write(fd, l, n + 1) == (ssize_t)(n + 1) && fsync(fd) == 0;
	free(l);
	if (!ok || close(fd) == -1) {
		snprintf(err, errsz, "%s: %s", file, strerror(errno));
		if (!ok)
			close(fd);
		return -1;
	}
	return 0;
}

/* A decimal number of at most 18 digits at *p; advances *p. */
static int
number(const char **p, int64_t *out)
{
	int64_t	 v = 0;
	int	 n = 0;

	while (**p >= '0' && **p <= '9' && n < 18) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0 || (**p >= '0' && **p <= '9'))
		return -1;
	*out = v;
	return 0;
}

static int
hex64(const char **p, char out[65])
{
	int	 i;

	for (i = 0; i < 64; i++) {
		if (!(((*p)[i] >= '0' && (*p)[i] <= '9') ||
		    ((*p)[i] >= 'a' && (*p)[i] <= 'f')))
			return -1;
		out[i] = (*p)[i];
	}
	out[64] = '\0';
	*p += 64;
	return 0;
}

static int
literal(const char **p, const char *s)
{
	size_t	 n = strlen(s);

	if (strncmp(*p, s, n) != 0)
		return -1;
	*p += n;
	return 0;
}

enum audit_cp_parse
audit_checkpoint_parse(const char *line, struct audit_checkpoint *out)
{
	const unsigned char	*key = audit_checkpoint_key();
	const char		*p = strstr(line, CP_TAG);
	char			 sig[65], want[65];

	if (p == NULL)
		return AUDIT_CP_NONE;
	p += strlen(CP_TAG);
	if (number(&p, &out->count) == -1 || literal(&p, " head=") == -1 ||
	    hex64(&p, out->head) == -1 || literal(&p, " at=") == -1 ||
	    number(&p, &out->at) == -1 || literal(&p, " sig=") == -1 ||
	    hex64(&p, sig) == -1)
		return AUDIT_CP_BAD;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p != '\0' || key == NULL)
		return AUDIT_CP_BAD;
	cp_sig(key, out->count, out->head, out->at, want);
	return crypto_equal(sig, want, 64) ? AUDIT_CP_OK : AUDIT_CP_BAD;
}

int
audit_checkpoint_load(FILE *f, struct arena *a, struct audit_checkpoint **out,
    size_t *n, size_t *nbad, size_t *firstbad)
{
	struct audit_checkpoint	 cp;
	char			*line = NULL;
	size_t			 cap = 0, lineno = 0, acap = 0;
	ssize_t			 len;

	*out = NULL;
	*n = *nbad = *firstbad = 0;
	while ((len = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (memchr(line, '\0', (size_t)len) != NULL)
			line[0] = '\0';		/* binary junk: not a checkpoint */
		switch (audit_checkpoint_parse(line, &cp)) {
		case AUDIT_CP_NONE:
			break;
		case AUDIT_CP_OK:
			*(struct audit_checkpoint *)arena_push(a, (void **)out, n,
			    &acap, sizeof(cp)) = cp;
			break;
		case AUDIT_CP_BAD:
			if ((*nbad)++ == 0)
				*firstbad = lineno;
			break;
		}
	}
	free(line);
	return ferror(f) ? -1 : 0;
}
