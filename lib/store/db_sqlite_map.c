/*
 * A web worker's reads of the database file without a system call each
 * (issue 9): an SQLite VFS shim over the default one ("unix") that keeps
 * the main database file mapped (read-only, MAP_SHARED) for the life of
 * the connection and answers xRead from the mapping.
 *
 * Why: in WAL mode every commit by another connection (the audit writer
 * commits hundreds of times a second) empties each reader's page cache at
 * its next transaction, so a worker read its record page's ~45 pages
 * again with one pread each; on this kind of VM a system call costs
 * several microseconds, and those preads were most of a record view's
 * time. SQLite's own memory map (PRAGMA mmap_size) does not help: it
 * unmaps the whole file whenever the database changed and maps it again,
 * so every page costs a page fault instead.
 *
 * Correctness is the kernel's: a MAP_SHARED mapping shows the same page
 * cache as pread, including what a checkpoint of another process wrote a
 * moment ago. Only offsets below the file's size as last seen are read
 * from the mapping (beyond the end a mapping faults, SIGBUS); a read
 * beyond it asks the file's size again (the file grows at checkpoints)
 * and maps again if it outgrew the mapping. The file never shrinks under
 * a reader: a checkpoint truncates the database only when no reader holds
 * an older snapshot, and SQLite never reads past the size of the snapshot
 * it holds. Everything but xRead goes to the real file.
 *
 * An I/O error under a mapping is a SIGBUS, not an error code (and so is
 * a page the file no longer has, were it ever cut short behind SQLite's
 * back): a copy from the mapping runs with a handler armed that jumps
 * back, and the read is then made with pread after all, which reports
 * the error as SQLite expects (SQLITE_IOERR: the page is a 503, the
 * worker lives); the file is not mapped again.
 *
 * Memory: the mapped pages a worker touched count in its resident size
 * (they are the shared page cache, not the worker's own); db_release (the
 * worker idle for a second) unmaps, so an idle worker holds none.
 */
#include <sys/mman.h>

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db_sqlite.h"

/* Mapped beyond the file's size, so that a growing file is mapped again
 * only every so often. Address space only: nothing is read until used. */
#define MAP_SLACK	(64 * 1024 * 1024)

struct mfile {
	sqlite3_file	 base;		/* our methods */
	int		 fd;		/* our own descriptor, read-only */
	const char	*map;		/* NULL: not mapped */
	sqlite3_int64	 maplen;	/* bytes mapped */
	sqlite3_int64	 size;		/* the file's size as last seen */
	void volatile	**shm;		/* the WAL index's regions mapped */
	int		 nshm;
	int		 shmsz;		/* bytes a region */
	sqlite3_file	*real;		/* the default VFS's file, after us */
};

static sqlite3_vfs	*real_vfs;
static void		 shm_forget(struct mfile *);
/* Armed while a copy from a mapping runs (one per thread). */
static __thread sigjmp_buf	*bus_jmp;

#define REAL(f)	(((struct mfile *)(f))->real)

static void
unmap(struct mfile *m)
{
	if (m->map != NULL)
		munmap((void *)m->map, (size_t)m->maplen);
	m->map = NULL;
	m->maplen = 0;
	m->size = 0;		/* the next read maps again */
}

/* Sees the file's size again, and maps it if it outgrew the mapping. */
static void
remap(struct mfile *m)
{
	sqlite3_int64	 size, len;
	void		*p;

	if (m->fd == -1 || REAL(m)->pMethods->xFileSize(REAL(m), &size) !=
	    SQLITE_OK)
		return;
	m->size = size;
	if (m->map != NULL && size <= m->maplen)
		return;
	unmap(m);
	len = size + MAP_SLACK;
	p = mmap(NULL, (size_t)len, PROT_READ, MAP_SHARED, m->fd, 0);
	if (p == MAP_FAILED)
		return;
	m->map = p;
	m->maplen = len;
}

/* A SIGBUS during a copy from a mapping goes back to it; any other is
 * fatal, as it would have been. */
static void
on_bus(int sig)
{
	if (bus_jmp != NULL)
		siglongjmp(*bus_jmp, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
m_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	struct mfile	*m = (struct mfile *)f;
	sigjmp_buf	 jb;

	if (off + amt > m->size)
		remap(m);
	if (m->map != NULL && off >= 0 && off + amt <= m->size) {
		/* No mask saved (a system call each time): SA_NODEFER
		 * leaves SIGBUS unblocked after the jump. */
		if (sigsetjmp(jb, 0) == 0) {
			bus_jmp = &jb;
			memcpy(buf, m->map + off, (size_t)amt);
			bus_jmp = NULL;
			return SQLITE_OK;
		}
		bus_jmp = NULL;
		unmap(m);
		close(m->fd);
		m->fd = -1;
	}
	return REAL(f)->pMethods->xRead(REAL(f), buf, amt, off);
}

static int
m_close(sqlite3_file *f)
{
	struct mfile	*m = (struct mfile *)f;
	int		 rc;

	unmap(m);
	shm_forget(m);
	if (m->fd != -1)
		close(m->fd);
	m->fd = -1;
	rc = REAL(f)->pMethods->xClose(REAL(f));
	return rc;
}

static int
m_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct mfile	*m = (struct mfile *)f;

	if (size < m->size)
		m->size = size;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

/* The rest goes to the real file as it is. */
static int
m_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xWrite(REAL(f), b, n, off);
}
static int
m_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int
m_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int
m_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int
m_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int
m_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int
m_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int
m_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int
m_chars(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
/* Keeps where each region of the WAL index is, for shm_release. */
static int
m_shmmap(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
	struct mfile	*m = (struct mfile *)f;
	void volatile	**n;
	int		 rc;

	rc = REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
	if (rc != SQLITE_OK || *pp == NULL || pg < 0)
		return rc;
	if (pg >= m->nshm) {
		if ((n = realloc(m->shm, (size_t)(pg + 1) * sizeof(*n))) ==
		    NULL)
			return rc;
		memset(n + m->nshm, 0, (size_t)(pg + 1 - m->nshm) *
		    sizeof(*n));
		m->shm = n;
		m->nshm = pg + 1;
	}
	m->shm[pg] = *pp;
	m->shmsz = pgsz;
	return rc;
}

static void
shm_forget(struct mfile *m)
{
	free(m->shm);
	m->shm = NULL;
	m->nshm = 0;
}

/*
 * The WAL index grows with the WAL (32 kB a region, a region per 4,096
 * pages), and a reader looking a page up touches every region: after the
 * bench's 1 MB uploads (a WAL of hundreds of MB) each worker kept a few
 * MB of it resident. MADV_DONTNEED on a shared file mapping only drops
 * this process's page table entries: the index stays in the file (and
 * the other processes' views), and the next touch reads it back.
 */
static void
shm_release(struct mfile *m)
{
	int	 i;

	for (i = 0; i < m->nshm; i++)
		if (m->shm[i] != NULL)
			madvise((void *)m->shm[i], (size_t)m->shmsz,
			    MADV_DONTNEED);
}
static int
m_shmlock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void
m_shmbarrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int
m_shmunmap(sqlite3_file *f, int del)
{
	shm_forget((struct mfile *)f);
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

/* Version 2: the WAL's shared memory, no xFetch (SQLite's own map stays
 * off for these files). */
static const sqlite3_io_methods m_methods = {
	2, m_close, m_read, m_write, m_truncate, m_sync, m_size, m_lock,
	m_unlock, m_reserved, m_control, m_sector, m_chars, m_shmmap,
	m_shmlock, m_shmbarrier, m_shmunmap, NULL, NULL
};

static int
v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out)
{
	struct mfile	*m = (struct mfile *)f;
	int		 rc;

	(void)vfs;
	memset(m, 0, sizeof(*m));
	m->fd = -1;
	m->real = (sqlite3_file *)(m + 1);
	if ((rc = real_vfs->xOpen(real_vfs, name, m->real, flags, out)) !=
	    SQLITE_OK) {
		f->pMethods = NULL;
		return rc;
	}
	/* The other files (WAL, journals) are read as they were; without
	 * a descriptor of our own (it failed: the same) m_read passes on. */
	if ((flags & SQLITE_OPEN_MAIN_DB) && name != NULL)
		m->fd = open(name, O_RDONLY | O_CLOEXEC);
	f->pMethods = &m_methods;
	return SQLITE_OK;
}

/* The real VFS's methods for everything but opening a file. */
static sqlite3_vfs	map_vfs;

int
db_sqlite_map_init(void)
{
	struct sigaction	 sa;

	if (sqlite3_vfs_find(DB_SQLITE_MAP_VFS) != NULL)
		return 0;
	if ((real_vfs = sqlite3_vfs_find(NULL)) == NULL)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_bus;
	sa.sa_flags = SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, NULL) == -1)
		return -1;
	map_vfs = *real_vfs;
	map_vfs.iVersion = real_vfs->iVersion < 3 ? real_vfs->iVersion : 3;
	map_vfs.szOsFile = (int)sizeof(struct mfile) + real_vfs->szOsFile;
	map_vfs.pNext = NULL;
	map_vfs.zName = DB_SQLITE_MAP_VFS;
	map_vfs.pAppData = NULL;
	map_vfs.xOpen = v_open;
	return sqlite3_vfs_register(&map_vfs, 0) == SQLITE_OK ? 0 : -1;
}

void
db_sqlite_map_release(sqlite3 *sq)
{
	sqlite3_file	*f = NULL;

	if (sqlite3_file_control(sq, "main", SQLITE_FCNTL_FILE_POINTER, &f) ==
	    SQLITE_OK && f != NULL && f->pMethods == &m_methods) {
		unmap((struct mfile *)f);
		shm_release((struct mfile *)f);
	}
}
