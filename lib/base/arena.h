/*
 * Per-request memory: every allocation a request makes comes from one arena,
 * released in one place after the response, so long-lived workers never leak.
 * Allocation failure aborts the process (the supervisor restarts it): a
 * request half-served on a NULL is worse than a dropped connection.
 */
#ifndef PORTAL_ARENA_H
#define PORTAL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new, empty arena; free with arena_free. */
struct arena	*arena_new(void);
/* Releases everything allocated from a; keeps its first block for reuse. */
void		 arena_reset(struct arena *a);
void		 arena_free(struct arena *a);
/* n bytes, zeroed, aligned for any type; lives until reset/free. */
void		*arena_alloc(struct arena *a, size_t n);
char		*arena_strdup(struct arena *a, const char *s);
/* A copy of s with control bytes shown as '?': a name (a file's path)
 * printed in a log or a report stays one line. */
char		*arena_oneline(struct arena *a, const char *s);
/* Copies n bytes of s and adds a NUL. */
char		*arena_strndup(struct arena *a, const char *s, size_t n);
char		*arena_printf(struct arena *a, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
char		*arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* Appends one zeroed element of size bytes to the array *arr of *n
 * elements (capacity *cap, 0 at first) and returns it. */
void		*arena_push(struct arena *a, void **arr, size_t *n, size_t *cap,
		    size_t size);

/* A growable byte string whose storage comes from an arena. */
struct buf {
	struct arena	*b_arena;
	char		*b_data;	/* always NUL-terminated */
	size_t		 b_len;
	size_t		 b_cap;
};

void	 buf_init(struct buf *b, struct arena *a);
void	 buf_put(struct buf *b, const void *p, size_t n);
void	 buf_puts(struct buf *b, const char *s);
void	 buf_putc(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
