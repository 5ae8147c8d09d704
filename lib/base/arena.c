/*
 * Bump allocator in chained blocks. Requests allocate freely and never
 * free; arena_reset after the response gives everything back at once.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_BLOCK	(64 * 1024)
#define ARENA_ALIGN	16

struct block {
	struct block	*next;
	size_t		 size;
	size_t		 used;
	/* Aligned for any type, whatever the header's size. */
	_Alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block	*head;	/* current block; the first one is kept */
	struct block	*first;
};

static struct block *
block_new(size_t size)
{
	struct block	*b;

	if ((b = malloc(sizeof(*b) + size)) == NULL) {
		fputs("arena: out of memory\n", stderr);
		abort();
	}
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *
arena_new(void)
{
	struct arena	*a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		abort();
	a->first = a->head = block_new(ARENA_BLOCK);
	return a;
}

void
arena_reset(struct arena *a)
{
	struct block	*b, *next;

	for (b = a->first->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->first->next = NULL;
	a->first->used = 0;
	a->head = a->first;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	arena_reset(a);
	free(a->first);
	free(a);
}

/* n bytes, not cleared: for what is written whole at once (texts, a
 * buffer's bytes). */
static void *
alloc_raw(struct arena *a, size_t n)
{
	struct block	*b;
	size_t		 off;

	if (n > SIZE_MAX - 2 * ARENA_ALIGN)
		abort();
	off = (a->head->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (off + n > a->head->size) {
		/* Big allocations get a block of their own. */
		b = block_new(n > ARENA_BLOCK / 2 ? n : ARENA_BLOCK);
		b->next = a->head->next;
		a->head->next = b;
		a->head = b;
		off = 0;
	}
	a->head->used = off + n;
	return a->head->data + off;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return memset(alloc_raw(a, n), 0, n);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p = alloc_raw(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;
	char	*p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	p = alloc_raw(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *
arena_push(struct arena *a, void **arr, size_t *n, size_t *cap, size_t size)
{
	void	*nw;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		nw = arena_alloc(a, *cap * size);
		if (*n > 0)
			memcpy(nw, *arr, *n * size);
		*arr = nw;
	}
	return (char *)*arr + (*n)++ * size;
}

void
buf_init(struct buf *b, struct arena *a)
{
	b->b_arena = a;
	b->b_cap = 256;
	b->b_len = 0;
	b->b_data = alloc_raw(a, b->b_cap);
	b->b_data[0] = '\0';
}

void
buf_put(struct buf *b, const void *p, size_t n)
{
	char	*nd;
	size_t	 ncap;

	if (n == 0)
		return;
	if (b->b_len + n + 1 > b->b_cap) {
		ncap = b->b_cap * 2;
		while (ncap < b->b_len + n + 1)
			ncap *= 2;
		nd = alloc_raw(b->b_arena, ncap);
		memcpy(nd, b->b_data, b->b_len);
		b->b_data = nd;
		b->b_cap = ncap;
	}
	memcpy(b->b_data + b->b_len, p, n);
	b->b_len += n;
	b->b_data[b->b_len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_put(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = arena_vprintf(b->b_arena, fmt, ap);
	va_end(ap);
	buf_puts(b, s);
}

char *
arena_oneline(struct arena *a, const char *s)
{
	char	*p = arena_strdup(a, s), *q;

	for (q = p; *q != '\0'; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = '?';
	return p;
}
