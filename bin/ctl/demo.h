/*
 * The demo hospital of `portalctl demo` and `make demo`: patients of the
 * ages every sign-up rule needs, the people on file for them, activation
 * tokens, a ready family account and a staff member. Dates are relative
 * to now, so the ages hold whenever it is loaded.
 */
#ifndef PORTAL_DEMO_H
#define PORTAL_DEMO_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct arena;
struct portal;

/* The demo's passwords: demo_load sets them, demo_signins prints them. */
#define DEMO_FAMILY_PW		"Rivera4Demo!"
#define DEMO_VERIFIER_PW	"Verify4Demo!"
#define DEMO_NURSE_PW		"Answer4Demo!"
#define DEMO_DOCTOR_PW		"Referral4Demo!"
#define DEMO_OFFICE_PW		"Office4Demo!"
#define DEMO_PRIVACY_PW		"Accounting4Demo!"

/* Loads it and prints the patients and tokens to out; 0 or -1. */
int	demo_load(struct portal *p, struct arena *a, time_t now, FILE *out);

/* Prints every account demo_load made that can sign in (demo_signins.c):
 * a heading line "Sign-ins ...", then one line each,
 * "  KIND PAGE LOGIN / PASSWORD  what", KIND one of family, staff,
 * provider, sponsored, PAGE its sign-in page's path; then a blank line.
 * `make demo` prints them again at the end of its start, with the URL. */
void	demo_signins(FILE *out);

struct db;

/* The record of demo patient index (demo.c's table) with id patient:
 * visits, notes, results and the rest, in the caller's transaction. */
int	demo_record(struct db *db, struct arena *a, int index, int64_t patient,
	    const char *mrn, time_t now);

/* The demo's provider directory (demo_directory.c): a few entries,
 * Dr Okafor's linked to her account okafor and on file as patient lily's
 * PCP, Dr Nguyen's to her account nguyen (a specialist families can share
 * with). 0 or -1; inside the caller's transaction. */
int	demo_directory(struct db *, int64_t okafor, int64_t nguyen,
	    int64_t lily, time_t now, FILE *out);

/* The demo's visits (demo_visits.c): scheduling messages relative to now,
 * through the SIU import, after demo_load. 0 or -1. */
int	demo_visits(struct portal *p, time_t now, FILE *out);

/* The demo's billing statements (demo_bill.c): Maria Rivera's to pay,
 * Wei Chen's with Sofia's confidential line. 0 or -1. */
int	demo_bills(struct portal *p, time_t now, FILE *out);

#endif
