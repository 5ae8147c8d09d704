/*
 * The only door to OpenSSL: random bytes, SHA-256, HMAC, scrypt,
 * constant-time comparison and the text encodings of binary values.
 */
#ifndef PORTAL_CRYPTO_H
#define PORTAL_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define CRYPTO_SHA256_LEN 32

/* n cryptographically random bytes; aborts if the RNG fails (a portal
 * without randomness must not hand out sessions). */
void	crypto_random(void *p, size_t n);
void	crypto_sha256(const void *p, size_t n, unsigned char out[CRYPTO_SHA256_LEN]);
void	crypto_hmac_sha256(const void *key, size_t klen, const void *msg,
	    size_t mlen, unsigned char out[CRYPTO_SHA256_LEN]);
/* HKDF-Expand (RFC 5869, SHA-256) of a 32-byte pseudorandom key for one
 * output block: a key of its own for each label, none revealing another
 * or the master key. */
void	crypto_hkdf_expand(const unsigned char prk[CRYPTO_SHA256_LEN],
	    const char *label, unsigned char out[CRYPTO_SHA256_LEN]);
/* HMAC-SHA-1: only for TOTP (RFC 6238), which authenticator apps
 * compute with it; nothing else here may use SHA-1. */
#define CRYPTO_SHA1_LEN 20
void	crypto_hmac_sha1(const void *key, size_t klen, const void *msg,
	    size_t mlen, unsigned char out[CRYPTO_SHA1_LEN]);

/*
 * Sealing a small secret for storage (AES-256-GCM, a random 96-bit nonce
 * per seal): out holds nonce | ciphertext | 16-byte tag, n +
 * CRYPTO_SEAL_OVERHEAD bytes. ad, which may be NULL, is bound to the seal
 * without being stored in it (who the secret belongs to), so a sealed
 * value copied to another row does not open.
 */
#define CRYPTO_SEAL_OVERHEAD (12 + 16)
void	crypto_seal(const unsigned char key[32], const void *ad, size_t adlen,
	    const unsigned char *p, size_t n, unsigned char *out);
/* Opens what crypto_seal made into out (len - CRYPTO_SEAL_OVERHEAD
 * bytes); the byte count, or -1 if the key or ad is wrong or the seal
 * was altered (out is then zeroed). */
long	crypto_open(const unsigned char key[32], const void *ad, size_t adlen,
	    const unsigned char *sealed, size_t len, unsigned char *out);

/* 1 if a and b (n bytes each) are equal, in time independent of content. */
int	crypto_equal(const void *a, const void *b, size_t n);
/* scrypt(pass, salt) into out[outlen]; 0 on success, -1 on failure. */
int	crypto_scrypt(const char *pass, size_t plen, const unsigned char *salt,
	    size_t slen, uint64_t n, uint64_t r, uint64_t p,
	    unsigned char *out, size_t outlen);

/* Lower-case hex of p[0..n) into out (2n+1 bytes). */
void	crypto_hex(const unsigned char *p, size_t n, char *out);
/* base64url without padding of p[0..n) into out (4*ceil(n/3)+1 bytes). */
void	crypto_b64url(const unsigned char *p, size_t n, char *out);
/* Decodes unpadded base64url; returns the byte count, or -1 if s is not
 * base64url or does not fit in outsz. */
long	crypto_unb64url(const char *s, unsigned char *out, size_t outsz);

#endif
