/*
 * Parsers of what a browser sends: query strings and urlencoded bodies,
 * the Cookie header, and multipart/form-data bodies. Pure functions of
 * their input (no I/O), so each has a fuzz harness. Every result lives in
 * the caller's arena. Limits are hard: input over any of them is refused
 * whole (HTTP_PARSE_BIG), never truncated.
 */
#ifndef PORTAL_HTTP_PARSE_H
#define PORTAL_HTTP_PARSE_H

#include <stddef.h>

struct arena;

enum http_parse {
	HTTP_PARSE_OK = 0,
	HTTP_PARSE_BAD,		/* malformed */
	HTTP_PARSE_BIG		/* over a limit */
};

/* One name=value pair; val is NUL-terminated and also has its length
 * (a value may hold a NUL byte after decoding: validators refuse it). */
struct kv {
	const char	*kv_key;
	const char	*kv_val;
	size_t		 kv_len;
};

/* One uploaded file of a multipart body. */
struct upload {
	const char		*up_field;	/* form field name */
	const char		*up_name;	/* client's file name, as sent */
	const char		*up_type;	/* client's Content-Type, as sent (untrusted) */
	const unsigned char	*up_data;
	size_t			 up_len;
};

struct http_limits {
	size_t	lim_fields;	/* most name=value pairs (query, form or cookies) */
	size_t	lim_value;	/* longest non-file value, bytes after decoding */
	size_t	lim_files;	/* most uploaded files */
	size_t	lim_file;	/* largest uploaded file, bytes */
};

/*
 * a=1&b=x+y%20z: '+' is a space, %XX decoded, a bad escape is
 * HTTP_PARSE_BAD, empty pairs ("&&") are skipped, a name without '='
 * has the empty value. Keys keep their order; duplicates are kept.
 */
enum http_parse	 http_parse_urlencoded(struct arena *a, const char *s,
		    size_t len, const struct http_limits *lim,
		    struct kv **out, size_t *nout);

/* Cookie: a=1; b=2 (RFC 6265 cookie-string; values not decoded, quotes
 * around a value removed). Pairs without '=', pairs past lim_fields and
 * values longer than lim_value are skipped: the string carries other
 * sites' cookies (a parent domain's), never a reason to refuse. */
enum http_parse	 http_parse_cookies(struct arena *a, const char *hdr,
		    const struct http_limits *lim, struct kv **out, size_t *nout);

/*
 * multipart/form-data (RFC 7578). ctype is the whole Content-Type header
 * value (the boundary comes from it). Parts with a filename parameter
 * become uploads (even when empty: an empty file input sends one with
 * filename=""); the others are fields.
 */
enum http_parse	 http_parse_multipart(struct arena *a, const char *ctype,
		    const unsigned char *body, size_t len,
		    const struct http_limits *lim,
		    struct kv **fields, size_t *nfields,
		    struct upload **files, size_t *nfiles);

/* The first value of key in kv[0..n), or NULL. */
const char	*kv_get(const struct kv *kv, size_t n, const char *key);

#endif
