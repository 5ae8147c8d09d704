/*
 * The PCP on file as a provider's ground (issue 12.1, 12.9; P-ACCESS 1):
 * the directory loaded with `portalctl providers import`, the PCP set
 * with `portalctl patient pcp`. The PCP's account sees the patient as
 * PROVIDER_PCP, a colleague of the PCP's practice as PROVIDER_PRACTICE,
 * another provider not at all; after `patient pcp` names another PCP (or
 * none), the next paccess_patient answers so: nothing is cached. Runs on
 * both engines (make check).
 */
#include <inttypes.h>

#include "app_test.h"
#include "db.h"
#include "paccess.h"
#include "store_apply.h"
#include "store_dirload.h"
#include "store_patients.h"
#include "store_provider.h"

#define NOW	1772636400	/* Wednesday 2026-03-04 15:00 UTC */
#define MRN	"PCP0001"

static struct portal	*P;

static void
ctl(const char *args)
{
	char	 cmd[1024];

	snprintf(cmd, sizeof(cmd), "bin/portalctl %s >> %s/ctl.out 2>&1",
	    args, t_dir);
	T_OK(system(cmd) == 0, "portalctl %s", args);
}

/* An approved clinician's account linked to the entry of npi, of
 * practice (0: none). */
static int64_t
clinician(const char *email, const char *npi, int64_t practice)
{
	struct provider_account	 pa;
	int64_t			 id, entry = 0;

	memset(&pa, 0, sizeof(pa));
	pa.kind = "provider";
	pa.status = "approved";
	pa.email = email;
	pa.given = "Test";
	pa.family = "Clinician";
	pa.npi = npi;
	pa.credential = "MD";
	pa.practice_id = practice;
	id = store_provider_create(P->db, &pa, NOW);
	T_OK(id > 0, "provider %s", email);
	T_INT(store_dir_by_npi(P->db, npi, &entry), 1, npi);
	T_INT(store_dir_link_account(P->db, id, entry, practice), 0, "link");
	return id;
}

/* The ground paccess gives provider account id on the patient now. */
static int
ground(int64_t id, int64_t patient)
{
	struct call	 c = t_call(P, ACTOR_PROVIDER, id, NOW);
	struct pviewer	 v;
	struct paccess	 out;
	int		 rc;

	T_INT(paccess_viewer(&c, &v), 1, "viewer");
	rc = paccess_patient(&c, &v, patient, &out);
	T_OK(rc != -1, "paccess_patient");
	arena_free(c.a);
	return rc == 1 ? (int)out.ground : (int)PROVIDER_NONE;
}

int
main(void)
{
	struct arena	*a;
	struct patient	 pt;
	int64_t		 practice, nguyen, walsh, fields;
	char		 cmd[512];

	P = t_portal();
	a = arena_new();
	ctl("providers import tests/import/nppes_sample.csv");
	ctl("patient add --mrn " MRN " --given Ada --family Pcp --dob "
	    "2018-05-01");
	T_INT(store_patient_by_mrn(P->db, a, MRN, &pt), 1, "patient");
	practice = store_practice_create(P->db, "Harbor Pediatrics",
	    "100 Harbor St, Boston", "(617) 555-0101", NULL);
	T_OK(practice > 0, "practice");
	nguyen = clinician("nguyen@clinic.example.org", "1987654328", practice);
	walsh = clinician("walsh@clinic.example.org", "1543210987", practice);
	fields = clinician("fields@clinic.example.org", "1765432103", 0);

	T_INT(ground(nguyen, pt.id), PROVIDER_NONE, "no PCP on file");
	ctl("patient pcp " MRN " --npi 1987654328");
	T_INT(ground(nguyen, pt.id), PROVIDER_PCP, "the PCP");
	T_INT(ground(walsh, pt.id), PROVIDER_PRACTICE, "the PCP's practice");
	T_INT(ground(fields, pt.id), PROVIDER_NONE, "another provider");

	/* Another PCP: effective at the next request. */
	ctl("patient pcp " MRN " --npi 1765432103");
	T_INT(ground(nguyen, pt.id), PROVIDER_NONE, "the old PCP: ended");
	T_INT(ground(walsh, pt.id), PROVIDER_NONE, "the old practice: ended");
	T_INT(ground(fields, pt.id), PROVIDER_PCP, "the new PCP");

	ctl("patient pcp " MRN " --none");
	T_INT(ground(fields, pt.id), PROVIDER_NONE, "no PCP: ended");

	/* An NPI not in the directory: refused, nothing changed. */
	ctl("patient pcp " MRN " --npi 1678901236");
	snprintf(cmd, sizeof(cmd), "bin/portalctl patient pcp " MRN
	    " --npi 1982602900 > /dev/null 2>&1");
	T_OK(system(cmd) != 0, "an NPI not in the directory is refused");
	T_OK(ground(fields, pt.id) == PROVIDER_NONE, "unchanged");

	arena_free(a);
	portal_close(P);
	t_portal_remove();
	return t_done("test_app_pcp");
}
