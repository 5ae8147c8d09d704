/*
 * lib/crypto.h against published test vectors (FIPS 180-2 SHA-256,
 * RFC 4231 HMAC-SHA256, RFC 7914 scrypt), and the text encodings: base64url
 * round trips of every length 0..40, a table of strings the decoder must
 * refuse (so each value has exactly one spelling), and hex.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

/* Literal bytes and their length (the literal may hold NULs). */
#define BYTES(x)	x, sizeof(x) - 1

static const struct {
	const char	*msg;
	size_t		 len;
	const char	*hex;
} sha[] = {
	{ BYTES(""),
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ BYTES("abc"),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ BYTES("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
};

static const struct {
	const char	*key;
	size_t		 klen;
	const char	*msg;
	size_t		 mlen;
	const char	*hex;
} hmac[] = {
	/* RFC 4231 test case 1 */
	{ BYTES("\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b"
	    "\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b"),
	  BYTES("Hi There"),
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	/* RFC 4231 test case 2 */
	{ BYTES("Jefe"), BYTES("what do ya want for nothing?"),
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	/* RFC 4231 test case 3 */
	{ BYTES("\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa"
	    "\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa"),
	  BYTES("\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd"
	    "\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd"
	    "\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd"
	    "\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd"
	    "\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd"),
	  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
};

/* RFC 4648 section 10, in the url alphabet and without padding. */
static const struct {
	const char	*bin;
	size_t		 len;
	const char	*text;
} b64[] = {
	{ BYTES(""), "" },
	{ BYTES("f"), "Zg" },
	{ BYTES("fo"), "Zm8" },
	{ BYTES("foo"), "Zm9v" },
	{ BYTES("foob"), "Zm9vYg" },
	{ BYTES("fooba"), "Zm9vYmE" },
	{ BYTES("foobar"), "Zm9vYmFy" },
	{ BYTES("\xfb\xff\xbf"), "-_-_" },
	{ BYTES("\xfb\xff"), "-_8" },
	{ BYTES("\0"), "AA" },
	{ BYTES("\0\0\0"), "AAAA" },
	{ BYTES("\xff\xff\xff"), "____" },
};

/* Not base64url, or not the one spelling of a value. */
static const char *const b64bad[] = {
	"Zg==", "Zm8=", "Zm9v====", "=", "Zg=",
	"Zm9+", "Zm9/", "+/+/", "Zm 9", " Zm9v", "Zm9v\n", "Zm9.",
	"Z", "Zm9vY", "Zm9vYmFy1",		/* length % 4 == 1 */
	"Zh", "Z_", "Zm9", "Zm_", "-_9",	/* non-zero trailing bits */
	"Zm9v\xc3\xa9", "\x80\x80\x80\x80",
};

static void
hex_is(const unsigned char *p, size_t n, const char *want, const char *what)
{
	char	 out[2 * 64 + 1];

	crypto_hex(p, n, out);
	T_STR(out, want, what);
}

static void
test_hash(void)
{
	unsigned char	 h[CRYPTO_SHA256_LEN], key[131];
	char		*mil;
	size_t		 i;

	for (i = 0; i < NELEM(sha); i++) {
		crypto_sha256(sha[i].msg, sha[i].len, h);
		hex_is(h, sizeof(h), sha[i].hex, "crypto_sha256");
	}
	/* FIPS 180-2 B.3: a million times 'a'. */
	if ((mil = malloc(1000000)) == NULL)
		abort();
	memset(mil, 'a', 1000000);
	crypto_sha256(mil, 1000000, h);
	hex_is(h, sizeof(h),
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    "crypto_sha256 million a");
	free(mil);

	for (i = 0; i < NELEM(hmac); i++) {
		crypto_hmac_sha256(hmac[i].key, hmac[i].klen, hmac[i].msg,
		    hmac[i].mlen, h);
		hex_is(h, sizeof(h), hmac[i].hex, "crypto_hmac_sha256");
	}
	/* RFC 4231 test case 6: a key longer than the block. */
	memset(key, 0xaa, sizeof(key));
	crypto_hmac_sha256(key, sizeof(key),
	    "Test Using Larger Than Block-Size Key - Hash Key First", 54, h);
	hex_is(h, sizeof(h),
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	    "crypto_hmac_sha256 case 6");

	/* RFC 5869 test case 1: the PRK and info given there; the first 32
	 * bytes of its OKM are T(1). */
	{
		static const unsigned char prk[32] = {
			0x07, 0x77, 0x09, 0x36, 0x2c, 0x2e, 0x32, 0xdf,
			0x0d, 0xdc, 0x3f, 0x0d, 0xc4, 0x7b, 0xba, 0x63,
			0x90, 0xb6, 0xc7, 0x3b, 0xb5, 0x0f, 0x9c, 0x31,
			0x22, 0xec, 0x84, 0x4a, 0xd7, 0xc2, 0xb3, 0xe5 };

		crypto_hkdf_expand(prk, "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7"
		    "\xf8\xf9", h);
		hex_is(h, sizeof(h),
		    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf",
		    "crypto_hkdf_expand RFC 5869 case 1");
	}
}

static void
test_b64(void)
{
	unsigned char	 in[40], back[64];
	char		 text[4 * 14 + 1], what[64];
	size_t		 n, i, want;
	long		 got;

	for (i = 0; i < NELEM(b64); i++) {
		crypto_b64url((const unsigned char *)b64[i].bin, b64[i].len, text);
		T_STR(text, b64[i].text, "crypto_b64url");
		got = crypto_unb64url(b64[i].text, back, sizeof(back));
		T_INT(got, (long)b64[i].len, b64[i].text);
		T_OK(got >= 0 && memcmp(back, b64[i].bin, b64[i].len) == 0,
		    "crypto_unb64url(%s): wrong bytes", b64[i].text);
	}

	for (n = 0; n <= 40; n++) {
		for (i = 0; i < n; i++)
			in[i] = (unsigned char)(i * 73 + n * 151 + 0x5a);
		memset(text, '#', sizeof(text));
		crypto_b64url(in, n, text);
		want = n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
		snprintf(what, sizeof(what), "b64url length of %zu bytes", n);
		T_INT(strlen(text), want, what);
		T_OK(strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
		    "qrstuvwxyz0123456789-_") == want, "b64url of %zu bytes: "
		    "a character outside the url alphabet in %s", n, text);
		/* Decoding into exactly n bytes works; into n - 1 does not. */
		memset(back, 0, sizeof(back));
		got = crypto_unb64url(text, back, n);
		snprintf(what, sizeof(what), "b64url round trip of %zu bytes", n);
		T_INT(got, (long)n, what);
		T_OK(got == (long)n && memcmp(back, in, n) == 0,
		    "b64url round trip of %zu bytes: bytes differ", n);
		if (n > 0) {
			snprintf(what, sizeof(what), "unb64url of %zu bytes into %zu",
			    n, n - 1);
			T_INT(crypto_unb64url(text, back, n - 1), -1, what);
		}
	}

	for (i = 0; i < NELEM(b64bad); i++)
		T_INT(crypto_unb64url(b64bad[i], back, sizeof(back)), -1, b64bad[i]);
}

static void
test_hex_equal(void)
{
	static const unsigned char	 b[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	unsigned char			 x[32], y[32];
	char				 out[3];

	hex_is(b, sizeof(b), "00017f80abff", "crypto_hex");
	memset(out, '#', sizeof(out));
	crypto_hex(b, 0, out);
	T_STR(out, "", "crypto_hex of nothing");

	memset(x, 0x42, sizeof(x));
	memcpy(y, x, sizeof(y));
	T_INT(crypto_equal(x, y, sizeof(x)), 1, "crypto_equal same");
	T_INT(crypto_equal(x, y, 0), 1, "crypto_equal of nothing");
	y[31] ^= 1;
	T_INT(crypto_equal(x, y, sizeof(x)), 0, "crypto_equal last byte");
	T_INT(crypto_equal(x, y, 31), 1, "crypto_equal before the difference");
	y[31] ^= 1;
	y[0] ^= 0x80;
	T_INT(crypto_equal(x, y, sizeof(x)), 0, "crypto_equal first byte");

	/* Two draws of 256 bits are never the same. */
	crypto_random(x, sizeof(x));
	crypto_random(y, sizeof(y));
	T_INT(crypto_equal(x, y, sizeof(x)), 0, "crypto_random twice");
	crypto_random(x, 0);
}

static void
test_scrypt(void)
{
	unsigned char	 out[64];

	/* RFC 7914 section 12, vectors 1 and 2. */
	T_INT(crypto_scrypt("", 0, (const unsigned char *)"", 0, 16, 1, 1,
	    out, 64), 0, "crypto_scrypt vector 1");
	hex_is(out, 64, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3f"
	    "ede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38"
	    "d18906", "crypto_scrypt vector 1");
	T_INT(crypto_scrypt("password", 8, (const unsigned char *)"NaCl", 4,
	    1024, 8, 16, out, 64), 0, "crypto_scrypt vector 2");
	hex_is(out, 64, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e7737663"
	    "4b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2"
	    "cc0640", "crypto_scrypt vector 2");
	/* N must be a power of two above 1. */
	T_INT(crypto_scrypt("password", 8, (const unsigned char *)"NaCl", 4,
	    1000, 8, 1, out, 64), -1, "crypto_scrypt N=1000");
	T_INT(crypto_scrypt("password", 8, (const unsigned char *)"NaCl", 4,
	    1, 8, 1, out, 64), -1, "crypto_scrypt N=1");
}

int
main(void)
{
	test_hash();
	test_b64();
	test_hex_equal();
	test_scrypt();
	return t_done("test_crypto");
}
