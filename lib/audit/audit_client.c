/*
 * The worker's side of the audit writer: one persistent connection, one
 * send and one receive per group of rows; see audit_client.h. A worker
 * that cannot reach the writer says so once (and once again when it is
 * back) and audit.c writes its rows inline meanwhile.
 */
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "audit_client.h"
#include "log.h"
#include "store_audit.h"

static int		 cl_fd = -1;
static int64_t		 cl_pause_until;	/* ms: inline until then */
static uint32_t		 cl_seq;
static int		 cl_unreachable;	/* said so in the log */
static unsigned char	 cl_buf[AUDIT_WIRE_MAX];

static void
put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint32_t
get32(const unsigned char *p)
{
	uint32_t	 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static size_t
text_len(const char *s)
{
	return s == NULL ? 0 : strlen(s) + 1;
}

int64_t
audit_wire_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

size_t
audit_wire_encode(unsigned char *buf, size_t size, uint32_t seq,
    int64_t sent_ms, const struct audit_row *rows, size_t n)
{
	const char	*t[4];
	size_t		 o = AUDIT_WIRE_HDR, i, k, len[4];
	uint16_t	 l16;

	if (n > UINT32_MAX || size < AUDIT_WIRE_HDR)
		return 0;
	put32(buf, AUDIT_WIRE_MAGIC);
	put32(buf + 4, seq);
	put32(buf + 8, (uint32_t)n);
	memcpy(buf + 12, &sent_ms, 8);
	for (i = 0; i < n; i++) {
		t[0] = rows[i].actor;
		t[1] = rows[i].action;
		t[2] = rows[i].addr;
		t[3] = rows[i].detail;
		if (size - o < AUDIT_WIRE_ROW)
			return 0;
		memcpy(buf + o, &rows[i].at, 8);
		memcpy(buf + o + 8, &rows[i].patient_id, 8);
		for (k = 0; k < 4; k++) {
			if ((len[k] = text_len(t[k])) > UINT16_MAX)
				return 0;
			l16 = (uint16_t)len[k];
			memcpy(buf + o + 16 + 2 * k, &l16, 2);
		}
		o += AUDIT_WIRE_ROW;
		for (k = 0; k < 4; k++) {
			if (size - o < len[k])
				return 0;
			if (len[k] > 0)
				memcpy(buf + o, t[k], len[k]);
			o += len[k];
		}
	}
	return o;
}

int
audit_wire_decode(struct arena *a, unsigned char *buf, size_t len,
    uint32_t *seq, int64_t *sent_ms, struct audit_row **rows, size_t *n)
{
	struct audit_row	*r;
	const char		**t[4];
	size_t			 o = AUDIT_WIRE_HDR, i, k, cnt;
	uint16_t		 l16[4];

	if (len < AUDIT_WIRE_HDR || get32(buf) != AUDIT_WIRE_MAGIC)
		return -1;
	*seq = get32(buf + 4);
	cnt = get32(buf + 8);
	memcpy(sent_ms, buf + 12, 8);
	/* Each row takes at least AUDIT_WIRE_ROW bytes: a count that
	 * cannot fit is refused before anything is allocated for it. */
	if (cnt == 0 || cnt > (len - o) / AUDIT_WIRE_ROW)
		return -1;
	*rows = arena_alloc(a, cnt * sizeof(**rows));
	for (i = 0; i < cnt; i++) {
		r = &(*rows)[i];
		memset(r, 0, sizeof(*r));
		if (len - o < AUDIT_WIRE_ROW)
			return -1;
		memcpy(&r->at, buf + o, 8);
		memcpy(&r->patient_id, buf + o + 8, 8);
		for (k = 0; k < 4; k++)
			memcpy(&l16[k], buf + o + 16 + 2 * k, 2);
		t[0] = &r->actor;
		t[1] = &r->action;
		t[2] = &r->addr;
		t[3] = &r->detail;
		o += AUDIT_WIRE_ROW;
		for (k = 0; k < 4; k++) {
			if (l16[k] == 0)
				continue;
			if (len - o < l16[k] ||
			    memchr(buf + o, '\0', l16[k]) != buf + o + l16[k] - 1)
				return -1;
			*t[k] = (const char *)buf + o;
			o += l16[k];
		}
		/* The action is what the log is read by: never missing. */
		if (r->action == NULL)
			return -1;
	}
	*n = cnt;
	return o == len ? 0 : -1;
}

static void
cl_close(void)
{
	if (cl_fd != -1)
		close(cl_fd);
	cl_fd = -1;
}

/* Connects to the writer; 0 or -1. */
static int
cl_connect(const char *path)
{
	struct sockaddr_un	 sun;
	struct timeval		 tv = { AUDIT_CLIENT_WAIT_S, 0 };

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -1;
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if ((cl_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(cl_fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    setsockopt(cl_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1 ||
	    setsockopt(cl_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == -1) {
		cl_close();
		return -1;
	}
	return 0;
}

/* One exchange on the open connection: 0, AUDIT_CLIENT_FAILED, or
 * AUDIT_CLIENT_UNREACHABLE (broken: closed; *timeout if it was a wait). */
static int
cl_exchange(size_t len, uint32_t seq, int *timeout)
{
	unsigned char	 ack[AUDIT_WIRE_ACK];
	ssize_t		 r;
	int32_t		 st;

	*timeout = 0;
	while ((r = send(cl_fd, cl_buf, len, MSG_NOSIGNAL)) == -1 &&
	    errno == EINTR)
		;
	if (r == (ssize_t)len) {
		while ((r = recv(cl_fd, ack, sizeof(ack), 0)) == -1 &&
		    errno == EINTR)
			;
		if (r == (ssize_t)sizeof(ack) && get32(ack) == AUDIT_WIRE_MAGIC &&
		    get32(ack + 4) == seq) {
			memcpy(&st, ack + 8, sizeof(st));
			/* Too late for the writer: the rows are ours to write. */
			if (st == AUDIT_ACK_LATE)
				return AUDIT_CLIENT_UNREACHABLE;
			return st == 0 ? 0 : AUDIT_CLIENT_FAILED;
		}
	}
	*timeout = r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK);
	/* A late answer must never be read as the next one's. */
	cl_close();
	return AUDIT_CLIENT_UNREACHABLE;
}

int
audit_client_send(const struct audit_row *rows, size_t n)
{
	static const char	*path;
	static int		 looked;
	size_t			 len;
	int			 rc, tries, timeout = 0;

	if (!looked) {
		path = getenv(AUDIT_SOCKET_ENV);
		looked = 1;
	}
	if (path == NULL || *path == '\0')
		return AUDIT_CLIENT_UNREACHABLE;
	/* A writer that did not answer in time is left alone a while. */
	if (cl_pause_until != 0 && audit_wire_now_ms() < cl_pause_until)
		return AUDIT_CLIENT_UNREACHABLE;
	cl_pause_until = 0;
	if ((len = audit_wire_encode(cl_buf, sizeof(cl_buf), ++cl_seq,
	    audit_wire_now_ms(), rows, n)) == 0)
		return AUDIT_CLIENT_UNREACHABLE;
	/* A connection the writer's death broke is made again once: the
	 * new writer is usually up within milliseconds. */
	for (rc = AUDIT_CLIENT_UNREACHABLE, tries = 0; tries < 2 && !timeout &&
	    rc == AUDIT_CLIENT_UNREACHABLE; tries++) {
		if (cl_fd == -1 && cl_connect(path) == -1)
			break;
		rc = cl_exchange(len, cl_seq, &timeout);
	}
	if (timeout)
		cl_pause_until = audit_wire_now_ms() + AUDIT_CLIENT_PAUSE_S * 1000;
	if (rc == AUDIT_CLIENT_UNREACHABLE && !cl_unreachable) {
		log_msg("audit: the audit writer (%s) does not answer; writing "
		    "audit rows inline meanwhile", path);
		cl_unreachable = 1;
	} else if (rc != AUDIT_CLIENT_UNREACHABLE && cl_unreachable) {
		log_msg("audit: the audit writer answers again");
		cl_unreachable = 0;
	}
	return rc;
}
