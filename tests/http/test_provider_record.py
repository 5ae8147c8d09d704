"""The provider's record view and the family's "who has seen" (issue 12.6,
12.8; P-ACCESS 4, P-SPONSOR 1, F-SHARE 3, S-1, S-4), through the real web
server. A 15-year-old's record (C-CDA documents imported with `portalctl
import`) is seen by a provider the parent shared it with (clinical scope:
no confidential visit, no Gynecology note, no HIV test), by one the teen
shared it with (patient scope: those too), by the PCP on file and by a
sponsored nurse of the first provider; a stranger, a malformed id and a
missing patient get one answer. A disinvite, a PCP change and a
sponsor's revocation are refused at the next page. The parent sees the
views made through the grants they see, not the teen's own, and removes
a provider's access from the same page."""

import re
from datetime import datetime, timedelta, timezone

import ccda
from family import (TZ, confirm, count, login, patient, self_token, signup,
                    token, unique_email, words_when)
from harness import Client
from provider import add_provider, clinician as provider, plogin

INSTANCE = {'conf': {'scrypt_n': 1024}}
NOW = datetime.now(timezone.utc)
S = {}


def grant(instance, entry, scope, by):
    instance.execute("INSERT INTO patient_shares (patient_id, provider_id, "
                     "how, scope, by_account, created) VALUES "
                     "(?, ?, 'share', ?, ?, ?)", S['pid'], entry, scope, by,
                     int(NOW.timestamp()))
    return count(instance, 'SELECT max(id) FROM patient_shares')


def setup(instance):
    parent, teen = unique_email('wei'), unique_email('sofia')
    p = patient(instance, 15, [('parent', 'Wei', 'Chen', parent)],
                given='Sofia', family='Chen')
    S['p'] = p
    S['pid'] = count(instance, 'SELECT id FROM patients WHERE mrn = ?',
                     p['mrn'])
    day = timedelta(days=1)
    docs = {
        'routine': ccda.note(p, 'ROUTINE-NOTE-TEXT', NOW - 20 * day),
        'secret': ccda.note(p, 'CONFIDENTIAL-NOTE-TEXT', NOW - 15 * day,
                            confidential=True,
                            visit='Confidential consult visit'),
        'gyn': ccda.note(p, 'GYN-NOTE-TEXT', NOW - 13 * day,
                         department='Gynecology'),
        'ed': ccda.note(p, 'ED-NOTE-TEXT', NOW - 12 * day,
                        visit='Emergency visit', visit_code='EMER'),
        'discharge': ccda.note(p, 'DISCHARGE-TEXT', NOW - 11 * day,
                               code='18842-5', title='Discharge summary',
                               visit='Hospital stay', visit_code='IMP'),
        'labs': ccda.ccd(p, NOW - 3 * day, labs=[
            ('718-7', 'Hemoglobin [Mass/volume] in Blood', '13.1', 'g/dL'),
            ('56888-1', 'HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum', '0',
             '1')]),
        'outside': ccda.ccd(p, NOW - 30 * day,
                            problems=[('195967001', 'OUTSIDE-ASTHMA')],
                            custodian=ccda.ELSEWHERE),
    }
    for name, text in docs.items():
        ccda.load(instance, name, text)
    c = Client(instance)
    assert signup(c, token=token(instance, p['mrn']), dob=p['dob'],
                  given='Wei', family='Chen', email=parent).status == 303
    confirm(c, instance, parent)
    assert login(c, parent).status == 303
    t = Client(instance)
    assert signup(t, who='self', token=self_token(instance, p['mrn'], teen),
                  dob=p['dob'], given='Sofia', family='Chen',
                  email=teen).status == 303
    confirm(t, instance, teen)
    assert login(t, teen).status == 303
    S['parent'], S['teen'] = c, t
    S['parent_id'] = count(instance, 'SELECT id FROM accounts WHERE email '
                           '= ?', parent)
    S['teen_id'] = count(instance, 'SELECT id FROM accounts WHERE email = ?',
                         teen)
    # Ann: the parent shared (clinical). Ben: the teen shared (patient).
    # Cal: the PCP on file. Dee: nobody.
    S['ann'], S['ann_id'], S['ann_entry'] = provider(
        instance, 'Ann', 'Sharer', 'Riverside Pediatrics')
    S['ben'], S['ben_id'], S['ben_entry'] = provider(
        instance, 'Ben', 'Teenshare', 'Harbor Adolescent Clinic')
    S['cal'], S['cal_id'], S['cal_entry'] = provider(
        instance, 'Cal', 'Primary', 'Main Street Family Practice')
    S['dee'], S['dee_id'], _ = provider(instance, 'Dee', 'Stranger',
                                        'Elsewhere Clinic')
    S['ann_grant'] = grant(instance, S['ann_entry'], 'clinical',
                           S['parent_id'])
    S['ben_grant'] = grant(instance, S['ben_entry'], 'patient', S['teen_id'])
    instance.execute('UPDATE patients SET pcp_id = ? WHERE id = ?',
                     S['cal_entry'], S['pid'])


def rec(who, path='/provider/record/', p=None):
    return S[who].get(f"{path}?p={S['pid'] if p is None else p}")


def main_text(r):
    t = r.text.split('<main', 1)[1].split('</main>', 1)[0]
    return re.sub(r'<code>[0-9a-f]+</code>', '', t)


def audit_rows(instance, action, actor=None):
    if actor:
        return count(instance, 'SELECT count(*) FROM audit WHERE action = ? '
                     'AND patient_id = ? AND actor = ?', action, S['pid'],
                     actor)
    return count(instance, 'SELECT count(*) FROM audit WHERE action = ? AND '
                 'patient_id = ?', action, S['pid'])


def test_parents_share_sees_clinical_scope(instance):
    r = rec('ann')
    assert r.status == 200, r.text
    assert r.headers['Cache-Control'] == 'no-store'
    assert 'Sofia Chen' in r.text and S['p']['mrn'] in r.text
    assert 'because the family shared the record with you' in r.text
    assert 'Some sensitive records' in r.text
    assert audit_rows(instance, 'precord.view.summary',
                      f"provider:{S['ann_id']}") == 1
    assert count(instance, "SELECT detail FROM audit WHERE action = "
                 "'precord.view.summary' AND actor = ?",
                 f"provider:{S['ann_id']}") == 'share clinical'
    notes = rec('ann', '/provider/record/notes').text
    # The provider release: inpatient and ED notes, discharge summaries.
    for shown in ('ROUTINE-NOTE-TEXT', 'ED-NOTE-TEXT', 'DISCHARGE-TEXT'):
        assert shown in notes, shown
    # Clinical scope: no confidential care, no Gynecology (sensitive).
    assert 'CONFIDENTIAL-NOTE-TEXT' not in notes
    assert 'GYN-NOTE-TEXT' not in notes
    visits = rec('ann', '/provider/record/visits').text
    assert 'Confidential consult visit' not in visits
    adm = rec('ann', '/provider/record/admissions').text
    assert 'Hospital stay' in adm and 'Emergency visit' in adm
    labs = rec('ann', '/provider/record/labs').text
    assert 'Hemoglobin' in labs and 'HIV' not in labs
    pr = rec('ann', '/provider/record/print').text
    assert 'ROUTINE-NOTE-TEXT' in pr and 'CONFIDENTIAL-NOTE-TEXT' not in pr
    assert 'HIV' not in pr
    probs = rec('ann', '/provider/record/problems').text
    i = probs.index('OUTSIDE-ASTHMA')
    assert 'From an outside source' in probs[i:i + 200]
    assert audit_rows(instance, 'precord.view.notes',
                      f"provider:{S['ann_id']}") == 1


def test_record_view_has_no_forms_that_change_anything(instance):
    for path in ('/provider/record/', '/provider/record/notes',
                 '/provider/record/print'):
        text = main_text(rec('ann', path))
        assert 'method="post"' not in text.lower(), path


def test_teens_share_sees_patient_scope(instance):
    r = rec('ben', '/provider/record/notes')
    assert r.status == 200
    assert 'GYN-NOTE-TEXT' in r.text
    assert 'Some sensitive records' not in r.text
    assert 'Confidential consult visit' in rec(
        'ben', '/provider/record/visits').text
    assert 'HIV' in rec('ben', '/provider/record/labs').text
    assert count(instance, "SELECT detail FROM audit WHERE action = "
                 "'precord.view.notes' AND actor = ?",
                 f"provider:{S['ben_id']}") == 'share patient'


def test_pcp_sees_clinical_scope(instance):
    r = rec('cal', '/provider/record/visits')
    assert r.status == 200
    assert 'primary care provider on file' in r.text
    assert 'Confidential consult visit' not in r.text
    assert count(instance, "SELECT detail FROM audit WHERE action = "
                 "'precord.view.visits' AND actor = ?",
                 f"provider:{S['cal_id']}") == 'pcp clinical'


def test_practice_and_token_grounds(instance):
    # Pia works in the PCP's practice; Tom validated an invitation token.
    instance.execute("INSERT INTO practices (name) VALUES "
                     "('Main Street Family Practice')")
    practice = count(instance, 'SELECT max(id) FROM practices')
    instance.execute('UPDATE providers SET practice_id = ? WHERE id = ?',
                     practice, S['cal_entry'])
    S['pia'], pia, _ = provider(instance, 'Pia', 'Partner')
    instance.execute('UPDATE provider_accounts SET practice_id = ? '
                     'WHERE id = ?', practice, pia)
    S['tom'], tom, tom_entry = provider(instance, 'Tom', 'Token',
                                        'Lakeside Clinic')
    instance.execute("INSERT INTO patient_shares (patient_id, provider_id, "
                     "how, scope, by_account, created) VALUES "
                     "(?, ?, 'token', 'clinical', ?, ?)", S['pid'], tom_entry,
                     S['parent_id'], int(NOW.timestamp()))
    r = rec('pia', '/provider/record/notes')
    assert r.status == 200 and 'ROUTINE-NOTE-TEXT' in r.text
    assert 'a provider of your practice' in r.text
    assert 'GYN-NOTE-TEXT' not in r.text
    r = rec('tom', '/provider/record/visits')
    assert r.status == 200 and 'through an invitation token' in r.text
    assert 'Confidential consult visit' not in r.text
    for who, detail in ((pia, 'practice clinical'), (tom, 'token clinical')):
        assert count(instance, "SELECT detail FROM audit WHERE actor = ? "
                     "AND action LIKE 'precord.view.%'",
                     f'provider:{who}') == detail


def test_stranger_malformed_and_missing_one_answer(instance):
    before = audit_rows(instance, 'precord.refused')
    theirs = rec('dee')
    missing = rec('dee', p=987654)
    junk = S['dee'].get('/provider/record/labs?p=1%20OR%201=1')
    none = S['dee'].get('/provider/record/notes')
    huge = S['dee'].get('/provider/record/?p=99999999999999999999999')
    for r in (theirs, missing, junk, none, huge):
        assert r.status == 404, r.status
        assert 'Sofia' not in r.text and 'Chen' not in r.text
    assert main_text(theirs) == main_text(missing) == main_text(junk) == \
        main_text(none) == main_text(huge)
    assert audit_rows(instance, 'precord.refused') == before + 1
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'precord.refused' AND actor = ?",
                 f"provider:{S['dee_id']}") == 5


def test_record_needs_a_provider_session(instance):
    r = Client(instance).get(f"/provider/record/?p={S['pid']}")
    assert r.status in (303, 403), r.status
    assert 'Sofia' not in r.text
    r = S['parent'].get(f"/provider/record/?p={S['pid']}")
    assert r.status in (303, 403) and 'ROUTINE' not in r.text


def test_sponsored_nurse_sees_the_sponsors_patients(instance):
    nid, email = add_provider(instance, None, 'Referral8Clinic', 'Nia',
                              'Nurse')
    instance.execute("UPDATE provider_accounts SET sponsor_granted = 1, "
                     "sponsor_asked = 1 WHERE id = ?", S['ann_id'])
    instance.execute("UPDATE provider_accounts SET kind = 'sponsored', "
                     "sponsor_id = ?, staff_kind = 'nurse' WHERE id = ?",
                     S['ann_id'], nid)
    n = Client(instance)
    assert plogin(n, email).status == 303
    S['nia'], S['nia_id'] = n, nid
    r = rec('nia', '/provider/record/notes')
    assert r.status == 200, r.text
    assert 'as staff of Ann Sharer' in r.text
    assert 'ROUTINE-NOTE-TEXT' in r.text and 'GYN-NOTE-TEXT' not in r.text
    assert count(instance, "SELECT detail FROM audit WHERE action = "
                 "'precord.view.notes' AND actor = ?",
                 f"sponsored:{nid}") == 'share clinical'


def test_parent_sees_views_but_not_through_the_teens_share(instance):
    r = S['parent'].get(f"/account/viewers/?p={S['pid']}")
    assert r.status == 200, r.text
    assert r.headers['Cache-Control'] == 'no-store'
    text = main_text(r)
    assert 'Ann Sharer, MD' in text and 'Riverside Pediatrics' in text
    assert 'Cal Primary, MD' in text
    assert 'Nia Nurse, staff of Ann Sharer, MD' in text
    assert 'Notes' in text and 'Summary' in text
    # Ben saw the record through the teen's own share: not the parent's.
    assert 'Ben Teenshare' not in text
    assert 'Dee Stranger' not in text	# refused, not a view
    # When, in the hospital's time zone: the newest view's minute.
    at = count(instance, "SELECT max(at) FROM audit WHERE patient_id = ? "
               "AND action LIKE 'precord.view.%'", S['pid'])
    assert f'<strong>{words_when(at)}</strong>: Nia Nurse' in text, text
    # Newest first: the nurse's view is the last made.
    assert text.index('Nia Nurse') < text.index('Cal Primary')
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'viewers.view' AND patient_id = ? AND actor = ?", S['pid'],
                 f"family:{S['parent_id']}") == 1
    # The teen sees every view, their own share's too.
    t = main_text(S['teen'].get(f"/account/viewers/?p={S['pid']}"))
    assert 'Ben Teenshare' in t and 'Ann Sharer' in t
    # Remove access offered for Ann (the parent's grant), not Ben's.
    assert f'value="{S["ann_grant"]}"' in text
    assert f'value="{S["ben_grant"]}"' not in text


def test_viewers_of_another_patient_same_as_missing(instance):
    other = patient(instance, 8, given='Omar', family='Other')
    oid = count(instance, 'SELECT id FROM patients WHERE mrn = ?',
                other['mrn'])
    theirs = S['parent'].get(f'/account/viewers/?p={oid}')
    missing = S['parent'].get('/account/viewers/?p=987654')
    junk = S['parent'].get('/account/viewers/?p=abc')
    assert theirs.status == missing.status == junk.status == 404
    assert main_text(theirs) == main_text(missing) == main_text(junk)
    assert 'Omar' not in theirs.text
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'viewers.refused' AND patient_id = ?", oid) == 1


def test_viewers_is_paged_newest_first(instance):
    # 60 more views by Cal: a first page of 50, then the rest.
    for _ in range(60):
        assert rec('cal', '/provider/record/vitals').status == 200
    first = S['parent'].get(f"/account/viewers/?p={S['pid']}")
    assert first.text.count('Vital signs') == 50
    m = re.search(r'href="(/account/viewers/\?p=\d+&amp;before=\d+)"',
                  first.text)
    assert m, first.text
    second = S['parent'].get(m.group(1).replace('&amp;', '&'))
    assert second.status == 200
    assert second.text.count('Vital signs') == 10
    assert 'Ann Sharer' in second.text


def test_a_clinician_renamed_reads_as_the_directory_names_them(instance):
    """A provider may change the name on their account page, not the one
    families read in "who has seen": a clinician linked to the directory
    shows as the directory names them, and the change is on record with
    both names (review, session 16)."""
    c = S['cal']
    f = c.get('/provider/account').form_fields('contact-form')
    f.update(given='Hospital Privacy', family='Office')
    r = c.post('/provider/account/contact', f)
    assert r.status == 303, r.status
    text = main_text(S['parent'].get(f"/account/viewers/?p={S['pid']}"))
    assert 'Cal Primary, MD' in text and 'Hospital Privacy' not in text
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'provider.contact_changed' AND detail = ?",
                 'was="Cal Primary" now="Hospital Privacy Office"') == 1
    f.update(given='Cal', family='Primary')
    assert c.post('/provider/account/contact', f).status == 303


def test_disinvite_from_viewers_ends_the_open_record(instance):
    assert rec('ann', '/provider/record/labs').status == 200
    page = S['parent'].get(f"/account/viewers/?p={S['pid']}")
    f = page.form_fields()
    f = {k: v for k, v in f.items() if k == 'csrf'}
    f.update({'p': str(S['pid']), 'grant': str(S['ann_grant'])})
    r = S['parent'].post('/account/viewers/remove', f)
    assert r.status == 303, r.text
    done = S['parent'].get(r.location)
    assert 'Access removed' in done.text
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'share.revoke' AND patient_id = ?", S['pid']) == 1
    # Ann's next page, and her nurse's, are refused.
    nxt = rec('ann', '/provider/record/labs')
    assert nxt.status == 404 and 'Hemoglobin' not in nxt.text
    assert rec('nia', '/provider/record/').status == 404
    assert audit_rows(instance, 'precord.refused',
                      f"provider:{S['ann_id']}") == 1
    # The parent may not remove the teen's own grant (one answer).
    f.update({'grant': str(S['ben_grant'])})
    r = S['parent'].post('/account/viewers/remove', f)
    assert r.status == 404
    assert rec('ben', '/provider/record/').status == 200


def test_revoked_sponsor_ends_the_nurses_view(instance):
    # Ann's access back, then her sponsorship taken away.
    grant(instance, S['ann_entry'], 'clinical', S['parent_id'])
    assert rec('nia', '/provider/record/').status == 200
    instance.execute('UPDATE provider_accounts SET sponsor_granted = 0 '
                     'WHERE id = ?', S['ann_id'])
    r = rec('nia', '/provider/record/')
    assert r.status in (303, 403, 404) and "Sofia" not in r.text


def test_pcp_change_refuses_the_old_pcp_at_once(instance):
    assert rec('cal', '/provider/record/notes').status == 200
    instance.execute('UPDATE patients SET pcp_id = NULL WHERE id = ?',
                     S['pid'])
    r = rec('cal', '/provider/record/notes')
    assert r.status == 404 and 'ROUTINE-NOTE-TEXT' not in r.text
    assert audit_rows(instance, 'precord.refused',
                      f"provider:{S['cal_id']}") == 1


def test_a_visit_to_a_sensitive_department_needs_the_patients_share(
        instance):
    """A visit to a substance-use program is itself a Part 2 record: the
    clinical scope withholds the visit (page, print, summary count), not
    only its note; the teen's own share shows it."""
    ccda.load(instance, 'asap', ccda.note(
        S['p'], 'ASAP-NOTE-TEXT', NOW - timedelta(days=9),
        department='Adolescent Substance Abuse Program',
        visit='ASAP-INTAKE-VISIT'))
    eve, _, eve_entry = provider(instance, 'Eve', 'Clinical', 'Eve Clinic')
    fay, _, fay_entry = provider(instance, 'Fay', 'Patient', 'Fay Clinic')
    grant(instance, eve_entry, 'clinical', S['parent_id'])
    grant(instance, fay_entry, 'patient', S['teen_id'])
    S['eve'], S['fay'] = eve, fay
    for path in ('/provider/record/visits', '/provider/record/admissions',
                 '/provider/record/print', '/provider/record/notes'):
        r = rec('eve', path)
        assert r.status == 200, (path, r.status)
        assert 'ASAP-INTAKE-VISIT' not in r.text, path
        assert 'Adolescent Substance Abuse' not in r.text, path
        assert 'ASAP-NOTE-TEXT' not in r.text, path
    assert 'ASAP-INTAKE-VISIT' in rec('fay', '/provider/record/visits').text
    assert 'ASAP-NOTE-TEXT' in rec('fay', '/provider/record/notes').text

    def visits_count(who):
        m = re.search(r'href="/provider/record/visits\?p=\d+">[^<]*</a>: '
                      r'(\d+)', main_text(rec(who)))
        assert m, who
        return int(m.group(1))
    # Withheld from the clinical scope's count: the confidential consult,
    # the Gynecology visit and this one.
    assert visits_count('fay') - visits_count('eve') == 3


def test_a_share_counts_only_while_its_giver_may_share(instance):
    """The parent's share is the parent's consent: when the child goes into
    DCF custody the parent may no longer share, and the provider the parent
    invited is refused at the next page; the teen's own share stands."""
    assert rec('ann', '/provider/record/notes').status == 200
    instance.execute('UPDATE patients SET foster = 1 WHERE id = ?', S['pid'])
    try:
        r = rec('ann', '/provider/record/notes')
        assert r.status == 404 and 'ROUTINE-NOTE-TEXT' not in r.text
        assert rec('ben', '/provider/record/notes').status == 200
    finally:
        instance.execute('UPDATE patients SET foster = 0 WHERE id = ?',
                         S['pid'])
    assert rec('ann', '/provider/record/notes').status == 200


def test_audit_chain_holds(instance):
    rc, out, _ = instance.portalctl('audit', 'verify')
    assert rc == 0, out
