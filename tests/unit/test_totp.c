/*
 * lib/base/totp.h against the published vectors (RFC 4226 Appendix D for
 * HOTP, RFC 6238 Appendix B for TOTP with SHA-1, 8 digits, and the same
 * values cut to the 6 digits the portal uses), the verify window (one
 * step either side, nothing further, the step matched returned), base32
 * (RFC 4648 section 10 vectors, round trips, refusals), and sealing
 * (crypto_seal / crypto_open: round trip, a flipped byte, a wrong key or
 * owner refused).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "totp.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const unsigned char rfc_key[] = "12345678901234567890";
#define RFC_KEYLEN	20

/* RFC 4226 Appendix D: HOTP(counter), 6 digits. */
static const uint32_t hotp[] = {
	755224, 287082, 359152, 969429, 338314,
	254676, 287922, 162583, 399871, 520489,
};

/* RFC 6238 Appendix B, SHA-1 rows. */
static const struct {
	int64_t		 t;
	uint32_t	 code8;
	const char	*code6;
} totp[] = {
	{ 59, 94287082, "287082" },
	{ 1111111109, 7081804, "081804" },
	{ 1111111111, 14050471, "050471" },
	{ 1234567890, 89005924, "005924" },
	{ 2000000000, 69279037, "279037" },
	{ 20000000000LL, 65353130, "353130" },
};

/* RFC 4648 section 10, without the padding. */
static const struct {
	const char	*in, *out;
} b32[] = {
	{ "", "" }, { "f", "MY" }, { "fo", "MZXQ" }, { "foo", "MZXW6" },
	{ "foob", "MZXW6YQ" }, { "fooba", "MZXW6YTB" },
	{ "foobar", "MZXW6YTBOI" },
};

static const char *const not_b32[] = { "MZ1", "MZXW6!", "ß", "MZXW 0" };

static void
test_hotp(void)
{
	size_t	 i;

	for (i = 0; i < NELEM(hotp); i++)
		T_INT(totp_hotp(rfc_key, RFC_KEYLEN, i, 6), hotp[i], "RFC 4226 HOTP");
}

static void
test_totp(void)
{
	char	 code[TOTP_DIGITS + 1];
	size_t	 i;

	for (i = 0; i < NELEM(totp); i++) {
		int64_t	 step = totp_step((time_t)totp[i].t);

		T_INT(totp_hotp(rfc_key, RFC_KEYLEN, (uint64_t)step, 8),
		    totp[i].code8, "RFC 6238 TOTP, 8 digits");
		totp_code(rfc_key, RFC_KEYLEN, step, code);
		T_STR(code, totp[i].code6, "the same, 6 digits");
		T_INT(totp_verify(rfc_key, RFC_KEYLEN, totp[i].code6,
		    (time_t)totp[i].t), step, "verify: this step");
	}
}

static void
test_window(void)
{
	char	 code[TOTP_DIGITS + 1];
	time_t	 now = 1111111111;
	int64_t	 step = totp_step(now), d;

	for (d = -3; d <= 3; d++) {
		totp_code(rfc_key, RFC_KEYLEN, step + d, code);
		T_INT(totp_verify(rfc_key, RFC_KEYLEN, code, now),
		    d >= -1 && d <= 1 ? step + d : -1, "one step either side");
	}
	totp_code(rfc_key, RFC_KEYLEN, step, code);
	T_INT(totp_verify((const unsigned char *)"another key, twenty", 20,
	    code, now), -1, "another secret");
	T_INT(totp_verify(rfc_key, RFC_KEYLEN, "12345", now), -1, "5 digits");
	T_INT(totp_verify(rfc_key, RFC_KEYLEN, "1234567", now), -1, "7 digits");
	T_INT(totp_verify(rfc_key, RFC_KEYLEN, "12a456", now), -1, "a letter");
	T_INT(totp_verify(rfc_key, RFC_KEYLEN, "", now), -1, "empty");
	T_INT(totp_verify(rfc_key, RFC_KEYLEN, NULL, now), -1, "NULL");
}

static void
test_b32(void)
{
	char		 out[64];
	unsigned char	 back[64], key[TOTP_SECRET_LEN];
	size_t		 i;
	long		 n;

	for (i = 0; i < NELEM(b32); i++) {
		totp_b32((const unsigned char *)b32[i].in, strlen(b32[i].in), out);
		T_STR(out, b32[i].out, "RFC 4648 base32");
		n = totp_unb32(b32[i].out, back, sizeof(back));
		T_INT(n, strlen(b32[i].in), "decoded length");
		T_OK(n >= 0 && memcmp(back, b32[i].in, (size_t)n) == 0,
		    "decoded %s", b32[i].out);
	}
	T_INT(totp_unb32("mzxw 6ytb-oi==", back, sizeof(back)), 6,
	    "lower case, spaces, hyphens, padding");
	T_OK(memcmp(back, "foobar", 6) == 0, "as foobar");
	for (i = 0; i < NELEM(not_b32); i++)
		T_INT(totp_unb32(not_b32[i], back, sizeof(back)), -1, not_b32[i]);
	T_INT(totp_unb32("MZXW6YTBOI", back, 5), -1, "does not fit");
	crypto_random(key, sizeof(key));
	totp_b32(key, sizeof(key), out);
	T_INT(strlen(out), TOTP_B32_LEN - 1, "a secret's text length");
	T_INT(totp_unb32(out, back, sizeof(back)), TOTP_SECRET_LEN, "round trip");
	T_OK(memcmp(back, key, sizeof(key)) == 0, "same secret");
}

static void
test_seal(void)
{
	unsigned char	 key[32], other[32], secret[TOTP_SECRET_LEN];
	unsigned char	 sealed[TOTP_SECRET_LEN + CRYPTO_SEAL_OVERHEAD], again[
	    sizeof(sealed)], out[TOTP_SECRET_LEN];
	size_t		 i;
	int		 refused = 0;

	crypto_random(key, sizeof(key));
	memcpy(other, key, sizeof(key));
	other[31] ^= 1;
	crypto_random(secret, sizeof(secret));
	crypto_seal(key, "family:1", 8, secret, sizeof(secret), sealed);
	T_INT(crypto_open(key, "family:1", 8, sealed, sizeof(sealed), out),
	    TOTP_SECRET_LEN, "opens");
	T_OK(memcmp(out, secret, sizeof(secret)) == 0, "the same secret");
	T_OK(memcmp(sealed + 12, secret, sizeof(secret)) != 0,
	    "not in the clear");
	crypto_seal(key, "family:1", 8, secret, sizeof(secret), again);
	T_OK(memcmp(sealed, again, sizeof(sealed)) != 0, "a new nonce each time");
	T_INT(crypto_open(other, "family:1", 8, sealed, sizeof(sealed), out), -1,
	    "wrong key");
	T_INT(crypto_open(key, "family:2", 8, sealed, sizeof(sealed), out), -1,
	    "another owner");
	T_INT(crypto_open(key, NULL, 0, sealed, sizeof(sealed), out), -1,
	    "no owner");
	for (i = 0; i < sizeof(sealed); i++) {
		memcpy(again, sealed, sizeof(sealed));
		again[i] ^= 0x40;
		refused += crypto_open(key, "family:1", 8, again, sizeof(again),
		    out) == -1;
	}
	T_INT(refused, sizeof(sealed), "every flipped byte refused");
	T_INT(crypto_open(key, "family:1", 8, sealed, CRYPTO_SEAL_OVERHEAD - 1,
	    out), -1, "too short");
	T_INT(crypto_open(key, "family:1", 8, sealed, sizeof(sealed) - 1, out),
	    -1, "cut short");
}

int
main(void)
{
	test_hotp();
	test_totp();
	test_window();
	test_b32();
	test_seal();
	return t_done("totp");
}
