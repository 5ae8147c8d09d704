/*
 * Pre-check-in (checkin.h).
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "checkin.h"
#include "crypto.h"
#include "db.h"
#include "insurance.h"
#include "portal.h"
#include "store_profile.h"
#include "valid.h"

const char *
checkin_text_hash(struct arena *a, const char *text)
{
	unsigned char	 h[CRYPTO_SHA256_LEN];
	char		*hex = arena_alloc(a, CRYPTO_SHA256_LEN * 2 + 1);

	crypto_sha256(text, strlen(text), h);
	crypto_hex(h, sizeof(h), hex);
	return hex;
}

/* Loads the visit and asks act: 1 (allowed), 0 (refused: audited,
 * out's verdict set), -1 (error). */
static int
load(const struct call *c, int64_t visit, enum visit_act act,
    struct visit_seen *s, enum visit_verdict *verdict)
{
	int	 rc;

	if ((rc = visit_load(c, visit, s)) == -1)
		return -1;
	*verdict = rc == 1 ? visit_may(s, act) : VISIT_NOT_SEEN;
	if (*verdict == VISIT_OK)
		return 1;
	/* Another patient's visit names no patient here: the row says what
	 * was asked. */
	if (audit_call(c, "checkin.refused", *verdict == VISIT_NOT_SEEN ? 0 :
	    s->v.patient_id, arena_printf(c->a, "asked v=%" PRId64
	    " verdict=%s", visit, policy_visit_verdict_name(*verdict))) == -1)
		return -1;
	return 0;
}

enum app_rc
app_checkin_view(const struct call *c, int64_t visit, struct checkin_out *out)
{
	struct db	*db = c->p->db;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = load(c, visit, VISIT_CHECKIN, &out->s, &out->verdict)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (store_contact_get(db, c->a, c->who.id, &out->c) != 1 ||
	    store_coverages(db, c->a, out->s.v.patient_id, &out->cov,
	    &out->ncov) == -1 ||
	    store_ins_changes_of_visit(db, c->a, visit, &out->chg,
	    &out->nchg) == -1 ||
	    (out->s.v.type_id != 0 && store_visit_docs(db, c->a,
	    out->s.v.type_id, &out->docs, &out->ndocs) == -1) ||
	    store_signatures(db, c->a, visit, &out->sigs, &out->nsigs) == -1 ||
	    store_copay_status(db, c->a, visit, &out->copay_status) == -1)
		return app_db_failed(c);
	out->ins_may_report = insurance_right(c, &out->s.rv) == INS_CHANGE;
	if (audit_call(c, "checkin.view", out->s.v.patient_id,
	    arena_printf(c->a, "v=%" PRId64, visit)) == -1)
		return APP_ERROR;
	return APP_OK;
}

static enum app_rc
invalid(struct checkin_step_out *out, const char *field, const char *msg)
{
	out->field = field;
	out->msg = msg;
	return APP_INVALID;
}

/* Marks step done and writes its audit row, in one transaction. */
static enum app_rc
mark(const struct call *c, const struct visit_seen *s, enum checkin_step step,
    const char *detail)
{
	const char	*name = visit_step_name(step);

	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (store_checkin_step(c->p->db, s->v.id, name, c->who.id, c->now) == -1 ||
	    audit_call(c, arena_printf(c->a, "checkin.%s", name),
	    s->v.patient_id, arena_printf(c->a, "v=%" PRId64 " %s", s->v.id,
	    detail)) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return db_commit(c->p->db) == -1 ? app_db_failed(c) : APP_OK;
}

static enum app_rc
contact_step(const struct call *c, const struct visit_seen *s,
    const struct checkin_step_in *in, struct checkin_step_out *out)
{
	struct profile_save_in	 pin;
	struct profile_save_out	 pout;
	enum app_rc		 rc;

	if (in->what == CHECKIN_CONFIRM)
		return mark(c, s, STEP_CONTACT, "confirmed");
	memset(&pin, 0, sizeof(pin));
	pin.c = in->c;
	if ((rc = app_profile_save(c, &pin, &pout)) != APP_OK) {
		out->field = pout.field;
		out->msg = pout.msg;
		return rc;
	}
	return mark(c, s, STEP_CONTACT, "edited");
}

static enum app_rc
insurance_step(const struct call *c, const struct visit_seen *s,
    const struct checkin_step_in *in, struct checkin_step_out *out)
{
	struct ins_change	 k = in->ins;
	int64_t			 id;
	enum app_rc		 rc;

	if (in->what == CHECKIN_CONFIRM) {
		struct coverage	*cov;
		size_t		 n;

		if (store_coverages(c->p->db, c->a, s->v.patient_id, &cov,
		    &n) == -1)
			return app_db_failed(c);
		if (n == 0)
			return invalid(out, "payer", "We have no insurance on "
			    "file for this patient: report it with \"Report a "
			    "change\".");
		return mark(c, s, STEP_INSURANCE, "confirmed");
	}
	/* Who reports and the rules of a change are the summary page's
	 * (insurance.c): a teen's own account confirms, a parent reports. */
	if (insurance_right(c, &s->rv) != INS_CHANGE)
		return invalid(out, "payer", INSURANCE_NOT_YOURS);
	if ((rc = insurance_change_check(c, s->v.patient_id, &k, &out->field,
	    &out->msg)) != APP_OK)
		return rc;
	k.patient = s->v.patient_id;
	k.account = c->who.id;
	k.visit = s->v.id;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((id = store_ins_change_new(c->p->db, &k, c->now)) == -1 ||
	    store_checkin_step(c->p->db, s->v.id, "insurance", c->who.id,
	    c->now) == -1 ||
	    audit_call(c, "checkin.insurance", s->v.patient_id,
	    arena_printf(c->a, "v=%" PRId64 " change=%" PRId64, s->v.id,
	    id)) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return db_commit(c->p->db) == -1 ? app_db_failed(c) : APP_OK;
}

static enum app_rc
sign_step(const struct call *c, const struct visit_seen *s,
    const struct checkin_step_in *in, struct checkin_step_out *out)
{
	unsigned char		 h[CRYPTO_SHA256_LEN];
	char			 hex[CRYPTO_SHA256_LEN * 2 + 1];
	struct visit_doc	 d, *docs;
	struct signature	*sigs;
	const char		*signer = NULL;
	size_t			 nd, ns, i, j, left = 0;
	int			 rc;

	if (in->signer == NULL || *in->signer == '\0' ||
	    valid_name(c->a, in->signer, strlen(in->signer), &signer) != NULL)
		return invalid(out, "signer", "Type your full name to sign.");
	if (!in->agree)
		return invalid(out, "agree", "Tick \"I have read this document "
		    "and sign it electronically\" to sign.");
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_visit_doc_get(c->p->db, c->a, s->v.type_id,
	    in->document, &d)) != 1) {
		db_rollback(c->p->db);
		return rc == -1 ? app_db_failed(c) : invalid(out, "d",
		    "That document is not one this visit asks you to sign.");
	}
	crypto_sha256(d.body, strlen(d.body), h);
	crypto_hex(h, sizeof(h), hex);
	/* The text shown is the text signed: a document the clinic replaced
	 * meanwhile is shown again first. */
	if (in->shown == NULL || strcmp(in->shown, hex) != 0) {
		db_rollback(c->p->db);
		return invalid(out, "d", "The document changed since "
		    "the page was opened: read it again below, then sign.");
	}
	if ((rc = store_signature_add(c->p->db, s->v.id, d.id, c->who.id,
	    signer, d.body, hex, c->now)) == -1)
		goto fail;
	out->already = rc == 0;
	if (store_visit_docs(c->p->db, c->a, s->v.type_id, &docs, &nd) == -1 ||
	    store_signatures(c->p->db, c->a, s->v.id, &sigs, &ns) == -1)
		goto fail;
	for (i = 0; i < nd; i++) {
		for (j = 0; j < ns && sigs[j].document != docs[i].id; j++)
			;
		left += j == ns;
	}
	if ((!out->already && audit_call(c, "checkin.sign", s->v.patient_id,
	    arena_printf(c->a, "v=%" PRId64 " document=%" PRId64 " sha256=%s",
	    s->v.id, d.id, hex)) == -1))
		goto fail;
	if (left == 0 && (store_checkin_step(c->p->db, s->v.id, "documents",
	    c->who.id, c->now) == -1 || audit_call(c, "checkin.documents",
	    s->v.patient_id, arena_printf(c->a, "v=%" PRId64 " signed=%zu",
	    s->v.id, nd)) == -1))
		goto fail;
	return db_commit(c->p->db) == -1 ? app_db_failed(c) : APP_OK;
fail:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

enum app_rc
app_checkin_step(const struct call *c, const struct checkin_step_in *in,
    struct checkin_step_out *out)
{
	struct visit_seen	 s;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = load(c, in->visit, VISIT_CHECKIN, &s, &out->verdict)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (!(s.needed & in->step))
		return invalid(out, "step", "This visit has no such step.");
	switch (in->step) {
	case STEP_CONTACT:
		return contact_step(c, &s, in, out);
	case STEP_INSURANCE:
		return insurance_step(c, &s, in, out);
	case STEP_DOCUMENTS:
		if (in->what == CHECKIN_SIGN)
			return sign_step(c, &s, in, out);
		break;
	default:
		break;
	}
	/* The copay is paid through /pay/start, which marks its step. */
	return invalid(out, "step", "This step is not done here.");
}

enum app_rc
app_checkin_signed(const struct call *c, int64_t visit, int64_t document,
    struct signature *sig, enum visit_verdict *verdict)
{
	struct visit_seen	 s;
	int			 rc;

	memset(sig, 0, sizeof(*sig));
	if ((rc = load(c, visit, VISIT_SEE, &s, verdict)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = store_signature_get(c->p->db, c->a, visit, document,
	    sig)) != 1) {
		if (rc == -1)
			return app_db_failed(c);
		*verdict = VISIT_NOT_SEEN;
		return audit_call(c, "checkin.refused", s.v.patient_id,
		    arena_printf(c->a, "asked v=%" PRId64 " d=%" PRId64
		    " verdict=unsigned", visit, document)) == -1 ? APP_ERROR :
		    APP_REFUSED;
	}
	if (audit_call(c, "checkin.signed_view", s.v.patient_id,
	    arena_printf(c->a, "v=%" PRId64 " document=%" PRId64, visit,
	    document)) == -1)
		return APP_ERROR;
	return APP_OK;
}
