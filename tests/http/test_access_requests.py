"""Providers' access requests answered (issue 12.3; P-ACCESS 2, F-SHARE 1)
through the web server, and the directory they name (issue 12.1).

The directory is loaded from the NPPES sample file (portalctl providers
import). A provider asks (the rows are made here, as the provider pages
of helper C's branch make them): the family sees who asked at
/account/requests/ (linked with a count from the home page) and approves
one, which makes a grant (how=request) and e-mails the provider, and
declines another; a second answer, another family's request, a malformed
id and a form without its CSRF value change nothing. Staff answer PCP
requests at /staff/pcp/: only provisioning and admin roles; "Make PCP"
puts the provider on file as the patient's PCP; the same bad input."""

import os
import time

from family import ctl, login, mail_to, new_family, staff
from harness import Client, ROOT
from provider import add_provider

INSTANCE = {'conf': {'scrypt_n': 1024}}

SAMPLE = os.path.join(ROOT, 'tests', 'import', 'nppes_sample.csv')
S = {}


def entry(instance, npi):
    return instance.value('SELECT id FROM providers WHERE npi = ?', npi)


def provider_with_entry(instance, npi):
    """A provider-portal account linked to the directory entry of npi
    (as approval links it)."""
    pid, email = add_provider(instance)
    instance.execute('UPDATE provider_accounts SET provider_id = ? '
                     'WHERE id = ?', entry(instance, npi), pid)
    return pid, email


def ask(instance, patient_mrn, account, npi, kind):
    pt = instance.value('SELECT id FROM patients WHERE mrn = ?', patient_mrn)
    instance.execute(
        'INSERT INTO access_requests (patient_id, account_id, provider_id, '
        'kind, created) VALUES (?, ?, ?, ?, ?)', pt, account,
        entry(instance, npi), kind, int(time.time()))
    return instance.value(
        'SELECT id FROM access_requests WHERE patient_id = ? AND '
        'account_id = ? AND kind = ? ORDER BY id DESC', pt, account, kind)


def status(instance, rid):
    return instance.value('SELECT status FROM access_requests WHERE id = ?',
                          rid)


def audit_count(instance, action):
    return instance.value('SELECT count(*) FROM audit WHERE action = ?',
                          action)


def decide(c, path, rid, decision, page_path):
    csrf = c.get(page_path).form_fields()['csrf']
    return c.post(path, {'csrf': csrf, 'id': str(rid),
                         'decision': decision})


def setup(instance):
    out = ctl(instance, 'providers', 'import', SAMPLE)
    assert '6 added' in out and 'faulty' in out, out
    out = ctl(instance, 'providers', 'import', SAMPLE)
    assert '0 added, 0 updated, 6 unchanged' in out, out
    S['nguyen'] = provider_with_entry(instance, '1987654328')
    S['walsh'] = provider_with_entry(instance, '1543210987')


def test_directory_import_reads_the_nppes_columns(instance):
    row = instance.query(
        'SELECT given, family, credential, specialty, city, state, postal, '
        'phone, family_key, source FROM providers WHERE npi = ?',
        '1543210987')[0]
    assert row == ('Sean', "O'Brien-Walsh", 'DO', 'Pediatric Cardiology',
                   'Newton', 'MA', '02458', '(617) 555-0102',
                   "o'brien-walsh", 'nppes'), row
    # Unknown taxonomy codes are kept; organizations, deactivated and
    # bad NPIs are not loaded.
    assert instance.value('SELECT specialty FROM providers WHERE npi = ?',
                          '1432109878') == '207ZZ9999X'
    for npi in ('1122334455', '1200000010', '1234567890'):
        assert entry(instance, npi) is None, npi


def test_family_approves_and_declines(instance):
    c, p, addr = new_family(instance)
    S['family'] = (c, p, addr)
    nguyen, nguyen_mail = S['nguyen']
    walsh, walsh_mail = S['walsh']
    r1 = ask(instance, p['mrn'], nguyen, '1987654328', 'share')
    r2 = ask(instance, p['mrn'], walsh, '1543210987', 'share')
    S['r1'] = r1
    home = c.get('/account/')
    assert home.status == 200
    assert 'href="/account/requests/"' in home.text
    assert '2 requests are waiting' in home.text, home.text
    page = c.get('/account/requests/')
    assert page.status == 200, page.text
    assert 'Linh Nguyen, M.D.' in page.text and 'Pediatrics' in page.text
    assert 'Boston, MA' in page.text and p['given'] in page.text
    assert "Sean O&#39;Brien-Walsh, DO" in page.text or \
        "Sean O&#x27;Brien-Walsh, DO" in page.text, page.text
    assert audit_count(instance, 'arequest.list') >= 1

    r = decide(c, '/account/requests/decide', r1, 'approve',
               '/account/requests/')
    assert r.status == 303 and r.location.endswith('?approved=1'), r.text
    assert status(instance, r1) == 'approved'
    g = instance.query(
        'SELECT s.how, s.scope, s.provider_id FROM patient_shares s JOIN '
        'access_requests r ON r.share_id = s.id WHERE r.id = ?', r1)
    assert g == [('request', 'clinical', entry(instance, '1987654328'))], g
    assert mail_to(instance, nguyen_mail, 'Access granted') is not None
    assert audit_count(instance, 'arequest.approve') == 1

    r = decide(c, '/account/requests/decide', r2, 'decline',
               '/account/requests/')
    assert r.status == 303 and r.location.endswith('?declined=1'), r.text
    assert status(instance, r2) == 'declined'
    assert mail_to(instance, walsh_mail, 'Your request') is not None
    page = c.get('/account/requests/?declined=1')
    assert 'No provider is waiting' in page.text and 'Declined' in page.text

    # The first answer wins: a second one changes nothing.
    r = decide(c, '/account/requests/decide', r1, 'decline',
               '/account/requests/')
    assert r.status == 409 and 'approved already' in r.text, r.text
    assert status(instance, r1) == 'approved'
    assert audit_count(instance, 'arequest.refused') == 1


def test_family_bad_input_changes_nothing(instance):
    c, p, _ = S['family']
    other, q, _ = new_family(instance)
    nguyen, _ = S['nguyen']
    mine = ask(instance, q['mrn'], nguyen, '1987654328', 'share')
    # Another family's request: the answer for none.
    r = decide(c, '/account/requests/decide', mine, 'approve',
               '/account/requests/')
    assert r.status == 404 and 'no such request' in r.text, r.text
    assert status(instance, mine) == 'pending'
    r = decide(c, '/account/requests/decide', 999999, 'approve',
               '/account/requests/')
    assert r.status == 404
    # Malformed ids and decisions.
    for rid, d in (('abc', 'approve'), ('1 OR 1=1', 'approve'),
                   (str(mine), 'grant'), ('', 'approve')):
        csrf = c.get('/account/requests/').form_fields()['csrf']
        r = c.post('/account/requests/decide',
                   {'csrf': csrf, 'id': rid, 'decision': d})
        assert r.status == 400 and 'nothing was changed' in r.text, (rid, r)
    # No CSRF value: refused, nothing changed.
    r = other.post('/account/requests/decide',
                   {'id': str(mine), 'decision': 'approve'})
    assert r.status == 403
    assert status(instance, mine) == 'pending'
    # Its own family may answer it.
    page = other.get('/account/requests/')
    assert f'value="{mine}"' in page.text
    # Not signed in: the sign-in page, nothing shown.
    r = Client(instance).get('/account/requests/')
    assert r.status in (302, 303) and 'Nguyen' not in r.text


def test_sponsored_user_asks_on_behalf_of_the_sponsor(instance):
    _, p, _ = S['family']
    c = S['family'][0]
    nguyen, _ = S['nguyen']
    instance.execute(
        "INSERT INTO provider_accounts (kind, email, given, family, status, "
        "sponsor_id, staff_kind, created) VALUES ('sponsored', "
        "'nurse.ryan@clinic.example.org', 'Rita', 'Ryan', 'approved', ?, "
        "'nurse', ?)", nguyen, int(time.time()))
    nurse = instance.value('SELECT id FROM provider_accounts WHERE email = '
                           "'nurse.ryan@clinic.example.org'")
    instance.execute("UPDATE patient_shares SET revoked = 1 WHERE "
                     "how = 'request'")
    ask(instance, p['mrn'], nurse, '1987654328', 'share')
    page = c.get('/account/requests/')
    assert 'Rita Ryan, on behalf of Linh Nguyen, M.D.' in page.text, \
        page.text


def test_staff_make_pcp_and_decline(instance):
    _, p, _ = S['family']
    nguyen, nguyen_mail = S['nguyen']
    walsh, walsh_mail = S['walsh']
    clerk = staff(instance, 'verifier1')
    r = clerk.get('/staff/pcp/')
    assert r.status == 403 and 'Your role does not' in r.text
    ctl(instance, 'staff', 'add', '--username', 'prov1', '--name',
        'Pat Provisioner', '--role', 'provisioning',
        input='Ledger5Walnut\n')
    s = Client(instance)
    f = s.get('/staff/login').form_fields('staff-login')
    f.update({'username': 'prov1', 'password': 'Ledger5Walnut'})
    assert s.post('/staff/login', f).status == 303
    page = s.get('/staff/pcp/')
    assert page.status == 200 and 'No PCP requests are waiting' in page.text
    r1 = ask(instance, p['mrn'], nguyen, '1987654328', 'pcp')
    r2 = ask(instance, p['mrn'], walsh, '1543210987', 'pcp')
    page = s.get('/staff/pcp/')
    assert page.status == 200
    assert p['mrn'] in page.text and p['dob'] in page.text
    assert 'Linh Nguyen, M.D.' in page.text and '1987654328' in page.text
    assert 'href="/staff/pcp/"' in page.text
    assert audit_count(instance, 'pcp.list') >= 2
    r = decide(s, '/staff/pcp/decide', r1, 'make', '/staff/pcp/')
    assert r.status == 303 and r.location.endswith('?made=1'), r.text
    assert instance.value('SELECT pcp_id FROM patients WHERE mrn = ?',
                          p['mrn']) == entry(instance, '1987654328')
    assert status(instance, r1) == 'approved'
    assert mail_to(instance, nguyen_mail, 'Access granted') is not None
    assert audit_count(instance, 'pcp.approve') == 1
    # The PCP on file shows on the other request.
    page = s.get('/staff/pcp/')
    assert 'Linh Nguyen, M.D. (NPI 1987654328)' in page.text, page.text
    r = decide(s, '/staff/pcp/decide', r2, 'decline', '/staff/pcp/')
    assert r.status == 303 and status(instance, r2) == 'declined'
    assert instance.value('SELECT pcp_id FROM patients WHERE mrn = ?',
                          p['mrn']) == entry(instance, '1987654328')
    assert mail_to(instance, walsh_mail, 'Your request') is not None
    # Decided already, unknown, malformed, another kind's id, no CSRF.
    r = decide(s, '/staff/pcp/decide', r2, 'make', '/staff/pcp/')
    assert r.status == 409 and 'decided already' in r.text
    r = decide(s, '/staff/pcp/decide', S['r1'], 'make', '/staff/pcp/')
    assert r.status == 404, r.status
    for rid in ('x', '-1', '99999999999999999999999'):
        r = decide(s, '/staff/pcp/decide', rid, 'make', '/staff/pcp/')
        assert r.status == 400, (rid, r.status)
    r = s.post('/staff/pcp/decide', {'id': str(r2), 'decision': 'make'})
    assert r.status == 403
    assert status(instance, r2) == 'declined'
    # A verifier may not decide either.
    csrf = clerk.get('/staff/').form_fields()['csrf']
    r = clerk.post('/staff/pcp/decide', {'csrf': csrf, 'id': str(r2),
                                         'decision': 'make'})
    assert r.status == 403


BAD = ['x', '0', '-1', '07', "'", '', str(2 ** 63), '9' * 10240,
       '1 OR 1=1', '1e3', '\u0661', '\x00', '+1', ' 1', '0x10',
       '99999999999999999999']


def test_malformed_ids_on_both_pages(instance):
    """Every malformed id: the page again with a clear message, 400,
    never a 5xx; nothing decided."""
    c = S['family'][0]
    s = Client(instance)
    f = s.get('/staff/login').form_fields('staff-login')
    f.update({'username': 'prov1', 'password': 'Ledger5Walnut'})
    assert s.post('/staff/login', f).status == 303
    pending = instance.value("SELECT count(*) FROM access_requests WHERE "
                             "status = 'pending'")
    for client, page, path in ((c, '/account/requests/',
                                '/account/requests/decide'),
                               (s, '/staff/pcp/', '/staff/pcp/decide')):
        csrf = client.get(page).form_fields()['csrf']
        for bad in BAD:
            r = client.post(path, {'csrf': csrf, 'id': bad,
                                   'decision': 'approve' if client is c
                                   else 'make'})
            assert r.status == 400, (path, bad[:20], r.status)
            assert 'nothing was changed' in r.text, (path, bad[:20])
    assert instance.value("SELECT count(*) FROM access_requests WHERE "
                          "status = 'pending'") == pending


def test_patient_pcp_command(instance):
    _, p, _ = S['family']
    out = ctl(instance, 'patient', 'pcp', p['mrn'], '--npi', '1543210987')
    assert 'PCP 1543210987' in out
    assert instance.value('SELECT pcp_id FROM patients WHERE mrn = ?',
                          p['mrn']) == entry(instance, '1543210987')
    ctl(instance, 'patient', 'pcp', p['mrn'], '--none')
    assert instance.value('SELECT pcp_id FROM patients WHERE mrn = ?',
                          p['mrn']) is None
    rc, out, err = instance.portalctl('patient', 'pcp', p['mrn'], '--npi',
                                      '1111111111')
    assert rc == 2 and 'NPI' in err
    assert audit_count(instance, 'pcp.set') == 2
