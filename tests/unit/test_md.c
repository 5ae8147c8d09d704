/*
 * lib/md: a table of Markdown inputs and the exact HTML each must give
 * (ordinary Markdown, raw HTML, every way to spell a script link, images,
 * autolinks, entities, broken UTF-8), each input in a buffer of exactly
 * its length; then large inputs on both sides of MD_MAX_BYTES, including
 * the one cmark 0.30.2 is quadratic on. Every output is also checked for
 * what must never be in it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "md.h"
#include "t.h"

#define FFFD	"\xef\xbf\xbd"

struct mcase {
	const char	*in;
	size_t		 len;
	const char	*want;
};

#define ROW(in, want)	{ in, sizeof(in) - 1, want }
#define P(s)		"<p>" s "</p>\n"

static const struct mcase rows[] = {
	/* Ordinary Markdown */
	ROW("", ""),
	ROW("plain", P("plain")),
	ROW("*a* **b** _c_ __d__", P("<em>a</em> <strong>b</strong> "
	    "<em>c</em> <strong>d</strong>")),
	ROW("- a\n- b\n", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
	ROW("3. x\n4. y\n", "<ol start=\"3\">\n<li>x</li>\n<li>y</li>\n</ol>\n"),
	ROW("`<b>` and ``a`b``", P("<code>&lt;b&gt;</code> and <code>a`b</code>")),
	ROW("```js\nif (a < b) x();\n```\n",
	    "<pre><code class=\"language-js\">if (a &lt; b) x();\n</code></pre>\n"),
	ROW("```\"><script>\nx\n```\n",
	    "<pre><code class=\"language-&quot;&gt;&lt;script&gt;\">x\n"
	    "</code></pre>\n"),
	ROW("    indented <code>\n", "<pre><code>indented &lt;code&gt;\n"
	    "</code></pre>\n"),
	ROW("# Title\n## Sub", "<h1>Title</h1>\n<h2>Sub</h2>\n"),
	ROW("> quoted\n", "<blockquote>\n" P("quoted") "</blockquote>\n"),
	ROW("line one\nline two", P("line one<br />\nline two")),
	ROW("a\n\nb", P("a") P("b")),
	ROW("---\n", "<hr />\n"),
	ROW("a \\*b\\*", P("a *b*")),

	/* Raw HTML: shown as typed, never as markup */
	ROW("<script>alert(1)</script>",
	    "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n"),
	ROW("x <script>alert(1)</script> y",
	    P("x &lt;script&gt;alert(1)&lt;/script&gt; y")),
	ROW("x <img src=x onerror=alert(1)> y",
	    P("x &lt;img src=x onerror=alert(1)&gt; y")),
	ROW("<img src=x onerror=alert(1)>",
	    "<pre><code>&lt;img src=x onerror=alert(1)&gt;\n</code></pre>\n"),
	ROW("<div onclick=\"x()\">\nhi\n</div>\n",
	    "<pre><code>&lt;div onclick=&quot;x()&quot;&gt;\nhi\n"
	    "&lt;/div&gt;\n</code></pre>\n"),
	ROW("<!-- hidden -->", "<pre><code>&lt;!-- hidden --&gt;\n</code></pre>\n"),
	ROW("a <!-- c --> b", P("a &lt;!-- c --&gt; b")),
	ROW("<svg><g onload=alert(1)></svg>",
	    P("&lt;svg&gt;&lt;g onload=alert(1)&gt;&lt;/svg&gt;")),
	ROW("<iframe src=\"https://evil/\"></iframe>",
	    "<pre><code>&lt;iframe src=&quot;https://evil/&quot;&gt;"
	    "&lt;/iframe&gt;\n</code></pre>\n"),
	ROW("I need <Tylenol> twice a day", P("I need &lt;Tylenol&gt; twice a day")),
	ROW("<a href=\"javascript:alert(1)\">x</a>",
	    P("&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;")),
	ROW("x <?php echo 1; ?> <![CDATA[y]]> <!DOCTYPE z>",
	    P("x &lt;?php echo 1; ?&gt; &lt;![CDATA[y]]&gt; &lt;!DOCTYPE z&gt;")),

	/* Links: only http, https, mailto and relative */
	ROW("[x](https://example.org/a?b=1&c=2#d)",
	    P("<a href=\"https://example.org/a?b=1&amp;c=2#d\">x</a>")),
	ROW("[x](HTTP://A/)", P("<a href=\"HTTP://A/\">x</a>")),
	ROW("[x](mailto:nurse@example.org)",
	    P("<a href=\"mailto:nurse@example.org\">x</a>")),
	ROW("[x](/messages/1) [y](../a) [z](#top) [w](?q=1) [v](//h/p)",
	    P("<a href=\"/messages/1\">x</a> <a href=\"../a\">y</a> "
	    "<a href=\"#top\">z</a> <a href=\"?q=1\">w</a> "
	    "<a href=\"//h/p\">v</a>")),
	ROW("[x](https://a/ \"t\\\"q\")",
	    P("<a href=\"https://a/\" title=\"t&quot;q\">x</a>")),
	ROW("[x](<https://a/\"onmouseover=alert(1)>)",
	    P("<a href=\"https://a/%22onmouseover=alert(1)\">x</a>")),
	ROW("[x](javascript:alert(1))", P("<a href=\"\">x</a>")),
	ROW("[x](JaVaScRiPt:alert(1))", P("<a href=\"\">x</a>")),
	ROW("[x](jav&#x61;script:alert(1))", P("<a href=\"\">x</a>")),
	ROW("[x](&#106;avascript:alert(1))", P("<a href=\"\">x</a>")),
	ROW("[x](javascript&colon;alert(1))", P("<a href=\"\">x</a>")),
	ROW("[x](java\\script:alert(1))", P("<a href=\"\">x</a>")),
	ROW("[x](<java\tscript:alert(1)>)", P("<a href=\"\">x</a>")),
	ROW("[x](<\tjavascript:alert(1)>)", P("<a href=\"\">x</a>")),
	ROW("[x](<java&#10;script:alert(1)>)", P("<a href=\"\">x</a>")),
	ROW("[x](&#1;javascript:alert(1))", P("<a href=\"\">x</a>")),
	/* found by fuzz_md: leading controls, kept percent-encoded (a
	 * relative URL to a browser, https to us: safe both ways) */
	ROW("[x](<\x1c\x1chttps://h/>)", P("<a href=\"%1C%1Chttps://h/\">x</a>")),
	ROW("[x](vbscript:msgbox)", P("<a href=\"\">x</a>")),
	ROW("[x](file:///etc/passwd)", P("<a href=\"\">x</a>")),
	ROW("[x](data:text/html,<script>alert(1)</script>)",
	    P("<a href=\"\">x</a>")),
	ROW("[x](data:text/html;base64,PHNjcmlwdD4=)", P("<a href=\"\">x</a>")),
	ROW("[x](DATA:image/png;base64,AAAA)", P("<a href=\"\">x</a>")),
	ROW("[x](tel:911) [y](sms:1) [z](ftp://h/) [w](a:b)",
	    P("<a href=\"\">x</a> <a href=\"\">y</a> <a href=\"\">z</a> "
	    "<a href=\"\">w</a>")),
	ROW("[x][r]\n\n[r]: javascript:alert(1) \"t\"\n",
	    P("<a href=\"\" title=\"t\">x</a>")),
	ROW("[x][r]\n\n[r]: https://ok/\n", P("<a href=\"https://ok/\">x</a>")),
	ROW("[x](javascript%3Aalert(1))",
	    P("<a href=\"javascript%3Aalert(1)\">x</a>")),

	/* Images: never <img>; a link to the source, or just the words */
	ROW("![scan](https://tracker.example/p.png)",
	    P("<a href=\"https://tracker.example/p.png\">scan</a>")),
	ROW("![scan](https://t/p.png \"title\")",
	    P("<a href=\"https://t/p.png\" title=\"title\">scan</a>")),
	ROW("![](https://t/p.png)", P("<a href=\"https://t/p.png\">https://t/p.png</a>")),
	ROW("![*em* alt](https://t/p.png)",
	    P("<a href=\"https://t/p.png\"><em>em</em> alt</a>")),
	ROW("![pixel](data:image/png;base64,iVBORw0KGgo=)", P("pixel")),
	ROW("![pixel](data:image/gif;base64,R0lGOD==)", P("pixel")),
	ROW("![x](javascript:alert(1))", P("x")),
	ROW("![](javascript:alert(1))", P("")),
	ROW("[![logo](https://i/l.png)](https://site/)",
	    P("<a href=\"https://site/\">logo</a>")),
	ROW("![a [b](https://c/) d](https://e/)",
	    P("<a href=\"https://e/\">a b d</a>")),
	ROW("![a ![b](https://c/) d](https://e/)",
	    P("<a href=\"https://e/\">a b d</a>")),
	ROW("![i][r]\n\n[r]: https://t/x.png\n",
	    P("<a href=\"https://t/x.png\">i</a>")),
	ROW("![<img src=x onerror=alert(1)>](https://t/)",
	    P("<a href=\"https://t/\">&lt;img src=x onerror=alert(1)&gt;</a>")),

	/* Autolinks */
	ROW("<https://example.org/a?b=1&c=2>",
	    P("<a href=\"https://example.org/a?b=1&amp;c=2\">"
	    "https://example.org/a?b=1&amp;c=2</a>")),
	ROW("<nurse@example.org>",
	    P("<a href=\"mailto:nurse@example.org\">nurse@example.org</a>")),
	ROW("<javascript:alert(1)>", P("<a href=\"\">javascript:alert(1)</a>")),
	ROW("<data:text/html,x>", P("<a href=\"\">data:text/html,x</a>")),
	ROW("https://bare.example/", P("https://bare.example/")),

	/* Entities */
	ROW("&amp; &lt; &copy; &#x1F600; &#0; &bogus; &#xD800;",
	    P("&amp; &lt; \xc2\xa9 \xf0\x9f\x98\x80 " FFFD " &amp;bogus; " FFFD)),
	ROW("\"quotes\" 'apos' a > b", P("&quot;quotes&quot; 'apos' a &gt; b")),

	/* Broken UTF-8 and NUL: replaced, never passed through */
	ROW("a\xff" "b", P("a" FFFD "b")),
	ROW("a\xc3", P("a" FFFD)),
	/* cmark replaces a whole broken sequence with one U+FFFD */
	ROW("\xed\xa0\x80 surrogate", P(FFFD " surrogate")),
	ROW("\xc0\xaf overlong", P(FFFD " overlong")),
	ROW("a\0b", P("a" FFFD "b")),
	ROW("[x](a\0b)", P("<a href=\"a%EF%BF%BDb\">x</a>")),
	ROW("caf\xc3\xa9 \xe2\x82\xac", P("caf\xc3\xa9 \xe2\x82\xac")),
};

/*
 * What no output may hold, whatever the input: text never holds a raw
 * '<' (cmark escapes it), so every '<' must open one of cmark's own tags
 * with only its own attributes, and an href, its entities decoded, must
 * be empty, http:, https:, mailto: or relative as a browser reads it
 * (leading spaces and controls skipped, tabs and newlines ignored).
 * forbidden() returns what is wrong, or NULL; the fuzz harness uses it too.
 */
#include "md_check.h"

/* The check itself: what it must catch, and what it must let be. */
static void
test_forbidden(void)
{
	static const struct {
		const char	*html;
		int		 bad;
	} frows[] = {
		{ "<p>a &lt;img&gt; <em>b</em><br />\nc</p>\n", 0 },
		{ "<a href=\"https://x/?a=1&amp;b=2\" title=\"&quot;\">x</a>", 0 },
		{ "<a href=\"\">x</a><a href=\"/a:b\">y</a>", 0 },
		{ "<a href=\"%1Chttps://x/\">x</a><a href=\"1a:b\">y</a>", 0 },
		{ "<a href=\"a%3Ab\">x</a><a href=\"a b:c\">y</a>", 0 },
		{ "<a href=\"mailto:a@b\">x</a><hr /><ol start=\"2\"></ol>", 0 },
		{ "<pre><code class=\"language-c\">x</code></pre>", 0 },
		{ "<img src=\"x\" />", 1 },
		{ "<script>", 1 },
		{ "<!-- raw HTML omitted -->", 1 },
		{ "<p onclick=\"x\">", 1 },
		{ "<a href=x>", 1 },
		{ "<a href=\"x\" onmouseover=\"y\">", 1 },
		{ "<a href=\"javascript:alert(1)\">", 1 },
		{ "<a href=\"JavaScript:alert(1)\">", 1 },
		{ "<a href=\" javascript:alert(1)\">", 1 },
		{ "<a href=\"java&#x09;script:alert(1)\">", 1 },
		{ "<a href=\"java&#115;cript:alert(1)\">", 1 },
		{ "<a href=\"javascript&#58;alert(1)\">", 1 },
		{ "<a href=\"javascript&colon;alert(1)\">", 1 },
		{ "<a href=\"data:text/html,x\">", 1 },
		{ "<a href=\"vbscript:x\">", 1 },
		{ "<a href=\"x-y.z+w:1\">", 1 },
		{ "<a href=\"\x01\x1f javascript:1\">", 1 },
		{ "<a title=\"x>y\">", 1 },
		{ "<a href=\"x", 1 },
		{ "<", 1 },
	};
	size_t	i;

	for (i = 0; i < sizeof(frows) / sizeof(frows[0]); i++)
		T_OK((forbidden(frows[i].html) != NULL) == frows[i].bad,
		    "forbidden(\"%s\") should be %d", frows[i].html, frows[i].bad);
}

static char *
render(struct arena *a, const char *in, size_t len)
{
	char	*c = len > 0 ? malloc(len) : NULL;
	char	*out;

	if (len > 0) {
		if (c == NULL)
			abort();
		memcpy(c, in, len);
	}
	out = md_render(a, c, len);
	free(c);
	return out;
}

static void
test_rows(struct arena *a)
{
	size_t		 i;
	const char	*out, *bad;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		out = render(a, rows[i].in, rows[i].len);
		T_OK(strcmp(out, rows[i].want) == 0,
		    "row %zu \"%s\":\n got  \"%s\"\n want \"%s\"", i,
		    rows[i].in, out, rows[i].want);
		bad = forbidden(out);
		T_OK(bad == NULL, "row %zu: output holds %s", i, bad);
		arena_reset(a);
	}
	T_STR(md_render(a, NULL, 0), "", "NULL, 0");
	T_STR(md_render(a, "*a*", 0), "", "len 0");
	T_STR(md_render(a, "*a* and more", 3), P("<em>a</em>"), "len 3");
}

static double
seconds(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* n bytes of pat repeated (then cut). */
static char *
fill(const char *pat, size_t n)
{
	char	*s = malloc(n + 1);
	size_t	 i, pl = strlen(pat);

	if (s == NULL)
		abort();
	for (i = 0; i < n; i++)
		s[i] = pat[i % pl];
	s[n] = '\0';
	return s;
}

static void
test_large(struct arena *a)
{
	const size_t	 mb = 1024 * 1024;
	char		*in, *out, *want;
	double		 t;
	size_t		 n;

	/* 1 MB of ordinary Markdown: over the limit, shown as typed. */
	in = fill("Dear team, *please* see [the scan](https://x/) <b>&\n\n", mb);
	t = seconds();
	out = md_render(a, in, mb);
	t = seconds() - t;
	want = "<p>Dear team, *please* see [the scan](https://x/) "
	    "&lt;b&gt;&amp;<br />\n<br />\nDear";
	T_OK(strncmp(out, want, strlen(want)) == 0, "1 MB: starts \"%.90s\"",
	    out);
	T_OK(strstr(out, "<a") == NULL && strstr(out, "<em>") == NULL,
	    "1 MB: no markup");
	T_OK(strcmp(out + strlen(out) - 5, "</p>\n") == 0, "1 MB: ends </p>");
	T_OK(t < 5, "1 MB took %.2f s", t);
	free(in);
	arena_reset(a);

	/* What cmark 0.30.2 is quadratic on (77 s at 1 MB): not parsed. */
	in = fill("![[]()", mb);
	t = seconds();
	out = md_render(a, in, mb);
	t = seconds() - t;
	T_OK(strlen(out) == mb + 8 && strncmp(out, "<p>![[]()![[]()", 15) == 0,
	    "1 MB of ![[](): %zu bytes", strlen(out));
	T_OK(t < 5, "1 MB of ![[]() took %.2f s", t);
	free(in);
	arena_reset(a);

	/* The same at the limit: parsed, and bounded. */
	in = fill("![[]()", MD_MAX_BYTES);
	t = seconds();
	out = md_render(a, in, MD_MAX_BYTES);
	t = seconds() - t;
	T_OK(strncmp(out, "<p>![<a href=\"\"></a>", 20) == 0 &&
	    forbidden(out) == NULL,
	    "64 KB of ![[](): \"%.20s\"", out);
	T_OK(t < 10, "64 KB of ![[]() took %.2f s", t);
	free(in);
	arena_reset(a);

	/* Exactly at the limit Markdown still counts; one byte more, not. */
	n = MD_MAX_BYTES;
	in = fill("x", n + 1);
	memcpy(in, "*a* ", 4);
	out = md_render(a, in, n);
	T_OK(strncmp(out, "<p><em>a</em> xxx", 17) == 0, "at the limit: %.20s",
	    out);
	out = md_render(a, in, n + 1);
	T_OK(strncmp(out, "<p>*a* xxx", 10) == 0, "over the limit: %.20s", out);
	free(in);
	arena_reset(a);

	/* The plain path's escaping, line ends, NUL, controls, UTF-8. */
	n = MD_MAX_BYTES + 1;
	in = fill(" ", n + 64);
	memcpy(in, "<a href=\"x\">&'\r\n\r\t\0\x01\x7f\xff\xc3\xa9\xed\xa0\x80\xc3", 28);
	out = md_render(a, in, n);
	want = "<p>&lt;a href=&quot;x&quot;&gt;&amp;'<br />\n<br />\n\t"
	    FFFD FFFD FFFD FFFD "\xc3\xa9" FFFD FFFD FFFD FFFD "   ";
	T_OK(strncmp(out, want, strlen(want)) == 0, "plain escaping: \"%.80s\"",
	    out);
	T_OK(forbidden(out) == NULL, "plain: nothing forbidden");
	free(in);
	arena_reset(a);

	/* Deep nesting under the limit: no crash, bounded output. */
	in = fill(">", MD_MAX_BYTES);
	out = md_render(a, in, MD_MAX_BYTES);
	T_OK(strncmp(out, "<blockquote>\n<blockquote>", 25) == 0,
	    "deep quotes: %.30s", out);
	free(in);
	arena_reset(a);
	in = fill("[", MD_MAX_BYTES);
	out = md_render(a, in, MD_MAX_BYTES);
	T_OK(strlen(out) == MD_MAX_BYTES + 8, "brackets: %zu", strlen(out));
	free(in);
	arena_reset(a);
}

int
main(void)
{
	struct arena	*a = arena_new();

	test_forbidden();
	test_rows(a);
	test_large(a);
	arena_free(a);
	return t_done("test_md");
}
