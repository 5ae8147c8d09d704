/*
 * lib/magic: a table of files built here byte by byte (the smallest valid
 * file of each kind and its usual variants, look-alikes, polyglots, zips
 * that are not docx, broken structures), each detected from a buffer of
 * exactly its length so ASan catches a read past the end; then every
 * prefix of every valid file (a truncated upload is never another kind,
 * and below its header never any kind); then download names and refusal
 * messages.
 *
 * The polyglot rule tested here: a browser decides a file is HTML from
 * its start (WHATWG MIME sniffing, after a BOM and white space) and old
 * ones from tags in its first bytes; so a file that starts with '<', or
 * has an HTML tag in its first kilobyte, is refused whatever signature it
 * carries. Markup further in (a PDF whose page text says "<html>") does
 * not matter to a browser, and attachments are served with their own
 * Content-Type, nosniff and as downloads anyway.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "magic.h"
#include "t.h"

static const char *const tname[] = {
	"NONE", "DOCX", "PDF", "PNG", "JPEG", "MOV", "MPEG",
};

static const char *
type_name(enum magic_type t)
{
	return (unsigned)t < MAGIC__MAX ? tname[t] : "?";
}

/* Detects from a copy of exactly n bytes, twice (it must not change). */
static enum magic_type
detect(const void *p, size_t n)
{
	unsigned char	*c = n > 0 ? malloc(n) : NULL;
	enum magic_type	 t1, t2;

	if (n > 0) {
		if (c == NULL)
			abort();
		memcpy(c, p, n);
	}
	t1 = magic_detect(c, n);
	t2 = magic_detect(c, n);
	T_INT(t1, t2, "same bytes, same kind");
	free(c);
	return t1;
}

/* ---- builders ---- */

static void
put16le(struct buf *b, unsigned v)
{
	buf_putc(b, (char)(v & 0xff));
	buf_putc(b, (char)(v >> 8 & 0xff));
}

static void
put32le(struct buf *b, uint32_t v)
{
	put16le(b, v & 0xffff);
	put16le(b, v >> 16);
}

static void
put32be(struct buf *b, uint32_t v)
{
	buf_putc(b, (char)(v >> 24));
	buf_putc(b, (char)(v >> 16 & 0xff));
	buf_putc(b, (char)(v >> 8 & 0xff));
	buf_putc(b, (char)(v & 0xff));
}

static void
put_bytes(struct buf *b, const char *s, size_t n)
{
	buf_put(b, s, n);
}

#define PUT(b, lit)	put_bytes((b), (lit), sizeof(lit) - 1)

/* An independent CRC-32 (the PNG one), table-less. */
static uint32_t
crc32_ref(const unsigned char *p, size_t n)
{
	uint32_t	c = 0xffffffffu;
	size_t		i;
	int		k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return ~c;
}

static void
png_chunk(struct buf *b, const char *type, const void *data, size_t n)
{
	size_t	at;

	put32be(b, (uint32_t)n);
	at = b->b_len;
	put_bytes(b, type, 4);
	put_bytes(b, data, n);
	put32be(b, crc32_ref((unsigned char *)b->b_data + at, n + 4));
}

/* width, height, depth, colour type, interlace; extra: a chunk after
 * IHDR (tEXt) when non-NULL; badcrc spoils IHDR's CRC. */
static void
mk_png(struct buf *b, uint32_t w, uint32_t h, int depth, int ct, int il,
    const char *text, int badcrc)
{
	unsigned char	ihdr[13];
	static const unsigned char idat[] =
	    { 0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01 };

	PUT(b, "\x89PNG\r\n\x1a\n");
	ihdr[0] = w >> 24; ihdr[1] = w >> 16; ihdr[2] = w >> 8; ihdr[3] = w;
	ihdr[4] = h >> 24; ihdr[5] = h >> 16; ihdr[6] = h >> 8; ihdr[7] = h;
	ihdr[8] = (unsigned char)depth;
	ihdr[9] = (unsigned char)ct;
	ihdr[10] = 0;
	ihdr[11] = 0;
	ihdr[12] = (unsigned char)il;
	png_chunk(b, "IHDR", ihdr, sizeof(ihdr));
	if (badcrc)
		b->b_data[b->b_len - 1] ^= 1;
	if (text != NULL)
		png_chunk(b, "tEXt", text, strlen(text));
	png_chunk(b, "IDAT", idat, sizeof(idat));
	png_chunk(b, "IEND", "", 0);
}

/* JPEG segments */
static void
jseg(struct buf *b, unsigned marker, const void *data, size_t n)
{
	buf_putc(b, (char)0xff);
	buf_putc(b, (char)marker);
	buf_putc(b, (char)((n + 2) >> 8));
	buf_putc(b, (char)((n + 2) & 0xff));
	put_bytes(b, data, n);
}

#define JSEG(b, m, lit)	jseg((b), (m), (lit), sizeof(lit) - 1)

static void
jpeg_tail(struct buf *b, int ncomp)
{
	if (ncomp == 1)
		JSEG(b, 0xda, "\x01\x01\x00\x00\x3f\x00");
	else
		JSEG(b, 0xda, "\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00");
	PUT(b, "\x12\x34\xff\x00\x56");		/* entropy data, stuffed FF */
	PUT(b, "\xff\xd9");
}

static void
mk_jpeg_jfif(struct buf *b)
{
	PUT(b, "\xff\xd8");
	JSEG(b, 0xe0, "JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00");
	JSEG(b, 0xdb, "\x00" "0123456789012345678901234567890123456789"
	    "012345678901234567890123");
	JSEG(b, 0xc0, "\x08\x00\x10\x00\x10\x01\x01\x11\x00");
	JSEG(b, 0xc4, "\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	    "\x00\x00\x00\x00\x00");
	jpeg_tail(b, 1);
}

/* EXIF, progressive, three components, fill bytes before a marker. */
static void
mk_jpeg_exif(struct buf *b)
{
	PUT(b, "\xff\xd8");
	JSEG(b, 0xe1, "Exif\0\0MM\0\x2a\0\0\0\x08\0\0");
	buf_putc(b, (char)0xff);			/* fill */
	JSEG(b, 0xdb, "\x00" "0123456789012345678901234567890123456789"
	    "012345678901234567890123");
	JSEG(b, 0xc2, "\x08\x01\xe0\x02\x80\x03\x01\x22\x00\x02\x11\x01"
	    "\x03\x11\x01");
	JSEG(b, 0xfe, "a comment");
	jpeg_tail(b, 3);
}

/* ZIP: stored entries with tiny contents; faults to spoil it. */
enum zfault {
	Z_OK, Z_TRAIL, Z_LHO, Z_LNAME, Z_COUNT, Z_ZIP64, Z_CDSIZE,
	Z_COMMENT, Z_BADCOMMENT, Z_NAMELEN, Z_PREFIX,
};

static void
mk_zip(struct buf *b, const char *const *names, size_t n,
    const char *content, enum zfault f)
{
	uint32_t	lho[16];
	size_t		i, cd, cdsize, base = 0;

	if (f == Z_PREFIX) {	/* data before the first local header */
		PUT(b, "MZ\x90\0 stub");
		base = b->b_len;
	}
	for (i = 0; i < n; i++) {
		size_t	nl = strlen(names[i]), cl = strlen(content);

		lho[i] = (uint32_t)(b->b_len - base);
		PUT(b, "PK\3\4");
		put16le(b, 20);		/* version needed */
		put16le(b, 0);		/* flags */
		put16le(b, 0);		/* stored */
		put16le(b, 0);
		put16le(b, 0);
		put32le(b, crc32_ref((const unsigned char *)content, cl));
		put32le(b, (uint32_t)cl);
		put32le(b, (uint32_t)cl);
		put16le(b, (unsigned)nl);
		put16le(b, 0);
		put_bytes(b, names[i], nl);
		if (f == Z_LNAME && i == n - 1)	/* same length, other name */
			b->b_data[b->b_len - 1] ^= 0x20;
		put_bytes(b, content, cl);
	}
	cd = b->b_len - base;
	for (i = 0; i < n; i++) {
		size_t	nl = strlen(names[i]), cl = strlen(content);

		PUT(b, "PK\1\2");
		put16le(b, 20);
		put16le(b, 20);
		put16le(b, 0);
		put16le(b, 0);
		put16le(b, 0);
		put16le(b, 0);
		put32le(b, crc32_ref((const unsigned char *)content, cl));
		put32le(b, (uint32_t)cl);
		put32le(b, (uint32_t)cl);
		put16le(b, (unsigned)(f == Z_NAMELEN && i == n - 1 ?
		    0xfff0 : nl));
		put16le(b, 0);
		put16le(b, 0);
		put16le(b, 0);
		put16le(b, 0);
		put32le(b, 0);
		put32le(b, f == Z_LHO && i == n - 1 ? lho[i] + 1 : lho[i]);
		put_bytes(b, names[i], nl);
	}
	cdsize = b->b_len - base - cd;
	PUT(b, "PK\5\6");
	put16le(b, 0);
	put16le(b, 0);
	put16le(b, (unsigned)(f == Z_ZIP64 ? 0xffff : f == Z_COUNT ? n + 1 : n));
	put16le(b, (unsigned)(f == Z_ZIP64 ? 0xffff : f == Z_COUNT ? n + 1 : n));
	put32le(b, (uint32_t)(f == Z_CDSIZE ? cdsize - 1 : cdsize));
	put32le(b, (uint32_t)cd);
	if (f == Z_COMMENT) {
		put16le(b, 7);
		PUT(b, "comment");
	} else if (f == Z_BADCOMMENT) {
		put16le(b, 9);
		PUT(b, "comment");
	} else
		put16le(b, 0);
	if (f == Z_TRAIL)
		PUT(b, "junk");
}

static const char *const docx_names[] = {
	"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
	"word/document.xml", "docProps/core.xml",
};
#define NDOCX	(sizeof(docx_names) / sizeof(docx_names[0]))
#define ZXML	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types/>"

static void
mk_docx(struct buf *b, enum zfault f)
{
	mk_zip(b, docx_names, NDOCX, ZXML, f);
}

/* ISO BMFF / QuickTime atoms */
static void
atom(struct buf *b, const char *type, const void *data, size_t n)
{
	put32be(b, (uint32_t)(n + 8));
	put_bytes(b, type, 4);
	put_bytes(b, data, n);
}

static void
moov(struct buf *b, const char *child)
{
	struct buf	in;

	buf_init(&in, b->b_arena);
	atom(&in, child, "\0\0\0\0" "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789" "0123456789012345",
	    100);
	atom(&in, "trak", "\0\0\0\x08" "tkhd", 8);
	atom(b, "moov", in.b_data, in.b_len);
}

static void
mk_ftyp(struct buf *b, const char *major)
{
	char	d[16];

	memcpy(d, major, 4);
	memcpy(d + 4, "\0\0\x02\0", 4);
	memcpy(d + 8, major, 4);
	memcpy(d + 12, "    ", 4);
	atom(b, "ftyp", d, 16);
}

/* iPhone layout: ftyp qt, wide, mdat, moov last. */
static void
mk_mov_qt(struct buf *b)
{
	mk_ftyp(b, "qt  ");
	atom(b, "wide", "", 0);
	atom(b, "mdat", "framedataframedata", 18);
	moov(b, "mvhd");
}

/* Old QuickTime: no ftyp, moov first, then a 64-bit-sized mdat. */
static void
mk_mov_old(struct buf *b)
{
	moov(b, "mvhd");
	put32be(b, 1);
	PUT(b, "mdat");
	put32be(b, 0);
	put32be(b, 16 + 6);
	PUT(b, "frames");
}

/* ---- the table ---- */

struct fx {
	const char	*f_name;
	const unsigned char *f_p;
	size_t		 f_n;
	enum magic_type	 f_want;
	size_t		 f_hdr;	/* valid files: shorter prefixes are NONE */
};

static struct fx	fxs[160];
static size_t		nfx;

static void
add(const char *name, const void *p, size_t n, enum magic_type want,
    size_t hdr)
{
	if (nfx == sizeof(fxs) / sizeof(fxs[0]))
		abort();
	fxs[nfx].f_name = name;
	fxs[nfx].f_p = p;
	fxs[nfx].f_n = n;
	fxs[nfx].f_want = want;
	fxs[nfx].f_hdr = hdr;
	nfx++;
}

#define ADDLIT(name, lit, want, hdr) \
	add((name), (lit), sizeof(lit) - 1, (want), (hdr))

static void
addbuf(const char *name, struct buf *b, enum magic_type want, size_t hdr)
{
	add(name, b->b_data, b->b_len, want, hdr == 0 ? b->b_len : hdr);
}

static struct buf *
nb(struct arena *a)
{
	struct buf	*b = arena_alloc(a, sizeof(*b));

	buf_init(b, a);
	return b;
}

/* A valid PDF with s inserted after its header line. */
static struct buf *
pdf_with(struct arena *a, const char *s, size_t pad)
{
	struct buf	*b = nb(a);
	size_t		 i;

	PUT(b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	for (i = 0; i < pad; i++)
		buf_putc(b, i % 64 == 63 ? '\n' : '%');
	buf_puts(b, s);
	PUT(b, "\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
	    "trailer\n<</Root 1 0 R/ID[<a1b2c3><a1b2c3>]>>\n%%EOF\n");
	return b;
}

static void
build(struct arena *a)
{
	struct buf	*b;
	static const char *const plain_zip[] = { "a.txt", "b/c.txt" };
	static const char *const xlsx[] = { "[Content_Types].xml",
	    "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml" };
	static const char *const pptx[] = { "[Content_Types].xml",
	    "_rels/.rels", "ppt/presentation.xml" };
	static const char *const jar[] = { "META-INF/MANIFEST.MF",
	    "org/x/Main.class" };
	static const char *const odt[] = { "mimetype", "content.xml",
	    "META-INF/manifest.xml" };
	static const char *const docm[] = { "[Content_Types].xml",
	    "_rels/.rels", "word/document.xml", "word/vbaProject.bin" };
	static const char *const ct_only[] = { "[Content_Types].xml",
	    "_rels/.rels" };
	static const char *const word_only[] = { "_rels/.rels",
	    "word/document.xml" };
	static const char *const word_dir[] = { "[Content_Types].xml",
	    "word/" };
	static const char *const two_ct[] = { "[Content_Types].xml",
	    "word/document.xml", "[content_types].XML" };
	static const char *const upper[] = { "[CONTENT_TYPES].XML",
	    "Word/Document.xml" };
	static unsigned char rnd[4096];
	uint32_t	 x = 12345;
	size_t		 i;

	/* -- PDF -- */
	b = pdf_with(a, "", 0);
	addbuf("pdf", b, MAGIC_PDF, 8);
	ADDLIT("pdf 2.0 header only", "%PDF-2.0", MAGIC_PDF, 8);
	b = pdf_with(a, "<?xpacket begin=''?><x:xmpmeta xmlns:x='adobe:ns:meta/'>"
	    "<rdf:RDF><dc:title>Scan</dc:title></rdf:RDF></x:xmpmeta>", 0);
	addbuf("pdf with XMP near the start", b, MAGIC_PDF, 8);
	ADDLIT("pdf bad version", "%PDF-x.y\n%%EOF", MAGIC_NONE, 0);
	ADDLIT("pdf no version", "%PDF-\n%%EOF\n", MAGIC_NONE, 0);
	ADDLIT("pdf lower case", "%pdf-1.4\n%%EOF\n", MAGIC_NONE, 0);
	ADDLIT("pdf after BOM", "\xef\xbb\xbf%PDF-1.4\n%%EOF\n", MAGIC_NONE, 0);
	ADDLIT("pdf after junk", "junk\n%PDF-1.4\n%%EOF\n", MAGIC_NONE, 0);
	ADDLIT("postscript", "%!PS-Adobe-3.0\n", MAGIC_NONE, 0);

	/* -- PNG -- */
	b = nb(a);
	mk_png(b, 1, 1, 8, 6, 0, NULL, 0);
	addbuf("png rgba", b, MAGIC_PNG, 33);
	b = nb(a);
	mk_png(b, 640, 480, 1, 0, 1, "Software: GIMP", 0);
	addbuf("png grey 1-bit interlaced", b, MAGIC_PNG, 33);
	b = nb(a);
	mk_png(b, 16, 16, 4, 3, 0, NULL, 0);
	addbuf("png palette", b, MAGIC_PNG, 33);
	b = nb(a);
	mk_png(b, 16, 16, 16, 2, 0, NULL, 0);
	addbuf("png rgb16", b, MAGIC_PNG, 33);
	b = nb(a);
	mk_png(b, 16, 16, 8, 6, 0, NULL, 1);
	addbuf("png bad IHDR crc", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_png(b, 0, 16, 8, 6, 0, NULL, 0);
	addbuf("png width 0", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_png(b, 16, 0x80000000u, 8, 6, 0, NULL, 0);
	addbuf("png height 2^31", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_png(b, 16, 16, 8, 5, 0, NULL, 0);
	addbuf("png colour type 5", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_png(b, 16, 16, 4, 2, 0, NULL, 0);
	addbuf("png rgb 4-bit", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_png(b, 16, 16, 8, 2, 2, NULL, 0);
	addbuf("png interlace 2", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_png(b, 16, 16, 8, 6, 0, "Comment:<script>alert(1)</script>", 0);
	addbuf("png with <script> in tEXt (polyglot)", b, MAGIC_NONE, 0);
	ADDLIT("png signature only", "\x89PNG\r\n\x1a\n", MAGIC_NONE, 0);
	ADDLIT("png bad signature", "\x89PNG\n\r\x1a\n\0\0\0\x0dIHDR"
	    "\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89", MAGIC_NONE, 0);
	ADDLIT("png CgBI first", "\x89PNG\r\n\x1a\n\0\0\0\x04CgBI"
	    "\x50\0\x20\x06\x2c\xb8\x77\x66", MAGIC_NONE, 0);

	/* -- JPEG -- */
	b = nb(a);
	mk_jpeg_jfif(b);
	addbuf("jpeg jfif", b, MAGIC_JPEG, b->b_len - 7);
	b = nb(a);
	mk_jpeg_exif(b);
	addbuf("jpeg exif progressive", b, MAGIC_JPEG, b->b_len - 7);
	b = nb(a);
	PUT(b, "\xff\xd8");
	JSEG(b, 0xfe, "<html><script>alert(1)</script></html>");
	JSEG(b, 0xc0, "\x08\x00\x10\x00\x10\x01\x01\x11\x00");
	jpeg_tail(b, 1);
	addbuf("jpeg with <html> in COM (polyglot)", b, MAGIC_NONE, 0);
	ADDLIT("jpeg SOI only", "\xff\xd8\xff", MAGIC_NONE, 0);
	ADDLIT("jpeg SOI + APP0 marker only", "\xff\xd8\xff\xe0", MAGIC_NONE, 0);
	ADDLIT("jpeg bad first marker", "\xff\xd8\xff\x00\x00\x10JFIF\0",
	    MAGIC_NONE, 0);
	ADDLIT("jpeg EOI first", "\xff\xd8\xff\xd9", MAGIC_NONE, 0);
	b = nb(a);
	PUT(b, "\xff\xd8");
	JSEG(b, 0xe0, "JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00");
	jpeg_tail(b, 1);
	addbuf("jpeg scan without frame header", b, MAGIC_NONE, 0);
	b = nb(a);
	PUT(b, "\xff\xd8");
	JSEG(b, 0xc0, "\x08\x00\x10\x00\x10\x01\x01\x11\x00");
	JSEG(b, 0xc0, "\x08\x00\x10\x00\x10\x01\x01\x11\x00");
	jpeg_tail(b, 1);
	addbuf("jpeg two frame headers", b, MAGIC_NONE, 0);
	b = nb(a);
	PUT(b, "\xff\xd8");
	JSEG(b, 0xc0, "\x08\x00\x10\x00\x00\x01\x01\x11\x00");
	jpeg_tail(b, 1);
	addbuf("jpeg width 0", b, MAGIC_NONE, 0);
	b = nb(a);
	PUT(b, "\xff\xd8\xff\xe0\xff\xf0JFIF");
	addbuf("jpeg segment longer than file", b, MAGIC_NONE, 0);
	b = nb(a);
	PUT(b, "\xff\xd8\xff\xe0\x00\x01");
	addbuf("jpeg segment length 1", b, MAGIC_NONE, 0);
	b = nb(a);
	PUT(b, "\xff\xd8");
	JSEG(b, 0xc0, "\x08\x00\x10\x00\x10\x01\x01\x11\x00");
	JSEG(b, 0xf7, "jpeg-ls");
	jpeg_tail(b, 1);
	addbuf("jpeg with an unknown marker", b, MAGIC_NONE, 0);

	/* -- DOCX and other zips -- */
	b = nb(a);
	mk_docx(b, Z_OK);
	addbuf("docx", b, MAGIC_DOCX, 0);
	b = nb(a);
	mk_docx(b, Z_COMMENT);
	addbuf("docx with a zip comment", b, MAGIC_DOCX, 0);
	b = nb(a);
	mk_zip(b, upper, 2, ZXML, Z_OK);
	addbuf("docx names in other case", b, MAGIC_DOCX, 0);
	b = nb(a);
	mk_zip(b, plain_zip, 2, "hello", Z_OK);
	addbuf("plain zip", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_zip(b, xlsx, 4, ZXML, Z_OK);
	addbuf("xlsx", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_zip(b, pptx, 3, ZXML, Z_OK);
	addbuf("pptx", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_zip(b, jar, 2, "Manifest-Version: 1.0", Z_OK);
	addbuf("jar", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_zip(b, odt, 3, "application/vnd.oasis.opendocument.text", Z_OK);
	addbuf("odt", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_zip(b, docm, 4, ZXML, Z_OK);
	addbuf("docm (VBA project)", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_zip(b, ct_only, 2, ZXML, Z_OK);
	addbuf("zip with [Content_Types].xml, no word/", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_zip(b, word_only, 2, ZXML, Z_OK);
	addbuf("zip with word/, no [Content_Types].xml", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_zip(b, word_dir, 2, "", Z_OK);
	addbuf("zip with only a word/ folder", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_zip(b, two_ct, 3, ZXML, Z_OK);
	addbuf("zip with two [Content_Types].xml", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_zip(b, docx_names, NDOCX,
	    "<!DOCTYPE html><html><script>alert(1)</script></html>", Z_OK);
	addbuf("docx whose stored part is HTML (polyglot)", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_docx(b, Z_TRAIL);
	addbuf("docx with bytes after the directory end", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_docx(b, Z_LHO);
	addbuf("docx entry pointing off its local header", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_docx(b, Z_LNAME);
	addbuf("docx local and central names differ", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_docx(b, Z_COUNT);
	addbuf("docx entry count too high", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_docx(b, Z_ZIP64);
	addbuf("docx zip64 markers", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_docx(b, Z_CDSIZE);
	addbuf("docx directory size off by one", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_docx(b, Z_BADCOMMENT);
	addbuf("docx comment length past the end", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_docx(b, Z_NAMELEN);
	addbuf("docx name length past the directory", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_docx(b, Z_PREFIX);
	addbuf("docx after an exe stub", b, MAGIC_NONE, 0);
	ADDLIT("zip local header only", "PK\3\4\x14\0\0\0\0\0\0\0\0\0\0\0\0\0"
	    "\0\0\0\0\0\0\0\0\x13\0\0\0[Content_Types].xml", MAGIC_NONE, 0);
	ADDLIT("zip empty archive", "PK\5\6\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
	    MAGIC_NONE, 0);

	/* -- QuickTime and MP4 -- */
	b = nb(a);
	mk_mov_qt(b);
	addbuf("mov ftyp qt", b, MAGIC_MOV, 0);
	/* With moov before mdat, a cut right after moov is a movie. */
	b = nb(a);
	moov(b, "mvhd");
	i = b->b_len;
	mk_mov_old(b);
	b->b_len -= i;
	memmove(b->b_data, b->b_data + i, b->b_len);
	addbuf("mov old, moov first, 64-bit mdat", b, MAGIC_MOV, i);
	b = nb(a);
	atom(b, "wide", "", 0);
	atom(b, "free", "pad", 3);
	moov(b, "cmov");
	i = b->b_len;
	put32be(b, 0);
	PUT(b, "mdat" "to the end of the file");
	addbuf("mov wide, free, compressed moov, mdat to the end", b,
	    MAGIC_MOV, i);
	b = nb(a);
	mk_ftyp(b, "isom");
	moov(b, "mvhd");
	atom(b, "mdat", "frames", 6);
	addbuf("mp4 isom (not .mov nor .mpeg)", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_ftyp(b, "mp42");
	moov(b, "mvhd");
	addbuf("mp4 mp42", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_ftyp(b, "M4V ");
	moov(b, "mvhd");
	addbuf("m4v", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_ftyp(b, "heic");
	moov(b, "mvhd");
	addbuf("heic", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_ftyp(b, "qt  ");
	atom(b, "mdat", "frames", 6);
	addbuf("mov without moov", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_ftyp(b, "qt  ");
	atom(b, "moov", "", 0);
	addbuf("mov with an empty moov", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_ftyp(b, "qt  ");
	moov(b, "mvhd");
	moov(b, "mvhd");
	addbuf("mov with two moov", b, MAGIC_NONE, 0);
	b = nb(a);
	moov(b, "mvhd");
	mk_ftyp(b, "qt  ");
	addbuf("mov with ftyp not first", b, MAGIC_NONE, 0);
	b = nb(a);
	atom(b, "junk", "xxxx", 4);
	moov(b, "mvhd");
	addbuf("mov opening with an unknown atom", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_mov_qt(b);
	PUT(b, "\0\0\0");
	addbuf("mov with 3 stray bytes at the end", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_ftyp(b, "qt  ");
	put32be(b, 0x7fffffff);
	PUT(b, "mdat");
	moov(b, "mvhd");
	addbuf("mov atom size past the end", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_ftyp(b, "qt  ");
	put32be(b, 4);
	PUT(b, "mdat");
	moov(b, "mvhd");
	addbuf("mov atom size 4", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_ftyp(b, "qt  ");
	put32be(b, 1);
	PUT(b, "mdat");
	put32be(b, 0xffffffffu);
	put32be(b, 0xffffffffu);
	moov(b, "mvhd");
	addbuf("mov 64-bit size 2^64-1", b, MAGIC_NONE, 0);
	b = nb(a);
	mk_ftyp(b, "qt  ");
	put32be(b, 16);
	PUT(b, "md\x01t" "abcdefgh");
	moov(b, "mvhd");
	addbuf("mov unprintable atom type", b, MAGIC_NONE, 0);
	ADDLIT("mov ftyp cut short", "\0\0\0\x0c" "ftypqt  ", MAGIC_NONE, 0);

	/* -- MPEG -- */
	ADDLIT("mpeg-2 program stream", "\0\0\1\xba\x44\0\x04\0\x04\x01"
	    "\x01\x89\xc3\xf8\0\0\1\xbb\0\x0c", MAGIC_MPEG, 14);
	ADDLIT("mpeg-1 program stream", "\0\0\1\xba\x21\0\x01\0\x01\x80\0\x01"
	    "\0\0\1\xbb\0\x0c", MAGIC_MPEG, 12);
	ADDLIT("mpeg video sequence header", "\0\0\1\xb3\x16\0\xf0\x15\xff\xff"
	    "\xe0\x18\0\0\1\xb8", MAGIC_MPEG, 12);
	ADDLIT("mpeg-2 pack, marker bits off", "\0\0\1\xba\x44\0\0\0\0\0"
	    "\0\0\0\0", MAGIC_NONE, 0);
	ADDLIT("mpeg-2 pack, one marker bit off", "\0\0\1\xba\x44\0\0\0\x04"
	    "\x01\x01\x89\xc3\xf8", MAGIC_NONE, 0);
	ADDLIT("mpeg-1 pack, marker bits off", "\0\0\1\xba\x21\0\0\0\0\0\0\0",
	    MAGIC_NONE, 0);
	ADDLIT("mpeg pack, neither version", "\0\0\1\xba\x00\0\x04\0\x04\x01"
	    "\x01\x89\xc3\xf8", MAGIC_NONE, 0);
	ADDLIT("mpeg sequence header width 0", "\0\0\1\xb3\0\0\xf0\x15\xff"
	    "\xff\xe0\x18", MAGIC_NONE, 0);
	ADDLIT("mpeg sequence header aspect 0", "\0\0\1\xb3\x16\0\xf0\x05"
	    "\xff\xff\xe0\x18", MAGIC_NONE, 0);
	ADDLIT("mpeg sequence header rate 9", "\0\0\1\xb3\x16\0\xf0\x19"
	    "\xff\xff\xe0\x18", MAGIC_NONE, 0);
	ADDLIT("mpeg sequence header no marker", "\0\0\1\xb3\x16\0\xf0\x15"
	    "\xff\xff\xc0\x18", MAGIC_NONE, 0);
	ADDLIT("mpeg PES audio start", "\0\0\1\xc0\x07\xec\x81\x80\x05\x21"
	    "\0\x01\0\x01", MAGIC_NONE, 0);
	ADDLIT("mpeg transport stream", "\x47\x40\x00\x10\x00\x00\xb0\x0d"
	    "\x00\x01\xc1\x00\x00\x00\x01\xf0", MAGIC_NONE, 0);

	/* -- markup and look-alikes -- */
	ADDLIT("html named .pdf", "<!DOCTYPE html>\n<html><body>%PDF-1.4"
	    "</body></html>", MAGIC_NONE, 0);
	ADDLIT("html after white space", " \t\r\n\f<html>", MAGIC_NONE, 0);
	ADDLIT("html after UTF-8 BOM", "\xef\xbb\xbf<html>", MAGIC_NONE, 0);
	ADDLIT("html in UTF-16LE", "\xff\xfe<\0h\0t\0m\0l\0>\0", MAGIC_NONE, 0);
	ADDLIT("html in UTF-16BE", "\xfe\xff\0<\0h\0t\0m\0l\0>", MAGIC_NONE, 0);
	ADDLIT("svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload="
	    "\"alert(1)\"/>", MAGIC_NONE, 0);
	ADDLIT("svg with xml declaration", "<?xml version=\"1.0\"?>\n<svg "
	    "xmlns=\"http://www.w3.org/2000/svg\"/>", MAGIC_NONE, 0);
	ADDLIT("script", "<script>alert(1)</script>", MAGIC_NONE, 0);
	ADDLIT("comment", "<!-- x -->", MAGIC_NONE, 0);
	ADDLIT("lone <", "<", MAGIC_NONE, 0);
	b = pdf_with(a, "<html><script>alert(1)</script></html>", 0);
	addbuf("pdf/html polyglot, tag in the first KB", b, MAGIC_NONE, 0);
	b = pdf_with(a, "<SVG onload=alert(1)>", 100);
	addbuf("pdf/svg polyglot, upper case", b, MAGIC_NONE, 0);
	b = pdf_with(a, "<html><script>alert(1)</script></html>", 1024);
	addbuf("pdf with <html> after the first KB", b, MAGIC_PDF, 8);
	b = pdf_with(a, "<htmlx <scripts <svgfoo", 0);
	addbuf("pdf with tag-like words", b, MAGIC_PDF, 8);
	ADDLIT("pdf whose last bytes are a tag name", "%PDF-1.4\n<html",
	    MAGIC_PDF, 8);

	/* -- other kinds -- */
	ADDLIT("gif", "GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04"
	    "\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;", MAGIC_NONE, 0);
	ADDLIT("bmp", "BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0", MAGIC_NONE, 0);
	ADDLIT("webp", "RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0", MAGIC_NONE, 0);
	ADDLIT("windows exe", "MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0",
	    MAGIC_NONE, 0);
	ADDLIT("elf", "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", MAGIC_NONE, 0);
	ADDLIT("ole2 (.doc)", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0\0\0"
	    "\0\0", MAGIC_NONE, 0);
	ADDLIT("rtf", "{\\rtf1\\ansi hello}", MAGIC_NONE, 0);
	ADDLIT("plain text", "Dear Dr. Smith, ...", MAGIC_NONE, 0);
	ADDLIT("one NUL", "\0", MAGIC_NONE, 0);
	ADDLIT("empty", "", MAGIC_NONE, 0);
	for (i = 0; i < sizeof(rnd); i++) {
		x = x * 1103515245u + 12345u;
		rnd[i] = (unsigned char)(x >> 16);
	}
	add("random bytes", rnd, sizeof(rnd), MAGIC_NONE, 0);
}

static void
test_table(void)
{
	size_t		 i, k;
	enum magic_type	 got;
	const struct fx	*f;

	for (i = 0; i < nfx; i++) {
		f = &fxs[i];
		got = detect(f->f_p, f->f_n);
		T_OK(got == f->f_want, "%s: got %s, want %s", f->f_name,
		    type_name(got), type_name(f->f_want));
		if (f->f_want == MAGIC_NONE)
			continue;
		/* Every truncation: never another kind, and nothing at all
		 * below the header. */
		for (k = 0; k < f->f_n; k++) {
			got = detect(f->f_p, k);
			if (k < f->f_hdr)
				T_OK(got == MAGIC_NONE, "%s cut to %zu: got %s",
				    f->f_name, k, type_name(got));
			else
				T_OK(got == MAGIC_NONE || got == f->f_want,
				    "%s cut to %zu: got %s", f->f_name, k,
				    type_name(got));
		}
		/* The same bytes after a UTF-8 BOM or a space: no kind. */
		{
			unsigned char	*c = malloc(f->f_n + 3);

			if (c == NULL)
				abort();
			memcpy(c, "\xef\xbb\xbf", 3);
			memcpy(c + 3, f->f_p, f->f_n);
			T_OK(detect(c, f->f_n + 3) == MAGIC_NONE,
			    "%s after a BOM", f->f_name);
			c[2] = ' ';
			T_OK(detect(c + 2, f->f_n + 1) == MAGIC_NONE,
			    "%s after a space", f->f_name);
			free(c);
		}
	}
	T_INT(magic_detect(NULL, 0), MAGIC_NONE, "NULL, 0");
}

static void
test_mime_ext(void)
{
	static const struct {
		enum magic_type	 t;
		const char	*mime, *ext;
	} rows[] = {
		{ MAGIC_NONE, "application/octet-stream", ".bin" },
		{ MAGIC_DOCX, "application/vnd.openxmlformats-officedocument."
		    "wordprocessingml.document", ".docx" },
		{ MAGIC_PDF, "application/pdf", ".pdf" },
		{ MAGIC_PNG, "image/png", ".png" },
		{ MAGIC_JPEG, "image/jpeg", ".jpeg" },
		{ MAGIC_MOV, "video/quicktime", ".mov" },
		{ MAGIC_MPEG, "video/mpeg", ".mpeg" },
		{ MAGIC__MAX, "application/octet-stream", ".bin" },
		{ (enum magic_type)1000, "application/octet-stream", ".bin" },
	};
	size_t	i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		T_STR(magic_mime(rows[i].t), rows[i].mime, "mime");
		T_STR(magic_ext(rows[i].t), rows[i].ext, "ext");
	}
}

#define A10	"aaaaaaaaaa"
#define A100	A10 A10 A10 A10 A10 A10 A10 A10 A10 A10

static void
test_safe_name(struct arena *a)
{
	static const struct {
		const char	*in;
		enum magic_type	 t;
		const char	*want;
	} rows[] = {
		{ "report.pdf", MAGIC_PDF, "report.pdf" },
		{ "Report.PDF", MAGIC_PDF, "Report.pdf" },
		{ "scan 2024-05-01.pdf", MAGIC_PDF, "scan 2024-05-01.pdf" },
		{ "photo.JPG", MAGIC_JPEG, "photo.jpeg" },
		{ "photo.jfif", MAGIC_JPEG, "photo.jpeg" },
		{ "scan.jpg", MAGIC_PNG, "scan.png" },
		{ "clip.MPG", MAGIC_MPEG, "clip.mpeg" },
		{ "IMG_0001.MOV", MAGIC_MOV, "IMG_0001.mov" },
		{ "letter", MAGIC_DOCX, "letter.docx" },
		{ "report.v2", MAGIC_PDF, "report.v2.pdf" },
		{ "x.html", MAGIC_PDF, "x.html.pdf" },
		{ "x.html", MAGIC_NONE, "x.html.bin" },
		{ "x.pdf", (enum magic_type)99, "x.bin" },
		/* paths */
		{ "../../etc/passwd", MAGIC_PDF, "passwd.pdf" },
		{ "..\\..\\windows\\win.ini", MAGIC_PDF, "win.ini.pdf" },
		{ "C:\\Users\\me\\x.exe", MAGIC_PDF, "x.exe.pdf" },
		{ "/", MAGIC_PNG, "attachment.png" },
		{ "dir/", MAGIC_PNG, "attachment.png" },
		{ "..", MAGIC_PNG, "attachment.png" },
		{ "...pdf", MAGIC_PDF, "attachment.pdf" },
		{ ".htaccess", MAGIC_PDF, "htaccess.pdf" },
		{ "...hidden.pdf", MAGIC_PDF, "hidden.pdf" },
		{ ".pdf", MAGIC_PDF, "attachment.pdf" },
		{ "", MAGIC_PNG, "attachment.png" },
		{ NULL, MAGIC_PNG, "attachment.png" },
		/* characters */
		{ "R\xc3\xa9sum\xc3\xa9 2024.docx", MAGIC_DOCX,
		    "R_sum_ 2024.docx" },
		{ "\xe6\x97\xa5\xe6\x9c\xac.pdf", MAGIC_PDF, "attachment.pdf" },
		{ "a\"b\r\nX-Evil: 1.pdf", MAGIC_PDF, "a_b_X-Evil_ 1.pdf" },
		{ "a;b=c,d.pdf", MAGIC_PDF, "a_b_c_d.pdf" },
		{ "a%2e%2e%2fb.pdf", MAGIC_PDF, "a_2e_2e_2fb.pdf" },
		{ "\xe2\x80\xae" "fdp.exe", MAGIC_PDF, "_fdp.exe.pdf" },
		{ "tab\there.png", MAGIC_PNG, "tab_here.png" },
		{ "-rf .pdf", MAGIC_PDF, "rf.pdf" },
		{ " spaced . pdf ", MAGIC_PDF, "spaced . pdf.pdf" },
		{ "name. . .", MAGIC_PDF, "name.pdf" },
		{ "name.pdf. ", MAGIC_PDF, "name.pdf" },
		{ "___", MAGIC_PDF, "attachment.pdf" },
		{ "<>", MAGIC_PDF, "attachment.pdf" },
		/* Windows devices */
		{ "CON.pdf", MAGIC_PDF, "_CON.pdf" },
		{ "nul", MAGIC_PDF, "_nul.pdf" },
		{ "lpt1.tar", MAGIC_PDF, "_lpt1.tar.pdf" },
		{ "Com9 .png", MAGIC_PNG, "_Com9.png" },
		{ "com10", MAGIC_PDF, "com10.pdf" },
		{ "console", MAGIC_PDF, "console.pdf" },
		/* length: 80 bytes in all */
		{ A100 A100 ".pdf", MAGIC_PDF,
		    A10 A10 A10 A10 A10 A10 A10 "aaaaaa.pdf" },
		{ A100 A100, MAGIC_DOCX, A10 A10 A10 A10 A10 A10 A10 "aaaaa.docx" },
		{ A10 A10 A10 A10 A10 A10 A10 "aaaa. b.pdf", MAGIC_PDF,
		    A10 A10 A10 A10 A10 A10 A10 "aaaa.pdf" },
		{ "CON." A100, MAGIC_PDF,
		    "_CON." A10 A10 A10 A10 A10 A10 A10 "a.pdf" },
	};
	size_t		 i, k, len;
	const char	*s, *e;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		s = magic_safe_name(a, rows[i].in, rows[i].t);
		T_OK(strcmp(s, rows[i].want) == 0,
		    "safe_name(\"%s\"): got \"%s\", want \"%s\"",
		    rows[i].in ? rows[i].in : "(null)", s, rows[i].want);
		/* The rules, whatever the row says. */
		len = strlen(s);
		e = magic_ext(rows[i].t);
		T_OK(len <= 80, "safe_name %zu: %zu bytes", i, len);
		T_OK(s[0] != '.' && s[0] != ' ' && s[0] != '-',
		    "safe_name %zu: starts with '%c'", i, s[0]);
		T_OK(len > strlen(e) && strcmp(s + len - strlen(e), e) == 0,
		    "safe_name %zu: ends with %s", i, e);
		for (k = 0; k < len; k++)
			if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
			    "RSTUVWXYZ0123456789._ -", s[k]) == NULL)
				break;
		T_OK(k == len, "safe_name %zu: byte %zu is 0x%02x", i, k,
		    (unsigned char)s[k]);
	}
}

static void
test_refusal(struct arena *a)
{
	static const struct {
		const char	*in;
		size_t		 n;
		const char	*want;
	} rows[] = {
		{ "report.exe", 10, "report.exe is not one of the allowed kinds: "
		    ".docx, .pdf, .png, .jpeg, .mov, .mpeg." },
		{ "C:\\Users\\me\\report.exe", 10, "report.exe is not one of "
		    "the allowed kinds: .docx, .pdf, .png, .jpeg, .mov, .mpeg." },
		{ "scan.pdf", 0, "scan.pdf is empty." },
		{ "big.mov", MAGIC_MAX_BYTES + 1, "big.mov is larger than 10 MB." },
		{ "ok.mov", MAGIC_MAX_BYTES, "ok.mov is not one of the allowed "
		    "kinds: .docx, .pdf, .png, .jpeg, .mov, .mpeg." },
		{ NULL, 3, "The file is not one of the allowed kinds: .docx, "
		    ".pdf, .png, .jpeg, .mov, .mpeg." },
		{ "", 0, "The file is empty." },
		{ "dir/", 0, "The file is empty." },
		{ "  ", 0, "The file is empty." },
		{ "a\r\nb.svg", 0, "ab.svg is empty." },
		{ "x\xe2\x80\xae" "fdp.exe", 0, "xfdp.exe is empty." },
		{ "\xff\xfe" "abc\xc3" ".txt", 0, "abc.txt is empty." },
		{ "R\xc3\xa9sum\xc3\xa9.txt", 0, "R\xc3\xa9sum\xc3\xa9.txt is "
		    "empty." },
		{ "<b>x<b>.html", 0, "<b>x<b>.html is empty." },
		{ A100, 0, A10 A10 A10 A10 A10 A10 A10 A10 "\xe2\x80\xa6 is "
		    "empty." },
		/* 41 two-byte characters: cut at 40, between characters */
		{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0,
		  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xe2\x80\xa6 is "
		    "empty." },
	};
	size_t	i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		T_STR(magic_refusal(a, rows[i].in, rows[i].n), rows[i].want,
		    rows[i].in ? rows[i].in : "(null)");
}

int
main(void)
{
	struct arena	*a = arena_new();

	build(a);
	test_table();
	test_mime_ext();
	test_safe_name(a);
	test_refusal(a);
	arena_free(a);
	return t_done("test_magic");
}
