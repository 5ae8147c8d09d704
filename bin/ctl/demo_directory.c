/*
 * The demo hospital's provider directory (issue 12.1): a few entries as
 * the NPPES file would give them (invented people, NPIs that check out),
 * Dr Okafor's among them, linked to her provider-portal account as an
 * approval links it, and Lily Rivera's PCP on file: so dr.okafor sees
 * Lily as her PCP, and a family searching the directory finds someone.
 * Dr Nguyen's entry is linked to her account too, and she is nobody's
 * PCP: the family can give her access ("Give access"), she can ask for
 * it (Request non-PCP access), and the others are invited by token.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "db.h"
#include "demo.h"
#include "store_dirload.h"

static const struct dir_entry entries[] = {
	{ "1234567893", "Amara", "Okafor", "MD", "Pediatrics",
	    "Longwood Pediatric Associates", "300 Longwood Ave", "Boston", "MA",
	    "02115", "(617) 555-0142" },
	{ "1987654328", "Linh", "Nguyen", "MD", "Pediatrics",
	    "Harbor Pediatrics", "100 Harbor St", "Boston", "MA", "02110",
	    "(617) 555-0101" },
	{ "1543210987", "Sean", "O'Brien-Walsh", "DO", "Pediatric Cardiology",
	    NULL, "22 Elm Ave", "Newton", "MA", "02458", "(617) 555-0102" },
	{ "1678901236", "Ingrid", "Halvorsen", "MD",
	    "Pediatric Endocrinology", NULL, "5 Main St", "Worcester", "MA",
	    "01608", "(508) 555-0103" },
	{ "1765432103", "Marcus", "Fields", "NP",
	    "Nurse Practitioner, Pediatrics", NULL, "9 Oak Rd", "Quincy", "MA",
	    "02169", "(617) 555-0104" },
};

int
demo_directory(struct db *db, int64_t okafor, int64_t nguyen, int64_t lily,
    time_t now, FILE *out)
{
	enum dir_upsert	 what;
	int64_t		 entry;
	size_t		 i;

	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		if (store_dir_upsert(db, &entries[i], now, &what) == -1)
			return -1;
	if (store_dir_by_npi(db, entries[0].npi, &entry) != 1 ||
	    store_dir_link_account(db, okafor, entry, 0) == -1 ||
	    store_pcp_set(db, lily, entry) != 1 ||
	    store_dir_by_npi(db, entries[1].npi, &entry) != 1 ||
	    store_dir_link_account(db, nguyen, entry, 0) == -1)
		return -1;
	fprintf(out, "\nProvider directory: %zu entries (portalctl providers "
	    "import loads the NPPES file); Lily Rivera's PCP on file is Dr "
	    "Amara Okafor (dr.okafor@example.org); Dr Linh Nguyen "
	    "(dr.nguyen@example.org) is a specialist with an account, the "
	    "others have none (a family invites them with a token)\n",
	    sizeof(entries) / sizeof(entries[0]));
	return 0;
}
