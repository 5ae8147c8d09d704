/*
 * The audit log's filter, parsed (auditq.h).
 */
#include <string.h>

#include "arena.h"
#include "auditq.h"
#include "civil.h"
#include "valid.h"

/* The actors the log names by kind and id (actor_name, call.h). */
static const char *const kinds[] = { "family", "staff", "provider",
    "sponsored" };
/* And those it names alone. */
static const char *const alone[] = { "cli", "portalctl", "anonymous" };

#define N(x)	(sizeof(x) / sizeof((x)[0]))

static const char who_msg[] = "Enter who: an account's e-mail address, "
    "staff:USERNAME, or as the log names them (family:12, staff:3, "
    "provider:5, sponsored:2, cli or anonymous); or a kind alone (family, "
    "staff, provider, sponsored) for all of that kind.";

/* 1 if s is 1 to 18 digits, not starting with 0. */
static int
id_text(const char *s)
{
	size_t	 n = strspn(s, "0123456789");

	return n > 0 && n <= 18 && s[n] == '\0' && s[0] != '0';
}

const char *
auditq_actor(struct arena *a, const char *in, struct store_audit_filter *f)
{
	const char	*name;
	size_t		 i, k;

	for (i = 0; i < N(alone); i++)
		if (strcmp(in, alone[i]) == 0) {
			f->actor = alone[i];
			return NULL;
		}
	for (i = 0; i < N(kinds); i++) {
		k = strlen(kinds[i]);
		if (strncmp(in, kinds[i], k) != 0)
			continue;
		if (in[k] == '\0') {
			f->actor_kind = arena_printf(a, "%s:", kinds[i]);
			return NULL;
		}
		if (in[k] == ':' && id_text(in + k + 1)) {
			f->actor = arena_strdup(a, in);
			return NULL;
		}
	}
	/* As a person knows them: left for auditq_named to resolve. */
	if (strncmp(in, "staff:", 6) == 0 && strspn(in + 6, "0123456789") <
	    strlen(in + 6) && valid_username(a, in + 6, strlen(in + 6),
	    &name) == NULL) {
		f->actor = arena_printf(a, "staff:%s", name);
		return NULL;
	}
	if (strchr(in, '@') != NULL && valid_email(a, in, strlen(in),
	    &name) == NULL) {
		f->actor = name;
		return NULL;
	}
	return who_msg;
}

int
auditq_named(const char *actor)
{
	if (actor == NULL)
		return AUDITQ_ID;
	if (strchr(actor, '@') != NULL)
		return AUDITQ_EMAIL;
	if (strncmp(actor, "staff:", 6) == 0 && !id_text(actor + 6))
		return AUDITQ_USERNAME;
	return AUDITQ_ID;
}

const char *
auditq_action(struct arena *a, const char *in, struct store_audit_filter *f)
{
	static const char msg[] = "Enter an action such as record.view.labs, "
	    "or a family of actions such as record.*.";
	size_t	 n = strlen(in), name;

	if (n == 0 || n > 64)
		return msg;
	name = n >= 2 && strcmp(in + n - 2, ".*") == 0 ? n - 1 : n;
	if (strspn(in, "abcdefghijklmnopqrstuvwxyz0123456789_.") != name ||
	    in[0] == '.' || strstr(in, "..") != NULL)
		return msg;
	if (name < n)
		f->action_family = arena_strndup(a, in, name);
	else
		f->action = arena_strdup(a, in);
	return NULL;
}

/* n digits of s as a number into *out; 1, or 0 if one is not a digit. */
static int
num(const char *s, size_t n, int *out)
{
	size_t	 i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*out = *out * 10 + (s[i] - '0');
	}
	return 1;
}

const char *
auditq_when(const char *in, int until, int64_t *out)
{
	static const char msg[] = "Enter a date as YYYY-MM-DD, or a date and "
	    "time as YYYY-MM-DDTHH:MM (hospital time).";
	size_t	 n = strlen(in);
	time_t	 t;
	long	 z;
	int	 y, m, d, hh = 0, mm = 0, timed = n == 16;

	if ((n != 10 && n != 16) || in[4] != '-' || in[7] != '-' ||
	    !num(in, 4, &y) || !num(in + 5, 2, &m) || !num(in + 8, 2, &d))
		return msg;
	if (timed && ((in[10] != 'T' && in[10] != ' ') || in[13] != ':' ||
	    !num(in + 11, 2, &hh) || !num(in + 14, 2, &mm)))
		return msg;
	if (!civil_valid(y, m, d) || y < 1970 || hh > 23 || mm > 59)
		return "That date or time does not exist. Check the day, month "
		    "and time.";
	if (until && !timed) {
		/* Through the end of that day: the next day's midnight. */
		z = civil_days(y, m, d) + 1;
		civil_date(z, &y, &m, &d);
	}
	/* Where the clocks go forward at midnight, the day's first moment
	 * is 01:00 (no zone skips more than an hour there). */
	if (civil_local(y, m, d, hh, mm, 0, &t) == -1 && (!until || timed ||
	    civil_local(y, m, d, 1, 0, 0, &t) == -1))
		return "That time does not exist in the hospital's time zone "
		    "(the clocks go forward then).";
	*out = (int64_t)t + (until && timed ? 60 : 0);
	return NULL;
}

const char *
auditq_page(const char *in, int64_t *out)
{
	size_t	 n = strspn(in, "0123456789");
	int64_t	 v = 0;
	size_t	 i;

	if (n == 0 || n > 7 || in[n] != '\0' || in[0] == '0')
		return "Enter a page number from 1.";
	for (i = 0; i < n; i++)
		v = v * 10 + (in[i] - '0');
	if (v > 1000000)
		return "Enter a page number from 1.";
	*out = v;
	return NULL;
}

/* One validator over a parser: kind 0 actor, 1 action, 2 when (a start),
 * 3 page, 4 when (an end: a date means through that day, so the next
 * day's start must exist). */
static const char *
checked(struct arena *a, const char *in, size_t len, const char **out,
    int kind)
{
	struct store_audit_filter	 f;
	const char			*s, *msg;
	int64_t				 v;

	if (memchr(in, '\0', len) != NULL)
		return kind == 0 ? who_msg : "Enter it without control "
		    "characters.";
	s = arena_strndup(a, in, len);
	memset(&f, 0, sizeof(f));
	switch (kind) {
	case 0:
		msg = auditq_actor(a, s, &f);
		break;
	case 1:
		msg = auditq_action(a, s, &f);
		break;
	case 2:
	case 4:
		msg = auditq_when(s, kind == 4, &v);
		break;
	default:
		msg = auditq_page(s, &v);
	}
	if (msg == NULL)
		*out = s;
	return msg;
}

const char *
auditq_valid_actor(struct arena *a, const char *in, size_t len,
    const char **out)
{
	return checked(a, in, len, out, 0);
}

const char *
auditq_valid_action(struct arena *a, const char *in, size_t len,
    const char **out)
{
	return checked(a, in, len, out, 1);
}

const char *
auditq_valid_when(struct arena *a, const char *in, size_t len,
    const char **out)
{
	return checked(a, in, len, out, 2);
}

const char *
auditq_valid_until(struct arena *a, const char *in, size_t len,
    const char **out)
{
	return checked(a, in, len, out, 4);
}

const char *
auditq_valid_page(struct arena *a, const char *in, size_t len,
    const char **out)
{
	return checked(a, in, len, out, 3);
}
