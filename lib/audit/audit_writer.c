/*
 * The audit writer's loop: poll every connection, take one message from
 * each that has one, append all their rows in one transaction after the
 * chain's head (read once), commit (synchronous=FULL: durable), then
 * acknowledge each message. What arrives during the commit is the next
 * batch: the fsync is shared by everyone who waited for it. A batch that
 * fails is tried again message by message, so that one bad group fails
 * alone. See audit_writer.h.
 */
#define _GNU_SOURCE		/* struct ucred */
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "audit.h"
#include "audit_client.h"
#include "audit_writer.h"
#include "db.h"
#include "log.h"
#include "store_audit.h"

#define AW_MAXCLIENTS	256
#define AW_GATHER_US	300	/* aw_gather */

struct aw_msg {
	int			 fd;
	uint32_t		 seq;
	struct audit_row	*rows;
	size_t			 n;
	int64_t			 sent;	/* ms, the wire's clock */
	int			 rc;	/* 0 written, -1 not (yet),
					 * AUDIT_ACK_LATE too old to write */
};

struct aw {
	struct db			*db;
	struct arena			*a;	/* reset after each batch */
	struct pollfd			 pfd[1 + AW_MAXCLIENTS]; /* [0]: listening */
	size_t				 nclients;
	struct aw_msg			 msgs[AW_MAXCLIENTS];
	size_t				 nmsgs;
	struct audit_writer_stats	 st;
	unsigned char			 buf[AUDIT_WIRE_MAX];
};

static volatile sig_atomic_t	 aw_stop, aw_report;

static void
aw_signal(int sig)
{
	if (sig == SIGUSR1)
		aw_report = 1;
	else
		aw_stop = 1;
}

void
audit_writer_line(const struct audit_writer_stats *s, char *buf, size_t size)
{
	snprintf(buf, size, "audit-batches commits=%llu rows=%llu mean=%.2f "
	    "max=%llu failed=%llu late=%llu hist=1:%llu,2-3:%llu,4-7:%llu,8-15:%llu,"
	    "16-31:%llu,32-63:%llu,64+:%llu",
	    (unsigned long long)s->commits, (unsigned long long)s->rows,
	    s->commits ? (double)s->rows / (double)s->commits : 0.0,
	    (unsigned long long)s->max, (unsigned long long)s->failed,
	    (unsigned long long)s->late, (unsigned long long)s->hist[0], (unsigned long long)s->hist[1],
	    (unsigned long long)s->hist[2], (unsigned long long)s->hist[3],
	    (unsigned long long)s->hist[4], (unsigned long long)s->hist[5],
	    (unsigned long long)s->hist[6]);
}

static void
aw_log_stats(const struct aw *w)
{
	char	 line[512];

	audit_writer_line(&w->st, line, sizeof(line));
	log_msg("%s", line);
}

static void
aw_count(struct aw *w, size_t rows)
{
	size_t	 b = 0;

	w->st.commits++;
	w->st.rows += rows;
	if (rows > w->st.max)
		w->st.max = rows;
	while (b + 1 < AUDIT_HIST && rows >= ((size_t)2 << b))
		b++;
	w->st.hist[b]++;
}

static void
aw_accept(struct aw *w)
{
	struct ucred	 cr;
	socklen_t	 len;
	int		 fd;

	for (;;) {
		fd = accept4(w->pfd[0].fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_msg("accept: %s", strerror(errno));
			return;
		}
		len = sizeof(cr);
		/* The socket is the portal user's (0600); a peer of another
		 * uid is refused all the same. */
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == -1 ||
		    cr.uid != getuid()) {
			log_msg("audit: a connection of another user refused");
			close(fd);
			continue;
		}
		if (w->nclients == AW_MAXCLIENTS) {
			log_msg("audit: more than %d connections; one refused",
			    AW_MAXCLIENTS);
			close(fd);
			continue;
		}
		w->pfd[1 + w->nclients].fd = fd;
		w->pfd[1 + w->nclients].events = POLLIN;
		w->pfd[1 + w->nclients].revents = 0;
		w->nclients++;
	}
}

static void
aw_drop(struct aw *w, size_t i)
{
	close(w->pfd[1 + i].fd);
	w->pfd[1 + i] = w->pfd[w->nclients];
	w->nclients--;
}

static void
aw_ack(int fd, uint32_t seq, int32_t rc)
{
	unsigned char	 ack[AUDIT_WIRE_ACK];
	uint32_t	 magic = AUDIT_WIRE_MAGIC;

	memcpy(ack, &magic, 4);
	memcpy(ack + 4, &seq, 4);
	memcpy(ack + 8, &rc, 4);
	/* A client that is gone is dropped at its next poll. */
	(void)send(fd, ack, sizeof(ack), MSG_DONTWAIT | MSG_NOSIGNAL);
}

/* Takes at most one message from client i (a worker waits for the answer
 * before it sends again); 0, or -1 if the client is gone. */
static int
aw_read(struct aw *w, size_t i)
{
	struct aw_msg	*m;
	unsigned char	*copy;
	ssize_t		 r;
	int		 fd = w->pfd[1 + i].fd;

	r = recv(fd, w->buf, sizeof(w->buf), MSG_DONTWAIT | MSG_TRUNC);
	/* Nothing to read on a socket in error would poll again at once. */
	if (r == -1)
		return (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR) && !(w->pfd[1 + i].revents &
		    (POLLERR | POLLHUP | POLLNVAL)) ? 0 : -1;
	if (r == 0)
		return -1;
	m = &w->msgs[w->nmsgs];
	memset(m, 0, sizeof(*m));
	m->fd = fd;
	m->rc = -1;
	if ((size_t)r > sizeof(w->buf)) {
		log_msg("audit: a message of %zd bytes refused", r);
		aw_ack(fd, 0, -1);
		w->st.failed++;
		return 0;
	}
	copy = arena_alloc(w->a, (size_t)r);
	memcpy(copy, w->buf, (size_t)r);
	if (audit_wire_decode(w->a, copy, (size_t)r, &m->seq, &m->sent,
	    &m->rows, &m->n) == -1) {
		log_msg("audit: a malformed message refused");
		aw_ack(fd, m->seq, -1);
		w->st.failed++;
		return 0;
	}
	w->nmsgs++;
	return 0;
}

/* Appends rows[0..n) in a transaction of their own; 0, -1, or -2 if
 * the transaction could not even begin (busy past the timeout, a failing
 * disk): then no row would fare better alone. */
static int
aw_txn(struct aw *w, const struct audit_row *rows, size_t n)
{
	if (db_begin(w->db) == -1) {
		log_msg("audit: begin: %s", db_errmsg(w->db));
		return -2;
	}
	if (audit_append(w->db, w->a, rows, n) == -1 || db_commit(w->db) == -1) {
		log_msg("audit: %zu rows not written: %s", n, db_errmsg(w->db));
		db_rollback(w->db);
		return -1;
	}
	aw_count(w, n);
	return 0;
}

/* Writes the batch: all together, else message by message. */
static void
aw_commit(struct aw *w)
{
	struct audit_row	*all;
	size_t			 i, n = 0, o = 0;
	int64_t			 now = audit_wire_now_ms();
	int			 rc;

	/* A message its worker may have stopped waiting for is not
	 * written (the worker writes it inline): a row is never written
	 * twice because the writer was slow (audit_client.h). */
	for (i = 0; i < w->nmsgs; i++)
		if (now - w->msgs[i].sent > AUDIT_WRITER_MAX_AGE_MS) {
			w->msgs[i].rc = AUDIT_ACK_LATE;
			w->st.late += w->msgs[i].n;
		} else
			n += w->msgs[i].n;
	if (n == 0)
		return;
	all = arena_alloc(w->a, n * sizeof(*all));
	for (i = 0; i < w->nmsgs; i++) {
		if (w->msgs[i].rc == AUDIT_ACK_LATE)
			continue;
		memcpy(all + o, w->msgs[i].rows, w->msgs[i].n * sizeof(*all));
		o += w->msgs[i].n;
	}
	if ((rc = aw_txn(w, all, n)) == 0) {
		for (i = 0; i < w->nmsgs; i++)
			if (w->msgs[i].rc != AUDIT_ACK_LATE)
				w->msgs[i].rc = 0;
		return;
	}
	if (rc == -1)
		log_msg("audit: a batch of %zu rows failed; writing them group "
		    "by group", n);
	for (i = 0; i < w->nmsgs; i++) {
		if (w->msgs[i].rc == AUDIT_ACK_LATE)
			continue;
		/* Each waited for the lock once already: not again. */
		if (rc == -1 && (w->msgs[i].rc = aw_txn(w, w->msgs[i].rows,
		    w->msgs[i].n)) == 0)
			continue;
		w->msgs[i].rc = -1;
		w->st.failed += w->msgs[i].n;
	}
}

/*
 * With rows to commit and other workers connected, waits a moment for
 * theirs (AW_GATHER_US, at most): a commit costs one fsync whatever its
 * size, so fewer and larger ones cost less (PostgreSQL's commit_delay).
 * A worker only sends after its answer, so the wait ends early when every
 * client has a message in the batch.
 */
static void
aw_gather(struct aw *w)
{
	struct timespec	 ts = { 0, AW_GATHER_US * 1000 };
	size_t		 i;

	if (w->nmsgs == 0 || w->nmsgs >= w->nclients)
		return;
	if (ppoll(w->pfd + 1, w->nclients, &ts, NULL) <= 0)
		return;
	for (i = w->nclients; i-- > 0;)
		if (w->pfd[1 + i].revents != 0 && aw_read(w, i) == -1)
			aw_drop(w, i);
}

static long long
aw_now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec;
}

int
audit_writer_run(struct db *db, int lfd, unsigned report_s,
    struct audit_writer_stats *out)
{
	struct sigaction	 sa;
	struct aw		*w;
	long long		 next_report;
	uint64_t		 reported = 0;
	size_t			 i;
	int			 n;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return -1;
	if (fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK) == -1) {
		log_msg("audit: the listening socket: %s", strerror(errno));
		free(w);
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = aw_signal;	/* no SA_RESTART: poll returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	w->db = db;
	w->a = arena_new();
	w->pfd[0].fd = lfd;
	w->pfd[0].events = POLLIN;
	next_report = aw_now_s() + report_s;
	while (!aw_stop) {
		if (aw_report || (report_s > 0 && aw_now_s() >= next_report &&
		    w->st.rows + w->st.failed != reported)) {
			aw_log_stats(w);
			reported = w->st.rows + w->st.failed;
			aw_report = 0;
		}
		if (report_s > 0 && aw_now_s() >= next_report)
			next_report = aw_now_s() + report_s;
		n = poll(w->pfd, 1 + w->nclients, 1000);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			log_msg("audit: poll: %s", strerror(errno));
			break;
		}
		if (n == 0)
			continue;
		/* Clients first (the pfd array changes on accept). */
		for (i = w->nclients; i-- > 0;)
			if (w->pfd[1 + i].revents != 0 && aw_read(w, i) == -1)
				aw_drop(w, i);
		if (w->pfd[0].revents & POLLIN)
			aw_accept(w);
		aw_gather(w);
		if (w->nmsgs > 0) {
			aw_commit(w);
			for (i = 0; i < w->nmsgs; i++)
				aw_ack(w->msgs[i].fd, w->msgs[i].seq,
				    w->msgs[i].rc);
			w->nmsgs = 0;
		}
		arena_reset(w->a);
	}
	aw_log_stats(w);
	if (out != NULL)
		*out = w->st;
	for (i = 0; i < w->nclients; i++)
		close(w->pfd[1 + i].fd);
	arena_free(w->a);
	free(w);
	return 0;
}
