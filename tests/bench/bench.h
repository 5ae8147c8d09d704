/*
 * The synthetic hospital of `make bench` (`portalctl bench-data`): many
 * patients with a plausible record each, and family accounts to sign in
 * with, generated from a fixed seed so every run measures the same data.
 *
 * What it holds, for tests/bench/run.py:
 *   - patients with ids 1..patients, MRN "B" and the id in 7 digits, each
 *     with one parent on file (relations.id = the patient's id);
 *   - family accounts bench<N>@example.org, password BENCH_PASSWORD,
 *     verified, each holding patient N as 'parent', active, for
 *     N = 1..min(BENCH_ACCOUNTS, patients); those patients are born
 *     2019-2024, so their parents see everything until the 2030s;
 *   - 3 visits a patient, and results spread over them so that the total
 *     is exactly `results` (about 5% radiology with a report, the rest
 *     lab panels with code, value, unit, reference range and flag);
 *     1-3 notes, 0-3 medications, 0-2 allergies, 1-2 problems, 3-6
 *     immunizations and 3 vital signs each;
 *   - one clinic, BENCH_CLINIC, with every patient in its care, and one
 *     staff member in it, BENCH_NURSE (password BENCH_NURSE_PASSWORD,
 *     role verifier), who signs in at /staff/login;
 *   - for each patient N with an account, BENCH_THREADS threads with ids
 *     BENCH_THREADS*(N-1)+1 .. BENCH_THREADS*N, started by the account
 *     about patient N in BENCH_CLINIC, each with 2-4 messages, family and
 *     care team alternating (Markdown body and its rendered HTML): those
 *     that end with the family's message wait for an answer, due by the
 *     business-day rule (bizday_due, no holidays); the others are
 *     answered. The threads start between 2026-07-01 and 2027-06-30, so
 *     of those waiting the ones due before the day of the run show as
 *     overdue, the later ones not.
 * Every date is fixed (2016 to mid-2027): no clock is read.
 */
#ifndef PORTAL_BENCH_H
#define PORTAL_BENCH_H

#include <stdio.h>

struct conf;
struct db;

#define BENCH_ACCOUNTS	1000
#define BENCH_PASSWORD	"Bench4Portal!"
#define BENCH_CLINIC	"General Pediatrics"
#define BENCH_NURSE	"benchnurse"
#define BENCH_NURSE_PASSWORD	"Bench4Nurse!"
#define BENCH_THREADS	5	/* per account */

/*
 * Fills db, which must be freshly initialised (no patient, no account),
 * with patients patients and results results, printing a line to
 * progress (may be NULL) about every 10%. The password is hashed once
 * with the configured parameters (cf) and shared by every account (the
 * nurse's once more).
 * Returns 0; or -1 with the reason on stderr, and then the database is
 * half-written and not crash-safe (store_bench_load_begin): delete it.
 */
int	bench_generate(struct db *db, const struct conf *cf, long patients,
	    long results, FILE *progress);

#endif
