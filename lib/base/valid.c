/*
 * Input validators. Every one starts from valid_utf8, so no value with a
 * NUL, a control byte or broken UTF-8 reaches a handler, a header or the
 * database.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "civil.h"
#include "valid.h"

size_t
valid_utf8_char(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t		need, i;
	unsigned	c, min;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		need = 1; c = s[0] & 0x1f; min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		need = 2; c = s[0] & 0x0f; min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		need = 3; c = s[0] & 0x07; min = 0x10000;
	} else
		return 0;
	if (n <= need)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return need + 1;
}

int
valid_utf8(const char *s, size_t len, int multiline)
{
	const unsigned char	*p = (const unsigned char *)s, *e = p + len;
	unsigned		 cp;
	size_t			 k;

	while (p < e) {
		if ((k = valid_utf8_char(p, (size_t)(e - p), &cp)) == 0)
			return 0;
		p += k;
		if (cp < 0x80) {
			if ((cp < 0x20 && cp != '\t' &&
			    !(multiline && (cp == '\n' || cp == '\r'))) || cp == 0x7f)
				return 0;
			continue;
		}
		/* C1 controls and the line/paragraph separators. */
		if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029)
			return 0;
	}
	return 1;
}

static const char bad_chars[] = "Remove the unusual characters and try again.";

/* Trims spaces at both ends and folds inner runs to one. */
static char *
fold(struct arena *a, const char *in, size_t len, size_t *outlen)
{
	char	*o = arena_alloc(a, len + 1);
	size_t	 i, n = 0;
	int	 sp = 0;

	for (i = 0; i < len; i++) {
		if (in[i] == ' ' || in[i] == '\t') {
			sp = n > 0;
			continue;
		}
		if (sp)
			o[n++] = ' ';
		sp = 0;
		o[n++] = in[i];
	}
	o[n] = '\0';
	*outlen = n;
	return o;
}

const char *
valid_email(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char msg[] = "Enter an e-mail address like name@example.org.";
	static const char local_ok[] = "!#$%&'*+/=?^_`{|}~.-";
	char		*s;
	size_t		 n, i, at, lab = 0;

	if (!valid_utf8(in, len, 0))
		return msg;
	s = fold(a, in, len, &n);
	if (n < 3 || n > 254 || strchr(s, ' ') != NULL)
		return msg;
	if ((at = strcspn(s, "@")) == n || at == 0 || at > 64 ||
	    strchr(s + at + 1, '@') != NULL)
		return msg;
	for (i = 0; i < at; i++) {
		if (!isalnum((unsigned char)s[i]) && strchr(local_ok, s[i]) == NULL)
			return msg;
		if (s[i] == '.' && (i == 0 || i == at - 1 || s[i - 1] == '.'))
			return msg;
	}
	/* Domain: dot-separated labels of letters, digits and inner '-'. */
	if (strchr(s + at + 1, '.') == NULL)
		return msg;
	for (i = at + 1; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (lab == 0 || lab > 63 || s[i - 1] == '-')
				return msg;
			lab = 0;
			continue;
		}
		if (!isalnum((unsigned char)s[i]) && !(s[i] == '-' && lab > 0))
			return msg;
		lab++;
	}
	for (i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	*out = s;
	return NULL;
}

/* n digits at s, into *v; 0 if any is not a digit. */
static int
digits(const char *s, int n, int *v)
{
	int	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

int
valid_ymd(const char *s, int *y, int *m, int *d)
{
	return strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
	    digits(s, 4, y) && digits(s + 5, 2, m) && digits(s + 8, 2, d);
}

const char *
valid_date(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char msg[] = "Enter a date like 2015-04-30 (year-month-day).";
	char	*s;
	size_t	 n;
	int	 y, m, d;

	if (!valid_utf8(in, len, 0))
		return msg;
	s = fold(a, in, len, &n);
	if (n == 10 && s[4] == '-' && s[7] == '-' && digits(s, 4, &y) &&
	    digits(s + 5, 2, &m) && digits(s + 8, 2, &d))
		;
	else if (n == 10 && s[2] == '/' && s[5] == '/' && digits(s, 2, &m) &&
	    digits(s + 3, 2, &d) && digits(s + 6, 4, &y))
		;
	else
		return msg;
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 ||
	    d > civil_month_days(y, m))
		return "That date does not exist. Check the day and month.";
	*out = arena_printf(a, "%04d-%02d-%02d", y, m, d);
	return NULL;
}

const char *
valid_mrn(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char msg[] = "Enter the medical record number (MRN) as "
	    "printed on the visit papers: 3 to 20 letters and digits.";
	char	*s;
	size_t	 n, i;

	if (!valid_utf8(in, len, 0))
		return msg;
	s = fold(a, in, len, &n);
	if (n < 3 || n > 20)
		return msg;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return msg;
		s[i] = (char)toupper((unsigned char)s[i]);
	}
	*out = s;
	return NULL;
}

/* The NPI's check digit (issue 11.1): the Luhn formula over the card
 * issuer prefix 80840 and the first 9 digits; the prefix's own doubled
 * sum is 24. */
static int
npi_check(const char *d)
{
	int	 sum = 24, i, v;

	for (i = 8; i >= 0; i--) {
		v = d[i] - '0';
		if ((8 - i) % 2 == 0 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return (10 - sum % 10) % 10;
}

const char *
valid_npi(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char msg[] = "Enter your 10-digit National Provider "
	    "Identifier (NPI) as the NPPES registry lists it; this one does "
	    "not check out (a digit is wrong or missing).";
	char	*s = arena_alloc(a, 11);
	size_t	 i, n = 0;

	if (len > 32 || !valid_utf8(in, len, 0))
		return msg;
	/* Spaces and dashes as people group the digits. */
	for (i = 0; i < len; i++) {
		if (in[i] == ' ' || in[i] == '-')
			continue;
		if (in[i] < '0' || in[i] > '9' || n == 10)
			return msg;
		s[n++] = in[i];
	}
	s[n] = '\0';
	if (n != 10 || (s[0] != '1' && s[0] != '2') ||
	    npi_check(s) != s[9] - '0')
		return msg;
	*out = s;
	return NULL;
}

const char *
valid_phone(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char msg[] = "Enter a phone number with its area code, "
	    "like (617) 555-0100 (digits, spaces, ( ) - + . and x for an "
	    "extension).";
	size_t	 i, digits = 0;

	if (len > 40 || !valid_utf8(in, len, 0))
		return msg;
	for (i = 0; i < len; i++) {
		if (in[i] >= '0' && in[i] <= '9')
			digits++;
		else if (strchr(" ()-+.xX", in[i]) == NULL || in[i] == '\0')
			return msg;
	}
	if (digits < 10 || digits > 20)
		return msg;
	*out = arena_strndup(a, in, len);
	return NULL;
}

const char *
valid_token(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char msg[] = "Enter the 16-character token as printed, "
	    "like ABCD-EFGH-JKMN-PQRS.";
	static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	char	*s = arena_alloc(a, 17), ch;
	size_t	 i, n = 0;

	if (len > 64 || !valid_utf8(in, len, 0))
		return msg;
	for (i = 0; i < len; i++) {
		ch = (char)toupper((unsigned char)in[i]);
		if (ch == '-' || ch == ' ')
			continue;
		if (ch == 'O')
			ch = '0';
		else if (ch == 'I' || ch == 'L')
			ch = '1';
		if (strchr(alpha, ch) == NULL || ch == '\0' || n == 16)
			return msg;
		s[n++] = ch;
	}
	if (n != 16)
		return msg;
	*out = s;
	return NULL;
}

const char *
valid_pass_code(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char msg[] = "Enter the 8-digit pass code from the e-mail.";
	char	*s = arena_alloc(a, 9);
	size_t	 i, n = 0;

	if (len > 32)
		return msg;
	for (i = 0; i < len; i++) {
		if (in[i] == '-' || in[i] == ' ')
			continue;
		if (!isdigit((unsigned char)in[i]) || n == 8)
			return msg;
		s[n++] = in[i];
	}
	if (n != 8)
		return msg;
	s[n] = '\0';
	*out = s;
	return NULL;
}

const char *
valid_name(struct arena *a, const char *in, size_t len, const char **out)
{
	char	*s;
	size_t	 n, i, chars = 0;

	if (!valid_utf8(in, len, 0))
		return bad_chars;
	s = fold(a, in, len, &n);
	if (n == 0)
		return "Enter a name.";
	for (i = 0; i < n; i++) {
		if (strchr("<>\"&;{}[]\\/=@#$%^*_|~`+", s[i]) != NULL)
			return "Use only letters, spaces, hyphens, periods and apostrophes in names.";
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	}
	if (chars > 100)
		return "Names can have at most 100 characters.";
	*out = s;
	return NULL;
}

const char *
valid_password(struct arena *a, const char *in, size_t len, const char **out)
{
	if (len == 0 || len > 1024)
		return "Enter a password of at most 128 characters.";
	if (!valid_utf8(in, len, 0))
		return bad_chars;
	*out = arena_strndup(a, in, len);
	return NULL;
}

const char *
valid_id(struct arena *a, const char *in, size_t len, const char **out)
{
	size_t	 i;

	(void)a;
	/* 2^53 has 16 digits: 15 is always within it. */
	if (len == 0 || len > 15 || in[0] == '0')
		return "Not a valid reference.";
	for (i = 0; i < len; i++)
		if (in[i] < '0' || in[i] > '9')
			return "Not a valid reference.";
	*out = arena_strndup(a, in, len);
	return NULL;
}

const char *
valid_line(struct arena *a, const char *in, size_t len, const char **out)
{
	char	*s;
	size_t	 n, i, chars = 0;

	if (!valid_utf8(in, len, 0))
		return bad_chars;
	s = fold(a, in, len, &n);
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	if (chars == 0 || chars > 200)
		return "Enter at most 200 characters.";
	*out = s;
	return NULL;
}

const char *
valid_secret(struct arena *a, const char *in, size_t len, const char **out)
{
	size_t	 i;

	/* A code pasted from an e-mail often brings a space or line end. */
	while (len > 0 && strchr(" \t\r\n", in[0]) != NULL && in[0] != '\0') {
		in++;
		len--;
	}
	while (len > 0 && strchr(" \t\r\n", in[len - 1]) != NULL &&
	    in[len - 1] != '\0')
		len--;
	if (len < 8 || len > 200)
		return "This code is not valid.";
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)in[i]) && in[i] != '-' &&
		    in[i] != '_' && in[i] != '.')
			return "This code is not valid.";
	*out = arena_strndup(a, in, len);
	return NULL;
}

const char *
valid_otp(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char msg[] = "Enter the 6-digit code from your "
	    "authenticator app, or one of your recovery codes.";
	size_t	 i;

	while (len > 0 && strchr(" \t\r\n", in[0]) != NULL && in[0] != '\0') {
		in++;
		len--;
	}
	while (len > 0 && strchr(" \t\r\n", in[len - 1]) != NULL &&
	    in[len - 1] != '\0')
		len--;
	if (len < 1 || len > 40)
		return msg;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)in[i]) && in[i] != '-' && in[i] != ' ')
			return msg;
	*out = arena_strndup(a, in, len);
	return NULL;
}

/* One of a NULL-terminated list of words. */
static const char *
choice(struct arena *a, const char *in, size_t len, const char **out,
    const char *const *words, const char *msg)
{
	for (; *words != NULL; words++)
		if (strlen(*words) == len && memcmp(*words, in, len) == 0) {
			*out = arena_strdup(a, *words);
			return NULL;
		}
	return msg;
}

const char *
valid_who(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char *const w[] = { "self", "guardian", NULL };

	return choice(a, in, len, out, w, "Choose who you are.");
}

const char *
valid_proof(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char *const w[] = { "token", "mrn", NULL };

	return choice(a, in, len, out, w, "Choose how to prove the link to the patient.");
}

const char *
valid_decision(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char *const w[] = { "approve", "reject", NULL };

	return choice(a, in, len, out, w, "Choose approve or reject.");
}

const char *
valid_username(struct arena *a, const char *in, size_t len, const char **out)
{
	size_t	 i;

	if (len < 2 || len > 64)
		return "Enter your user name.";
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)in[i]) && in[i] != '.' &&
		    in[i] != '_' && in[i] != '-')
			return "Enter your user name.";
	*out = arena_strndup(a, in, len);
	return NULL;
}

/* The United States' two-letter postal codes of states, the District of
 * Columbia, the territories and the armed forces' addresses (USPS
 * Publication 28, appendix B). */
static const char *const us_states[] = {
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI",
	"ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN",
	"MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH",
	"OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
	"WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI", "AA", "AE", "AP", NULL
};

const char *
valid_state(struct arena *a, const char *in, size_t len, const char **out)
{
	char	 s[3];
	size_t	 i;

	while (len > 0 && *in == ' ')
		in++, len--;
	while (len > 0 && in[len - 1] == ' ')
		len--;
	if (len == 2) {
		s[0] = (char)(in[0] >= 'a' && in[0] <= 'z' ? in[0] - 32 : in[0]);
		s[1] = (char)(in[1] >= 'a' && in[1] <= 'z' ? in[1] - 32 : in[1]);
		s[2] = '\0';
		for (i = 0; us_states[i] != NULL; i++)
			if (strcmp(us_states[i], s) == 0) {
				*out = arena_strdup(a, s);
				return NULL;
			}
	}
	return "Enter the state's two-letter code, like MA.";
}

const char *
valid_postal(struct arena *a, const char *in, size_t len, const char **out)
{
	char	 d[10];
	size_t	 i, n = 0;

	for (i = 0; i < len; i++) {
		if (in[i] >= '0' && in[i] <= '9' && n < sizeof(d) - 1)
			d[n++] = in[i];
		else if (in[i] >= '0' && in[i] <= '9')
			n = sizeof(d);		/* too many digits */
		else if (!(in[i] == ' ' || (in[i] == '-' && n == 5)))
			n = sizeof(d);
		if (n == sizeof(d))
			break;
	}
	if (n == 5)
		*out = arena_strndup(a, d, 5);
	else if (n == 9)
		*out = arena_printf(a, "%.5s-%.4s", d, d + 5);
	else
		return "Enter a ZIP code of 5 digits, or 9 (like 02115-5737).";
	return NULL;
}

const char *
valid_preferred(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char *const w[] = { "email", "mobile", "home", "text", NULL };

	return choice(a, in, len, out, w, "Choose how we should contact you.");
}
