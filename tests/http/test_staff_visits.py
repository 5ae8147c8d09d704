"""The hospital staff's visit pages (issue 13.2, 13.4, 13.6; issue 14.2)
through the web server: clinic set-up by a clinic's admin (visit types,
documents and their versions, open slots published as a series, a time
in the spring gap refused, a duplicate refused, withdrawing an open slot
and not a taken one), the clinic's visit requests (new first, status
moves, the family e-mailed without health information), the clinic's
visits with pre-check-in and the signed text, and billing's review of
insurance changes (card photos served safely, approve applies, reject
needs a reason). Another clinic's ids answer as missing ones and are
audited; staff without the role get 403; what was typed comes back;
portalctl clinic runs the same operations."""

import hashlib
import time

import visitdata as vd
from family import count, ctl, mail_to, new_family, patient, staff_signin

INSTANCE = {'conf': {'scrypt_n': 1024}}
PW = 'Answer4Tests!'
S = {}
# A 1x1 PNG.
PNG = bytes.fromhex(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489'
    '0000000d49444154789c6360000002000005000157a1e2b80000000049454e44ae'
    '426082')


def signin(instance, username):
    return staff_signin(instance, username, PW)


def csrf(c, path):
    r = c.get(path)
    assert r.status == 200, (path, r.status, r.text)
    return r.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def audits(instance, action):
    return count(instance, 'SELECT count(*) FROM audit WHERE action = ?',
                 action)


def add_staff(instance, user, role, clinic=None):
    ctl(instance, 'staff', 'add', '--username', user, '--name',
        user.title() + ' Staff', '--role', role, input=PW + '\n')
    if clinic:
        ctl(instance, 'clinic', 'staff', '--clinic', clinic, '--username',
            user)


def setup(instance):
    ctl(instance, 'clinic', 'add', 'Cardiology', '--phone', '617-555-0101',
        '--location', 'Floor 2')
    ctl(instance, 'clinic', 'add', 'Neurology')
    S['clinic'] = count(instance, "SELECT id FROM clinics WHERE name = "
                        "'Cardiology'")
    S['other'] = count(instance, "SELECT id FROM clinics WHERE name = "
                       "'Neurology'")
    add_staff(instance, 'adam', 'admin', 'Cardiology')
    add_staff(instance, 'nora', 'admin', 'Neurology')
    add_staff(instance, 'cleo', 'clinic', 'Cardiology')
    add_staff(instance, 'nico', 'clinic', 'Neurology')
    add_staff(instance, 'bill', 'billing')
    S['other_type'] = vd.visit_type(instance, S['other'], 'Neuro consult')


# ---- clinic set-up ----

def test_admin_adds_a_visit_type_and_bad_input_comes_back(instance):
    c, landed = signin(instance, 'adam')
    home = c.get('/staff/clinic/')
    assert home.status == 200 and 'Cardiology' in home.text
    assert 'Neurology' not in home.text
    assert 'href="/staff/clinic/" aria-current="page">Clinic set-up' in home.text
    tok = csrf(c, f'/staff/clinic/type?clinic={S["clinic"]}')
    form = {'csrf': tok, 'clinic': str(S['clinic']), 'name': 'Echo <b>check',
            'minutes': '3', 'notice_hours': '48', 'copay': '25.50',
            'video': '1', 'self_schedule': '1', 'active': '1'}
    r = c.post('/staff/clinic/type', form)
    assert r.status == 400, r.status
    assert '5 to 480' in r.text
    assert 'value="Echo &lt;b&gt;check"' in r.text      # typed, escaped
    assert 'value="25.50"' in r.text
    assert count(instance, 'SELECT count(*) FROM visit_types WHERE '
                 'clinic_id = ?', S['clinic']) == 0
    form.update(minutes='30', copay='10001')
    r = c.post('/staff/clinic/type', form)
    assert r.status == 400 and '0 to 10000' in r.text
    form.update(copay='25.50', name='Echo check')
    r = c.post('/staff/clinic/type', form)
    assert r.status == 303, r.text
    S['type'] = count(instance, "SELECT id FROM visit_types WHERE name = "
                      "'Echo check'")
    assert count(instance, 'SELECT copay_cents FROM visit_types WHERE id = ?',
                 S['type']) == 2550
    page = c.get(f'/staff/clinic/type?id={S["type"]}')
    assert page.status == 200 and 'value="Echo check"' in page.text
    assert audits(instance, 'clinic.type.add') == 1


def test_documents_versioned_with_full_text(instance):
    c, _ = signin(instance, 'adam')
    path = f'/staff/clinic/type?id={S["type"]}'
    tok = csrf(c, path)
    r = c.post('/staff/clinic/document', {'csrf': tok, 'type': str(S['type']),
               'doc_title': 'Consent', 'body': '  '})
    assert r.status == 400 and 'Enter the text families will sign' in r.text
    assert 'value="Consent"' in r.text
    r = c.post('/staff/clinic/document', {'csrf': tok, 'type': str(S['type']),
               'doc_title': 'Consent', 'body': 'I consent.\nLine two.'})
    assert r.status == 303, r.text
    d1 = count(instance, "SELECT id FROM visit_documents WHERE title = "
               "'Consent'")
    r = c.post('/staff/clinic/document', {'csrf': tok, 'type': str(S['type']),
               'replaces': str(d1), 'doc_title': 'Consent',
               'body': 'I consent, v2.'})
    assert r.status == 303, r.text
    page = c.get(path)
    assert 'I consent.\nLine two.' in page.text and 'I consent, v2.' in page.text
    assert '(retired)' in page.text
    assert count(instance, 'SELECT retired FROM visit_documents WHERE id = ?',
                 d1) == 1


def test_slots_series_gap_duplicate_and_withdraw(instance):
    c, _ = signin(instance, 'adam')
    path = f'/staff/clinic/slots?clinic={S["clinic"]}'
    tok = csrf(c, path)
    year = time.gmtime().tm_year + 1
    # The second Sunday of March, 02:30: the clocks skip it (New York).
    sunday = [d for d in range(8, 15)
              if time.strptime(f'{year}-03-{d}', '%Y-%m-%d').tm_wday == 6][0]
    gap = f'{year}-03-{sunday:02d} 02:30'
    form = {'csrf': tok, 'clinic': str(S['clinic']), 'type': str(S['type']),
            'start': gap, 'count': '1', 'every': '', 'provider': 'Dr Ada Park',
            'location': ''}
    r = c.post('/staff/clinic/slots', form)
    assert r.status == 400 and 'does not exist' in r.text, r.text
    assert f'value="{gap}"' in r.text and 'value="Dr Ada Park"' in r.text
    form.update(start='2001-01-01 09:00')
    r = c.post('/staff/clinic/slots', form)
    assert r.status == 400 and 'past' in r.text
    form.update(start=f'{year}-06-01 09:00', count='3', every='30')
    r = c.post('/staff/clinic/slots', form)
    assert r.status == 303, r.text
    assert count(instance, 'SELECT count(*) FROM slots WHERE visit_type_id '
                 '= ?', S['type']) == 3
    r = c.post('/staff/clinic/slots', dict(form, count='1'))
    assert r.status == 400 and 'already' in r.text
    page = c.get(path)
    assert page.text.count('>Open<') == 3
    ids = [row[0] for row in instance.query(
        'SELECT id FROM slots WHERE visit_type_id = ? ORDER BY start_at',
        S['type'])]
    S['slots'] = ids
    # A family books the first: it cannot be withdrawn.
    p = patient(instance, 8)
    vd.visit(instance, p['mrn'], S['clinic'], count(
        instance, 'SELECT start_at FROM slots WHERE id = ?', ids[0]),
        type_id=S['type'], slot_id=ids[0], source='portal')
    assert '>Taken<' in c.get(path).text
    r = c.post('/staff/clinic/withdraw', {'csrf': tok, 'id': str(ids[0]),
               'clinic': str(S['clinic'])})
    assert r.status == 409 and 'Cancel the visit first' in r.text
    r = c.post('/staff/clinic/withdraw', {'csrf': tok, 'id': str(ids[1]),
               'clinic': str(S['clinic'])})
    assert r.status == 303
    assert count(instance, 'SELECT withdrawn FROM slots WHERE id = ?',
                 ids[1]) == 1
    assert count(instance, 'SELECT withdrawn FROM slots WHERE id = ?',
                 ids[0]) == 0


def test_another_clinics_ids_are_missing_ones_and_roles_refused(instance):
    c, _ = signin(instance, 'nora')
    before = audits(instance, 'clinic.refused')
    other = c.get(f'/staff/clinic/type?id={S["type"]}')
    missing = c.get('/staff/clinic/type?id=999999')
    assert other.status == missing.status == 404
    assert 'no such visit type' in other.text
    tok = csrf(c, '/staff/clinic/')
    r = c.post('/staff/clinic/withdraw', {'csrf': tok, 'id': str(S['slots'][2]),
               'clinic': str(S['clinic'])})
    assert r.status == 404
    assert count(instance, 'SELECT withdrawn FROM slots WHERE id = ?',
                 S['slots'][2]) == 0
    assert c.get(f'/staff/clinic/slots?clinic={S["clinic"]}').status == 404
    assert c.get('/staff/clinic/type?id=abc').status == 404
    assert audits(instance, 'clinic.refused') >= before + 4
    # The care team and billing do not set up clinics.
    for who in ('cleo', 'bill'):
        c, _ = signin(instance, who)
        r = c.get('/staff/clinic/')
        assert r.status == 403 and 'clinic administrators' in r.text


def test_portalctl_clinic_commands(instance):
    out = ctl(instance, 'clinic', 'type', 'add', '--clinic', 'Cardiology',
              '--name', 'Holter fitting', '--minutes', '45', '--copay', '0',
              '--notice-hours', '24')
    tid = int(out.split()[2])
    rc, out, err = instance.portalctl('clinic', 'type', 'add', '--clinic',
                                      'Cardiology', '--name', 'Bad',
                                      '--minutes', '481')
    assert rc == 1 and '5 to 480' in err
    ctl(instance, 'clinic', 'type', 'set', '--type', str(tid), '--video')
    ctl(instance, 'clinic', 'document', 'add', '--type', str(tid), '--title',
        'Holter consent', input='I agree to wear the monitor.\n')
    year = time.gmtime().tm_year + 1
    ctl(instance, 'clinic', 'slots', 'add', '--type', str(tid), '--start',
        f'{year}-07-01 08:00', '--count', '2', '--every', '1440')
    rc, out, err = instance.portalctl('clinic', 'slots', 'add', '--type',
                                      str(tid), '--start', f'{year}-07-01 08:00')
    assert rc == 1 and 'already' in err
    out = ctl(instance, 'clinic', 'list', '--clinic', 'Cardiology')
    assert 'Holter fitting: 45 min, video' in out
    assert 'document' in out and 'Holter consent' in out
    assert f'{year}-07-01 08:00' in out and f'{year}-07-02 08:00' in out
    sid = count(instance, 'SELECT min(id) FROM slots WHERE visit_type_id = ?',
                tid)
    ctl(instance, 'clinic', 'slot', 'withdraw', str(sid))
    assert audits(instance, 'clinic.slot.withdraw') >= 2


# ---- the request queue ----

def test_request_queue_status_and_mail(instance):
    fam, p, addr = new_family(instance)
    S['fam_addr'] = addr
    acct = count(instance, 'SELECT id FROM accounts WHERE email = ?', addr)
    pid = vd.patient_id(instance, p['mrn'])
    now = vd.now()
    for clinic, reason, status, ago in (
            (S['clinic'], 'Heart murmur follow-up', 'contacted', 300),
            (S['clinic'], 'Palpitations after sport', 'new', 100),
            (S['other'], 'Headaches', 'new', 50)):
        instance.execute(
            'INSERT INTO visit_requests (patient_id, account_id, clinic_id, '
            'reason, preferred, phone, status, created, updated) VALUES '
            '(?, ?, ?, ?, ?, ?, ?, ?, ?)', pid, acct, clinic, reason,
            'Mornings', '617-555-0199', status, now - ago, now - ago)
    S['req_new'] = count(instance, "SELECT id FROM visit_requests WHERE "
                         "reason = 'Palpitations after sport'")
    S['req_other'] = count(instance, "SELECT id FROM visit_requests WHERE "
                           "reason = 'Headaches'")
    c, landed = signin(instance, 'cleo')
    q = c.get('/staff/visits/')
    assert q.status == 200
    assert 'Headaches' not in q.text
    assert q.text.index('Palpitations') < q.text.index('Heart murmur')
    assert p['mrn'] in q.text and 'Mornings' in q.text and addr in q.text
    tok = q.form_fields()['csrf']
    r = c.post('/staff/visits/status', {'csrf': tok, 'id': str(S['req_new']),
               'status': 'contacted'})
    assert r.status == 303, r.text
    assert count(instance, 'SELECT status FROM visit_requests WHERE id = ?',
                 S['req_new']) == 'contacted'
    m = mail_to(instance, addr, 'visit request')
    assert m is not None and 'log in' in m.body.lower()
    assert 'Palpitations' not in m.body and 'Cardiology' not in m.body
    assert p['mrn'] not in m.body
    # New again is not a move; a bogus status is bad input.
    r = c.post('/staff/visits/status', {'csrf': tok, 'id': str(S['req_new']),
               'status': 'new'})
    assert r.status == 400
    assert audits(instance, 'visitreq.status') == 1


def test_request_of_another_clinic_is_missing_and_roles(instance):
    c, _ = signin(instance, 'cleo')
    tok = csrf(c, '/staff/visits/')
    before = audits(instance, 'visitreq.refused')
    for rid in (S['req_other'], 999999):
        r = c.post('/staff/visits/status', {'csrf': tok, 'id': str(rid),
                   'status': 'closed'})
        assert r.status == 404 and 'no such request' in r.text
    assert count(instance, 'SELECT status FROM visit_requests WHERE id = ?',
                 S['req_other']) == 'new'
    assert audits(instance, 'visitreq.refused') == before + 2
    # (portalctl clinic staff gives a member the clinic role: the admin
    # of a clinic works its queue too; billing does not.)
    for who in ('bill',):
        c, _ = signin(instance, who)
        r = c.get('/staff/visits/')
        assert r.status == 403 and 'clinic role' in r.text, (who, r.status, r.text[-1500:])


# ---- the clinic's visits ----

def test_clinic_visits_with_steps_and_signed_text(instance):
    p = patient(instance, 9, given='Vic')
    acct = count(instance, 'SELECT id FROM accounts WHERE email = ?',
                 S['fam_addr'])
    start = vd.now() + 3 * vd.DAY
    v = vd.visit(instance, p['mrn'], S['clinic'], start, type_id=S['type'])
    instance.execute("UPDATE visits SET confirmed = ?, confirmed_by = ? "
                     "WHERE id = ?", vd.now(), f'family:{acct}', v)
    gone = vd.visit(instance, p['mrn'], S['clinic'], start + vd.DAY,
                    status='cancelled')
    instance.execute("UPDATE visits SET cancelled = ?, cancelled_by = "
                     "'family:7', cancel_reason = 'Feeling better' WHERE "
                     "id = ?", vd.now(), gone)
    far = vd.visit(instance, p['mrn'], S['clinic'], vd.now() + 40 * vd.DAY)
    nv = vd.visit(instance, p['mrn'], S['other'], start)
    vd.done_steps(instance, v, acct, 'contact', 'documents')
    doc = count(instance, 'SELECT max(id) FROM visit_documents WHERE '
                'visit_type_id = ?', S['type'])
    text = 'I consent, v2.'
    sha = hashlib.sha256(text.encode()).hexdigest()
    instance.execute('INSERT INTO visit_signatures (visit_id, document_id, '
                     'account_id, signer_name, body, sha256, signed) VALUES '
                     '(?, ?, ?, ?, ?, ?, ?)', v, doc, acct, 'Pat Parent', text,
                     sha, vd.now())
    sig = count(instance, 'SELECT id FROM visit_signatures WHERE visit_id = ?',
                v)
    c, _ = signin(instance, 'cleo')
    before = audits(instance, 'svisit.list')
    r = c.get('/staff/visits/upcoming')
    assert r.status == 200 and f'id="visit-{v}"' in r.text
    assert f'id="visit-{gone}"' in r.text and 'Vic' in r.text
    assert f'id="visit-{far}"' not in r.text
    assert f'id="visit-{nv}"' not in r.text
    assert audits(instance, 'svisit.list') > before
    r = c.get(f'/staff/visits/visit?id={v}')
    assert r.status == 200 and 'by Pat Parent (family account)' in r.text
    assert 'contact documents' in r.text and 'Pat Parent' in r.text
    r = c.get(f'/staff/visits/visit?id={gone}')
    assert 'Feeling better' in r.text
    r = c.get(f'/staff/visits/signed?id={sig}')
    assert r.status == 200 and text in r.text and sha in r.text
    assert audits(instance, 'svisit.signature') == 1
    for bad in (f'/staff/visits/visit?id={nv}', '/staff/visits/visit?id=0',
                '/staff/visits/visit?id=x'):
        assert c.get(bad).status == 404, bad
    c, _ = signin(instance, 'nico')
    assert c.get(f'/staff/visits/signed?id={sig}').status == 404
    assert c.get(f'/staff/visits/visit?id={v}').status == 404


# ---- billing's insurance review ----

def test_insurance_review_photos_reject_and_approve(instance):
    p = patient(instance, 7, given='Ivy')
    pid = vd.patient_id(instance, p['mrn'])
    acct = count(instance, 'SELECT id FROM accounts WHERE email = ?',
                 S['fam_addr'])
    now = vd.now()
    cov = count(instance, "INSERT INTO coverages (patient_id, payer, "
                "member_id, rank, source, updated) VALUES (?, 'Old Health', "
                "'OLD1', 1, 'billing', ?) RETURNING id", pid, now)
    for payer, cid, ago in (('Blue Plan', cov, 200), ('Green Care', None, 100)):
        instance.execute(
            'INSERT INTO insurance_changes (patient_id, account_id, '
            'coverage_id, payer, member_id, subscriber, relationship, front, '
            "front_mime, created) VALUES (?, ?, ?, ?, 'M123', 'Pat Parent', "
            "'child', ?, 'image/png', ?)", pid, acct, cid, payer, PNG,
            now - ago)
    blue = count(instance, "SELECT id FROM insurance_changes WHERE payer = "
                 "'Blue Plan'")
    green = count(instance, "SELECT id FROM insurance_changes WHERE payer = "
                  "'Green Care'")
    for who in ('cleo', 'adam'):
        c, _ = signin(instance, who)
        assert c.get('/staff/insurance/').status == 403
        assert c.get(f'/staff/insurance/photo?id={blue}').status == 403
    c, landed = signin(instance, 'bill')
    assert landed.endswith('/staff/insurance/'), landed
    q = c.get('/staff/insurance/')
    assert q.status == 200 and q.text.index('Blue Plan') < q.text.index(
        'Green Care')
    d = c.get(f'/staff/insurance/change?id={blue}')
    assert d.status == 200 and 'Old Health' in d.text and 'OLD1' in d.text
    ph = c.get(f'/staff/insurance/photo?id={blue}')
    assert ph.status == 200 and ph.body == PNG
    assert ph.headers.get('Content-Type') == 'image/png'
    assert ph.headers.get('X-Content-Type-Options') == 'nosniff'
    assert ph.headers.get('Content-Disposition') == \
        f'inline; filename="card-front-{blue}.png"'
    assert c.get(f'/staff/insurance/photo?id={blue}&back=1').status == 404
    # Markup stored as a "photo" is never served.
    instance.execute("UPDATE insurance_changes SET front = ? WHERE id = ?",
                     b'<html><script>alert(1)</script></html>', green)
    assert c.get(f'/staff/insurance/photo?id={green}').status == 404
    tok = d.form_fields()['csrf'] if 'csrf' in d.form_fields() else csrf(
        c, f'/staff/insurance/change?id={blue}')
    r = c.post('/staff/insurance/decide', {'csrf': tok, 'id': str(green),
               'decision': 'reject', 'reason': ''})
    assert r.status == 400 and 'Enter the reason' in r.text
    r = c.post('/staff/insurance/decide', {'csrf': tok, 'id': str(green),
               'decision': 'reject', 'reason': 'Card photo unreadable'})
    assert r.status == 303
    r = c.post('/staff/insurance/decide', {'csrf': tok, 'id': str(blue),
               'decision': 'approve'})
    assert r.status == 303
    assert count(instance, 'SELECT payer FROM coverages WHERE id = ?',
                 cov) == 'Blue Plan'
    assert count(instance, 'SELECT source FROM coverages WHERE id = ?',
                 cov) == 'family'
    assert count(instance, "SELECT count(*) FROM coverages WHERE payer = "
                 "'Green Care'") == 0
    r = c.post('/staff/insurance/decide', {'csrf': tok, 'id': str(blue),
               'decision': 'reject', 'reason': 'late'})
    assert r.status == 409
    m = mail_to(instance, S['fam_addr'], 'insurance update')
    assert m is not None and 'Blue Plan' not in m.body
    assert audits(instance, 'insurance.approve') == 1
    assert audits(instance, 'insurance.reject') == 1
    assert audits(instance, 'insurance.photo') >= 1


def test_malformed_ids_are_missing_ones(instance):
    bad = ['x', '0', '-1', "'", '', '9223372036854775808', '1' * 10000,
           '%00', '1e3']
    pages = {'adam': ['/staff/clinic/type?id=', '/staff/clinic/slots?clinic='],
             'cleo': ['/staff/visits/visit?id=', '/staff/visits/signed?id='],
             'bill': ['/staff/insurance/change?id=',
                      '/staff/insurance/photo?id=']}
    for who, paths in pages.items():
        c, _ = signin(instance, who)
        for path in paths:
            for b in bad:
                r = c.get(path + b)
                assert r.status in (400, 404, 414), (path, b[:20], r.status)
    c, _ = signin(instance, 'cleo')
    tok = csrf(c, '/staff/visits/')
    for b in bad:
        r = c.post('/staff/visits/status', {'csrf': tok, 'id': b,
                   'status': 'closed'})
        assert r.status == 400, (b[:20], r.status)


def test_one_request_page(instance):
    c, _ = signin(instance, 'cleo')
    r = c.get(f'/staff/visits/request?id={S["req_new"]}')
    assert r.status == 200 and 'Palpitations after sport' in r.text
    assert 'contacted, by Cleo Staff' in r.text
    assert c.get(f'/staff/visits/request?id={S["req_other"]}').status == 404
    assert audits(instance, 'visitreq.view') == 1
