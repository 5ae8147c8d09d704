/*
 * Every validator of lib/valid.h against a table of good inputs (with the
 * normalised value each must give) and bad ones (refused with a message,
 * *out untouched). Each input is copied into a buffer of exactly its
 * length, without a NUL after it, so ASan catches a validator that reads
 * past len. valid_utf8 has its own table of byte sequences.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "valid.h"
#include "t.h"

/* Repetitions, so the length limits fit in the table. */
#define R4(s)	s s s s
#define R10(s)	s s s s s s s s s s
#define R60(s)	R10(s) R10(s) R10(s) R10(s) R10(s) R10(s)
#define R100(s)	R10(R10(s))
#define A63	R60("a") "aaa"
#define A64	R60("a") "aaaa"
#define E2	"\xc3\xa9"		/* é, two bytes */

struct vcase {
	const char	*fname;
	valid_fn	 fn;
	const char	*in;
	size_t		 len;
	const char	*want;	/* NULL: must be refused */
};

/* sizeof, not strlen: a NUL inside the literal is part of the input. */
#define GOOD(f, in, want)	{ #f, f, in, sizeof(in) - 1, want }
#define BAD(f, in)		{ #f, f, in, sizeof(in) - 1, NULL }

static const struct vcase cases[] = {
	/* E-mail: lower-cased, trimmed; RFC 5321 lengths; dot-atoms only. */
	GOOD(valid_email, "Name@Example.ORG", "name@example.org"),
	GOOD(valid_email, "  a.b@example.org  ", "a.b@example.org"),
	GOOD(valid_email, "\ta@b.co\t", "a@b.co"),
	GOOD(valid_email, "first.last+tag@sub.example.org",
	    "first.last+tag@sub.example.org"),
	GOOD(valid_email, "o'brien@example.ie", "o'brien@example.ie"),
	GOOD(valid_email, "x_y-z@a-b.example", "x_y-z@a-b.example"),
	GOOD(valid_email, "a@b.c", "a@b.c"),
	GOOD(valid_email, "1@2.org", "1@2.org"),
	GOOD(valid_email, A64 "@example.org", A64 "@example.org"),
	GOOD(valid_email, "a@" A63 ".org", "a@" A63 ".org"),
	/* 64 + 1 + 63 + 1 + 63 + 1 + 61 = 254 */
	GOOD(valid_email, A64 "@" A63 "." A63 "." R60("a") "a",
	    A64 "@" A63 "." A63 "." R60("a") "a"),
	BAD(valid_email, A64 "@" A63 "." A63 "." R60("a") "aa"),	/* 255 */
	BAD(valid_email, A64 "a@example.org"),			/* local 65 */
	BAD(valid_email, "a@" A64 ".org"),			/* label 64 */
	BAD(valid_email, ""),
	BAD(valid_email, "   "),
	BAD(valid_email, "a"),
	BAD(valid_email, "@example.org"),
	BAD(valid_email, "a@"),
	BAD(valid_email, "a@b"),
	BAD(valid_email, "a@@b.org"),
	BAD(valid_email, "a@b@c.org"),
	BAD(valid_email, "a b@c.org"),
	BAD(valid_email, "a@b .org"),
	BAD(valid_email, ".a@b.org"),
	BAD(valid_email, "a.@b.org"),
	BAD(valid_email, "a..b@c.org"),
	BAD(valid_email, "a@.b.org"),
	BAD(valid_email, "a@b..org"),
	BAD(valid_email, "a@b.org."),
	BAD(valid_email, "a@-b.org"),
	BAD(valid_email, "a@b-.org"),
	BAD(valid_email, "a@b_c.org"),
	BAD(valid_email, "a(b)@c.org"),
	BAD(valid_email, "\"a\"@c.org"),
	BAD(valid_email, "<a@b.org>"),
	BAD(valid_email, "a,b@c.org"),
	BAD(valid_email, "j" E2 "r" E2 "me@example.org"),	/* unicode local */
	BAD(valid_email, "a@b" E2 "cher.de"),			/* unicode domain */
	BAD(valid_email, "a@b.org\r\nBcc: x@evil.test"),
	BAD(valid_email, "a@b.org\n"),
	BAD(valid_email, "a\0@b.org"),
	BAD(valid_email, "a@b.org\0"),

	/* Dates: two spellings, one output; real days 1900-2100. */
	GOOD(valid_date, "2015-04-30", "2015-04-30"),
	GOOD(valid_date, "04/30/2015", "2015-04-30"),
	GOOD(valid_date, " 2015-04-30 ", "2015-04-30"),
	GOOD(valid_date, "2024-02-29", "2024-02-29"),
	GOOD(valid_date, "02/29/2024", "2024-02-29"),
	GOOD(valid_date, "2000-02-29", "2000-02-29"),
	GOOD(valid_date, "1900-01-01", "1900-01-01"),
	GOOD(valid_date, "1900-02-28", "1900-02-28"),
	GOOD(valid_date, "2100-12-31", "2100-12-31"),
	GOOD(valid_date, "12/31/2100", "2100-12-31"),
	GOOD(valid_date, "2015-12-31", "2015-12-31"),
	GOOD(valid_date, "2015-01-31", "2015-01-31"),
	BAD(valid_date, "2023-02-29"),
	BAD(valid_date, "02/29/2023"),
	BAD(valid_date, "1900-02-29"),
	BAD(valid_date, "2100-02-29"),
	BAD(valid_date, "1899-12-31"),
	BAD(valid_date, "12/31/1899"),
	BAD(valid_date, "2101-01-01"),
	BAD(valid_date, "2015-13-01"),
	BAD(valid_date, "13/01/2015"),
	BAD(valid_date, "2015-00-10"),
	BAD(valid_date, "2015-04-00"),
	BAD(valid_date, "00/10/2015"),
	BAD(valid_date, "2015-04-31"),
	BAD(valid_date, "2015-01-32"),
	BAD(valid_date, "2015/04/30"),
	BAD(valid_date, "30.04.2015"),
	BAD(valid_date, "15-04-30"),
	BAD(valid_date, "2015-4-30"),
	BAD(valid_date, "4/30/2015"),
	BAD(valid_date, "2015-04-30x"),
	BAD(valid_date, "2015-04-3x"),
	BAD(valid_date, "2015 04 30"),
	BAD(valid_date, "+015-04-30"),
	BAD(valid_date, "20150430"),
	BAD(valid_date, ""),
	BAD(valid_date, "2015-04-30\n"),
	BAD(valid_date, "2015-04-3\0"),
	BAD(valid_date, "2015\xe2\x88\x92" "04\xe2\x88\x92" "30"),	/* U+2212 */

	/* NPI: 10 digits, first 1 or 2, Luhn over 80840 + 9 (issue 11.1). */
	/* Second-factor codes: trimmed; letters, digits, spaces, hyphens. */
	GOOD(valid_otp, "123456", "123456"),
	GOOD(valid_otp, " 123 456\n", "123 456"),
	GOOD(valid_otp, "abcde-fghjk", "abcde-fghjk"),
	GOOD(valid_otp, "ABCDE FGHJK", "ABCDE FGHJK"),
	BAD(valid_otp, ""),
	BAD(valid_otp, "   "),
	BAD(valid_otp, "12345<"),
	BAD(valid_otp, "12.345"),
	BAD(valid_otp, "1234567890123456789012345678901234567890x"),
	GOOD(valid_npi, "1234567893", "1234567893"),	/* CMS's example */
	GOOD(valid_npi, "1003000126", "1003000126"),
	GOOD(valid_npi, "1245319599", "1245319599"),
	GOOD(valid_npi, "1999999992", "1999999992"),
	GOOD(valid_npi, "123-456-7893", "1234567893"),
	GOOD(valid_npi, " 1234 567 893 ", "1234567893"),
	GOOD(valid_npi, "2000000002", "2000000002"),
	GOOD(valid_phone, "(617) 555-0100", "(617) 555-0100"),
	GOOD(valid_phone, "+1 617.555.0100 x123", "+1 617.555.0100 x123"),
	GOOD(valid_phone, "6175550100", "6175550100"),
	BAD(valid_phone, "555-0100"),			/* no area code */
	BAD(valid_phone, "(617) 555-01OO"),		/* letters */
	BAD(valid_phone, "617<555>0100"),
	BAD(valid_phone, "617 555 0100\n"),
	BAD(valid_phone, "123456789012345678901"),	/* 21 digits */
	BAD(valid_npi, "1234567890"),		/* check digit */
	BAD(valid_npi, "1234567894"),
	BAD(valid_npi, "1999999999"),
	BAD(valid_npi, "2000000008"),
	BAD(valid_npi, "0234567893"),		/* not 1 or 2 first */
	BAD(valid_npi, "3234567893"),
	BAD(valid_npi, "123456789"),		/* 9 digits */
	BAD(valid_npi, "12345678930"),		/* 11 */
	BAD(valid_npi, "123456789O"),		/* letter O */
	BAD(valid_npi, ""),
	BAD(valid_npi, "1234567893\n"),
	BAD(valid_npi, "\xef\xbc\x91" "234567893"),	/* fullwidth 1 */

	/* MRN: 3-20 letters, digits or '-', upper-cased. */
	GOOD(valid_mrn, "abc123", "ABC123"),
	GOOD(valid_mrn, "A-12-b", "A-12-B"),
	GOOD(valid_mrn, " 12345 ", "12345"),
	GOOD(valid_mrn, "A1b", "A1B"),
	GOOD(valid_mrn, "abcdefghij0123456789", "ABCDEFGHIJ0123456789"),
	BAD(valid_mrn, "AB"),
	BAD(valid_mrn, "abcdefghij0123456789x"),
	BAD(valid_mrn, ""),
	BAD(valid_mrn, "12 345"),
	BAD(valid_mrn, "123_45"),
	BAD(valid_mrn, "123.45"),
	BAD(valid_mrn, "123/45"),
	BAD(valid_mrn, "1234" E2),
	BAD(valid_mrn, "1234\n"),
	BAD(valid_mrn, "12\0" "345"),
	BAD(valid_mrn, "<b>123</b>"),

	/* Tokens: Crockford base32, O->0, I/L->1, dashes and spaces ignored. */
	GOOD(valid_pass_code, "12345678", "12345678"),
	GOOD(valid_pass_code, "1234 5678", "12345678"),
	GOOD(valid_pass_code, " 1234-5678 ", "12345678"),
	BAD(valid_pass_code, "1234567"),
	BAD(valid_pass_code, "123456789"),
	BAD(valid_pass_code, "1234567a"),
	BAD(valid_pass_code, ""),
	GOOD(valid_token, "ABCD-EFGH-JKMN-PQRS", "ABCDEFGHJKMNPQRS"),
	GOOD(valid_token, "abcd-efgh-jkmn-pqrs", "ABCDEFGHJKMNPQRS"),
	GOOD(valid_token, "ABCD EFGH JKMN PQRS", "ABCDEFGHJKMNPQRS"),
	GOOD(valid_token, "ABCDEFGHJKMNPQRS", "ABCDEFGHJKMNPQRS"),
	GOOD(valid_token, " -ABCD--EFGH  JKMN-PQRS- ", "ABCDEFGHJKMNPQRS"),
	GOOD(valid_token, "A-B-C-D-E-F-G-H-J-K-M-N-P-Q-R-S", "ABCDEFGHJKMNPQRS"),
	GOOD(valid_token, "OOOO-IIII-LLLL-oilO", "0000111111110110"),
	GOOD(valid_token, "0123-4567-89TV-WXYZ", "0123456789TVWXYZ"),
	/* 48 dashes and 16 symbols: 64 bytes, the most accepted. */
	GOOD(valid_token, R4(R10("-")) "--------" "ABCDEFGHJKMNPQRS",
	    "ABCDEFGHJKMNPQRS"),
	BAD(valid_token, R4(R10("-")) "---------" "ABCDEFGHJKMNPQRS"),
	BAD(valid_token, "ABCD-EFGH-JKMN-PQR"),		/* 15 */
	BAD(valid_token, "ABCD-EFGH-JKMN-PQRST"),	/* 17 */
	BAD(valid_token, "ABCD-EFGH-JKMN-PQRU"),	/* U is not Crockford */
	BAD(valid_token, "ABCD-EFGH-JKMN-PQRu"),
	BAD(valid_token, "ABCD_EFGH_JKMN_PQRS"),
	BAD(valid_token, "ABCD.EFGH.JKMN.PQRS"),
	BAD(valid_token, "ABCD\tEFGH\tJKMN\tPQRS"),
	BAD(valid_token, "ABCD-EFGH-JKMN-PQR\0S"),
	BAD(valid_token, "\xc3\x80" "BCD-EFGH-JKMN-PQRS"),
	BAD(valid_token, ""),
	BAD(valid_token, "----"),

	/* Names: no markup, spaces folded, 1-100 characters (not bytes). */
	GOOD(valid_name, "Mary", "Mary"),
	GOOD(valid_name, "  Mary   Ann  ", "Mary Ann"),
	GOOD(valid_name, "Mary\tAnn", "Mary Ann"),
	GOOD(valid_name, "O'Neil-Smith Jr.", "O'Neil-Smith Jr."),
	GOOD(valid_name, "Jos" E2 " \xc3\x81lvarez", "Jos" E2 " \xc3\x81lvarez"),
	GOOD(valid_name, R100("a"), R100("a")),
	GOOD(valid_name, " " R100("a") " ", R100("a")),
	GOOD(valid_name, R100(E2), R100(E2)),
	BAD(valid_name, R100("a") "a"),
	BAD(valid_name, R100(E2) E2),
	BAD(valid_name, ""),
	BAD(valid_name, "   "),
	BAD(valid_name, "<script>"),
	BAD(valid_name, "Tom & Jerry"),
	BAD(valid_name, "a;b"),
	BAD(valid_name, "a\"b"),
	BAD(valid_name, "a/b"),
	BAD(valid_name, "a\\b"),
	BAD(valid_name, "a=b"),
	BAD(valid_name, "a@b"),
	BAD(valid_name, "{{x}}"),
	BAD(valid_name, "a`b"),
	BAD(valid_name, "a\nb"),
	BAD(valid_name, "a\rb"),
	BAD(valid_name, "a\x7f"),
	BAD(valid_name, "a\xc2\x85" "b"),	/* C1 NEL */
	BAD(valid_name, "a\0b"),
	BAD(valid_name, "a\xff"),

	/* Passwords as typed: 1-1024 bytes of UTF-8 without controls. */
	GOOD(valid_password, "x", "x"),
	GOOD(valid_password, " pass word ", " pass word "),
	GOOD(valid_password, "p" E2 "ssw\xc3\xb6rd", "p" E2 "ssw\xc3\xb6rd"),
	GOOD(valid_password, R100(R10("a")) R10("b") R10("c") "dddd",
	    R100(R10("a")) R10("b") R10("c") "dddd"),		/* 1024 */
	BAD(valid_password, R100(R10("a")) R10("b") R10("c") "ddddd"),
	BAD(valid_password, ""),
	BAD(valid_password, "pass\nword"),
	BAD(valid_password, "pa\0ss"),
	BAD(valid_password, "\xff\xfe"),

	/* Ids: positive, no leading zero, at most 15 digits. */
	GOOD(valid_id, "1", "1"),
	GOOD(valid_id, "42", "42"),
	GOOD(valid_id, "999999999999999", "999999999999999"),
	BAD(valid_id, "9999999999999999"),
	BAD(valid_id, "0"),
	BAD(valid_id, "007"),
	BAD(valid_id, ""),
	BAD(valid_id, "-1"),
	BAD(valid_id, "+1"),
	BAD(valid_id, "1.0"),
	BAD(valid_id, " 1"),
	BAD(valid_id, "1 "),
	BAD(valid_id, "1e5"),
	BAD(valid_id, "0x10"),
	BAD(valid_id, "1\0"),
	BAD(valid_id, "\xd9\xa1"),	/* ARABIC-INDIC DIGIT ONE */

	/* One line: 1-200 characters, folded. */
	GOOD(valid_line, "hello", "hello"),
	GOOD(valid_line, "  a   b  ", "a b"),
	GOOD(valid_line, R100("ab"), R100("ab")),
	GOOD(valid_line, R100(E2 E2), R100(E2 E2)),	/* 200 characters */
	BAD(valid_line, R100("ab") "c"),
	BAD(valid_line, R100(E2 E2) E2),
	BAD(valid_line, ""),
	BAD(valid_line, "   "),
	BAD(valid_line, "a\nb"),
	BAD(valid_line, "a\0b"),

	/* Link and form secrets: 8-200 of base64url and '.'. */
	GOOD(valid_secret, "abcdefgh", "abcdefgh"),
	GOOD(valid_secret, "abc-_.XYZ012", "abc-_.XYZ012"),
	GOOD(valid_secret, R100("ab"), R100("ab")),
	BAD(valid_secret, R100("ab") "c"),
	BAD(valid_secret, "abcdefg"),
	BAD(valid_secret, ""),
	BAD(valid_secret, "abcdefgh="),
	BAD(valid_secret, "abcd+efgh"),
	BAD(valid_secret, "abcd/efgh"),
	BAD(valid_secret, "abcd efgh"),
	BAD(valid_secret, "abcd%2Efgh"),
	BAD(valid_secret, "abcd" E2 "fgh"),
	GOOD(valid_secret, "abcdefgh\n", "abcdefgh"),	/* pasted */
	GOOD(valid_secret, " \tabcdefgh \r\n", "abcdefgh"),
	BAD(valid_secret, "  abcdefg  "),
	BAD(valid_secret, "ab\ncdefgh"),
	BAD(valid_secret, "abcd\0efgh"),

	/* Radio choices: exactly one of the words. */
	/* A US state: USPS two-letter codes, any case (issue 14.1). */
	GOOD(valid_state, "MA", "MA"),
	GOOD(valid_state, "ma", "MA"),
	GOOD(valid_state, " dc ", "DC"),
	GOOD(valid_state, "PR", "PR"),
	GOOD(valid_state, "AE", "AE"),
	BAD(valid_state, "XX"),
	BAD(valid_state, "M"),
	BAD(valid_state, "MAS"),
	BAD(valid_state, "Massachusetts"),
	BAD(valid_state, "M\xc3\xa1"),
	/* ZIP: 5 digits or 9 (ZIP+4). */
	GOOD(valid_postal, "02115", "02115"),
	GOOD(valid_postal, "02115-5737", "02115-5737"),
	GOOD(valid_postal, "021155737", "02115-5737"),
	GOOD(valid_postal, " 02115 ", "02115"),
	BAD(valid_postal, "2115"),
	BAD(valid_postal, "021155"),
	BAD(valid_postal, "0211-55737"),
	BAD(valid_postal, "02115-57370"),
	BAD(valid_postal, "02115-57a7"),
	BAD(valid_postal, "0211O"),
	BAD(valid_postal, "02115\n"),
	GOOD(valid_preferred, "email", "email"),
	GOOD(valid_preferred, "text", "text"),
	GOOD(valid_preferred, "mobile", "mobile"),
	GOOD(valid_preferred, "home", "home"),
	BAD(valid_preferred, "fax"),
	BAD(valid_preferred, "Email"),
	GOOD(valid_who, "self", "self"),
	GOOD(valid_who, "guardian", "guardian"),
	BAD(valid_who, "Self"),
	BAD(valid_who, "self "),
	BAD(valid_who, "sel"),
	BAD(valid_who, "selfx"),
	BAD(valid_who, "self\0"),
	BAD(valid_who, ""),
	GOOD(valid_proof, "token", "token"),
	GOOD(valid_proof, "mrn", "mrn"),
	BAD(valid_proof, "MRN"),
	BAD(valid_proof, "both"),
	BAD(valid_proof, ""),
	GOOD(valid_decision, "approve", "approve"),
	GOOD(valid_decision, "reject", "reject"),
	BAD(valid_decision, "approved"),
	BAD(valid_decision, "maybe"),
	BAD(valid_decision, ""),

	/* Staff user names: 2-64 of letters, digits, '.', '_', '-'. */
	GOOD(valid_username, "jdoe", "jdoe"),
	GOOD(valid_username, "j.doe_2-x", "j.doe_2-x"),
	GOOD(valid_username, "ab", "ab"),
	GOOD(valid_username, A64, A64),
	BAD(valid_username, A64 "a"),
	BAD(valid_username, "a"),
	BAD(valid_username, ""),
	BAD(valid_username, "j doe"),
	BAD(valid_username, "jdo" E2),
	BAD(valid_username, "j@doe"),
	BAD(valid_username, "jdoe\0"),
};

struct ucase {
	const char	*in;
	size_t		 len;
	int		 multiline;
	int		 want;
};

#define U(in, ml, want)	{ in, sizeof(in) - 1, ml, want }

static const struct ucase ucases[] = {
	U("", 0, 1),
	U("abc", 0, 1),
	U("a\tb", 0, 1),
	U("a\tb", 1, 1),
	U("a\nb", 0, 0),
	U("a\nb", 1, 1),
	U("a\rb", 0, 0),
	U("a\rb", 1, 1),
	U("a\r\nb\r\n", 1, 1),
	U("a\0b", 0, 0),
	U("a\0b", 1, 0),
	U("\x01", 1, 0),
	U("\x08", 1, 0),
	U("\x0b", 1, 0),
	U("\x0c", 1, 0),
	U("\x1b[31m", 1, 0),
	U("\x1f", 1, 0),
	U("\x7f", 1, 0),
	U(" ~", 0, 1),
	/* Well-formed: 2, 3 and 4 bytes, the edges of each range. */
	U("\xc3\xa9", 0, 1),
	U("\xc2\xa0", 0, 1),		/* U+00A0, first after C1 */
	U("\xdf\xbf", 0, 1),		/* U+07FF */
	U("\xe0\xa0\x80", 0, 1),	/* U+0800 */
	U("\xe2\x82\xac", 0, 1),	/* U+20AC */
	U("\xed\x9f\xbf", 0, 1),	/* U+D7FF */
	U("\xee\x80\x80", 0, 1),	/* U+E000 */
	U("\xef\xbf\xbd", 0, 1),	/* U+FFFD */
	U("\xf0\x90\x80\x80", 0, 1),	/* U+10000 */
	U("\xf0\x9f\x98\x80", 0, 1),	/* U+1F600 */
	U("\xf4\x8f\xbf\xbf", 0, 1),	/* U+10FFFF */
	U("x\xc3\xa9y\xe2\x82\xacz", 0, 1),
	/* Overlong forms. */
	U("\xc0\x80", 0, 0),		/* NUL */
	U("\xc0\xaf", 0, 0),
	U("\xc1\xbf", 0, 0),
	U("\xe0\x80\xaf", 0, 0),
	U("\xe0\x9f\xbf", 0, 0),
	U("\xf0\x80\x80\xaf", 0, 0),
	U("\xf0\x8f\xbf\xbf", 0, 0),
	/* Surrogates. */
	U("\xed\xa0\x80", 0, 0),	/* U+D800 */
	U("\xed\xad\xbf", 0, 0),
	U("\xed\xbf\xbf", 0, 0),	/* U+DFFF */
	U("\xed\xa0\xbd\xed\xb8\x80", 0, 0),	/* CESU-8 pair */
	/* Beyond U+10FFFF and bytes never in UTF-8. */
	U("\xf4\x90\x80\x80", 0, 0),
	U("\xf5\x80\x80\x80", 0, 0),
	U("\xf7\xbf\xbf\xbf", 0, 0),
	U("\xf8\x88\x80\x80\x80", 0, 0),
	U("\xfc\x84\x80\x80\x80\x80", 0, 0),
	U("\xfe", 0, 0),
	U("\xff", 0, 0),
	/* C1 controls and the line/paragraph separators. */
	U("\xc2\x80", 1, 0),
	U("\xc2\x85", 1, 0),
	U("\xc2\x9b", 1, 0),
	U("\xc2\x9f", 1, 0),
	U("\xe2\x80\xa8", 1, 0),
	U("\xe2\x80\xa9", 1, 0),
	/* Truncated and broken sequences. */
	U("\xc3", 0, 0),
	U("a\xc3", 0, 0),
	U("\xe2\x82", 0, 0),
	U("\xf0\x9f\x98", 0, 0),
	U("\x80", 0, 0),
	U("\xbf", 0, 0),
	U("a\x80" "b", 0, 0),
	U("\xc3\x28", 0, 0),
	U("\xe2\x28\xa1", 0, 0),
	U("\xe2\x82\x28", 0, 0),
	U("\xf0\x28\x8c\xbc", 0, 0),
	U("\xc3\xc3\xa9", 0, 0),
};

/* Checks one validator row; the input sits in a buffer of its exact size. */
static void
run_case(struct arena *a, const struct vcase *c, size_t row)
{
	static const char sentinel[] = "untouched";
	const char	*out = sentinel, *msg;
	char		*in;

	if ((in = malloc(c->len ? c->len : 1)) == NULL)
		abort();
	memcpy(in, c->in, c->len);
	msg = c->fn(a, in, c->len, &out);
	if (c->want != NULL) {
		if (msg == NULL)
			T_STR(out, c->want, c->fname);
		else
			T_OK(0, "%s row %zu (\"%.40s\"): refused: %s",
			    c->fname, row, c->in, msg);
	} else {
		T_OK(msg != NULL && msg[0] != '\0',
		    "%s row %zu (\"%.40s\"): accepted as \"%.40s\"",
		    c->fname, row, c->in, out);
		T_OK(out == sentinel, "%s row %zu: *out changed on refusal",
		    c->fname, row);
	}
	free(in);
}

static void
test_ymd(void)
{
	static const struct {
		const char	*in;
		int		 ok, y, m, d;
	} t[] = {
		{ "2015-04-30", 1, 2015, 4, 30 },
		{ "1900-01-01", 1, 1900, 1, 1 },
		{ "2015-4-30", 0, 0, 0, 0 },
		{ "20150430", 0, 0, 0, 0 },
		{ "2015-04-30 ", 0, 0, 0, 0 },
		{ "2015/04/30", 0, 0, 0, 0 },
		{ "", 0, 0, 0, 0 },
	};
	size_t	 i;
	int	 y, m, d, ok;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		y = m = d = -1;
		ok = valid_ymd(t[i].in, &y, &m, &d) != 0;
		T_INT(ok, t[i].ok, t[i].in);
		if (ok && t[i].ok) {
			T_INT(y, t[i].y, "valid_ymd year");
			T_INT(m, t[i].m, "valid_ymd month");
			T_INT(d, t[i].d, "valid_ymd day");
		}
	}
}

int
main(void)
{
	struct arena	*a = arena_new();
	size_t		 i;
	char		*buf;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_case(a, &cases[i], i);
		arena_reset(a);
	}

	for (i = 0; i < sizeof(ucases) / sizeof(ucases[0]); i++) {
		if ((buf = malloc(ucases[i].len ? ucases[i].len : 1)) == NULL)
			abort();
		memcpy(buf, ucases[i].in, ucases[i].len);
		T_OK((valid_utf8(buf, ucases[i].len, ucases[i].multiline) != 0) ==
		    ucases[i].want, "valid_utf8 row %zu (multiline %d): want %d",
		    i, ucases[i].multiline, ucases[i].want);
		free(buf);
	}
	/* len is respected: a sequence cut by len is truncated. */
	T_INT(valid_utf8("ab\xc3\xa9", 3, 0), 0, "valid_utf8 cut by len");
	T_INT(valid_utf8("ab\nc", 2, 0), 1, "valid_utf8 stops at len");

	test_ymd();
	arena_free(a);
	return t_done("test_valid");
}
