/*
 * `portalctl visits import PATH...` and `portalctl visits remind`: the
 * scheduling system's messages into visits through the application
 * layer (lib/app/siuimport.h) as the command-line actor, with a progress
 * line now and then and a summary an IT person can act on: how many
 * were taken and how, and each refused message by file and number with
 * its reason (never its content). The exit status says whether anything
 * needs a look.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "call.h"
#include "hl7.h"
#include "portal.h"
#include "siuimport.h"
#include "slurp.h"
#include "visits_ctl.h"

#define PROGRESS_EVERY	100

static const char usage[] =
    "usage: portalctl visits import FILE|FOLDER|- ...\n"
    "       portalctl visits remind\n"
    "  import: HL7 v2 SIU messages (S12 S13 S14 S15 S26), one per file, several\n"
    "  in a file, or MLLP-framed; patients by PID-3 under mrn_authority or\n"
    "  mrn_root (portal.conf); exits 1 if any message was refused or failed\n";

struct run {
	struct call	 c;
	struct arena	*a;		/* the run's: refusal lines */
	FILE		*out;
	long		 n[SIU_OUT__MAX];
	long		 messages, failed;
	const char	**lines;	/* "refused: ..." */
	size_t		 nlines, caplines;
	time_t		 t0;
};

static void
line(struct run *r, const char *fmt, const char *path, long index,
    const char *control, const char *why)
{
	const char	**l;

	l = arena_push(r->a, (void **)&r->lines, &r->nlines, &r->caplines,
	    sizeof(*l));
	*l = arena_printf(r->a, fmt, arena_oneline(r->a, path), index,
	    *control ? " (control id " : "", arena_oneline(r->a, control),
	    *control ? ")" : "", why);
}

static void
progress(struct run *r)
{
	fprintf(r->out, "visits import: %ld messages so far, %ld refused\n",
	    r->messages, r->n[SIU_REFUSED] + r->failed);
	fflush(r->out);
}

static void
io_failed(struct run *r, const char *path, const char *why)
{
	r->failed++;
	line(r, "failed: %s#%ld%s%s%s: %s", path, 0, "", why);
}

/* Every message of buf (one file or standard input). */
static void
stream(struct run *r, const char *path, const char *buf, size_t len)
{
	struct hl7_stream	 st;
	struct hl7_frame	 fr;
	struct siu_result	 res;
	enum app_rc		 rc;

	hl7_stream_init(&st, buf, len);
	while (hl7_next(&st, &fr) == 1) {
		if (++r->messages % PROGRESS_EVERY == 0)
			progress(r);
		arena_reset(r->c.a);
		r->c.now = time(NULL);
		if (fr.why != NULL) {
			r->n[SIU_REFUSED]++;
			line(r, "refused: %s#%ld%s%s%s: %s", path, fr.index, "",
			    fr.why);
			if (app_siu_refused(&r->c, fr.index, fr.why) != APP_OK)
				r->failed++;
			continue;
		}
		if ((rc = app_siu_message(&r->c, fr.buf, fr.len, fr.index,
		    &res)) != APP_OK) {
			r->failed++;
			line(r, "failed: %s#%ld%s%s%s: %s", path, fr.index, "",
			    rc == APP_BUSY ? "the database is busy; run again" :
			    "database error (see the log)");
			continue;
		}
		r->n[res.out]++;
		if (res.out == SIU_REFUSED)
			line(r, "refused: %s#%ld%s%s%s: %s", path, fr.index,
			    res.control, res.why);
	}
}

static void
one_fd(struct run *r, const char *path, int fd)
{
	char	*buf;
	size_t	 len;

	if ((buf = slurp(fd, (size_t)HL7_MAX_STREAM, &len)) == NULL) {
		io_failed(r, path, strerror(errno));
		return;
	}
	if (len > (size_t)HL7_MAX_STREAM) {
		r->messages++;
		r->n[SIU_REFUSED]++;
		line(r, "refused: %s#%ld%s%s%s: %s", path, 0, "",
		    "a file over 256 MiB");
		r->c.now = time(NULL);
		if (app_siu_refused(&r->c, 0, "a file over 256 MiB") != APP_OK)
			r->failed++;
	} else
		stream(r, path, buf, len);
	free(buf);
}

static void
one_file(struct run *r, const char *path)
{
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		io_failed(r, path, strerror(errno));
		return;
	}
	one_fd(r, path, fd);
	close(fd);
}

/* Every regular file of dir (not hidden, not in subfolders), by name. */
static void
folder(struct run *r, const char *dir)
{
	struct dirent	**list;
	struct stat	  st;
	char		 *p;
	int		  n, i;

	if ((n = scandir(dir, &list, NULL, alphasort)) == -1) {
		io_failed(r, dir, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			p = arena_printf(r->a, "%s/%s", dir, list[i]->d_name);
			if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
				one_file(r, p);
		}
		free(list[i]);
	}
	free(list);
}

static int
import(struct run *r, int argc, char **argv)
{
	struct stat	 st;
	long		 taken = 0;
	int		 k;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "-") == 0)
			one_fd(r, "(standard input)", STDIN_FILENO);
		else if (stat(argv[k], &st) == -1)
			io_failed(r, argv[k], strerror(errno));
		else if (S_ISDIR(st.st_mode))
			folder(r, argv[k]);
		else
			one_file(r, argv[k]);
	}
	for (k = 0; k < SIU_OUT__MAX; k++)
		taken += k == SIU_REFUSED ? 0 : r->n[k];
	fprintf(r->out, "visits import: %ld messages in %ld s: %ld taken (%ld "
	    "new, %ld updated, %ld cancelled, %ld no-show, %ld slots, %ld "
	    "unchanged), %ld refused, %ld failed\n", r->messages,
	    (long)(time(NULL) - r->t0), taken, r->n[SIU_NEW], r->n[SIU_UPDATED],
	    r->n[SIU_CANCELLED], r->n[SIU_NOSHOW], r->n[SIU_SLOT],
	    r->n[SIU_UNCHANGED], r->n[SIU_REFUSED], r->failed);
	for (k = 0; k < (int)r->nlines; k++)
		fprintf(r->out, "%s\n", r->lines[k]);
	fflush(r->out);
	return r->n[SIU_REFUSED] > 0 || r->failed > 0;
}

static int
remind(struct run *r, FILE *err)
{
	enum app_rc	 rc;
	long		 visits, sent;

	r->c.now = time(NULL);
	if ((rc = app_visit_remind(&r->c, &visits, &sent)) != APP_OK) {
		fprintf(err, "portalctl: visits remind: %s\n", rc == APP_INVALID ?
		    "visit_reminder_days must be numbers of days (0-60) "
		    "separated by commas" : "database error");
		return 1;
	}
	fprintf(r->out, "visits remind: %ld visits, %ld e-mails queued\n",
	    visits, sent);
	return 0;
}

int
ctl_visits(int argc, char **argv, FILE *out, FILE *err)
{
	struct run	 r;
	int		 rc;

	if (argc < 1 || (strcmp(argv[0], "import") == 0 ? argc < 2 :
	    strcmp(argv[0], "remind") != 0 || argc != 1)) {
		fputs(usage, err);
		return 2;
	}
	memset(&r, 0, sizeof(r));
	r.out = out;
	r.a = arena_new();
	r.t0 = time(NULL);
	r.c.a = arena_new();
	r.c.p = portal_open(0);
	r.c.who.kind = ACTOR_CLI;
	rc = strcmp(argv[0], "import") == 0 ? import(&r, argc, argv) :
	    remind(&r, err);
	portal_close(r.c.p);
	arena_free(r.c.a);
	arena_free(r.a);
	return rc;
}
