/*
 * Tables of request inputs and what the parsers must make of them: good
 * and bad forms, cookies and multipart bodies, each limit exactly met
 * and then passed by one. A few inputs too long for a table (the 8 KB
 * part header block, megabytes of near-boundaries) are built in code.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "http_parse.h"
#include "t.h"

/* Small, so every limit is reached by a short input. */
static const struct http_limits lim_t = { 4, 8, 2, 16 };
static const struct http_limits lim_zero = { 0, 0, 0, 0 };
static const struct http_limits lim_big = { 1000, 1 << 20, 100, 1 << 24 };

/* vlen 0: strlen(v); a value holding a NUL gives its length. */
struct pair {
	const char	*k;
	const char	*v;
	size_t		 vlen;
};

struct file {
	const char	*field;
	const char	*name;
	const char	*type;
	const char	*data;
	size_t		 len;
};

/* in and inlen: BODY("literal"), so NUL bytes inside count. */
#define BODY(x)	x, sizeof(x) - 1

struct ucase {
	const char			*in;
	size_t				 inlen;
	const struct http_limits	*lim;	/* NULL: lim_t */
	enum http_parse			 want;
	size_t				 n;
	struct pair			 p[5];	/* in order; unset: not checked */
};

static const struct ucase ucases[] = {
	{ BODY(""), NULL, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=1"), NULL, HTTP_PARSE_OK, 1, { { "a", "1", 0 } } },
	{ BODY("a=1&b=2"), NULL, HTTP_PARSE_OK, 2,
	    { { "a", "1", 0 }, { "b", "2", 0 } } },
	{ BODY("a=1&a=2"), NULL, HTTP_PARSE_OK, 2,
	    { { "a", "1", 0 }, { "a", "2", 0 } } },
	{ BODY("a="), NULL, HTTP_PARSE_OK, 1, { { "a", "", 0 } } },
	{ BODY("a"), NULL, HTTP_PARSE_OK, 1, { { "a", "", 0 } } },
	{ BODY("a&b="), NULL, HTTP_PARSE_OK, 2,
	    { { "a", "", 0 }, { "b", "", 0 } } },
	{ BODY("&&a=1&&"), NULL, HTTP_PARSE_OK, 1, { { "a", "1", 0 } } },
	{ BODY("&"), NULL, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ BODY("=x"), NULL, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ BODY("="), NULL, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ BODY("=x&b=1"), NULL, HTTP_PARSE_OK, 1, { { "b", "1", 0 } } },
	{ BODY("a==b"), NULL, HTTP_PARSE_OK, 1, { { "a", "=b", 0 } } },
	{ BODY("a=1;b=2"), NULL, HTTP_PARSE_OK, 1, { { "a", "1;b=2", 0 } } },
	{ BODY("a+b=x+y%20"), NULL, HTTP_PARSE_OK, 1,
	    { { "a b", "x y ", 0 } } },
	{ BODY("a=%2B+"), NULL, HTTP_PARSE_OK, 1, { { "a", "+ ", 0 } } },
	{ BODY("%41%62=%4a%4A%c3%A9"), NULL, HTTP_PARSE_OK, 1,
	    { { "Ab", "JJ\xc3\xa9", 0 } } },
	{ BODY("a=%00"), NULL, HTTP_PARSE_OK, 1, { { "a", "\0", 1 } } },
	{ BODY("a=x%00y"), NULL, HTTP_PARSE_OK, 1, { { "a", "x\0y", 3 } } },
	{ BODY("a=x\0y"), NULL, HTTP_PARSE_OK, 1, { { "a", "x\0y", 3 } } },
	{ BODY("a%00=1"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("a\0=1"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=%"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=%4"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=%zz"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=%g0"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=%0g"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=%%41"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("%=1"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("a%4=1"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=1&b=%2"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=%4&b"), NULL, HTTP_PARSE_BAD, 0, { { NULL, NULL, 0 } } },
	/* lim_fields 4: at the limit, then one over. */
	{ BODY("a=1&b=2&c=3&d=4"), NULL, HTTP_PARSE_OK, 4,
	    { { "a", "1", 0 }, { "b", "2", 0 }, { "c", "3", 0 },
	      { "d", "4", 0 } } },
	{ BODY("a=1&b=2&c=3&d=4&e=5"), NULL, HTTP_PARSE_BIG, 0,
	    { { NULL, NULL, 0 } } },
	{ BODY("a&b&c&d&e"), NULL, HTTP_PARSE_BIG, 0, { { NULL, NULL, 0 } } },
	/* Skipped pairs do not count. */
	{ BODY("&&&&&&=1&=2&=3&a=1&b&c&d&&"), NULL, HTTP_PARSE_OK, 4,
	    { { "a", "1", 0 }, { "b", "", 0 } } },
	/* lim_value 8, counted after decoding. */
	{ BODY("a=12345678"), NULL, HTTP_PARSE_OK, 1,
	    { { "a", "12345678", 0 } } },
	{ BODY("a=123456789"), NULL, HTTP_PARSE_BIG, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=%41%41%41%41%41%41%41%41"), NULL, HTTP_PARSE_OK, 1,
	    { { "a", "AAAAAAAA", 0 } } },
	{ BODY("a=%41%41%41%41%41%41%41%41+"), NULL, HTTP_PARSE_BIG, 0,
	    { { NULL, NULL, 0 } } },
	/* Keys are not values: a long key is fine. */
	{ BODY("abcdefghijklmnop=1"), NULL, HTTP_PARSE_OK, 1,
	    { { "abcdefghijklmnop", "1", 0 } } },
	{ BODY("a="), &lim_zero, HTTP_PARSE_BIG, 0, { { NULL, NULL, 0 } } },
	{ BODY("&&=1"), &lim_zero, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ BODY("a=1&b=2&c=3&d=4&e=5"), &lim_big, HTTP_PARSE_OK, 5,
	    { { "a", "1", 0 }, { "b", "2", 0 }, { "c", "3", 0 },
	      { "d", "4", 0 }, { "e", "5", 0 } } },
};

/* Cookie headers are C strings. */
struct ccase {
	const char			*in;
	const struct http_limits	*lim;
	enum http_parse			 want;
	size_t				 n;
	struct pair			 p[5];
};

static const struct ccase ccases[] = {
	{ "", NULL, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ "a=1", NULL, HTTP_PARSE_OK, 1, { { "a", "1", 0 } } },
	{ "a=1; b=2", NULL, HTTP_PARSE_OK, 2,
	    { { "a", "1", 0 }, { "b", "2", 0 } } },
	{ "a=1;b=2", NULL, HTTP_PARSE_OK, 2,
	    { { "a", "1", 0 }, { "b", "2", 0 } } },
	{ " a = 1 ;\tb=2\t", NULL, HTTP_PARSE_OK, 2,
	    { { "a", "1", 0 }, { "b", "2", 0 } } },
	{ "a=1; a=2", NULL, HTTP_PARSE_OK, 2,
	    { { "a", "1", 0 }, { "a", "2", 0 } } },
	{ "a=", NULL, HTTP_PARSE_OK, 1, { { "a", "", 0 } } },
	{ "a=b=c", NULL, HTTP_PARSE_OK, 1, { { "a", "b=c", 0 } } },
	{ "a=%41+", NULL, HTTP_PARSE_OK, 1, { { "a", "%41+", 0 } } },
	{ "a=\"x y\"", NULL, HTTP_PARSE_OK, 1, { { "a", "x y", 0 } } },
	{ "a=\"\"", NULL, HTTP_PARSE_OK, 1, { { "a", "", 0 } } },
	{ "a=\"", NULL, HTTP_PARSE_OK, 1, { { "a", "\"", 0 } } },
	{ "a=\"x", NULL, HTTP_PARSE_OK, 1, { { "a", "\"x", 0 } } },
	{ "a= \"x\" ", NULL, HTTP_PARSE_OK, 1, { { "a", "x", 0 } } },
	/* Someone else's junk is skipped, not fatal. */
	{ "a", NULL, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ "a; b=2", NULL, HTTP_PARSE_OK, 1, { { "b", "2", 0 } } },
	{ "=x; b=2", NULL, HTTP_PARSE_OK, 1, { { "b", "2", 0 } } },
	{ " =x", NULL, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ "a=1;;; b=2;", NULL, HTTP_PARSE_OK, 2,
	    { { "a", "1", 0 }, { "b", "2", 0 } } },
	{ ";;;", NULL, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ "a=\x01; b=2", NULL, HTTP_PARSE_OK, 1, { { "b", "2", 0 } } },
	{ "a=x\ty; b=2", NULL, HTTP_PARSE_OK, 1, { { "b", "2", 0 } } },
	{ "a\x7f=1; b=2", NULL, HTTP_PARSE_OK, 1, { { "b", "2", 0 } } },
	/* lim_fields 4 and lim_value 8 (without the quotes). */
	{ "a=1; b=2; c=3; d=4", NULL, HTTP_PARSE_OK, 4,
	    { { "a", "1", 0 }, { "b", "2", 0 }, { "c", "3", 0 },
	      { "d", "4", 0 } } },
	/* Past them: skipped, never refused (other sites' cookies). */
	{ "a=1; b=2; c=3; d=4; e=5", NULL, HTTP_PARSE_OK, 4,
	    { { "a", "1", 0 }, { "b", "2", 0 }, { "c", "3", 0 },
	      { "d", "4", 0 } } },
	{ "a=1; b=2; c; d=4; e; f=6", NULL, HTTP_PARSE_OK, 4,
	    { { "a", "1", 0 }, { "b", "2", 0 }, { "d", "4", 0 },
	      { "f", "6", 0 } } },
	{ "a=12345678", NULL, HTTP_PARSE_OK, 1, { { "a", "12345678", 0 } } },
	{ "a=123456789", NULL, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ "a=123456789; b=2", NULL, HTTP_PARSE_OK, 1, { { "b", "2", 0 } } },
	{ "a=\"12345678\"", NULL, HTTP_PARSE_OK, 1,
	    { { "a", "12345678", 0 } } },
	{ "a=\"123456789\"", NULL, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ "a=1", &lim_zero, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
	{ "a; b", &lim_zero, HTTP_PARSE_OK, 0, { { NULL, NULL, 0 } } },
};

/* Multipart: boundary XyZ unless the case says otherwise. */
#define CT	"multipart/form-data; boundary=XyZ"
#define DL	"--XyZ\r\n"
#define END	"--XyZ--\r\n"
#define CD(n)	"Content-Disposition: form-data; name=\"" n "\"\r\n"
#define FIELD(n, v)	DL CD(n) "\r\n" v "\r\n"
#define UPLOAD(n, fn, t, v) DL "Content-Disposition: form-data; name=\"" \
	n "\"; filename=\"" fn "\"\r\nContent-Type: " t "\r\n\r\n" v "\r\n"
#define B70	"0123456789012345678901234567890123456789" \
		"012345678901234567890123456789"

struct mcase {
	const char			*ctype;
	const char			*body;
	size_t				 len;
	const struct http_limits	*lim;	/* NULL: lim_t */
	enum http_parse			 want;
	size_t				 nf;
	struct pair			 f[5];
	size_t				 nu;
	struct file			 u[3];
};

#define NOF	0, { { NULL, NULL, 0 } }
#define NOU	0, { { NULL, NULL, NULL, NULL, 0 } }

static const struct mcase mcases[] = {
	/* Good forms. */
	{ CT, BODY(END), NULL, HTTP_PARSE_OK, NOF, NOU },
	{ CT, BODY(FIELD("a", "1") END), NULL, HTTP_PARSE_OK,
	    1, { { "a", "1", 0 } }, NOU },
	{ CT, BODY(FIELD("a", "1") FIELD("b", "") FIELD("a", "2") END), NULL,
	    HTTP_PARSE_OK, 3, { { "a", "1", 0 }, { "b", "", 0 },
	    { "a", "2", 0 } }, NOU },
	{ CT, BODY(FIELD("a", "x\0y") END), NULL, HTTP_PARSE_OK,
	    1, { { "a", "x\0y", 3 } }, NOU },
	{ CT, BODY(FIELD("a", "l1\r\nl2") END), NULL, HTTP_PARSE_OK,
	    1, { { "a", "l1\r\nl2", 0 } }, NOU },
	{ CT, BODY(UPLOAD("f", "a.txt", "text/plain", "hello") END), NULL,
	    HTTP_PARSE_OK, NOF,
	    1, { { "f", "a.txt", "text/plain", "hello", 5 } } },
	{ CT, BODY(FIELD("a", "1") UPLOAD("f", "a.txt", "text/plain", "x")
	    UPLOAD("g", "b.bin", "application/octet-stream", "\0\r\n\1")
	    END), NULL, HTTP_PARSE_OK, 1, { { "a", "1", 0 } },
	    2, { { "f", "a.txt", "text/plain", "x", 1 },
	    { "g", "b.bin", "application/octet-stream", "\0\r\n\1", 4 } } },
	/* An empty file input. */
	{ CT, BODY(UPLOAD("f", "", "application/octet-stream", "") END), NULL,
	    HTTP_PARSE_OK, NOF,
	    1, { { "f", "", "application/octet-stream", "", 0 } } },
	/* No Content-Type: "", not NULL. */
	{ CT, BODY(DL "Content-Disposition: form-data; name=f; filename=x\r\n"
	    "\r\nd\r\n" END), NULL, HTTP_PARSE_OK, NOF,
	    1, { { "f", "x", "", "d", 1 } } },
	{ CT, BODY(DL "Content-Disposition: form-data; name=\"f\"; "
	    "filename=\"a\\\"b\\\\c;d.txt\"\r\n\r\n\r\n" END), NULL,
	    HTTP_PARSE_OK, NOF, 1, { { "f", "a\"b\\c;d.txt", "", "", 0 } } },
	/* The boundary inside data, but not at a line start. */
	{ CT, BODY(FIELD("a", "x--XyZ y") END), NULL, HTTP_PARSE_OK,
	    1, { { "a", "x--XyZ y", 0 } }, NOU },
	{ CT, BODY(FIELD("a", "\n--XyZ\r--XyZ\r\n-XyZ\r\n--Xyz\r\n--Xy") END),
	    &lim_big, HTTP_PARSE_OK,
	    1, { { "a", "\n--XyZ\r--XyZ\r\n-XyZ\r\n--Xyz\r\n--Xy", 0 } }, NOU },
	{ CT, BODY(FIELD("a", "\r\r\r\n\r\n-") END), &lim_big, HTTP_PARSE_OK,
	    1, { { "a", "\r\r\r\n\r\n-", 0 } }, NOU },
	/* Preamble and epilogue are ignored. */
	{ CT, BODY("pre--XyZ amble\r\n" FIELD("a", "1") END "epi\r\n" DL),
	    NULL, HTTP_PARSE_OK, 1, { { "a", "1", 0 } }, NOU },
	{ CT, BODY(FIELD("a", "1") "--XyZ--"), NULL, HTTP_PARSE_OK,
	    1, { { "a", "1", 0 } }, NOU },
	/* Transport padding after a delimiter. */
	{ CT, BODY("--XyZ \t\r\n" CD("a") "\r\n1\r\n" END), NULL,
	    HTTP_PARSE_OK, 1, { { "a", "1", 0 } }, NOU },
	/* Header names and parameters fold case; others are ignored. */
	{ CT, BODY(DL "content-DISPOSITION:FORM-DATA;NAME=a ; x=\"y\";\r\n"
	    "X-Other: z\r\nContent-Type: text/plain\r\n\r\n1\r\n" END), NULL,
	    HTTP_PARSE_OK, 1, { { "a", "1", 0 } }, NOU },
	{ CT, BODY(DL CD("a") "Content-Type: text/plain \t \r\n\r\n1\r\n" END),
	    NULL, HTTP_PARSE_OK, 1, { { "a", "1", 0 } }, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; name=f; filename=g\r\n"
	    "Content-Type:  image/png \t\r\n\r\nPNG\r\n" END), NULL,
	    HTTP_PARSE_OK, NOF, 1, { { "f", "g", "image/png", "PNG", 3 } } },
	{ "multipart/form-data; boundary=\"XyZ\"", BODY(FIELD("a", "1") END),
	    NULL, HTTP_PARSE_OK, 1, { { "a", "1", 0 } }, NOU },
	{ " Multipart/Form-Data ; charset=utf-8; BOUNDARY = XyZ ; x=y",
	    BODY(FIELD("a", "1") END), NULL, HTTP_PARSE_OK,
	    1, { { "a", "1", 0 } }, NOU },
	{ "multipart/form-data; boundary=\"a b:=?\"",
	    BODY("--a b:=?\r\n" CD("a") "\r\n1\r\n--a b:=?--"), NULL,
	    HTTP_PARSE_OK, 1, { { "a", "1", 0 } }, NOU },
	{ "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
	    BODY("------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n" CD("a") "\r\n1\r\n"
	    "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n"), NULL,
	    HTTP_PARSE_OK, 1, { { "a", "1", 0 } }, NOU },
	{ "multipart/form-data; boundary=" B70,
	    BODY("--" B70 "\r\n" CD("a") "\r\n1\r\n--" B70 "--"), NULL,
	    HTTP_PARSE_OK, 1, { { "a", "1", 0 } }, NOU },

	/* Bad Content-Type. */
	{ NULL, BODY(END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ "", BODY(END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ "text/plain; boundary=XyZ", BODY(END), NULL, HTTP_PARSE_BAD,
	    NOF, NOU },
	{ "multipart/mixed; boundary=XyZ", BODY(END), NULL, HTTP_PARSE_BAD,
	    NOF, NOU },
	{ "multipart/form-dataX; boundary=XyZ", BODY(END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data", BODY(END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data; charset=utf-8", BODY(END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data; boundary=", BODY(END), NULL, HTTP_PARSE_BAD,
	    NOF, NOU },
	{ "multipart/form-data; boundary=\"\"", BODY(END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data; boundary=\"XyZ", BODY(END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data; boundary=\"XyZ\"x", BODY(END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data; boundary=Xy\"Z", BODY(END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data; boundary=XyZ; boundary=XyZ", BODY(END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data; boundary=X@Z", BODY("--X@Z--"), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data; boundary=\"XyZ \"", BODY("--XyZ --"), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data boundary=XyZ", BODY(END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data; boundary=" B70 "1",
	    BODY("--" B70 "1\r\n" CD("a") "\r\n1\r\n--" B70 "1--"), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },

	/* Bad bodies. */
	{ CT, BODY(""), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY("hello"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY("--XyZ"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY("--XyZ-"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(FIELD("a", "1")), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(FIELD("a", "1") "--XyZ"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(FIELD("a", "1") "--XyZ-"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(FIELD("a", "1") "--XyZ\r"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL CD("a") "\r\n12"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-da"), NULL, HTTP_PARSE_BAD,
	    NOF, NOU },
	{ CT, BODY(DL), NULL, HTTP_PARSE_BAD, NOF, NOU },
	/* A delimiter that is followed by more than padding. */
	{ CT, BODY("--XyZjunk\r\n" CD("a") "\r\n1\r\n" END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(FIELD("a", "1") "--XyZ x\r\n" CD("b") "\r\n2\r\n" END),
	    NULL, HTTP_PARSE_BAD, NOF, NOU },
	/* The boundary at the start of a line inside data. */
	{ CT, BODY(FIELD("a", "--XyZ") END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	/* LF-only line endings, whole or in part. */
	{ CT, BODY("--XyZ\nContent-Disposition: form-data; name=a\n\n1\n"
	    "--XyZ--\n"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY("--XyZ\r\nContent-Disposition: form-data; name=a\n\n1\r\n"
	    "--XyZ--\r\n"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\n1\r\n"
	    "--XyZ--\r\n"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY("--XyZ\r\nContent-Disposition: form-data; name=a\r\r\n\r\n1"
	    "\r\n--XyZ--\r\n"), NULL, HTTP_PARSE_BAD, NOF, NOU },
	/* Parts without a name, or without form-data. */
	{ CT, BODY(DL "Content-Disposition: form-data\r\n\r\n1\r\n" END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; filename=x\r\n\r\n1\r\n"
	    END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(FIELD("", "1") END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Type: text/plain\r\n\r\n1\r\n" END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "\r\n1\r\n" END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: attachment; name=a\r\n\r\n1\r\n"
	    END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: name=a\r\n\r\n1\r\n" END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	/* Ambiguous or malformed part headers. */
	{ CT, BODY(DL CD("a") CD("b") "\r\n1\r\n" END), NULL, HTTP_PARSE_BAD,
	    NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; name=a; name=b\r\n"
	    "\r\n1\r\n" END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; name=a; filename=x; "
	    "FILENAME=y\r\n\r\n1\r\n" END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL CD("a") "Content-Type: a\r\nContent-Type: b\r\n\r\n1\r\n"
	    END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; name=\"a\r\n\r\n1\r\n"
	    END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; name\r\n\r\n1\r\n" END),
	    NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; name=\r\n\r\n1\r\n" END),
	    NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; name=a b\r\n\r\n1\r\n"
	    END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data name=a\r\n\r\n1\r\n" END),
	    NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition form-data; name=a\r\n\r\n1\r\n" END),
	    NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition : form-data; name=a\r\n\r\n1\r\n"
	    END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition:\r\n form-data; name=a\r\n\r\n1\r\n"
	    END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; name=\"a\0\"\r\n\r\n1\r\n"
	    END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; @=1; name=a\r\n\r\n1\r\n"
	    END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ CT, BODY(DL "Content-Disposition: form-data; name=\"a\\\r\n\r\n1\r\n"
	    END), NULL, HTTP_PARSE_BAD, NOF, NOU },
	{ "multipart/form-data; boundary=\"XyZ\\", BODY(END), NULL,
	    HTTP_PARSE_BAD, NOF, NOU },
	/* Headers, then the next delimiter with no blank line. */
	{ CT, BODY(DL CD("a") END), NULL, HTTP_PARSE_BAD, NOF, NOU },

	/* Limits (lim_t: 4 fields of 8 bytes, 2 files of 16). */
	{ CT, BODY(FIELD("a", "1") FIELD("b", "2") FIELD("c", "3")
	    FIELD("d", "4") END), NULL, HTTP_PARSE_OK,
	    4, { { "a", "1", 0 }, { "b", "2", 0 }, { "c", "3", 0 },
	    { "d", "4", 0 } }, NOU },
	{ CT, BODY(FIELD("a", "1") FIELD("b", "2") FIELD("c", "3")
	    FIELD("d", "4") FIELD("e", "5") END), NULL, HTTP_PARSE_BIG,
	    NOF, NOU },
	{ CT, BODY(FIELD("a", "12345678") END), NULL, HTTP_PARSE_OK,
	    1, { { "a", "12345678", 0 } }, NOU },
	{ CT, BODY(FIELD("a", "123456789") END), NULL, HTTP_PARSE_BIG,
	    NOF, NOU },
	{ CT, BODY(UPLOAD("f", "a", "t", "") UPLOAD("g", "b", "t", "") END),
	    NULL, HTTP_PARSE_OK, NOF, 2, { { "f", "a", "t", "", 0 },
	    { "g", "b", "t", "", 0 } } },
	{ CT, BODY(UPLOAD("f", "a", "t", "") UPLOAD("g", "b", "t", "")
	    UPLOAD("h", "", "t", "") END), NULL, HTTP_PARSE_BIG, NOF, NOU },
	{ CT, BODY(UPLOAD("f", "a", "t", "0123456789abcdef") END), NULL,
	    HTTP_PARSE_OK, NOF, 1, { { "f", "a", "t", "0123456789abcdef", 16 } } },
	{ CT, BODY(UPLOAD("f", "a", "t", "0123456789abcdefg") END), NULL,
	    HTTP_PARSE_BIG, NOF, NOU },
	/* A file's size is not a field's: 16 bytes in a file is fine. */
	{ CT, BODY(FIELD("a", "1") FIELD("b", "2") FIELD("c", "3")
	    FIELD("d", "4") UPLOAD("f", "a", "t", "0123456789abcdef")
	    UPLOAD("g", "b", "t", "") END), NULL, HTTP_PARSE_OK,
	    4, { { "a", "1", 0 } }, 2, { { "f", "a", "t", "0123456789abcdef",
	    16 } } },
	{ CT, BODY(FIELD("a", "1") END), &lim_zero, HTTP_PARSE_BIG, NOF, NOU },
	{ CT, BODY(UPLOAD("f", "", "t", "") END), &lim_zero, HTTP_PARSE_BIG,
	    NOF, NOU },
	{ CT, BODY(END), &lim_zero, HTTP_PARSE_OK, NOF, NOU },
};

static void
check_pairs(const char *what, size_t i, const struct kv *kv, size_t n,
    const struct pair *p, size_t np, size_t maxp)
{
	char	 lbl[64];
	size_t	 j, vlen;

	snprintf(lbl, sizeof(lbl), "%s[%zu] count", what, i);
	T_INT(n, np, lbl);
	for (j = 0; j < n && j < np && j < maxp && p[j].k != NULL; j++) {
		vlen = p[j].vlen ? p[j].vlen : strlen(p[j].v);
		snprintf(lbl, sizeof(lbl), "%s[%zu] key %zu", what, i, j);
		T_STR(kv[j].kv_key, p[j].k, lbl);
		snprintf(lbl, sizeof(lbl), "%s[%zu] len %zu", what, i, j);
		T_INT(kv[j].kv_len, vlen, lbl);
		T_OK(kv[j].kv_len == vlen &&
		    memcmp(kv[j].kv_val, p[j].v, vlen) == 0 &&
		    kv[j].kv_val[vlen] == '\0',
		    "%s[%zu] value %zu", what, i, j);
	}
}

static void
test_urlencoded(struct arena *a)
{
	struct kv	*kv;
	size_t		 i, n;
	char		 lbl[64];
	enum http_parse	 rc;

	for (i = 0; i < sizeof(ucases) / sizeof(ucases[0]); i++) {
		const struct ucase *c = &ucases[i];

		rc = http_parse_urlencoded(a, c->in, c->inlen,
		    c->lim ? c->lim : &lim_t, &kv, &n);
		snprintf(lbl, sizeof(lbl), "urlencoded[%zu] \"%s\"", i, c->in);
		T_INT(rc, c->want, lbl);
		if (rc != HTTP_PARSE_OK) {
			T_OK(kv == NULL && n == 0, "urlencoded[%zu] empty", i);
			continue;
		}
		check_pairs("urlencoded", i, kv, n, c->p, c->n,
		    sizeof(c->p) / sizeof(c->p[0]));
		arena_reset(a);
	}
	/* Never past len: the byte after is not read. */
	rc = http_parse_urlencoded(a, "a=1%4", 3, &lim_t, &kv, &n);
	T_INT(rc, HTTP_PARSE_OK, "urlencoded short len");
	T_INT(n, 1, "urlencoded short len count");
	rc = http_parse_urlencoded(a, NULL, 0, &lim_t, &kv, &n);
	T_INT(rc, HTTP_PARSE_OK, "urlencoded NULL");
	T_INT(n, 0, "urlencoded NULL count");
	arena_reset(a);
}

static void
test_cookies(struct arena *a)
{
	struct kv	*kv;
	size_t		 i, n;
	char		 lbl[64];
	enum http_parse	 rc;

	for (i = 0; i < sizeof(ccases) / sizeof(ccases[0]); i++) {
		const struct ccase *c = &ccases[i];

		rc = http_parse_cookies(a, c->in, c->lim ? c->lim : &lim_t,
		    &kv, &n);
		snprintf(lbl, sizeof(lbl), "cookies[%zu] \"%s\"", i, c->in);
		T_INT(rc, c->want, lbl);
		if (rc != HTTP_PARSE_OK) {
			T_OK(kv == NULL && n == 0, "cookies[%zu] empty", i);
			continue;
		}
		check_pairs("cookies", i, kv, n, c->p, c->n,
		    sizeof(c->p) / sizeof(c->p[0]));
		arena_reset(a);
	}
	rc = http_parse_cookies(a, NULL, &lim_t, &kv, &n);
	T_INT(rc, HTTP_PARSE_OK, "cookies NULL");
	T_INT(n, 0, "cookies NULL count");
	arena_reset(a);
}

static void
check_files(size_t i, const struct mcase *c, const struct upload *up,
    size_t n)
{
	const struct file	*f;
	const unsigned char	*b = (const unsigned char *)c->body;
	size_t			 j;

	T_INT(n, c->nu, "multipart files count");
	for (j = 0; j < n && j < c->nu && j < 3; j++) {
		f = &c->u[j];
		if (f->field == NULL)
			break;
		T_STR(up[j].up_field, f->field, "multipart up_field");
		T_STR(up[j].up_name, f->name, "multipart up_name");
		T_STR(up[j].up_type, f->type, "multipart up_type");
		T_INT(up[j].up_len, f->len, "multipart up_len");
		T_OK(up[j].up_len == f->len &&
		    memcmp(up[j].up_data, f->data, f->len) == 0,
		    "multipart[%zu] file %zu data", i, j);
		/* Documented: file data points into the body. */
		T_OK(up[j].up_data >= b && up[j].up_data + up[j].up_len <=
		    b + c->len, "multipart[%zu] file %zu in body", i, j);
	}
}

static void
test_multipart(struct arena *a)
{
	struct kv	*kv;
	struct upload	*up;
	size_t		 i, n, nu;
	char		 lbl[64];
	enum http_parse	 rc;

	for (i = 0; i < sizeof(mcases) / sizeof(mcases[0]); i++) {
		const struct mcase *c = &mcases[i];

		rc = http_parse_multipart(a, c->ctype,
		    (const unsigned char *)c->body, c->len,
		    c->lim ? c->lim : &lim_t, &kv, &n, &up, &nu);
		snprintf(lbl, sizeof(lbl), "multipart[%zu]", i);
		T_INT(rc, c->want, lbl);
		if (rc != HTTP_PARSE_OK) {
			T_OK(kv == NULL && n == 0 && up == NULL && nu == 0,
			    "multipart[%zu] empty", i);
			continue;
		}
		check_pairs("multipart", i, kv, n, c->f, c->nf,
		    sizeof(c->f) / sizeof(c->f[0]));
		check_files(i, c, up, nu);
		arena_reset(a);
	}
	rc = http_parse_multipart(a, CT, NULL, 0, &lim_t, &kv, &n, &up, &nu);
	T_INT(rc, HTTP_PARSE_BAD, "multipart NULL body");
}

/*
 * One part whose header block (with its blank line) is hdr bytes long:
 * CD("a") then an X-Pad header filling the rest.
 */
static enum http_parse
multipart_hdr(struct arena *a, size_t hdr)
{
	static const char	 cd[] = CD("a"), xp[] = "X-Pad: ";
	struct buf		 b;
	struct kv		*kv;
	struct upload		*up;
	size_t			 n, nu, pad;

	pad = hdr - (sizeof(cd) - 1) - (sizeof(xp) - 1) - 2 - 2;
	buf_init(&b, a);
	buf_puts(&b, DL);
	buf_puts(&b, cd);
	buf_puts(&b, xp);
	while (pad-- > 0)
		buf_putc(&b, 'x');
	buf_puts(&b, "\r\n\r\n1\r\n" END);
	return http_parse_multipart(a, CT, (unsigned char *)b.b_data,
	    b.b_len, &lim_t, &kv, &n, &up, &nu);
}

/* Inputs built in code: the header limit, and sizes no table holds. */
static void
test_big(struct arena *a)
{
	static const char	 near[] = "\r\n--Xy\r\r\n--XyY\r\n-";
	struct buf		 b;
	struct kv		*kv;
	struct upload		*up;
	size_t			 n, nu, i, want;
	enum http_parse		 rc;

	T_INT(multipart_hdr(a, 8192), HTTP_PARSE_OK, "multipart 8192 header");
	arena_reset(a);
	T_INT(multipart_hdr(a, 8193), HTTP_PARSE_BAD, "multipart 8193 header");
	arena_reset(a);

	/* Megabytes of near-delimiters in one file: linear, and kept. */
	buf_init(&b, a);
	buf_puts(&b, DL "Content-Disposition: form-data; name=f; "
	    "filename=f\r\n\r\n");
	for (i = 0; i < (4 << 20) / (sizeof(near) - 1); i++)
		buf_put(&b, near, sizeof(near) - 1);
	want = i * (sizeof(near) - 1);
	buf_puts(&b, "\r\n" END);
	rc = http_parse_multipart(a, CT, (unsigned char *)b.b_data, b.b_len,
	    &lim_big, &kv, &n, &up, &nu);
	T_INT(rc, HTTP_PARSE_OK, "multipart near-delimiters");
	T_INT(nu, 1, "multipart near-delimiters files");
	if (nu == 1)
		T_INT(up[0].up_len, want, "multipart near-delimiters len");
	arena_reset(a);

	/* Many parts: the arrays grow. */
	buf_init(&b, a);
	for (i = 0; i < 1000; i++)
		buf_puts(&b, FIELD("k", "v"));
	buf_puts(&b, END);
	rc = http_parse_multipart(a, CT, (unsigned char *)b.b_data, b.b_len,
	    &lim_big, &kv, &n, &up, &nu);
	T_INT(rc, HTTP_PARSE_OK, "multipart 1000 fields");
	T_INT(n, 1000, "multipart 1000 fields count");
	if (n == 1000)
		T_STR(kv[999].kv_val, "v", "multipart 1000th value");
	rc = http_parse_multipart(a, CT, (unsigned char *)b.b_data, b.b_len,
	    &lim_t, &kv, &n, &up, &nu);
	T_INT(rc, HTTP_PARSE_BIG, "multipart 1000 fields over limit");
	arena_reset(a);

	/* A megabyte of '&': no pairs, and no megabyte-long array. */
	buf_init(&b, a);
	for (i = 0; i < (1 << 20); i++)
		buf_putc(&b, '&');
	buf_puts(&b, "a=1");
	rc = http_parse_urlencoded(a, b.b_data, b.b_len, &lim_t, &kv, &n);
	T_INT(rc, HTTP_PARSE_OK, "urlencoded many &");
	T_INT(n, 1, "urlencoded many & count");
	arena_reset(a);
}

static void
test_kv_get(void)
{
	static const struct kv	 kv[] = {
		{ "a", "1", 1 }, { "b", "", 0 }, { "a", "2", 1 },
	};

	T_STR(kv_get(kv, 3, "a"), "1", "kv_get first of duplicates");
	T_STR(kv_get(kv, 3, "b"), "", "kv_get empty");
	T_STR(kv_get(kv, 3, "c"), NULL, "kv_get missing");
	T_STR(kv_get(kv, 3, "A"), NULL, "kv_get case");
	T_STR(kv_get(kv, 3, ""), NULL, "kv_get empty key");
	T_STR(kv_get(kv, 3, NULL), NULL, "kv_get NULL key");
	T_STR(kv_get(kv, 2, "a"), "1", "kv_get n");
	T_STR(kv_get(NULL, 0, "a"), NULL, "kv_get none");
}

int
main(void)
{
	struct arena	*a;

	a = arena_new();
	test_urlencoded(a);
	test_cookies(a);
	test_multipart(a);
	test_big(a);
	test_kv_get();
	arena_free(a);
	return t_done("http_parse");
}
