/*
 * OpenSSL 3 behind a few small functions, so the rest of the library never
 * touches its API and every use is easy to review.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>

#include "crypto.h"

void
crypto_random(void *p, size_t n)
{
	if (n > 0 && RAND_bytes(p, (int)n) != 1) {
		fputs("crypto: RAND_bytes failed\n", stderr);
		abort();
	}
}

void
crypto_sha256(const void *p, size_t n, unsigned char out[CRYPTO_SHA256_LEN])
{
	unsigned int	 len = CRYPTO_SHA256_LEN;

	if (EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) != 1)
		abort();
}

void
crypto_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[CRYPTO_SHA256_LEN])
{
	unsigned int	 len = CRYPTO_SHA256_LEN;

	if (HMAC(EVP_sha256(), key, (int)klen, msg, mlen, out, &len) == NULL)
		abort();
}

void
crypto_hmac_sha1(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[CRYPTO_SHA1_LEN])
{
	unsigned int	 len = CRYPTO_SHA1_LEN;

	if (HMAC(EVP_sha1(), key, (int)klen, msg, mlen, out, &len) == NULL)
		abort();
}

#define SEAL_NONCE	12
#define SEAL_TAG	16

void
crypto_seal(const unsigned char key[32], const void *ad, size_t adlen,
    const unsigned char *p, size_t n, unsigned char *out)
{
	EVP_CIPHER_CTX	*x;
	int		 len;

	crypto_random(out, SEAL_NONCE);
	if ((x = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_EncryptInit_ex(x, EVP_aes_256_gcm(), NULL, key, out) != 1 ||
	    (adlen > 0 && EVP_EncryptUpdate(x, NULL, &len, ad, (int)adlen) != 1) ||
	    EVP_EncryptUpdate(x, out + SEAL_NONCE, &len, p, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(x, out + SEAL_NONCE + len, &len) != 1 ||
	    EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_GET_TAG, SEAL_TAG,
	    out + SEAL_NONCE + n) != 1) {
		fputs("crypto: AES-GCM seal failed\n", stderr);
		abort();
	}
	EVP_CIPHER_CTX_free(x);
}

long
crypto_open(const unsigned char key[32], const void *ad, size_t adlen,
    const unsigned char *sealed, size_t len, unsigned char *out)
{
	EVP_CIPHER_CTX	*x;
	size_t		 n;
	int		 l, ok;

	if (len < CRYPTO_SEAL_OVERHEAD)
		return -1;
	n = len - CRYPTO_SEAL_OVERHEAD;
	if ((x = EVP_CIPHER_CTX_new()) == NULL)
		abort();
	/* The tag is set before the final call, which checks it. */
	ok = EVP_DecryptInit_ex(x, EVP_aes_256_gcm(), NULL, key, sealed) == 1 &&
	    (adlen == 0 || EVP_DecryptUpdate(x, NULL, &l, ad, (int)adlen) == 1) &&
	    EVP_DecryptUpdate(x, out, &l, sealed + SEAL_NONCE, (int)n) == 1 &&
	    EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_SET_TAG, SEAL_TAG,
	    (void *)(sealed + SEAL_NONCE + n)) == 1 &&
	    EVP_DecryptFinal_ex(x, out + l, &l) == 1;
	EVP_CIPHER_CTX_free(x);
	if (!ok) {
		explicit_bzero(out, n);
		return -1;
	}
	return (long)n;
}

void
crypto_hkdf_expand(const unsigned char prk[CRYPTO_SHA256_LEN], const char *label,
    unsigned char out[CRYPTO_SHA256_LEN])
{
	unsigned char	 info[256];
	size_t		 n = strlen(label);

	/* T(1) = HMAC(PRK, info | 0x01); one block is all we need. */
	if (n + 1 > sizeof(info))
		abort();
	memcpy(info, label, n);
	info[n] = 1;
	crypto_hmac_sha256(prk, CRYPTO_SHA256_LEN, info, n + 1, out);
	explicit_bzero(info, sizeof(info));
}

int
crypto_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

int
crypto_scrypt(const char *pass, size_t plen, const unsigned char *salt,
    size_t slen, uint64_t n, uint64_t r, uint64_t p,
    unsigned char *out, size_t outlen)
{
	/* OpenSSL refuses more than 32 MiB by default; N=2^17, r=8 needs
	 * 128 MiB. Allow what the parameters need, plus slack. */
	uint64_t maxmem = 128 * r * n * 2 + 128 * r * p + (1u << 20);

	if (EVP_PBE_scrypt(pass, plen, salt, slen, n, r, p, maxmem,
	    out, outlen) != 1)
		return -1;
	return 0;
}

void
crypto_hex(const unsigned char *p, size_t n, char *out)
{
	static const char	 hx[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void
crypto_b64url(const unsigned char *p, size_t n, char *out)
{
	size_t		 i, o = 0;
	unsigned long	 v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
		out[o++] = b64[v & 63];
	}
	if (n - i == 1) {
		v = (unsigned long)p[i] << 16;
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
	} else if (n - i == 2) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
	}
	out[o] = '\0';
}

static int
b64val(char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(b64, c)) == NULL)
		return -1;
	return (int)(p - b64);
}

long
crypto_unb64url(const char *s, unsigned char *out, size_t outsz)
{
	size_t		 len = strlen(s), i, o = 0;
	unsigned long	 v = 0;
	int		 bits = 0, d;

	if (len % 4 == 1)
		return -1;
	for (i = 0; i < len; i++) {
		if ((d = b64val(s[i])) < 0)
			return -1;
		v = (v << 6 | (unsigned long)d) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outsz)
				return -1;
			out[o++] = (unsigned char)(v >> bits);
		}
	}
	/* Leftover bits must be zero, so each value has one spelling. */
	if (bits > 0 && (v & ((1ul << bits) - 1)) != 0)
		return -1;
	return (long)o;
}
