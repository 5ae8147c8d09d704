/*
 * Validators at the edge (kcgi's way): each takes the bytes a browser
 * sent and either gives back the normalised value (in the arena) or a
 * message for the person. Handlers see only validated values.
 */
#ifndef PORTAL_VALID_H
#define PORTAL_VALID_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* NULL and *out set when in is good; else the message (*out untouched). */
typedef const char *(*valid_fn)(struct arena *a, const char *in, size_t len,
    const char **out);

const char	*valid_email(struct arena *, const char *, size_t, const char **);
/* YYYY-MM-DD or MM/DD/YYYY, a real calendar date, 1900-2100; out is
 * YYYY-MM-DD. */
const char	*valid_date(struct arena *, const char *, size_t, const char **);
/* Medical record number: 3-20 letters, digits or '-'; upper-cased. */
const char	*valid_mrn(struct arena *, const char *, size_t, const char **);
/* National Provider Identifier: 10 digits (spaces and dashes dropped),
 * starting 1 or 2, whose last is the Luhn check digit over "80840" and
 * the first 9 (45 CFR 162.406). */
const char	*valid_npi(struct arena *, const char *, size_t, const char **);
/* A phone or fax number: 10-20 digits with spaces, ( ) - + . and x
 * (an extension); kept as typed. */
const char	*valid_phone(struct arena *, const char *, size_t, const char **);
/* Activation token: 16 Crockford base32 symbols, dashes and spaces
 * ignored, O read as 0 and I/L as 1; out is the 16 upper-case symbols. */
const char	*valid_token(struct arena *, const char *, size_t, const char **);
/* An e-mailed pass code: 8 digits, spaces and dashes ignored; out is the
 * 8 digits. */
const char	*valid_pass_code(struct arena *, const char *, size_t, const char **);
/* A person's name: 1-100 characters, no markup or control characters;
 * spaces trimmed and runs folded. */
const char	*valid_name(struct arena *, const char *, size_t, const char **);
/* A password as typed (1-1024 bytes, UTF-8, no control characters); the
 * strength rule is auth_pw_rule's. */
const char	*valid_password(struct arena *, const char *, size_t, const char **);
/* A positive decimal id of at most 15 digits (always below 2^53). */
const char	*valid_id(struct arena *, const char *, size_t, const char **);
/* One line of text, 1-200 characters. */
const char	*valid_line(struct arena *, const char *, size_t, const char **);
/* A link or form secret: 8-200 characters of base64url and '.', with
 * surrounding white space (from a paste) dropped. */
const char	*valid_secret(struct arena *, const char *, size_t, const char **);

/* A second-factor code as typed: 6 digits from an authenticator app or
 * a recovery code, 1-40 letters, digits, spaces and hyphens; out is
 * trimmed (lib/app/mfa.c drops spaces and hyphens and folds case). */
const char	*valid_otp(struct arena *, const char *, size_t, const char **);

/* Radio choices: "self" or "guardian"; "token" or "mrn"; "approve" or
 * "reject". */
const char	*valid_who(struct arena *, const char *, size_t, const char **);
const char	*valid_proof(struct arena *, const char *, size_t, const char **);
const char	*valid_decision(struct arena *, const char *, size_t, const char **);
/* A US state, district, territory or military postal code, two letters
 * (USPS), any case; out in upper case. */
const char	*valid_state(struct arena *, const char *, size_t, const char **);
/* A ZIP code: 5 digits, or 9 with an optional '-' after the fifth;
 * out "02115" or "02115-5737". */
const char	*valid_postal(struct arena *, const char *, size_t, const char **);
/* How the family prefers to be contacted: "email", "mobile" (a call),
 * "home" (a call) or "text" (a text message to the mobile). */
const char	*valid_preferred(struct arena *, const char *, size_t, const char **);
/* A staff user name: 2-64 letters, digits, '.', '_' or '-'. */
const char	*valid_username(struct arena *, const char *, size_t, const char **);

/* 1 if s[0..len) is UTF-8 without NUL or control bytes (tab, and with
 * multiline CR and LF, allowed). */
int		 valid_utf8(const char *s, size_t len, int multiline);
/* One UTF-8 character at s (at most n bytes): its length, and the code
 * point in *cp; 0 if the bytes there are not a valid, shortest encoding
 * (surrogates and code points above U+10FFFF are not). */
size_t		 valid_utf8_char(const unsigned char *s, size_t n, unsigned *cp);
/* Parses a YYYY-MM-DD string validated by valid_date. */
int		 valid_ymd(const char *s, int *y, int *m, int *d);

#endif
