/*
 * TOTP and base32 (totp.h). The HMAC is crypto.c's, as every use of
 * OpenSSL is.
 */
#include <ctype.h>
#include <string.h>

#include "crypto.h"
#include "totp.h"

static const uint32_t tens[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000,
};

uint32_t
totp_hotp(const unsigned char *key, size_t klen, uint64_t counter, int digits)
{
	unsigned char	 msg[8], mac[CRYPTO_SHA1_LEN];
	uint32_t	 bin;
	int		 i, off;

	if (digits < 1 || digits > 9)
		digits = TOTP_DIGITS;
	for (i = 7; i >= 0; i--) {
		msg[i] = counter & 0xff;
		counter >>= 8;
	}
	crypto_hmac_sha1(key, klen, msg, sizeof(msg), mac);
	/* Dynamic truncation (RFC 4226 5.3). */
	off = mac[CRYPTO_SHA1_LEN - 1] & 0x0f;
	bin = ((uint32_t)(mac[off] & 0x7f) << 24) |
	    ((uint32_t)mac[off + 1] << 16) | ((uint32_t)mac[off + 2] << 8) |
	    (uint32_t)mac[off + 3];
	explicit_bzero(mac, sizeof(mac));
	return bin % tens[digits];
}

int64_t
totp_step(time_t now)
{
	return now < 0 ? 0 : (int64_t)now / TOTP_PERIOD;
}

void
totp_code(const unsigned char *key, size_t klen, int64_t step,
    char out[TOTP_DIGITS + 1])
{
	uint32_t	 v = totp_hotp(key, klen, (uint64_t)step, TOTP_DIGITS);
	int		 i;

	for (i = TOTP_DIGITS - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out[TOTP_DIGITS] = '\0';
}

int64_t
totp_verify(const unsigned char *key, size_t klen, const char *code,
    time_t now)
{
	static const int	 order[] = { 0, -1, 1 };
	char			 want[TOTP_DIGITS + 1];
	int64_t			 step = totp_step(now), found = -1;
	size_t			 i;

	if (code == NULL || strlen(code) != TOTP_DIGITS)
		return -1;
	for (i = 0; i < TOTP_DIGITS; i++)
		if (!isdigit((unsigned char)code[i]))
			return -1;
	/* Every step is computed, the first match kept: the time taken
	 * does not tell which step matched. */
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (step + order[i] < 0)
			continue;
		totp_code(key, klen, step + order[i], want);
		if (crypto_equal(want, code, TOTP_DIGITS) && found == -1)
			found = step + order[i];
	}
	explicit_bzero(want, sizeof(want));
	return found;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void
totp_b32(const unsigned char *p, size_t n, char *out)
{
	uint32_t	 acc = 0;
	int		 bits = 0;
	size_t		 i;

	for (i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			*out++ = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		*out++ = b32[(acc << (5 - bits)) & 31];
	*out = '\0';
}

long
totp_unb32(const char *s, unsigned char *out, size_t outsz)
{
	uint32_t	 acc = 0;
	int		 bits = 0, v;
	size_t		 n = 0;
	const char	*q;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '-' || *s == '=')
			continue;
		if ((q = strchr(b32, toupper((unsigned char)*s))) == NULL ||
		    *q == '\0')
			return -1;
		v = (int)(q - b32);
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			if (n >= outsz)
				return -1;
			out[n++] = (acc >> (bits - 8)) & 0xff;
			bits -= 8;
		}
	}
	return (long)n;
}
