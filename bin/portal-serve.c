/*
 * portal-serve: a small supervisor for the portal's FastCGI programs.
 *
 *	portal-serve -d RUNDIR [-l] [-n WORKERS] [-g GROUP] [-p PIDFILE]
 *	    [-a AUDIT-WRITER] PROGRAM...
 *
 * For each PROGRAM it listens on the unix socket RUNDIR/<basename>.sock
 * (mode 0660, group GROUP if given) and keeps WORKERS copies of the program
 * running with that socket as standard input, which is where libfcgi
 * accepts (FCGI_LISTENSOCK_FILENO), the same as spawn-fcgi or systemd socket
 * activation. Each worker gets a pipe on fd 3 (PORTAL_READY_FD) and writes
 * one byte to it once it is ready to accept. A worker that dies after that
 * (a request crashed it) is started again at once, however often: a
 * crashing request must not starve everyone else of the program. Only a
 * worker that keeps dying before it is ready (bad configuration, no
 * database) is restarted after a growing pause (up to 5 s). Every death
 * is logged on standard error. SIGHUP restarts all workers (to
 * pick up new binaries), SIGTERM or SIGINT stops them (TERM, then KILL after
 * 5 s), removes the sockets and the pid file, and exits 0.
 *
 * With -l (lazy), a program's workers start when the first connection
 * waits on its socket rather than at once; from then on they are kept
 * running as above. Thirty-odd programs of which a node serves few (or a
 * test touches few) then cost only the memory and start-up of those used.
 *
 * With -a, one copy of the audit writer (bin/portal-audit) runs beside
 * them, restarted the same way, on RUNDIR/audit.sock (SOCK_SEQPACKET,
 * mode 0600: only the portal's own user, never the web server), and every
 * program is told where it is in PORTAL_AUDIT_SOCKET (issue 9.1).
 *
 * Restarting matters here: Debian 12's libfcgi still aborts on some crafted
 * records, so only the web server may reach the sockets and a worker that
 * falls over must come back. Signals stay blocked but while ppoll()
 * waits (which unblocks them atomically): their handlers only set a flag
 * the loop reads after ppoll returns, so there are no races with them. A
 * forked worker puts the default actions back before it unblocks them.
 * Standalone: no libportal calls.
 */

#define _GNU_SOURCE		/* ppoll (glibc; the BSDs have it too) */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SERVE_MAXWORKERS	64
#define SERVE_MAXPROGS		64
#define SERVE_BACKLOG		128
#define SERVE_QUICK_MS		1000	/* a death this soon after start is "quick" */
#define SERVE_BACKOFF_MS	100	/* first pause after a quick death, doubled ... */
#define SERVE_BACKOFF_MAX_MS	5000	/* ... up to this */
#define SERVE_STOP_MS		5000	/* TERM, then KILL after this */
#define SERVE_AUDIT_CLIENTS	256	/* lib/audit/audit_writer.c AW_MAXCLIENTS */
#define SERVE_READY_FD		3	/* a worker's readiness pipe ... */
#define SERVE_READY_FD_STR	"3"	/* ... as PORTAL_READY_FD says */

extern char **environ;

struct prog {
	const char	*pr_path;	/* as given: exec'd as is */
	const char	*pr_name;	/* basename of pr_path */
	int		 pr_audit;	/* the audit writer (-a) */
	char		 pr_sock[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int		 pr_fd;		/* listening socket, -1 if not open */
	int		 pr_on;		/* its workers run (-l: once asked for) */
};

struct worker {
	struct prog	*wk_prog;
	pid_t		 wk_pid;	/* 0: not running */
	long long	 wk_started;	/* ms, monotonic */
	long long	 wk_due;	/* ms, monotonic: when to (re)start */
	unsigned	 wk_quick;	/* quick deaths in a row */
	int		 wk_restart;	/* told to stop by SIGHUP: no backoff */
	int		 wk_ready;	/* read end of its readiness pipe, or -1 */
};

static struct prog	 progs[SERVE_MAXPROGS + 1];	/* + the audit writer */
static size_t		 nprogs;
static struct worker	*workers;
static size_t		 nworkers;
static const char	*pidfile;
static int		 pidfile_written;
static volatile sig_atomic_t	 got[NSIG];	/* set by on_signal */

static void	 serve_log(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
static void	 serve_die(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static void	 serve_usage(void) __attribute__((noreturn));
static long long serve_now(void);
static void	 serve_cleanup(void);
static void	 prog_listen(struct prog *, const char *, gid_t, int);
static void	 worker_start(struct worker *, const sigset_t *);
static void	 worker_reap(int);
static void	 serve_stop(const sigset_t *);
static void	 serve_pidfile(void);

/* Only while ppoll waits (a worker resets it before it unblocks the
 * signals): the loop reads the flag when ppoll returns. */
static void
on_signal(int sig)
{
	got[sig] = 1;
}

static void
serve_log(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	fputs("portal-serve: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void
serve_die(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	fputs("portal-serve: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	serve_cleanup();
	exit(1);
}

static void
serve_usage(void)
{
	fprintf(stderr, "usage: portal-serve -d rundir [-l] [-n workers] "
	    "[-g group] [-p pidfile] [-a audit-writer] program ...\n");
	exit(2);
}

static long long
serve_now(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1) {
		serve_log("clock_gettime: %s", strerror(errno));
		return 0;
	}
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Removes what this process created: sockets and the pid file. */
static void
serve_cleanup(void)
{
	size_t	 i;

	for (i = 0; i < nprogs; i++) {
		if (progs[i].pr_fd == -1)
			continue;
		if (unlink(progs[i].pr_sock) == -1 && errno != ENOENT)
			serve_log("unlink %s: %s", progs[i].pr_sock,
			    strerror(errno));
		(void)close(progs[i].pr_fd);
		progs[i].pr_fd = -1;
	}
	if (pidfile_written && unlink(pidfile) == -1 && errno != ENOENT)
		serve_log("unlink %s: %s", pidfile, strerror(errno));
	pidfile_written = 0;
}

/*
 * Opens the listening socket of one program. A leftover socket file is
 * removed only if it is a socket nobody answers on: a live one means
 * another supervisor owns it. The audit writer's is audit.sock, a
 * SOCK_SEQPACKET socket, 0600 and never the web server's group.
 */
static void
prog_listen(struct prog *pr, const char *rundir, gid_t gid, int chgrp)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	mode_t			 old, mode = pr->pr_audit ? 0600 : 0660;
	int			 fd, n, type;

	type = pr->pr_audit ? SOCK_SEQPACKET : SOCK_STREAM;
	chgrp = chgrp && !pr->pr_audit;
	n = snprintf(pr->pr_sock, sizeof(pr->pr_sock), "%s/%s.sock",
	    rundir, pr->pr_audit ? "audit" : pr->pr_name);
	if (n < 0 || (size_t)n >= sizeof(pr->pr_sock))
		serve_die("%s/%s.sock: path too long for a socket",
		    rundir, pr->pr_name);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, pr->pr_sock, (size_t)n + 1);

	if (lstat(pr->pr_sock, &st) == 0) {
		if (!S_ISSOCK(st.st_mode))
			serve_die("%s: exists and is not a socket", pr->pr_sock);
		if ((fd = socket(AF_UNIX, type, 0)) == -1)
			serve_die("socket: %s", strerror(errno));
		if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
			serve_die("%s: in use by another process", pr->pr_sock);
		(void)close(fd);
		if (unlink(pr->pr_sock) == -1)
			serve_die("unlink %s: %s", pr->pr_sock, strerror(errno));
	} else if (errno != ENOENT)
		serve_die("%s: %s", pr->pr_sock, strerror(errno));

	if ((fd = socket(AF_UNIX, type, 0)) == -1)
		serve_die("socket: %s", strerror(errno));
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		serve_die("fcntl: %s", strerror(errno));

	/* Created with its mode at once: no moment where others may connect. */
	old = umask(0777 & ~mode);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		(void)umask(old);
		serve_die("bind %s: %s", pr->pr_sock, strerror(errno));
	}
	(void)umask(old);
	pr->pr_fd = fd;		/* from here on, cleanup removes the file */

	if (chgrp && chown(pr->pr_sock, (uid_t)-1, gid) == -1)
		serve_die("chown %s: %s", pr->pr_sock, strerror(errno));
	if (chmod(pr->pr_sock, mode) == -1)
		serve_die("chmod %s: %s", pr->pr_sock, strerror(errno));
	if (listen(fd, SERVE_BACKLOG) == -1)
		serve_die("listen %s: %s", pr->pr_sock, strerror(errno));
}

/* Forks one worker: the program with its socket on fd 0. */
static void
worker_start(struct worker *wk, const sigset_t *empty)
{
	struct prog	*pr = wk->wk_prog;
	char		*argv[2];
	pid_t		 pid, parent = getpid();
	int		 ready[2] = { -1, -1 };

	if (pipe(ready) == -1 || fcntl(ready[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(ready[1], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(ready[0], F_SETFL, O_NONBLOCK) == -1) {
		serve_log("%s: pipe: %s", pr->pr_name, strerror(errno));
		if (ready[0] != -1) {
			close(ready[0]);
			close(ready[1]);
		}
		wk->wk_due = serve_now() + SERVE_BACKOFF_MAX_MS;
		return;
	}
	if ((pid = fork()) == -1) {
		serve_log("%s: fork: %s", pr->pr_name, strerror(errno));
		close(ready[0]);
		close(ready[1]);
		wk->wk_due = serve_now() + SERVE_BACKOFF_MAX_MS;
		return;
	}
	if (pid == 0) {
#ifdef __linux__
		/* Workers must not outlive a supervisor that was killed. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 ||
		    getppid() != parent)
			_exit(127);
#else
		(void)parent;
#endif
		if (dup2(pr->pr_fd, STDIN_FILENO) == -1 ||
		    (ready[1] == SERVE_READY_FD ?
		    fcntl(ready[1], F_SETFD, 0) : dup2(ready[1], SERVE_READY_FD)) == -1 ||
		    setenv("PORTAL_READY_FD", SERVE_READY_FD_STR, 1) == -1) {
			fprintf(stderr, "portal-serve: %s: dup2: %s\n",
			    pr->pr_name, strerror(errno));
			_exit(127);
		}
		/* The supervisor's handlers only set its flags: a signal
		 * pending now (a stop, a restart, the parent's death) must
		 * act on the worker as it would on the program. */
		if (signal(SIGTERM, SIG_DFL) == SIG_ERR ||
		    signal(SIGINT, SIG_DFL) == SIG_ERR ||
		    signal(SIGHUP, SIG_DFL) == SIG_ERR ||
		    signal(SIGCHLD, SIG_DFL) == SIG_ERR ||
		    sigprocmask(SIG_SETMASK, empty, NULL) == -1)
			_exit(127);
		argv[0] = (char *)pr->pr_path;
		argv[1] = NULL;
		execve(pr->pr_path, argv, environ);
		fprintf(stderr, "portal-serve: %s: exec: %s\n",
		    pr->pr_path, strerror(errno));
		_exit(127);
	}
	close(ready[1]);
	wk->wk_ready = ready[0];
	wk->wk_pid = pid;
	wk->wk_started = serve_now();
	wk->wk_restart = 0;
}

/* 1 if the dead worker had said it was ready; closes the pipe. */
static int
worker_was_ready(struct worker *wk)
{
	char	 b;
	ssize_t	 n;

	if (wk->wk_ready == -1)
		return 0;
	while ((n = read(wk->wk_ready, &b, 1)) == -1 && errno == EINTR)
		;
	close(wk->wk_ready);
	wk->wk_ready = -1;
	return n == 1;
}

/* Collects every dead child and schedules its restart. */
static void
worker_reap(int stopping)
{
	struct worker	*wk;
	long long	 now, pause;
	pid_t		 pid;
	size_t		 i;
	int		 status, was_ready;

	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid == -1 && errno == EINTR)
			continue;
		if (pid <= 0)
			break;
		for (wk = NULL, i = 0; i < nworkers; i++)
			if (workers[i].wk_pid == pid) {
				wk = &workers[i];
				break;
			}
		if (wk == NULL)
			continue;
		wk->wk_pid = 0;
		was_ready = worker_was_ready(wk);
		if (stopping)
			continue;

		now = serve_now();
		if (wk->wk_restart) {
			wk->wk_quick = 0;
			wk->wk_due = now;
			continue;
		}
		if (WIFSIGNALED(status))
			serve_log("%s: worker %ld killed by signal %d (%s)",
			    wk->wk_prog->pr_name, (long)pid, WTERMSIG(status),
			    strsignal(WTERMSIG(status)));
		else
			serve_log("%s: worker %ld exited with status %d",
			    wk->wk_prog->pr_name, (long)pid,
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1);

		if (was_ready) {
			/* It died serving: at once, or one bad request a
			 * second would keep the program down for everyone. */
			wk->wk_quick = 0;
			wk->wk_due = now;
			continue;
		}
		if (now - wk->wk_started < SERVE_QUICK_MS) {
			if (wk->wk_quick < 16)
				wk->wk_quick++;
		} else
			wk->wk_quick = 0;
		pause = 0;
		if (wk->wk_quick > 1) {
			pause = (long long)SERVE_BACKOFF_MS << (wk->wk_quick - 2);
			if (pause > SERVE_BACKOFF_MAX_MS)
				pause = SERVE_BACKOFF_MAX_MS;
			serve_log("%s: dies at start; restarting in %lld ms",
			    wk->wk_prog->pr_name, pause);
		}
		wk->wk_due = now + pause;
	}
}

/* TERM to every worker, KILL to those left after SERVE_STOP_MS. */
static void
serve_stop(const sigset_t *set)
{
	struct timespec	 ts;
	long long	 deadline, left;
	size_t		 i, alive;

	for (i = 0; i < nworkers; i++)
		if (workers[i].wk_pid > 0 &&
		    kill(workers[i].wk_pid, SIGTERM) == -1 && errno != ESRCH)
			serve_log("kill %ld: %s", (long)workers[i].wk_pid,
			    strerror(errno));

	deadline = serve_now() + SERVE_STOP_MS;
	for (;;) {
		worker_reap(1);
		for (alive = 0, i = 0; i < nworkers; i++)
			if (workers[i].wk_pid > 0)
				alive++;
		if (alive == 0)
			return;
		if ((left = deadline - serve_now()) <= 0)
			break;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (left % 1000) * 1000000;
		/* Further TERM/INT/HUP are taken and dropped here. */
		if (sigtimedwait(set, NULL, &ts) == -1 &&
		    errno != EAGAIN && errno != EINTR)
			serve_log("sigtimedwait: %s", strerror(errno));
	}

	for (i = 0; i < nworkers; i++) {
		if (workers[i].wk_pid <= 0)
			continue;
		serve_log("%s: worker %ld did not stop; killing it",
		    workers[i].wk_prog->pr_name, (long)workers[i].wk_pid);
		if (kill(workers[i].wk_pid, SIGKILL) == -1 && errno != ESRCH)
			serve_log("kill %ld: %s", (long)workers[i].wk_pid,
			    strerror(errno));
	}
	for (i = 0; i < nworkers; i++) {
		if (workers[i].wk_pid <= 0)
			continue;
		while (waitpid(workers[i].wk_pid, NULL, 0) == -1 &&
		    errno == EINTR)
			continue;
		workers[i].wk_pid = 0;
	}
}

static void
serve_pidfile(void)
{
	char	 buf[32];
	int	 fd, n;

	if ((fd = open(pidfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0644)) == -1)
		serve_die("%s: %s", pidfile, strerror(errno));
	pidfile_written = 1;
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(buf) ||
	    write(fd, buf, (size_t)n) != (ssize_t)n)
		serve_die("%s: write failed", pidfile);
	if (close(fd) == -1)
		serve_die("%s: %s", pidfile, strerror(errno));
}

int
main(int argc, char *argv[])
{
	struct group	*gr;
	struct timespec	 ts, *tsp;
	struct sigaction sa;
	struct pollfd	 pfd[SERVE_MAXPROGS + 1];
	struct prog	*asked[SERVE_MAXPROGS + 1];
	sigset_t	 set, empty;
	const char	*rundir = NULL, *group = NULL, *errstr, *slash;
	const char	*audit = NULL;
	struct worker	*wk;
	long long	 now, next;
	long		 nper = 2;
	char		*end;
	gid_t		 gid = 0;
	size_t		 i, j, npfd;
	int		 c, n, lazy = 0;

	while ((c = getopt(argc, argv, "a:d:g:ln:p:")) != -1) {
		switch (c) {
		case 'a':
			audit = optarg;
			break;
		case 'd':
			rundir = optarg;
			break;
		case 'g':
			group = optarg;
			break;
		case 'l':
			lazy = 1;
			break;
		case 'n':
			errno = 0;
			nper = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    nper < 1 || nper > SERVE_MAXWORKERS) {
				fprintf(stderr, "portal-serve: -n: want 1 to "
				    "%d workers\n", SERVE_MAXWORKERS);
				exit(2);
			}
			break;
		case 'p':
			pidfile = optarg;
			break;
		default:
			serve_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (rundir == NULL || argc < 1)
		serve_usage();
	if ((size_t)argc > SERVE_MAXPROGS)
		serve_die("at most %d programs", SERVE_MAXPROGS);
	/* The audit writer serves that many connections (AW_MAXCLIENTS in
	 * lib/audit/audit_writer.c); a worker beyond them would write its
	 * rows inline, one fsync each, without a word: refused at start. */
	if (audit != NULL && (long)argc * nper > SERVE_AUDIT_CLIENTS)
		serve_die("-a: %ld workers (%d programs x %ld) are more than the "
		    "audit writer's %d connections", (long)argc * nper, argc,
		    nper, SERVE_AUDIT_CLIENTS);

	if (group != NULL) {
		errno = 0;
		if ((gr = getgrnam(group)) != NULL)
			gid = gr->gr_gid;
		else {
			errstr = errno ? strerror(errno) : "no such group";
			errno = 0;
			gid = (gid_t)strtol(group, &end, 10);
			if (errno != 0 || end == group || *end != '\0')
				serve_die("group %s: %s", group, errstr);
		}
	}

	for (i = 0; i < (size_t)argc; i++) {
		progs[i].pr_fd = -1;
		progs[i].pr_path = argv[i];
		slash = strrchr(argv[i], '/');
		progs[i].pr_name = slash ? slash + 1 : argv[i];
		if (progs[i].pr_name[0] == '\0' || progs[i].pr_name[0] == '.')
			serve_die("%s: bad program name", argv[i]);
		if (access(argv[i], X_OK) == -1)
			serve_die("%s: %s", argv[i], strerror(errno));
		for (j = 0; j < i; j++)
			if (strcmp(progs[j].pr_name, progs[i].pr_name) == 0)
				serve_die("%s: two programs of that name",
				    progs[i].pr_name);
		nprogs = i + 1;
	}
	if (audit != NULL) {
		/* Last, so that workers are progs[0..nprogs-1) times nper. */
		progs[nprogs].pr_fd = -1;
		progs[nprogs].pr_path = audit;
		progs[nprogs].pr_audit = 1;
		slash = strrchr(audit, '/');
		progs[nprogs].pr_name = slash ? slash + 1 : audit;
		if (access(audit, X_OK) == -1)
			serve_die("%s: %s", audit, strerror(errno));
		nprogs++;
	}

	/*
	 * Our signals are blocked but while ppoll waits; their handlers set
	 * a flag. Every disposition is set here: a shell starts background
	 * jobs with SIGINT ignored.
	 */
	if (sigemptyset(&empty) == -1 || sigemptyset(&set) == -1 ||
	    sigaddset(&set, SIGCHLD) == -1 || sigaddset(&set, SIGTERM) == -1 ||
	    sigaddset(&set, SIGINT) == -1 || sigaddset(&set, SIGHUP) == -1)
		serve_die("sigset: %s", strerror(errno));
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		serve_die("sigprocmask: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_mask = set;
	if (sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1 ||
	    sigaction(SIGHUP, &sa, NULL) == -1)
		serve_die("sigaction: %s", strerror(errno));
	sa.sa_flags = SA_NOCLDSTOP;
	if (sigaction(SIGCHLD, &sa, NULL) == -1 ||
	    signal(SIGPIPE, SIG_DFL) == SIG_ERR)
		serve_die("sigaction: %s", strerror(errno));

	for (i = 0; i < nprogs; i++)
		prog_listen(&progs[i], rundir, gid, group != NULL);
	if (pidfile != NULL)
		serve_pidfile();
	/* Every program (and the writer, which ignores it) learns where
	 * the audit writer listens. */
	if (audit != NULL &&
	    setenv("PORTAL_AUDIT_SOCKET", progs[nprogs - 1].pr_sock, 1) == -1)
		serve_die("setenv: %s", strerror(errno));

	/* nper workers a program; one audit writer. */
	nworkers = (nprogs - (audit != NULL)) * (size_t)nper + (audit != NULL);
	if ((workers = calloc(nworkers, sizeof(*workers))) == NULL)
		serve_die("calloc: %s", strerror(errno));
	for (i = 0; i < nworkers; i++) {
		workers[i].wk_prog = audit != NULL && i == nworkers - 1 ?
		    &progs[nprogs - 1] : &progs[i / (size_t)nper];
		workers[i].wk_ready = -1;
	}
	/* -l: the audit writer still starts at once (workers need it). */
	for (i = 0; i < nprogs; i++)
		progs[i].pr_on = !lazy || progs[i].pr_audit;

	for (;;) {
		now = serve_now();
		next = -1;
		for (i = 0; i < nworkers; i++) {
			wk = &workers[i];
			if (wk->wk_pid != 0 || !wk->wk_prog->pr_on)
				continue;
			if (wk->wk_due <= now)
				worker_start(wk, &empty);
			if (wk->wk_pid == 0 && (next == -1 || wk->wk_due < next))
				next = wk->wk_due;
		}
		tsp = NULL;
		if (next != -1) {
			if ((next -= serve_now()) < 0)
				next = 0;
			ts.tv_sec = next / 1000;
			ts.tv_nsec = (next % 1000) * 1000000;
			tsp = &ts;
		}
		/* -l: a connection waiting on a program not yet running. */
		for (npfd = 0, i = 0; i < nprogs; i++)
			if (!progs[i].pr_on) {
				pfd[npfd].fd = progs[i].pr_fd;
				pfd[npfd].events = POLLIN;
				asked[npfd++] = &progs[i];
			}
		n = ppoll(pfd, (nfds_t)npfd, tsp, &empty);
		if (n == -1 && errno != EINTR)
			serve_die("ppoll: %s", strerror(errno));
		for (i = 0; n > 0 && i < npfd; i++)
			if (pfd[i].revents != 0) {
				asked[i]->pr_on = 1;
				serve_log("%s: asked for: starting its workers",
				    asked[i]->pr_name);
			}
		if (got[SIGCHLD]) {
			got[SIGCHLD] = 0;
			worker_reap(0);
		}
		if (got[SIGHUP]) {
			got[SIGHUP] = 0;
			serve_log("SIGHUP: restarting workers");
			for (i = 0; i < nworkers; i++) {
				if (workers[i].wk_pid <= 0)
					continue;
				workers[i].wk_restart = 1;
				if (kill(workers[i].wk_pid, SIGTERM) == -1 &&
				    errno != ESRCH)
					serve_log("kill %ld: %s",
					    (long)workers[i].wk_pid,
					    strerror(errno));
			}
		}
		if (got[SIGTERM] || got[SIGINT]) {
			serve_stop(&set);
			serve_cleanup();
			free(workers);
			return 0;
		}
	}
}
