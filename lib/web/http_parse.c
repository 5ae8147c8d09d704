/*
 * Request parsers: urlencoded pairs, the Cookie header and
 * multipart/form-data. Each walks its input once, never past len, and
 * copies what it keeps into the caller's arena. A malformed input is
 * HTTP_PARSE_BAD and an input over a limit HTTP_PARSE_BIG, always whole:
 * the caller never sees half a form. On any failure the outputs are
 * empty (NULL, 0); what was allocated stays in the arena until reset.
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "http_parse.h"

/* Per part, the header block (up to and with its blank line). */
#define MP_HDR_MAX	8192
/* RFC 2046 5.1.1. */
#define MP_BOUNDARY_MAX	70

/* One parameter or header we look for; the others are ignored. */
struct want {
	const char	*w_name;	/* lower case */
	const char	*w_val;		/* NULL while not seen */
	size_t		 w_len;
};

enum mp_hdr {
	MP_HDR_DISP = 0,
	MP_HDR_TYPE,
	MP_HDR__MAX
};

enum mp_disp {
	MP_DISP_NAME = 0,
	MP_DISP_FILENAME,
	MP_DISP__MAX
};

/* Part headers we read; others (Content-Transfer-Encoding...) are ignored. */
static const struct want mp_hdrs[MP_HDR__MAX] = {
	[MP_HDR_DISP] = { "content-disposition", NULL, 0 },
	[MP_HDR_TYPE] = { "content-type", NULL, 0 },
};

/* Content-Disposition parameters we read (RFC 7578 bans filename*). */
static const struct want mp_disps[MP_DISP__MAX] = {
	[MP_DISP_NAME] = { "name", NULL, 0 },
	[MP_DISP_FILENAME] = { "filename", NULL, 0 },
};

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* RFC 7230 tchar. */
static int
istoken(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* RFC 2046 bcharsnospace; a space is allowed too, but not last. */
static int
isbchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

static int
isctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static int
isows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* s[0..n) equals the lower-case lit, ASCII case folded (no locale). */
static int
ieq(const char *s, size_t n, const char *lit)
{
	size_t	 i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		if (lit[i] == '\0')
			return 0;
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if (c != (unsigned char)lit[i])
			return 0;
	}
	return lit[n] == '\0';
}

/*
 * Decoded length of the urlencoded s[0..n), or -1 for a bad escape.
 * A separate pass, so a value over its limit is refused before it is
 * copied.
 */
static int
url_declen(const char *s, size_t n, size_t *dlen)
{
	size_t	 i, d = 0;

	for (i = 0; i < n; i++, d++) {
		if (s[i] != '%')
			continue;
		if (n - i < 3 ||
		    hexval((unsigned char)s[i + 1]) < 0 ||
		    hexval((unsigned char)s[i + 2]) < 0)
			return -1;
		i += 2;
	}
	*dlen = d;
	return 0;
}

/* Copies s[0..n), checked by url_declen, decoded to dlen bytes + NUL. */
static char *
url_decode(struct arena *a, const char *s, size_t n, size_t dlen)
{
	char	*p;
	size_t	 i, d = 0;

	p = arena_alloc(a, dlen + 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			p[d++] = ' ';
		else if (s[i] == '%') {
			p[d++] = (char)(hexval((unsigned char)s[i + 1]) << 4 |
			    hexval((unsigned char)s[i + 2]));
			i += 2;
		} else
			p[d++] = s[i];
	}
	p[d] = '\0';
	return p;
}

/* How many pieces sep cuts s[0..n) into, for sizing an array. */
static size_t
count_pieces(const char *s, size_t n, char sep)
{
	const char	*p, *end = s + n;
	size_t		 c = 1;

	while (s < end && (p = memchr(s, sep, (size_t)(end - s))) != NULL) {
		c++;
		s = p + 1;
	}
	return c;
}

enum http_parse
http_parse_urlencoded(struct arena *a, const char *s, size_t len,
    const struct http_limits *lim, struct kv **out, size_t *nout)
{
	struct kv	*kv;
	const char	*p, *end, *eq, *amp, *next;
	size_t		 n = 0, cap, klen, vlen, kd, vd;
	enum http_parse	 rc;

	*out = NULL;
	*nout = 0;
	if (s == NULL || len == 0)
		return HTTP_PARSE_OK;

	/* "&&&" is many pieces but no pairs: the array is capped by limit. */
	cap = count_pieces(s, len, '&');
	if (cap > lim->lim_fields)
		cap = lim->lim_fields;
	if (cap > SIZE_MAX / sizeof(*kv))
		return HTTP_PARSE_BIG;
	kv = arena_alloc(a, cap * sizeof(*kv));

	for (p = s, end = s + len; p < end; p = next) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		next = amp < end ? amp + 1 : end;
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		klen = (size_t)(eq - p);
		vlen = eq < amp ? (size_t)(amp - eq - 1) : 0;
		/* Empty pairs and empty keys are not fields. */
		if (klen == 0)
			continue;
		rc = HTTP_PARSE_BAD;
		if (url_declen(p, klen, &kd) == -1 ||
		    url_declen(eq + 1, vlen, &vd) == -1)
			goto err;
		rc = HTTP_PARSE_BIG;
		if (n == cap || vd > lim->lim_value)
			goto err;
		kv[n].kv_key = url_decode(a, p, klen, kd);
		/* A NUL would cut the key short of what was sent. */
		rc = HTTP_PARSE_BAD;
		if (strlen(kv[n].kv_key) != kd)
			goto err;
		kv[n].kv_val = url_decode(a, eq + 1, vlen, vd);
		kv[n].kv_len = vd;
		n++;
	}
	*out = kv;
	*nout = n;
	return HTTP_PARSE_OK;
err:
	return rc;
}

/*
 * Cookies are set by everything else on the host too, so one we could
 * never have set (no '=', no name, a control byte) is skipped, not
 * fatal: only the limits refuse the header.
 */
enum http_parse
http_parse_cookies(struct arena *a, const char *hdr,
    const struct http_limits *lim, struct kv **out, size_t *nout)
{
	struct kv	*kv;
	const char	*p, *end, *semi, *next, *eq, *k, *ke, *v, *ve, *q;
	size_t		 n = 0, cap, len;

	*out = NULL;
	*nout = 0;
	if (hdr == NULL || (len = strlen(hdr)) == 0)
		return HTTP_PARSE_OK;

	cap = count_pieces(hdr, len, ';');
	if (cap > lim->lim_fields)
		cap = lim->lim_fields;
	if (cap > SIZE_MAX / sizeof(*kv))
		return HTTP_PARSE_BIG;
	kv = arena_alloc(a, cap * sizeof(*kv));

	for (p = hdr, end = hdr + len; p < end; p = next) {
		if ((semi = memchr(p, ';', (size_t)(end - p))) == NULL)
			semi = end;
		next = semi < end ? semi + 1 : end;
		if ((eq = memchr(p, '=', (size_t)(semi - p))) == NULL)
			continue;
		for (k = p; k < eq && isows((unsigned char)*k); k++)
			continue;
		for (ke = eq; ke > k && isows((unsigned char)ke[-1]); ke--)
			continue;
		for (v = eq + 1; v < semi && isows((unsigned char)*v); v++)
			continue;
		for (ve = semi; ve > v && isows((unsigned char)ve[-1]); ve--)
			continue;
		if (k == ke)
			continue;
		for (q = k; q < ve && !isctl((unsigned char)*q); q++)
			continue;
		if (q < ve)
			continue;
		if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
			v++;
			ve--;
		}
		/* The string holds every cookie of the site and its parent
		 * domains: one too many or too long is not ours to refuse
		 * the request for (the person could not sign in at all). */
		if (n == cap || (size_t)(ve - v) > lim->lim_value)
			continue;
		kv[n].kv_key = arena_strndup(a, k, (size_t)(ke - k));
		kv[n].kv_val = arena_strndup(a, v, (size_t)(ve - v));
		kv[n].kv_len = (size_t)(ve - v);
		n++;
	}
	*out = kv;
	*nout = n;
	return HTTP_PARSE_OK;
}

/*
 * Parameters of a header value, after its leading word:
 * *( OWS ";" OWS name OWS "=" OWS ( token / quoted-string ) ) OWS.
 * Only the values we want are copied, unquoted (backslash escapes),
 * into the arena; the same one twice is ambiguous, hence refused.
 */
static enum http_parse
params_parse(struct arena *a, const char *s, size_t len,
    struct want *w, size_t nw)
{
	const char	*end = s + len, *name, *val, *ve;
	size_t		 nlen, vlen, i, j;
	char		*buf;
	int		 quoted;

	for (;;) {
		while (s < end && isows((unsigned char)*s))
			s++;
		if (s == end)
			return HTTP_PARSE_OK;
		if (*s++ != ';')
			return HTTP_PARSE_BAD;
		while (s < end && isows((unsigned char)*s))
			s++;
		if (s == end || *s == ';')
			continue;	/* a stray ';' */
		for (name = s; s < end && istoken((unsigned char)*s); s++)
			continue;
		if ((nlen = (size_t)(s - name)) == 0)
			return HTTP_PARSE_BAD;
		while (s < end && isows((unsigned char)*s))
			s++;
		if (s == end || *s++ != '=')
			return HTTP_PARSE_BAD;
		while (s < end && isows((unsigned char)*s))
			s++;
		if ((quoted = (s < end && *s == '"'))) {
			for (val = ++s; s < end && *s != '"'; s++)
				if (*s == '\\' && ++s == end)
					break;
			if (s == end)
				return HTTP_PARSE_BAD;
			ve = s++;
		} else {
			/* Lenient: boundaries often hold '=', '/' or ':'. */
			for (val = s; s < end && *s != ';' &&
			    !isows((unsigned char)*s); s++)
				if (*s == '"' || *s == '\\')
					return HTTP_PARSE_BAD;
			if (s == val)
				return HTTP_PARSE_BAD;
			ve = s;
		}
		for (i = 0; i < nw; i++) {
			if (!ieq(name, nlen, w[i].w_name))
				continue;
			if (w[i].w_val != NULL)
				return HTTP_PARSE_BAD;
			buf = arena_alloc(a, (size_t)(ve - val) + 1);
			for (vlen = 0, j = 0; val + j < ve; j++) {
				if (quoted && val[j] == '\\')
					j++;
				buf[vlen++] = val[j];
			}
			w[i].w_val = buf;
			w[i].w_len = vlen;
		}
	}
}

/* The Content-Type value's boundary, checked to RFC 2046. */
static enum http_parse
mp_boundary(struct arena *a, const char *ctype, const char **b,
    size_t *blen)
{
	static const char	 type[] = "multipart/form-data";
	struct want		 w[] = { { "boundary", NULL, 0 } };
	const char		*s, *t;
	size_t			 i, len;
	enum http_parse		 rc;

	if (ctype == NULL)
		return HTTP_PARSE_BAD;
	for (s = ctype; isows((unsigned char)*s); s++)
		continue;
	for (t = s; *t != '\0' && *t != ';' && !isows((unsigned char)*t); t++)
		continue;
	if (!ieq(s, (size_t)(t - s), type))
		return HTTP_PARSE_BAD;
	len = strlen(t);
	if ((rc = params_parse(a, t, len, w, 1)) != HTTP_PARSE_OK)
		return rc;
	if (w[0].w_val == NULL || w[0].w_len == 0 ||
	    w[0].w_len > MP_BOUNDARY_MAX || w[0].w_val[w[0].w_len - 1] == ' ')
		return HTTP_PARSE_BAD;
	for (i = 0; i < w[0].w_len; i++)
		if (!isbchar((unsigned char)w[0].w_val[i]))
			return HTTP_PARSE_BAD;
	*b = w[0].w_val;
	*blen = w[0].w_len;
	return HTTP_PARSE_OK;
}

/*
 * The header block of one part, from p up to its blank line, which must
 * come before end (the next delimiter) and within MP_HDR_MAX bytes.
 * Sets *body to the first byte after the blank line.
 */
static enum http_parse
mp_headers(struct arena *a, const unsigned char *p, const unsigned char *end,
    struct want *h, size_t nh, const unsigned char **body)
{
	const unsigned char	*lim, *eol, *name, *colon, *v, *ve;
	size_t			 i;

	lim = (size_t)(end - p) > MP_HDR_MAX ? p + MP_HDR_MAX : end;
	for (;;) {
		/* A line ends at CRLF; a lone CR, LF or NUL is refused. */
		for (eol = p; eol < lim && (*eol == '\t' || !isctl(*eol));
		    eol++)
			continue;
		if (lim - eol < 2 || eol[0] != '\r' || eol[1] != '\n')
			return HTTP_PARSE_BAD;
		if (eol == p)
			break;
		for (name = p; p < eol && istoken(*p); p++)
			continue;
		if (p == name || p == eol || *p != ':')
			return HTTP_PARSE_BAD;
		colon = p;
		for (v = colon + 1; v < eol && isows(*v); v++)
			continue;
		for (ve = eol; ve > v && isows(ve[-1]); ve--)
			continue;
		for (i = 0; i < nh; i++) {
			if (!ieq((const char *)name, (size_t)(colon - name),
			    h[i].w_name))
				continue;
			if (h[i].w_val != NULL)
				return HTTP_PARSE_BAD;
			h[i].w_val = arena_strndup(a, (const char *)v,
			    (size_t)(ve - v));
			h[i].w_len = (size_t)(ve - v);
		}
		p = eol + 2;
	}
	*body = eol + 2;
	return HTTP_PARSE_OK;
}

/* Content-Disposition: form-data; name="..."[; filename="..."] */
static enum http_parse
mp_disposition(struct arena *a, const char *s, size_t len, struct want *d)
{
	const char	*t, *end = s + len;

	for (t = s; t < end && *t != ';' && !isows((unsigned char)*t); t++)
		continue;
	if (!ieq(s, (size_t)(t - s), "form-data"))
		return HTTP_PARSE_BAD;
	return params_parse(a, t, (size_t)(end - t), d, MP_DISP__MAX);
}

/*
 * The first delim (CRLF "--" boundary) in p[0..n). Linear without
 * memmem: '\r' occurs in delim only first (a boundary holds no control
 * byte), so a partial match never hides the start of the next one and
 * the scan can go on past it.
 */
static const unsigned char *
mp_find(const unsigned char *p, size_t n, const char *delim, size_t dlen)
{
	const unsigned char	*end = p + n, *q;
	size_t			 i;

	while ((size_t)(end - p) >= dlen &&
	    (q = memchr(p, '\r', (size_t)(end - p) - dlen + 1)) != NULL) {
		for (i = 1; i < dlen && q[i] == (unsigned char)delim[i]; i++)
			continue;
		if (i == dlen)
			return q;
		p = q + i;
	}
	return NULL;
}

/* Room for one more element in an arena array grown by doubling. */
static void *
grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t sz)
{
	void	*nw;
	size_t	 ncap;

	if (n < *cap)
		return arr;
	ncap = *cap == 0 ? 8 : *cap;
	if (ncap > SIZE_MAX / 2 / sz)
		return NULL;
	ncap *= 2;
	nw = arena_alloc(a, ncap * sz);
	if (n > 0)
		memcpy(nw, arr, n * sz);
	*cap = ncap;
	return nw;
}

/*
 * Each delimiter is CRLF "--" boundary at the start of a line, found
 * by mp_find, so the whole body is read once. Strict where browsers
 * are: CRLF only; after a delimiter only padding and CRLF, or "--";
 * every part has headers and the blank line. What a lax parser would
 * guess at (two names, two Content-Types) is refused. File data is
 * not copied: up_data points into body, which the caller must keep
 * while it uses the uploads (lib/http.c reads it into the same arena).
 */
enum http_parse
http_parse_multipart(struct arena *a, const char *ctype,
    const unsigned char *body, size_t len, const struct http_limits *lim,
    struct kv **fields, size_t *nfields,
    struct upload **files, size_t *nfiles)
{
	struct kv		*kv = NULL;
	struct upload		*up = NULL;
	struct want		 h[MP_HDR__MAX], d[MP_DISP__MAX];
	const unsigned char	*p, *end, *part, *data, *next;
	const char		*b;
	char			 delim[2 + 2 + MP_BOUNDARY_MAX];
	size_t			 blen, dlen, nkv = 0, nup = 0, ckv = 0, cup = 0;
	size_t			 dsz;
	enum http_parse		 rc;

	*fields = NULL;
	*nfields = 0;
	*files = NULL;
	*nfiles = 0;
	if ((rc = mp_boundary(a, ctype, &b, &blen)) != HTTP_PARSE_OK)
		goto err;
	rc = HTTP_PARSE_BAD;
	if (body == NULL)
		goto err;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, b, blen);
	dlen = 4 + blen;
	end = body + len;

	/* The first delimiter may open the body, without its CRLF. */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		p = body + dlen - 2;
	else if ((p = mp_find(body, len, delim, dlen)) != NULL)
		p += dlen;
	else
		goto err;

	for (;;) {
		rc = HTTP_PARSE_BAD;
		/* p is just past a delimiter: "--" closes, else padding CRLF. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;
		while (p < end && isows(*p))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			goto err;
		part = p + 2;
		if ((next = mp_find(part, (size_t)(end - part), delim,
		    dlen)) == NULL)
			goto err;
		p = next + dlen;

		memcpy(h, mp_hdrs, sizeof(h));
		memcpy(d, mp_disps, sizeof(d));
		if ((rc = mp_headers(a, part, next, h, MP_HDR__MAX,
		    &data)) != HTTP_PARSE_OK)
			goto err;
		rc = HTTP_PARSE_BAD;
		if (h[MP_HDR_DISP].w_val == NULL)
			goto err;
		if ((rc = mp_disposition(a, h[MP_HDR_DISP].w_val,
		    h[MP_HDR_DISP].w_len, d)) != HTTP_PARSE_OK)
			goto err;
		rc = HTTP_PARSE_BAD;
		/* A NUL in a name would cut it short of what was sent. */
		if (d[MP_DISP_NAME].w_val == NULL ||
		    d[MP_DISP_NAME].w_len == 0 ||
		    strlen(d[MP_DISP_NAME].w_val) != d[MP_DISP_NAME].w_len ||
		    (d[MP_DISP_FILENAME].w_val != NULL &&
		    strlen(d[MP_DISP_FILENAME].w_val) !=
		    d[MP_DISP_FILENAME].w_len))
			goto err;
		dsz = (size_t)(next - data);

		rc = HTTP_PARSE_BIG;
		if (d[MP_DISP_FILENAME].w_val != NULL) {
			if (nup == lim->lim_files || dsz > lim->lim_file)
				goto err;
			if ((up = grow(a, up, nup, &cup, sizeof(*up))) == NULL)
				goto err;
			up[nup].up_field = d[MP_DISP_NAME].w_val;
			up[nup].up_name = d[MP_DISP_FILENAME].w_val;
			up[nup].up_type = h[MP_HDR_TYPE].w_val != NULL ?
			    h[MP_HDR_TYPE].w_val : "";
			up[nup].up_data = data;
			up[nup].up_len = dsz;
			nup++;
		} else {
			if (nkv == lim->lim_fields || dsz > lim->lim_value)
				goto err;
			if ((kv = grow(a, kv, nkv, &ckv, sizeof(*kv))) == NULL)
				goto err;
			kv[nkv].kv_key = d[MP_DISP_NAME].w_val;
			kv[nkv].kv_val = arena_strndup(a, (const char *)data,
			    dsz);
			kv[nkv].kv_len = dsz;
			nkv++;
		}
	}
	/* The epilogue, after the closing "--", is ignored. */
	*fields = kv;
	*nfields = nkv;
	*files = up;
	*nfiles = nup;
	return HTTP_PARSE_OK;
err:
	return rc;
}

const char *
kv_get(const struct kv *kv, size_t n, const char *key)
{
	size_t	 i;

	if (key == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(kv[i].kv_key, key) == 0)
			return kv[i].kv_val;
	return NULL;
}
