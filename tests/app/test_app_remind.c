/*
 * Birthday reminders (issue 15.8) as `portalctl cron` runs them: each
 * reminder goes on the first run on or after its day, once, when runs
 * skip days, when a run repeats, and when two runs go at once (two
 * processes, each with its own connection); none from the birthday on.
 * The e-mails name the child by first name only (issue 15.5).
 */
#include <sys/wait.h>

#include "app_test.h"
#include "remind.h"
#include "store_outbox.h"

#define DAY	86400
/* 2026-01-01 17:00 UTC: noon in the hospital's zone. */
#define JAN1	1767286800

static struct portal	*P;

/* Delivers the outbox on paper: the e-mails queued since the last call to
 * addr whose body has want, counted. */
static long
mails(const char *addr, const char *want)
{
	static time_t	 t = JAN1;
	struct arena	*a = arena_new();
	struct outmail	 m;
	long		 n = 0;

	t += 3600;
	while (store_outbox_claim(P->db, a, t, &m) == 1) {
		store_outbox_sent(P->db, m.id, t);
		if (strcmp(m.to, addr) == 0 && strstr(m.body, want) != NULL)
			n++;
	}
	arena_free(a);
	return n;
}

/* One cron run on day (days after 1 January 2026): the e-mails queued. */
static long
run(int day)
{
	struct call	 c = t_call(P, ACTOR_CLI, 0, JAN1 + (time_t)day * DAY);
	long		 sent = -1;

	T_INT(app_birthday_remind(&c, &sent), APP_OK, "a cron run");
	arena_free(c.a);
	return sent;
}

/* Two runs at once on day: two processes, each opening the portal. */
static void
run_twice_at_once(int day)
{
	pid_t	 pid[2];
	int	 i, st, ok = 0;

	for (i = 0; i < 2; i++)
		if ((pid[i] = fork()) == 0) {
			struct portal	*q = portal_open(1);
			struct call	 c = t_call(q, ACTOR_CLI, 0,
			    JAN1 + (time_t)day * DAY);
			long		 sent;

			_exit(app_birthday_remind(&c, &sent) == APP_OK ? 0 : 1);
		}
	for (i = 0; i < 2; i++)
		if (pid[i] > 0 && waitpid(pid[i], &st, 0) == pid[i] &&
		    WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	T_INT(ok, 2, "both runs at once succeed");
}

int
main(void)
{
	int64_t	 lily, mom, dad;

	P = t_portal();
	/* Lily turns 18 on 15 March 2026: 73 days after 1 January. Two
	 * parents hold her; reminders 60, 30 and 7 days before (shipped). */
	lily = t_patient(P, "T7001", "Lily", "2008-03-15", JAN1);
	mom = t_account(P, "mom@example.org", "Mom", JAN1);
	dad = t_account(P, "dad@example.org", "Dad", JAN1);
	t_hold(P, mom, lily, "parent", JAN1);
	t_hold(P, dad, lily, "parent", JAN1);

	T_INT(run(0), 0, "73 days before: nothing");
	/* The 60-day day (13 January) is missed: the next run sends it. */
	T_INT(run(19), 2, "54 days before: the 60-day reminder, to both");
	T_INT(mails("mom@example.org", "Lily turns 18 in 54 days."), 1,
	    "mom: Lily, 54 days");
	T_INT(mails("dad@example.org", "Lily"), 0, "drained");
	T_INT(run(19), 0, "the same day again: nothing");
	T_INT(run(20), 0, "the next day: nothing");
	/* 30 days before (13 February) and a week of runs missed. */
	T_INT(run(43), 2, "30 days before: the 30-day reminder");
	T_INT(run(50), 0, "23 days before: nothing new");
	/* Two runs at once on the 7-day day: one e-mail each. */
	mails("", "");
	run_twice_at_once(66);
	T_INT(mails("mom@example.org", "Lily turns 18 in 7 days."), 1,
	    "two runs at once: mom once");
	T_INT(run(66), 0, "and a third: nothing");
	/* The birthday and after: never "7 days left". */
	T_INT(run(73), 0, "the birthday: nothing");
	T_INT(run(74), 0, "after the birthday: nothing");
	T_INT(mails("dad@example.org", "Lily"), 0, "no more e-mails");

	portal_close(P);
	t_portal_remove();
	return t_done("app_remind");
}
