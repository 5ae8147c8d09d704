/*
 * lib/arena.h: every allocation zeroed and aligned for any type (checked
 * on the absolute address, for a table of sizes), big allocations in
 * blocks of their own, reset that gives memory back and reuses the first
 * block, strings, printf, push and the growable buffer. ASan checks that
 * nothing is written past an allocation and that arena_free frees all.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

/* Sizes around the block size (64 KiB) and its half (the "big" limit). */
static const size_t sizes[] = {
	0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 100, 255, 256, 1000, 4096,
	32767, 32768, 32769, 65535, 65536, 65537, 100000, 1 << 20, 5, 1,
};

static void
test_alloc(struct arena *a)
{
	unsigned char	*p, *prev = NULL;
	size_t		 i, j, bad_align = 0, bad_zero = 0;
	long double	*ld;

	for (i = 0; i < NELEM(sizes); i++) {
		p = arena_alloc(a, sizes[i]);
		T_OK(p != NULL, "arena_alloc(%zu) is NULL", sizes[i]);
		if (p == NULL)
			continue;
		if ((uintptr_t)p % alignof(max_align_t) != 0)
			bad_align++;
		for (j = 0; j < sizes[i]; j++)
			if (p[j] != 0) {
				bad_zero++;
				break;
			}
		/* Fill it all: ASan stops a size short of what was asked. */
		memset(p, 0xa5, sizes[i]);
		/* Distinct, unless the one before was of size 0. */
		T_OK(p != prev || sizes[i] == 0 || (i > 0 && sizes[i - 1] == 0),
		    "arena_alloc(%zu) gave the previous pointer", sizes[i]);
		prev = p;
	}
	T_INT(bad_align, 0, "allocations not aligned for max_align_t");
	T_INT(bad_zero, 0, "allocations not zeroed");

	/* What "any type" means in practice. */
	ld = arena_alloc(a, sizeof(*ld));
	T_INT((uintptr_t)ld % alignof(long double), 0, "long double alignment");

	/* After a reset the memory comes back zeroed, though it was used. */
	arena_reset(a);
	for (i = 0; i < 64; i++) {
		p = arena_alloc(a, 1000);
		for (j = 0; j < 1000 && p[j] == 0; j++)
			;
		T_INT(j, 1000, "zeroed after reset");
		memset(p, 0xff, 1000);
	}
	arena_reset(a);
}

static void
test_reset(void)
{
	struct arena	*a = arena_new();
	void		*first, *again;
	size_t		 i;

	/* The first block is kept: the first allocation after a reset is
	 * where the first one was. */
	first = arena_alloc(a, 10);
	for (i = 0; i < 100; i++)
		(void)arena_alloc(a, 10000);	/* several more blocks */
	(void)arena_alloc(a, 3 << 20);		/* and a big one */
	arena_reset(a);
	again = arena_alloc(a, 10);
	T_OK(first == again, "reset does not reuse the first block");
	/* Many cycles of allocate and reset do not grow (ASan counts). */
	for (i = 0; i < 200; i++) {
		(void)arena_alloc(a, 200000);
		(void)arena_alloc(a, 100);
		arena_reset(a);
	}
	arena_free(a);
	arena_free(NULL);
}

static void
test_strings(struct arena *a)
{
	char	*s, big[5000];

	T_STR(arena_strdup(a, "hello"), "hello", "arena_strdup");
	T_STR(arena_strdup(a, ""), "", "arena_strdup empty");
	T_STR(arena_strndup(a, "hello world", 5), "hello", "arena_strndup");
	T_STR(arena_strndup(a, "abc", 0), "", "arena_strndup 0");
	s = arena_strndup(a, "a\0b", 3);
	T_OK(s[0] == 'a' && s[1] == '\0' && s[2] == 'b' && s[3] == '\0',
	    "arena_strndup copies NULs");
	T_STR(arena_printf(a, "%s-%d-%05.1f-%c", "x", 42, 3.14159, 'z'),
	    "x-42-003.1-z", "arena_printf");
	T_STR(arena_printf(a, "%s", ""), "", "arena_printf empty");
	T_STR(arena_printf(a, "100%%"), "100%", "arena_printf percent");
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s = arena_printf(a, "<%s>", big);
	T_INT(strlen(s), sizeof(big) + 1, "arena_printf of 5000 bytes");
	T_OK(s[0] == '<' && s[1] == 'q' && s[sizeof(big)] == '>',
	    "arena_printf of 5000 bytes: content");
	s = arena_printf(a, "%lld %zu", (long long)INT64_MIN, (size_t)SIZE_MAX);
	T_STR(s, "-9223372036854775808 18446744073709551615", "arena_printf wide");
	arena_reset(a);
}

struct pt {
	int64_t	 x;
	char	 tag[24];
};

static void
test_push(struct arena *a)
{
	struct pt	*arr = NULL, *p;
	size_t		 n = 0, cap = 0, i, bad = 0;
	char		*c = NULL;
	size_t		 cn = 0, ccap = 0;

	for (i = 0; i < 1000; i++) {
		p = arena_push(a, (void **)&arr, &n, &cap, sizeof(*arr));
		if (p->x != 0 || p->tag[0] != '\0')
			bad++;
		p->x = (int64_t)i * 7;
		snprintf(p->tag, sizeof(p->tag), "t%zu", i);
	}
	T_INT(bad, 0, "arena_push elements not zeroed");
	T_INT(n, 1000, "arena_push count");
	T_OK(cap >= n, "arena_push capacity %zu < %zu", cap, n);
	for (i = 0, bad = 0; i < n; i++) {
		char	 tag[24];

		snprintf(tag, sizeof(tag), "t%zu", i);
		if (arr[i].x != (int64_t)i * 7 || strcmp(arr[i].tag, tag) != 0)
			bad++;
	}
	T_INT(bad, 0, "arena_push elements kept across growth");
	T_INT((uintptr_t)arr % alignof(int64_t), 0, "arena_push alignment");

	/* Elements of one byte. */
	for (i = 0; i < 300; i++)
		*(char *)arena_push(a, (void **)&c, &cn, &ccap, 1) = (char)('a' + i % 26);
	T_INT(cn, 300, "arena_push of bytes");
	T_OK(c[0] == 'a' && c[25] == 'z' && c[299] == (char)('a' + 299 % 26),
	    "arena_push of bytes: content");
	arena_reset(a);
}

static void
test_buf(struct arena *a)
{
	struct buf	 b;
	size_t		 i, bad = 0;
	char		 want[16];

	buf_init(&b, a);
	T_INT(b.b_len, 0, "buf_init length");
	T_STR(b.b_data, "", "buf_init data");
	buf_put(&b, "", 0);
	T_INT(b.b_len, 0, "buf_put of nothing");

	/* 10000 appends of mixed sizes: every byte where it belongs. */
	for (i = 0; i < 10000; i++) {
		switch (i % 4) {
		case 0:
			buf_putc(&b, 'a');
			break;
		case 1:
			buf_puts(&b, "bc");
			break;
		case 2:
			buf_printf(&b, "%03zu", i % 1000);
			break;
		default:
			buf_put(&b, "d\0e", 3);
			break;
		}
	}
	/* Each group of 4 appends is 1 + 2 + 3 + 3 = 9 bytes. */
	T_INT(b.b_len, 2500 * 9, "buf length after 10000 appends");
	T_INT(strlen(b.b_data), 7, "buf holds the NUL it was given");
	T_OK(b.b_data[b.b_len] == '\0', "buf not NUL-terminated");
	T_OK(b.b_cap > b.b_len, "buf capacity %zu, length %zu", b.b_cap, b.b_len);
	for (i = 0; i < 2500; i++) {
		snprintf(want, sizeof(want), "abc%03zud", (i * 4 + 2) % 1000);
		if (memcmp(b.b_data + i * 9, want, 7) != 0 ||
		    memcmp(b.b_data + i * 9 + 7, "\0e", 2) != 0)
			bad++;
	}
	T_INT(bad, 0, "buf content after growth");

	/* One append much bigger than the capacity. */
	buf_init(&b, a);
	{
		static char	 big[300000];

		memset(big, 'z', sizeof(big));
		buf_puts(&b, "x");
		buf_put(&b, big, sizeof(big));
		T_INT(b.b_len, sizeof(big) + 1, "buf big append length");
		T_OK(b.b_data[0] == 'x' && b.b_data[sizeof(big)] == 'z' &&
		    b.b_data[sizeof(big) + 1] == '\0', "buf big append content");
	}
	arena_reset(a);
}

int
main(void)
{
	struct arena	*a = arena_new();

	test_alloc(a);
	test_reset();
	test_strings(a);
	test_push(a);
	test_buf(a);
	arena_free(a);
	return t_done("test_arena");
}
