/*
 * `portalctl import PATH...`: files, folders walked in name order (files
 * named *.xml, *.ccd, *.ccda or *.cda in any case; every other file is
 * named in the summary as skipped), or "-" for standard input, each
 * document through cda_import_buffer_at; a progress line now and then, and a
 * summary an IT person can act on: what was taken, what was refused and
 * why, what was skipped. The exit status says whether anything needs a
 * look.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "cda.h"
#include "slurp.h"

static const char *const tab_names[CDA_T__MAX] = {
	[CDA_T_ENCOUNTERS] = "encounters",
	[CDA_T_NOTES] = "notes",
	[CDA_T_RESULTS] = "results",
	[CDA_T_MEDICATIONS] = "medications",
	[CDA_T_ALLERGIES] = "allergies",
	[CDA_T_PROBLEMS] = "problems",
	[CDA_T_IMMUNIZATIONS] = "immunizations",
	[CDA_T_VITALS] = "vitals",
	[CDA_T_NARRATIVES] = "narratives",
};

static const char *const skip_names[CDA_SKIP__MAX] = {
	[CDA_SKIP_NULLFLAVOR] = "no information (nullFlavor)",
	[CDA_SKIP_NEGATED] = "negated (none known or not given)",
	[CDA_SKIP_NODATE] = "visit without a date",
	[CDA_SKIP_UNNAMED] = "names nothing",
	[CDA_SKIP_UNEXPECTED] = "unexpected kind of entry",
};

const char *
cda_tab_name(enum cda_tab t)
{
	return (unsigned)t < CDA_T__MAX ? tab_names[t] : "?";
}

const char *
cda_skip_name(enum cda_skip s)
{
	return (unsigned)s < CDA_SKIP__MAX ? skip_names[s] : "?";
}

struct problem {
	const char	*path;
	const char	*reason;
};

struct run {
	struct db		*db;
	const struct conf	*cf;
	time_t			 now;		/* of the whole import */
	FILE			*out;
	struct arena		*a;
	long			 n[CDA_STATUS__MAX];
	long			 docs;
	long			 rows[CDA_T__MAX];
	long			 skipped[CDA_SKIP__MAX];
	long			 pcp_set, pcp_kept;
	long			 coverages;
	struct problem		*refused, *failed;
	size_t			 nrefused, nfailed, caprefused, capfailed;
	const char		**skipped_files;
	size_t			 nskipped, capskipped;
};

/* The names a folder's C-CDA documents have: EHRs export them so. */
static const char *const suffixes[] = { ".xml", ".ccd", ".ccda", ".cda" };

static void
note_problem(struct run *r, int failed, const char *path, const char *reason)
{
	struct problem	*p;

	if (failed)
		p = arena_push(r->a, (void **)&r->failed, &r->nfailed,
		    &r->capfailed, sizeof(*p));
	else
		p = arena_push(r->a, (void **)&r->refused, &r->nrefused,
		    &r->caprefused, sizeof(*p));
	p->path = arena_oneline(r->a, path);
	p->reason = arena_strdup(r->a, reason);
}

static void
progress(struct run *r)
{
	fprintf(r->out, "import: %ld documents so far (%ld imported, %ld already "
	    "imported, %ld refused)\n", r->docs, r->n[CDA_IMPORTED],
	    r->n[CDA_DUPLICATE], r->n[CDA_REFUSED]);
	fflush(r->out);
}

static void
one(struct run *r, const char *path, const unsigned char *buf, size_t len)
{
	struct cda_result	 res;
	size_t			 i;

	cda_import_buffer_at(r->db, r->cf, path, buf, len, r->now, &res);
	r->n[res.status]++;
	for (i = 0; i < CDA_T__MAX; i++)
		r->rows[i] += res.rows[i];
	for (i = 0; i < CDA_SKIP__MAX; i++)
		r->skipped[i] += res.skipped[i];
	if (res.status == CDA_IMPORTED) {
		r->pcp_set += res.pcp == 1;
		r->coverages += res.coverages;
		r->pcp_kept += res.pcp == 2;
	}
	if (res.status == CDA_REFUSED || res.status == CDA_FAILED)
		note_problem(r, res.status == CDA_FAILED, path, res.reason);
	if (++r->docs % CDA_PROGRESS_EVERY == 0)
		progress(r);
}

static void
io_failed(struct run *r, const char *path, const char *why)
{
	r->n[CDA_FAILED]++;
	r->docs++;
	note_problem(r, 1, path, why);
}

static void
import_fd(struct run *r, const char *path, int fd)
{
	unsigned char	*buf;
	size_t		 len;

	if ((buf = slurp(fd, (size_t)CDA_MAX_BYTES, &len)) == NULL) {
		io_failed(r, path, strerror(errno));
		return;
	}
	one(r, path, buf, len);
	free(buf);
}

static void
import_file(struct run *r, const char *path)
{
	struct stat	 st;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		io_failed(r, path, strerror(errno));
		return;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > CDA_MAX_BYTES) {
		/* Refused unread, as cda_import_buffer_at would. */
		r->n[CDA_REFUSED]++;
		note_problem(r, 0, path, arena_printf(r->a, "larger than %ld MB",
		    CDA_MAX_BYTES / (1024 * 1024)));
		if (++r->docs % CDA_PROGRESS_EVERY == 0)
			progress(r);
	} else
		import_fd(r, path, fd);
	close(fd);
}

static int
is_cda_name(const char *name)
{
	size_t	 n = strlen(name), k, i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (n > (k = strlen(suffixes[i])) &&
		    strcasecmp(name + n - k, suffixes[i]) == 0)
			return 1;
	return 0;
}

/* A file of a folder that is not taken: named in the summary. */
static void
skip_file(struct run *r, const char *path)
{
	const char	**p;

	p = arena_push(r->a, (void **)&r->skipped_files, &r->nskipped,
	    &r->capskipped, sizeof(*p));
	*p = arena_oneline(r->a, path);
}

static void
walk(struct run *r, const char *dir)
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
		if (strcmp(list[i]->d_name, ".") == 0 ||
		    strcmp(list[i]->d_name, "..") == 0)
			goto next;
		p = arena_printf(r->a, "%s/%s", dir, list[i]->d_name);
		if (lstat(p, &st) == -1) {
			io_failed(r, p, strerror(errno));
			goto next;
		}
		/* Linked folders are not followed: no loops. */
		if (S_ISDIR(st.st_mode))
			walk(r, p);
		else if (!S_ISREG(st.st_mode) && !(S_ISLNK(st.st_mode) &&
		    stat(p, &st) == 0 && S_ISREG(st.st_mode)))
			skip_file(r, p);
		else if (is_cda_name(list[i]->d_name))
			import_file(r, p);
		else
			skip_file(r, p);
next:
		free(list[i]);
	}
	free(list);
}

int
cda_import_paths(struct db *db, const struct conf *cf, char *const *paths,
    int npaths, time_t now, FILE *out)
{
	struct run	 r;
	struct stat	 st;
	struct timespec	 t0, t1;
	size_t		 i;
	int		 k;

	memset(&r, 0, sizeof(r));
	r.db = db;
	r.cf = cf;
	r.now = now;
	r.out = out;
	r.a = arena_new();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (k = 0; k < npaths; k++) {
		if (strcmp(paths[k], "-") == 0)
			import_fd(&r, "(standard input)", STDIN_FILENO);
		else if (stat(paths[k], &st) == -1)
			io_failed(&r, paths[k], strerror(errno));
		else if (S_ISDIR(st.st_mode))
			walk(&r, paths[k]);
		else
			import_file(&r, paths[k]);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	fprintf(out, "import: %ld documents in %.1f s: %ld imported, %ld already "
	    "imported, %ld refused, %ld failed\n", r.docs,
	    (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	    r.n[CDA_IMPORTED], r.n[CDA_DUPLICATE], r.n[CDA_REFUSED],
	    r.n[CDA_FAILED]);
	fprintf(out, "rows:");
	for (i = 0; i < CDA_T__MAX; i++)
		fprintf(out, "%s %s %ld", i ? "," : "", tab_names[i], r.rows[i]);
	fprintf(out, "\nskipped entries:");
	for (i = 0; i < CDA_SKIP__MAX; i++)
		fprintf(out, "%s %s %ld", i ? "," : "", skip_names[i], r.skipped[i]);
	fprintf(out, "\n");
	if (r.coverages > 0)
		fprintf(out, "coverages: %ld from payers sections\n",
		    r.coverages);
	if (r.pcp_set > 0 || r.pcp_kept > 0)
		fprintf(out, "PCP on file: %ld set from a document, %ld named "
		    "another than the one on file (kept)\n", r.pcp_set,
		    r.pcp_kept);
	for (i = 0; i < r.nrefused; i++)
		fprintf(out, "refused: %s: %s\n", r.refused[i].path,
		    r.refused[i].reason);
	for (i = 0; i < r.nfailed; i++)
		fprintf(out, "failed: %s: %s\n", r.failed[i].path,
		    r.failed[i].reason);
	for (i = 0; i < r.nskipped; i++)
		fprintf(out, "skipped: %s: not a regular file named *.xml, "
		    "*.ccd, *.ccda or *.cda\n", r.skipped_files[i]);
	fflush(out);
	k = r.n[CDA_REFUSED] > 0 || r.n[CDA_FAILED] > 0;
	arena_free(r.a);
	return k;
}
