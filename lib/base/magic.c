/*
 * Attachment kinds by content. magic_detect refuses markup first (a file
 * a browser could sniff as HTML or SVG is never an attachment, whatever
 * signature it also carries), then tries each kind's signature at offset
 * 0 and checks the structure behind it: every length read from the file
 * is compared with what is left before it is used, with subtractions on
 * size_t so nothing overflows. The kinds are mutually exclusive at offset
 * 0 except QuickTime and MPEG (an atom size can read 00 00 01 BA), so the
 * stricter QuickTime walk goes first.
 *
 * MP4 (ftyp isom, mp41, mp42, avc1...) is not accepted: SPEC names .mov
 * and .mpeg only, and serving an MP4 as video/mpeg or video/quicktime
 * would mislabel it. mov_brands below is the one place to change that.
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "magic.h"
#include "valid.h"

#define NAME_MAX_BYTES	80	/* safe names and names in messages */
#define SCAN_BYTES	1024	/* where an HTML tag refuses a file */

struct kind {
	const char	*k_mime;
	const char	*k_ext;
	const char	*k_alias[6];	/* extensions that name it, lower case */
};

static const struct kind kinds[MAGIC__MAX] = {
	[MAGIC_NONE] = { "application/octet-stream", ".bin", { "bin" } },
	[MAGIC_DOCX] = { "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", ".docx", { "docx" } },
	[MAGIC_PDF] = { "application/pdf", ".pdf", { "pdf" } },
	[MAGIC_PNG] = { "image/png", ".png", { "png" } },
	[MAGIC_JPEG] = { "image/jpeg", ".jpeg",
	    { "jpeg", "jpg", "jpe", "jfif" } },
	[MAGIC_MOV] = { "video/quicktime", ".mov", { "mov", "qt" } },
	[MAGIC_MPEG] = { "video/mpeg", ".mpeg",
	    { "mpeg", "mpg", "mpe", "m1v", "m2v" } },
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint64_t
be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static size_t
le16(const unsigned char *p)
{
	return (size_t)p[0] | (size_t)p[1] << 8;
}

static size_t
le32(const unsigned char *p)
{
	return (size_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Nonzero if the n bytes at p equal the lower-case s, ignoring case. */
static int
ci_eq(const unsigned char *p, size_t n, const char *s)
{
	size_t	i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower(p[i]) != (unsigned char)s[i])
			return 0;
	return 1;
}

/* ---- markup: the polyglot rule ---- */

static int
sniff_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/*
 * Tags that make a browser (WHATWG sniffing at the start, old IE's scan
 * of the first bytes) take a file for HTML. None is made of hex digits
 * only, so PDF hex strings cannot match; "<?xml" is not here because a
 * stored (uncompressed) docx begins its first entry with it.
 */
static const char *const html_tags[] = {
	"!doctype", "html", "head", "body", "script", "svg", "iframe",
	"frame", "frameset", "object", "embed", "img", "image", "style",
	"title", "meta", "link", "form", "div", "table", "xmp", "plaintext",
	"math", "base", "noscript", "template", "video", "audio", "applet",
};

static int
markup(const unsigned char *p, size_t n)
{
	size_t	i = 0, j, k, t, len, end;

	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	else if (n >= 2 && ((p[0] == 0xfe && p[1] == 0xff) ||
	    (p[0] == 0xff && p[1] == 0xfe)))
		return 1;	/* UTF-16 text: no allowed kind */
	while (i < n && sniff_space(p[i]))
		i++;
	if (i < n && p[i] == '<')
		return 1;

	end = n < SCAN_BYTES ? n : SCAN_BYTES;
	for (j = 0; j < end; j++) {
		if (p[j] != '<')
			continue;
		for (t = 0; t < sizeof(html_tags) / sizeof(html_tags[0]); t++) {
			len = strlen(html_tags[t]);
			if (n - j - 1 < len + 1)
				continue;
			for (k = 0; k < len; k++)
				if (lower(p[j + 1 + k]) !=
				    (unsigned char)html_tags[t][k])
					break;
			if (k < len)
				continue;
			k = p[j + 1 + len];
			if (sniff_space((unsigned char)k) || k == '>' ||
			    k == '/')
				return 1;
		}
	}
	return 0;
}

/* ---- the kinds ---- */

static int
is_pdf(const unsigned char *p, size_t n)
{
	return n >= 8 && memcmp(p, "%PDF-", 5) == 0 &&
	    p[5] >= '1' && p[5] <= '9' && p[6] == '.' &&
	    p[7] >= '0' && p[7] <= '9';
}

static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	uint32_t	c = 0xffffffffu;
	size_t		i;
	int		k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffu;
}

/* Signature, then IHDR first, 13 bytes, sane values, right CRC. */
static int
is_png(const unsigned char *p, size_t n)
{
	static const unsigned char sig[8] =
	    { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	uint32_t	w, h;
	unsigned	depth, ct;

	if (n < 33 || memcmp(p, sig, 8) != 0 || be32(p + 8) != 13 ||
	    memcmp(p + 12, "IHDR", 4) != 0)
		return 0;
	w = be32(p + 16);
	h = be32(p + 20);
	depth = p[24];
	ct = p[25];
	if (w == 0 || h == 0 || w > 0x7fffffffu || h > 0x7fffffffu ||
	    p[26] != 0 || p[27] != 0 || p[28] > 1)
		return 0;
	switch (ct) {
	case 0:
		if (depth != 1 && depth != 2 && depth != 4 && depth != 8 &&
		    depth != 16)
			return 0;
		break;
	case 3:
		if (depth != 1 && depth != 2 && depth != 4 && depth != 8)
			return 0;
		break;
	case 2:
	case 4:
	case 6:
		if (depth != 8 && depth != 16)
			return 0;
		break;
	default:
		return 0;
	}
	return crc32_of(p + 12, 17) == be32(p + 29);
}

static int
jpeg_sof(unsigned m)
{
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

/* Markers that may come between SOI and the first scan. */
static int
jpeg_header_marker(unsigned m)
{
	return (m >= 0xe0 && m <= 0xef) || m == 0xfe || m == 0xdb ||
	    m == 0xc4 || m == 0xcc || m == 0xdd || jpeg_sof(m);
}

/* SOI, then segments that chain within the file up to a start of scan,
 * with exactly one frame header before it. */
static int
is_jpeg(const unsigned char *p, size_t n)
{
	size_t		i = 2, len;
	unsigned	m;
	int		sof = 0;

	if (n < 4 || p[0] != 0xff || p[1] != 0xd8 || p[2] != 0xff ||
	    !jpeg_header_marker(p[3]))
		return 0;
	for (;;) {
		if (i >= n || p[i] != 0xff)
			return 0;
		while (i < n && p[i] == 0xff)
			i++;		/* fill bytes */
		if (i >= n)
			return 0;
		m = p[i++];
		if (n - i < 2)
			return 0;
		len = (size_t)p[i] << 8 | p[i + 1];
		if (len < 2 || len > n - i)
			return 0;
		if (m == 0xda)	/* start of scan: Ls = 6 + 2 Ns */
			return sof && len >= 8 && len == 6 + 2 * (size_t)p[i + 2];
		if (!jpeg_header_marker(m))
			return 0;
		if (jpeg_sof(m)) {
			/* Lf = 8 + 3 Nf; width nonzero */
			if (sof || len < 11 || len != 8 + 3 * (size_t)p[i + 7] ||
			    (p[i + 5] == 0 && p[i + 6] == 0))
				return 0;
			sof = 1;
		}
		i += len;
	}
}

/*
 * A docx is an OPC package: a ZIP whose central directory (found from the
 * end-of-central-directory record, which must end the file exactly) lists
 * "[Content_Types].xml" once and a part under "word/", and no VBA project.
 * Every central entry must point at a local header of the same name that
 * lies before the directory. ZIP64 and multi-disk archives are refused
 * (a docx under 10 MB needs neither). Names compare case-blind, as OPC
 * part names do.
 */
static int
is_docx(const unsigned char *p, size_t n)
{
	size_t	i, lo, eocd, total, cd_off, cd_size, cd_end, off, k;
	size_t	nl, xl, cl, lho, rec;
	int	found = 0, ct = 0, word = 0;

	if (n < 30 + 46 + 22 || memcmp(p, "PK\3\4", 4) != 0)
		return 0;
	lo = n - 22 > 65535 ? n - 22 - 65535 : 0;
	for (i = n - 22 + 1; i-- > lo;)
		if (memcmp(p + i, "PK\5\6", 4) == 0 &&
		    le16(p + i + 20) == n - 22 - i) {
			found = 1;
			break;
		}
	if (!found)
		return 0;
	eocd = i;
	total = le16(p + eocd + 10);
	cd_size = le32(p + eocd + 12);
	cd_off = le32(p + eocd + 16);
	if (le16(p + eocd + 4) != 0 || le16(p + eocd + 6) != 0 ||
	    le16(p + eocd + 8) != total || total == 0 || total == 0xffff ||
	    cd_off > eocd || cd_size != eocd - cd_off)
		return 0;
	cd_end = eocd;

	off = cd_off;
	for (k = 0; k < total; k++) {
		if (cd_end - off < 46 || memcmp(p + off, "PK\1\2", 4) != 0)
			return 0;
		nl = le16(p + off + 28);
		xl = le16(p + off + 30);
		cl = le16(p + off + 32);
		lho = le32(p + off + 42);
		rec = 46 + nl + xl + cl;
		if (rec > cd_end - off || nl == 0)
			return 0;
		if (lho > cd_off || cd_off - lho < 30 ||
		    memcmp(p + lho, "PK\3\4", 4) != 0 ||
		    le16(p + lho + 26) != nl || cd_off - lho - 30 < nl ||
		    memcmp(p + lho + 30, p + off + 46, nl) != 0)
			return 0;
		if (ci_eq(p + off + 46, nl, "[content_types].xml"))
			ct++;
		else if (ci_eq(p + off + 46, nl, "word/vbaproject.bin"))
			return 0;
		else if (nl > 5 && ci_eq(p + off + 46, 5, "word/"))
			word = 1;
		off += rec;
	}
	return off == cd_end && ct == 1 && word;
}

/* Major brands of an ftyp box that make a QuickTime movie. */
static const char *const mov_brands[] = { "qt  " };

/* Atoms that may open a QuickTime file that has no ftyp. */
static const char *const mov_first[] = {
	"moov", "mdat", "wide", "free", "skip", "pnot",
};

static int
in_list(const unsigned char *type, const char *const *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (memcmp(type, list[i], 4) == 0)
			return 1;
	return 0;
}

/*
 * The atoms in [off, end) must chain exactly to end, each with a
 * printable type and a size that fits (1: 64-bit size follows; 0: to the
 * end). Calls back for each; a callback's 0 stops the walk with 0.
 */
typedef int (*atom_fn)(const unsigned char *, size_t, size_t, size_t,
    void *);

static int
atom_walk(const unsigned char *p, size_t off, size_t end, atom_fn fn,
    void *arg)
{
	size_t		rem, sz, hdr, i;
	uint64_t	sz64;

	while (off < end) {
		rem = end - off;
		if (rem < 8)
			return 0;
		for (i = 4; i < 8; i++)
			if (p[off + i] < 0x20 || p[off + i] > 0x7e)
				return 0;
		sz = be32(p + off);
		hdr = 8;
		if (sz == 1) {
			if (rem < 16)
				return 0;
			sz64 = be64(p + off + 8);
			if (sz64 < 16 || sz64 > rem)
				return 0;
			sz = (size_t)sz64;
			hdr = 16;
		} else if (sz == 0)
			sz = rem;
		else if (sz < 8 || sz > rem)
			return 0;
		if (!fn(p, off, hdr, sz, arg))
			return 0;
		off += sz;
	}
	return 1;
}

struct mov_walk {
	int	mw_first;
	int	mw_moov;	/* top level: moov seen; in moov: mvhd/cmov */
};

static int
moov_child(const unsigned char *p, size_t off, size_t hdr, size_t sz,
    void *arg)
{
	struct mov_walk	*mw = arg;

	(void)hdr;
	(void)sz;
	if (memcmp(p + off + 4, "mvhd", 4) == 0 ||
	    memcmp(p + off + 4, "cmov", 4) == 0)
		mw->mw_moov = 1;
	return 1;
}

static int
mov_atom(const unsigned char *p, size_t off, size_t hdr, size_t sz,
    void *arg)
{
	struct mov_walk	*mw = arg, in = { 0, 0 };
	const unsigned char *type = p + off + 4;

	if (mw->mw_first) {
		mw->mw_first = 0;
		if (memcmp(type, "ftyp", 4) == 0)
			return sz >= hdr + 8 && in_list(p + off + hdr,
			    mov_brands, sizeof(mov_brands) / sizeof(mov_brands[0]));
		if (!in_list(type, mov_first,
		    sizeof(mov_first) / sizeof(mov_first[0])))
			return 0;
	} else if (memcmp(type, "ftyp", 4) == 0)
		return 0;
	if (memcmp(type, "moov", 4) == 0) {
		if (mw->mw_moov)
			return 0;	/* two movies: not one */
		if (!atom_walk(p, off + hdr, off + sz, moov_child, &in) ||
		    !in.mw_moov)
			return 0;
		mw->mw_moov = 1;
	}
	return 1;
}

static int
is_mov(const unsigned char *p, size_t n)
{
	struct mov_walk	mw = { 1, 0 };

	return n >= 16 && atom_walk(p, 0, n, mov_atom, &mw) && mw.mw_moov;
}

/* An MPEG-1 or MPEG-2 program stream pack header, or an MPEG-1/2 video
 * sequence header, with their marker bits and sane values. */
static int
is_mpeg(const unsigned char *p, size_t n)
{
	unsigned	aspect, rate;

	if (n < 12 || p[0] != 0 || p[1] != 0 || p[2] != 1)
		return 0;
	if (p[3] == 0xba) {
		if ((p[4] & 0xc4) == 0x44)	/* MPEG-2: '01' */
			return n >= 14 && (p[6] & 0x04) && (p[8] & 0x04) &&
			    (p[9] & 0x01) && (p[12] & 0x03) == 0x03;
		if ((p[4] & 0xf1) == 0x21)	/* MPEG-1: '0010' */
			return (p[6] & 0x01) && (p[8] & 0x01) &&
			    (p[9] & 0x80) && (p[11] & 0x01);
		return 0;
	}
	if (p[3] == 0xb3) {
		aspect = p[7] >> 4;
		rate = p[7] & 0x0f;
		return (p[4] != 0 || (p[5] & 0xf0) != 0) &&	/* width */
		    ((p[5] & 0x0f) != 0 || p[6] != 0) &&	/* height */
		    aspect >= 1 && aspect <= 14 && rate >= 1 && rate <= 8 &&
		    (p[10] & 0x20);				/* marker */
	}
	return 0;
}

enum magic_type
magic_detect(const unsigned char *p, size_t n)
{
	if (p == NULL || n == 0 || markup(p, n))
		return MAGIC_NONE;
	if (is_pdf(p, n))
		return MAGIC_PDF;
	if (is_png(p, n))
		return MAGIC_PNG;
	if (is_jpeg(p, n))
		return MAGIC_JPEG;
	if (is_docx(p, n))
		return MAGIC_DOCX;
	if (is_mov(p, n))
		return MAGIC_MOV;
	if (is_mpeg(p, n))
		return MAGIC_MPEG;
	return MAGIC_NONE;
}

static const struct kind *
kind_of(enum magic_type t)
{
	return (unsigned)t < MAGIC__MAX ? &kinds[t] : &kinds[MAGIC_NONE];
}

const char *
magic_mime(enum magic_type t)
{
	return kind_of(t)->k_mime;
}

const char *
magic_ext(enum magic_type t)
{
	return kind_of(t)->k_ext;
}

/* ---- names ---- */

/* The last path component, for either kind of slash. */
static const char *
basename_of(const char *s)
{
	const char	*b = s;

	for (; *s != '\0'; s++)
		if (*s == '/' || *s == '\\')
			b = s + 1;
	return b;
}

static int
name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ' ' ||
	    c == '-';
}

/* Nonzero if the extension of len bytes at e names any allowed kind. */
static int
known_ext(const char *e, size_t len)
{
	size_t	t, i;

	for (t = MAGIC_NONE + 1; t < MAGIC__MAX; t++)
		for (i = 0; i < 6 && kinds[t].k_alias[i] != NULL; i++)
			if (ci_eq((const unsigned char *)e, len,
			    kinds[t].k_alias[i]))
				return 1;
	return 0;
}

/* Windows opens a device, not a file, for these stems ("nul.pdf"). */
static int
device_name(const char *s, size_t len)
{
	static const char *const dev[] = { "con", "prn", "aux", "nul" };
	size_t	i;

	while (len > 0 && s[len - 1] == ' ')
		len--;
	for (i = 0; i < 4; i++)
		if (ci_eq((const unsigned char *)s, len, dev[i]))
			return 1;
	return len == 4 && (ci_eq((const unsigned char *)s, 3, "com") ||
	    ci_eq((const unsigned char *)s, 3, "lpt")) &&
	    s[3] >= '1' && s[3] <= '9';
}

static size_t
trim_end(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == '.' || s[len - 1] == ' '))
		len--;
	return len;
}

const char *
magic_safe_name(struct arena *a, const char *client_name, enum magic_type t)
{
	const char	*ext = magic_ext(t), *in, *dot;
	char		*s, *stem;
	size_t		 len = 0, start = 0, i, max, stemlen;
	int		 dev;

	in = basename_of(client_name != NULL ? client_name : "");
	s = arena_alloc(a, strlen(in) + 1);
	for (; *in != '\0'; in++) {
		if (name_char((unsigned char)*in))
			s[len++] = *in;
		else if (len == 0 || s[len - 1] != '_')
			s[len++] = '_';
	}
	len = trim_end(s, len);
	s[len] = '\0';
	if ((dot = strrchr(s, '.')) != NULL &&
	    known_ext(dot + 1, len - (size_t)(dot + 1 - s)))
		len = trim_end(s, (size_t)(dot - s));
	while (start < len && (s[start] == '.' || s[start] == ' ' ||
	    s[start] == '-'))
		start++;
	stem = s + start;
	stemlen = len - start;

	/* The device check looks at the part before the first dot. */
	dot = memchr(stem, '.', stemlen);
	dev = device_name(stem, dot != NULL ? (size_t)(dot - stem) : stemlen);
	max = NAME_MAX_BYTES - strlen(ext) - (dev ? 1 : 0);
	if (stemlen > max)
		stemlen = trim_end(stem, max);
	for (i = 0; i < stemlen; i++)
		if (stem[i] != '.' && stem[i] != '_' && stem[i] != ' ' &&
		    stem[i] != '-')
			break;
	if (i == stemlen)	/* nothing but punctuation left */
		return arena_printf(a, "attachment%s", ext);
	return arena_printf(a, "%s%.*s%s", dev ? "_" : "", (int)stemlen, stem,
	    ext);
}

/* Characters that would change what the name looks like: controls, line
 * separators, and bidirectional overrides ("fdp.exe" shown reversed). */
static int
hidden_char(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xad ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff;
}

/* The client's name as it may appear in a message. */
static const char *
display_name(struct arena *a, const char *client_name)
{
	const unsigned char	*in;
	struct buf		 b;
	size_t			 n, k, left;
	unsigned		 cp;
	int			 cut = 0;

	in = (const unsigned char *)basename_of(client_name != NULL ?
	    client_name : "");
	buf_init(&b, a);
	n = strlen((const char *)in);
	while (n > 0) {
		if ((k = valid_utf8_char(in, n, &cp)) == 0) {
			in++;
			n--;
			continue;
		}
		if (!hidden_char(cp) && !(b.b_len == 0 && cp == ' ')) {
			if (b.b_len + k > NAME_MAX_BYTES) {
				cut = 1;
				break;
			}
			buf_put(&b, in, k);
		}
		in += k;
		n -= k;
	}
	left = b.b_len;
	while (left > 0 && b.b_data[left - 1] == ' ')
		left--;
	if (left == 0)
		return "The file";
	return arena_printf(a, "%.*s%s", (int)left, b.b_data,
	    cut ? "\xe2\x80\xa6" : "");
}

const char *
magic_refusal(struct arena *a, const char *client_name, size_t n)
{
	const char	*name = display_name(a, client_name);

	if (n == 0)
		return arena_printf(a, "%s is empty.", name);
	if (n > MAGIC_MAX_BYTES)
		return arena_printf(a, "%s is larger than %zu MB.", name,
		    MAGIC_MAX_BYTES / (1024 * 1024));
	return arena_printf(a, "%s is not one of the allowed kinds: .docx, "
	    ".pdf, .png, .jpeg, .mov, .mpeg.", name);
}
