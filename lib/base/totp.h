/*
 * Time-based one-time passwords (TOTP, RFC 6238, over HOTP, RFC 4226) as
 * authenticator apps compute them: HMAC-SHA-1, 6 digits, 30-second
 * steps; and base32 (RFC 4648, no padding), the secret's text form in an
 * otpauth:// URI and for typing into a password manager.
 */
#ifndef PORTAL_TOTP_H
#define PORTAL_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TOTP_SECRET_LEN	20	/* bytes: 160 bits, RFC 4226's advice */
#define TOTP_PERIOD	30	/* seconds a code lasts */
#define TOTP_DIGITS	6

/* The HOTP value of counter, reduced to digits decimal digits (1..9). */
uint32_t totp_hotp(const unsigned char *key, size_t klen, uint64_t counter,
	    int digits);
/* The time step of now (its Unix time / TOTP_PERIOD). */
int64_t	 totp_step(time_t now);
/* The 6-digit code of step, as text ("012345") into out[7]. */
void	 totp_code(const unsigned char *key, size_t klen, int64_t step,
	    char out[TOTP_DIGITS + 1]);
/*
 * Checks code (exactly 6 digits, spaces already removed) against the
 * steps of now and one either side, which allows for a clock off by up
 * to 30 seconds and a code typed as it turned over. Returns the step
 * matched (the caller accepts it only if newer than the last step it
 * accepted: a code is taken once), or -1.
 */
int64_t	 totp_verify(const unsigned char *key, size_t klen, const char *code,
	    time_t now);

/* Base32 of p[0..n) without padding into out (ceil(8n/5)+1 bytes,
 * TOTP_B32_LEN for a secret). */
#define TOTP_B32_LEN	(((TOTP_SECRET_LEN * 8) + 4) / 5 + 1)
void	 totp_b32(const unsigned char *p, size_t n, char *out);
/* Decodes base32 (either case; spaces, hyphens and '=' skipped); the
 * byte count, or -1 if s is not base32 or does not fit in outsz. */
long	 totp_unb32(const char *s, unsigned char *out, size_t outsz);

#endif
