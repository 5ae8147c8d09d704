/*
 * lib/auth.h: stored secrets (S-3) round trip, and every malformed stored
 * value is refused (quickly: a stored N of 2^30 must not allocate); the
 * password rule (F-SIGNUP 5) as a table over a small list written here,
 * and the shipped list when it is there.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "auth.h"
#include "conf.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define R10(s)		s s s s s s s s s s
#define E2		"\xc3\xa9"	/* é, two bytes, one character */
#define E4		"\xf0\x9f\x98\x80"	/* a face, four bytes, one character */

/* A salt and hash that decode (16 and 32 bytes), for malformed rows. */
#define SALT	"AAAAAAAAAAAAAAAAAAAAAA"
#define HASH	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

static const char *const badstored[] = {
	"",
	"scrypt",
	"scrypt$",
	"bcrypt$1024$8$1$" SALT "$" HASH,
	"SCRYPT$1024$8$1$" SALT "$" HASH,
	"$2y$10$abcdefghijklmnopqrstuv",
	"scrypt$1000$8$1$" SALT "$" HASH,	/* N not a power of two */
	"scrypt$1$8$1$" SALT "$" HASH,
	"scrypt$0$8$1$" SALT "$" HASH,
	"scrypt$1073741824$8$1$" SALT "$" HASH,	/* 2^30: gigabytes */
	"scrypt$8388608$8$1$" SALT "$" HASH,	/* 2^23 */
	"scrypt$18446744073709551616$8$1$" SALT "$" HASH,
	"scrypt$-1024$8$1$" SALT "$" HASH,
	"scrypt$1024$0$1$" SALT "$" HASH,
	"scrypt$1024$65$1$" SALT "$" HASH,
	"scrypt$1024$8$0$" SALT "$" HASH,
	"scrypt$1024$8$65$" SALT "$" HASH,
	"scrypt$1024$8$" SALT "$" HASH,		/* a field missing */
	"scrypt$1024$8$1$$" HASH,
	"scrypt$1024$8$1$" SALT "$",
	"scrypt$1024$8$1$" SALT,
	"scrypt$1024$8$1$AAA=$" HASH,		/* padding */
	"scrypt$1024$8$1$AA+A$" HASH,
	"scrypt$1024$8$1$A$" HASH,		/* length % 4 == 1 */
	"scrypt$1024$8$1$AB$" HASH,		/* trailing bits */
	"scrypt$1024$8$1$" SALT "$" HASH "AA",	/* hash length % 4 == 1 */
	"scrypt$1024$8$1$" R10("AAAAAAAAAA") "$" HASH,	/* salt > 64 bytes */
};

static const char pwlist_text[] =
	"# a comment line, not a password\n"
	"\n"
	"password1\n"
	"sunshine\n"
	"Qwerty123\n"
	"letmein\r\n"
	"trustno1\n"
	"123456\n";

static const struct {
	const char	*pw;
	const char	*email;
	enum pw_rule	 want;
} rules[] = {
	{ "", NULL, PW_SHORT },
	{ "Abcde1", NULL, PW_SHORT },
	{ "Abcdef1", NULL, PW_SHORT },			/* 7 */
	{ "Abcdefg1", NULL, PW_OK },			/* 8 */
	{ "Abcdefgh", NULL, PW_NO_DIGIT },
	{ "ABCDEFGH", NULL, PW_NO_DIGIT },
	{ "abcdefg1", NULL, PW_NO_UPPER },
	{ "12345678", NULL, PW_NO_UPPER },
	{ "abcdefg1" E2, NULL, PW_NO_UPPER },
	{ "A1" R10("xxxxxxxxxx") R10("x") "xxxxxxxxxxxxxxxx", NULL, PW_OK },	/* 128 */
	{ "A1" R10("xxxxxxxxxx") R10("x") "xxxxxxxxxxxxxxxxx", NULL, PW_LONG },	/* 129 */
	/* Characters, not bytes: 8 characters in 14 bytes is long enough. */
	{ "A" E2 E2 E2 E2 E2 E2 "1", NULL, PW_OK },
	{ "A" E2 E2 E2 E2 E2 "1", NULL, PW_SHORT },	/* 7 in 12 bytes */
	{ "A1" R10(E2 E2 E2 E2 E2 E2), NULL, PW_OK },	/* 62 in 122 bytes */
	/* The limit of 128 counts characters too (issue 7.11). */
	{ "A1" R10(E2 E2 E2 E2 E2 E2 E2), NULL, PW_OK },	/* 72 in 142 bytes */
	{ "A1" R10(R10(E2)) R10(E2 E2) E2 E2 E2 E2 E2 E2, NULL, PW_OK },	/* 128 */
	{ "A1" R10(R10(E2)) R10(E2 E2) E2 E2 E2 E2 E2 E2 E2, NULL, PW_LONG },	/* 129 */
	{ "A1" R10(R10(E4)) R10(E4 E4) E4 E4 E4 E4 E4 E4, NULL, PW_OK },	/* 506 bytes */
	{ "A1" R10(R10(E4)) R10(E4 E4) E4 E4 E4 E4 E4 E4 E4, NULL, PW_LONG },
	/* The list, in any case, and listed words with decoration. */
	{ "Password1", NULL, PW_COMMON },
	{ "PASSWORD1", NULL, PW_COMMON },
	{ "pAsSwOrD1", NULL, PW_COMMON },
	{ "Qwerty123", NULL, PW_COMMON },
	{ "TrustNo1", NULL, PW_COMMON },
	{ "Sunshine2024!", NULL, PW_COMMON },
	{ "Sunshine1", NULL, PW_COMMON },
	{ "SUNSHINE99", NULL, PW_COMMON },
	{ "Letmein!!9", NULL, PW_COMMON },
	{ "Password1!", NULL, PW_OK },	/* "password" alone is not listed */
	{ "Sunshine2024!x", NULL, PW_OK },
	{ "Moonshine2024!", NULL, PW_OK },
	/* Look-alikes read as letters, up to the last letter (issue 7.11). */
	{ "P@ssw0rd1", NULL, PW_COMMON },
	{ "Pa$$word1", NULL, PW_COMMON },
	{ "Qw3rty123", NULL, PW_COMMON },
	{ "5UN5H1NE!", NULL, PW_COMMON },
	{ "L3tm31n!!", NULL, PW_COMMON },
	{ "P@ssw0rd1x", NULL, PW_OK },
	/* One or two letters in front of a listed number. */
	{ "Aa123456", NULL, PW_COMMON },
	{ "ZZ123456", NULL, PW_COMMON },
	{ "Aa123456!", NULL, PW_OK },
	{ "Abc123456", NULL, PW_OK },	/* three letters: a word of its own */
	{ "Aa1234567", NULL, PW_OK },
	/* Digits and symbols in front, or at both ends (review of 7.11). */
	{ "!Password1", NULL, PW_COMMON },
	{ "123Password1", NULL, PW_COMMON },
	{ "1Sunshine", NULL, PW_COMMON },
	{ "2024Sunshine", NULL, PW_COMMON },
	{ "#Sunshine1", NULL, PW_COMMON },
	{ "!!Letmein9!", NULL, PW_COMMON },
	{ "12Qwerty123", NULL, PW_COMMON },
	{ "#P@ssw0rd1", NULL, PW_COMMON },
	{ "2024Sunshine!x", NULL, PW_OK },	/* a letter after the symbols */
	{ "1Password!", NULL, PW_OK },		/* "password" alone is not listed */
	{ "9Moonshine!", NULL, PW_OK },
	{ "4Harbor7Lantern", NULL, PW_OK },
	{ "12Sunny#", NULL, PW_OK },		/* "sunny" is not listed */
	/* Letters of other scripts are not decoration to cut. */
	{ "Sunshine7" E2, NULL, PW_OK },
	/* The address's name inside the password. */
	{ "John.Smith99", "john.smith@example.org", PW_PERSONAL },
	{ "xJOHN.SMITH1", "John.Smith@example.org", PW_PERSONAL },
	{ "Maryjones7", "maryjones@example.org", PW_PERSONAL },
	{ "Maryjones7", "mary@example.org", PW_PERSONAL },
	{ "Maryjones7", "jones.m@example.org", PW_OK },
	{ "Jo7Zebra12", "jo@example.org", PW_OK },	/* too short a name */
	{ "Maryjones7", NULL, PW_OK },
};

static void
write_file(const char *path, const char *text)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		perror(path);
		exit(1);
	}
}

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
test_hash(struct arena *a)
{
	struct conf	 cf, cf2;
	char		*h, *h2, *wrong;
	double		 t0;
	size_t		 i;

	memset(&cf, 0, sizeof(cf));
	cf.scrypt_n = 1024;
	cf.scrypt_r = 8;
	cf.scrypt_p = 1;

	h = auth_hash(a, &cf, "Correct Horse 1");
	T_OK(strncmp(h, "scrypt$1024$8$1$", 16) == 0, "auth_hash: %s", h);
	T_INT(auth_verify("Correct Horse 1", h), 1, "auth_verify right secret");
	T_INT(auth_verify("correct horse 1", h), 0, "auth_verify other case");
	T_INT(auth_verify("Correct Horse 1 ", h), 0, "auth_verify extra space");
	T_INT(auth_verify("Correct Horse", h), 0, "auth_verify prefix");
	T_INT(auth_verify("", h), 0, "auth_verify empty");
	h2 = auth_hash(a, &cf, "Correct Horse 1");
	T_OK(strcmp(h, h2) != 0, "auth_hash: same salt twice");
	T_INT(auth_verify("Correct Horse 1", h2), 1, "auth_verify second hash");
	h2 = auth_hash(a, &cf, "");
	T_INT(auth_verify("", h2), 1, "auth_verify empty secret");
	T_INT(auth_verify("x", h2), 0, "auth_verify not empty");

	/* A changed character of the hash no longer verifies. */
	wrong = arena_strdup(a, h);
	i = strlen(wrong) - 2;
	wrong[i] = wrong[i] == 'A' ? 'B' : 'A';
	T_INT(auth_verify("Correct Horse 1", wrong), 0, "auth_verify changed hash");

	T_INT(auth_needs_rehash(&cf, h), 0, "auth_needs_rehash same");
	cf2 = cf;
	cf2.scrypt_n = 2048;
	T_INT(auth_needs_rehash(&cf2, h), 1, "auth_needs_rehash N");
	cf2 = cf;
	cf2.scrypt_r = 4;
	T_INT(auth_needs_rehash(&cf2, h), 1, "auth_needs_rehash r");
	cf2 = cf;
	cf2.scrypt_p = 2;
	T_INT(auth_needs_rehash(&cf2, h), 1, "auth_needs_rehash p");
	/* Stored under other parameters, it still verifies. */
	cf2 = cf;
	cf2.scrypt_n = 2048;
	cf2.scrypt_r = 1;
	h2 = auth_hash(a, &cf2, "Other Secret 2");
	T_OK(strncmp(h2, "scrypt$2048$1$1$", 16) == 0, "auth_hash: %s", h2);
	T_INT(auth_verify("Other Secret 2", h2), 1, "auth_verify N=2048 r=1");
	T_INT(auth_needs_rehash(&cf, h2), 1, "auth_needs_rehash old params");

	T_INT(auth_verify("x", NULL), 0, "auth_verify NULL stored");
	for (i = 0; i < NELEM(badstored); i++) {
		t0 = now_s();
		T_INT(auth_verify("Correct Horse 1", badstored[i]), 0, badstored[i]);
		T_OK(now_s() - t0 < 0.5, "auth_verify took %.2f s on \"%s\"",
		    now_s() - t0, badstored[i]);
		T_INT(auth_needs_rehash(&cf, badstored[i]), 1, badstored[i]);
	}
	auth_burn(&cf, "anything");
}

static void
test_rule(const char *dir)
{
	struct pwlist	*l;
	char		 path[512], err[512], what[256];
	size_t		 i;
	pid_t		 pid;
	int		 r, status = -1;

	snprintf(path, sizeof(path), "%s/pw.txt", dir);
	write_file(path, pwlist_text);
	err[0] = '\0';
	l = auth_pwlist_load(path, err, sizeof(err));
	T_OK(l != NULL, "auth_pwlist_load: %s", err);
	if (l != NULL) {
		for (i = 0; i < NELEM(rules); i++) {
			snprintf(what, sizeof(what), "auth_pw_rule(\"%.40s\", %s)",
			    rules[i].pw, rules[i].email ? rules[i].email : "NULL");
			T_INT(auth_pw_rule(l, rules[i].pw, rules[i].email),
			    rules[i].want, what);
		}
		/* The comment line is not a password. */
		T_INT(auth_pw_rule(l, "# A comment line, not a password 1", NULL),
		    PW_OK, "comment line");
		auth_pwlist_free(l);
	}
	unlink(path);

	/* A list of nothing but comments loads and refuses nothing by
	 * itself. In a child: a sanitizer stop there fails one check. */
	write_file(path, "# nothing\n");
	fflush(NULL);
	if ((pid = fork()) == 0) {
		if ((l = auth_pwlist_load(path, err, sizeof(err))) == NULL)
			_exit(2);
		r = auth_pw_rule(l, "Password1", NULL);
		auth_pwlist_free(l);
		exit(r == PW_OK ? 0 : 3);
	}
	T_OK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0, "a list of comments only: child status %d",
	    status);
	unlink(path);
	auth_pwlist_free(NULL);

	err[0] = '\0';
	snprintf(path, sizeof(path), "%s/missing.txt", dir);
	l = auth_pwlist_load(path, err, sizeof(err));
	T_OK(l == NULL, "auth_pwlist_load of a missing file");
	T_OK(err[0] != '\0' && strstr(err, "missing.txt") != NULL,
	    "auth_pwlist_load message: \"%s\"", err);
	auth_pwlist_free(l);

	for (r = PW_OK; r <= PW_PERSONAL; r++) {
		if (r == PW_OK)
			continue;
		T_OK(auth_pw_message((enum pw_rule)r) != NULL &&
		    auth_pw_message((enum pw_rule)r)[0] != '\0',
		    "auth_pw_message(%d) is empty", r);
	}
}

/* The list the portal ships, when the tree has it (tests run from the root). */
static void
test_shipped(void)
{
	static const char *const famous[] = { "Password1", "Qwerty123",
	    "Password123", "Welcome1", "P@ssw0rd", "Aa123456", "P@ssw0rd1",
	    "1Password", "!Password1", "123Password", "#Welcome1", "2024Sunshine" };
	struct pwlist	*l;
	char		 err[512];
	size_t		 i;

	if (access("share/common-passwords.txt", R_OK) == -1) {
		fprintf(stderr, "test_auth: share/common-passwords.txt not there; "
		    "not checked\n");
		return;
	}
	l = auth_pwlist_load("share/common-passwords.txt", err, sizeof(err));
	T_OK(l != NULL, "shipped list: %s", err);
	if (l == NULL)
		return;
	for (i = 0; i < NELEM(famous); i++)
		T_INT(auth_pw_rule(l, famous[i], NULL), PW_COMMON, famous[i]);
	T_INT(auth_pw_rule(l, "Zq8!vWm3#Lr", NULL), PW_OK, "a random password");
	auth_pwlist_free(l);
}

int
main(void)
{
	struct arena	*a = arena_new();
	char		 dir[] = "/tmp/test_auth.XXXXXX";

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_hash(a);
	test_rule(dir);
	test_shipped();
	rmdir(dir);
	arena_free(a);
	return t_done("test_auth");
}
