/*
 * Invitation tokens (invite.h): the secret and its expiry. Storing and
 * listing them is store_invite's; validating them is the provider side's.
 */
#include <string.h>
#include <time.h>

#include "arena.h"
#include "auth.h"
#include "civil.h"
#include "conf.h"
#include "crypto.h"
#include "invite.h"

void
invite_secret_make(struct arena *a, const struct conf *cf,
    struct invite_secret *out)
{
	static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char	 r[16];
	char		 t[17];
	int		 i;

	crypto_random(r, sizeof(r));
	for (i = 0; i < 16; i++)
		t[i] = alpha[r[i] & 31];
	t[16] = '\0';
	out->text = arena_printf(a, "%.4s-%.4s-%.4s-%.4s", t, t + 4, t + 8,
	    t + 12);
	out->selector = arena_printf(a, "%.6s", t);
	out->vhash = auth_hash(a, cf, t + 6);
	memset(r, 0, sizeof(r));
	memset(t, 0, sizeof(t));
}

time_t
invite_expiry(time_t t, long months)
{
	struct tm	 tm;
	long		 m;
	int		 dim;

	localtime_r(&t, &tm);
	m = (long)tm.tm_year * 12 + tm.tm_mon + months;
	tm.tm_year = (int)(m / 12);
	tm.tm_mon = (int)(m % 12);
	dim = civil_month_days(tm.tm_year + 1900, tm.tm_mon + 1);
	if (tm.tm_mday > dim)
		tm.tm_mday = dim;
	tm.tm_isdst = -1;
	return mktime(&tm);
}
