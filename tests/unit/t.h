/*
 * The unit tests' only framework: checks that count, and a closing line
 * "name: N passed, N failed" that the top-level runner adds up.
 * A failing check prints where and what, and the run goes on.
 */
#ifndef PORTAL_T_H
#define PORTAL_T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define T_OK(cond, ...) do {						\
	if (cond) t_pass++;						\
	else { t_fail++; fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__); \
	    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); }	\
} while (0)

#define T_INT(got, want, what) do {					\
	long long t_g_ = (long long)(got), t_w_ = (long long)(want);	\
	T_OK(t_g_ == t_w_, "%s: got %lld, want %lld", (what), t_g_, t_w_); \
} while (0)

#define T_STR(got, want, what) do {					\
	const char *t_g_ = (got), *t_w_ = (want);			\
	T_OK((t_g_ == NULL && t_w_ == NULL) ||				\
	    (t_g_ != NULL && t_w_ != NULL && strcmp(t_g_, t_w_) == 0),	\
	    "%s: got \"%s\", want \"%s\"", (what),			\
	    t_g_ ? t_g_ : "(null)", t_w_ ? t_w_ : "(null)");		\
} while (0)

static inline int
t_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, t_pass, t_fail);
	return t_fail ? 1 : 0;
}

#endif
