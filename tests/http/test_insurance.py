"""The insurance summary through the web server (issue 14.2, F-PROFILE 2):
each patient's coverages on file (from the billing system's CSV, loaded
by `portalctl insurance import`, idempotent), the changes reported with
their status and billing's reason, and "Report a change" stored pending
for billing's review, never applied. Attacks: an insurance card that is
an HTML file, an oversized photo, bad input typed back, another family's
patient id (the same answer as a missing or malformed one, audited,
nothing stored)."""

import re

from family import (Client, confirm, count, ctl, login, mail_to, new_family,
                    patient, self_token, signup, token, unique_email)
from test_checkin import png

INSTANCE = {'conf': {'scrypt_n': 1024}}

NOT_SEEN = 'There is no such patient, or it is not one you can see.'
PW = 'Answer4Tests!'


def pid(instance, mrn):
    return count(instance, 'SELECT id FROM patients WHERE mrn = ?', mrn)


def csrf(r):
    return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)


def cards(front=None, back=None):
    return [('front', ('front.png', front or png(), 'image/png')),
            ('back', ('back.png', back or png(), 'image/png'))]


def test_import_and_summary(instance):
    c, p, _ = new_family(instance)
    csv = ('mrn,rank,payer,plan,member_id,group_no,subscriber,relationship\n'
           f'{p["mrn"]},1,Harbor Health,Gold <b>Plan</b>,HH-9,G-1,'
           'Pat Parent,parent\n'
           'NO-SUCH-MRN,1,Harbor Health,,HH-1,,,\n'
           f'{p["mrn"]},x,Harbor Health,,HH-1,,,\n')
    rc, out, err = instance.portalctl('insurance', 'import', '-', input=csv)
    assert rc == 1, (out, err)		# rows refused
    assert 'insurance import: 1 added, 0 updated, 2 refused' in out, out
    assert 'line 3: refused: no patient with that MRN' in err, err
    assert 'line 4: refused: rank' in err and 'NO-SUCH-MRN' not in err
    assert 'rows read' in err
    rc, out, _ = instance.portalctl('insurance', 'import', '-', input=csv)
    assert 'insurance import: 0 added, 1 updated, 2 refused' in out, out
    assert count(instance, 'SELECT count(*) FROM coverages WHERE '
                 'patient_id = ?', pid(instance, p['mrn'])) == 1
    rc, _, err = instance.portalctl('insurance', 'import', '-',
                                    input='mrn,payer\n1,X\n')
    assert rc == 1 and 'no column "member_id"' in err

    r = c.get('/account/insurance/')
    assert r.status == 200, r.text
    assert 'Primary insurance: Harbor Health' in r.text
    assert 'HH-9' in r.text and 'G-1' in r.text
    assert 'Gold &lt;b&gt;Plan&lt;/b&gt;' in r.text	# escaped
    assert 'our billing system' in r.text
    assert 'child of the subscriber' in r.text
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'insurance.view' AND patient_id = ?",
                 pid(instance, p['mrn'])) == 1
    # Linked from the home page and the profile.
    assert 'href="/account/insurance/"' in c.get('/account/').text
    assert 'href="/account/insurance/"' in c.get('/account/profile/').text


def test_report_change_and_bad_input(instance):
    c, p, addr = new_family(instance)
    me = pid(instance, p['mrn'])
    r = c.get(f'/account/insurance/?p={me}')
    assert r.status == 200 and 'Report a change' in r.text
    f = {'csrf': csrf(r), 'p': str(me), 'payer': 'Bay Blue <script>',
         'plan': 'Silver', 'member_id': 'BB-77', 'group_no': 'G9',
         'subscriber': 'Pat Parent', 'relationship': 'parent'}
    # An HTML file sent as a PNG card.
    html = b'<html><body><script>alert(1)</script></body></html>'
    r = c.post('/account/insurance/report', f,
               files=cards(front=html))
    assert r.status == 422 and 'not a JPEG or PNG photo' in r.text, r.text
    assert 'value="BB-77"' in r.text and 'value="Silver"' in r.text
    assert 'value="Bay Blue &lt;script&gt;"' in r.text
    assert '<option value="parent" selected>' in r.text
    # Larger than 5 MB.
    big = png() + b'\0' * (5 * 1024 * 1024)
    r = c.post('/account/insurance/report', f, files=cards(back=big))
    assert r.status == 422 and 'larger than 5 MB' in r.text
    # Missing photos, a missing member id, a relationship not offered.
    r = c.post('/account/insurance/report', f)
    assert r.status == 422 and 'Add a photo of the card' in r.text
    r = c.post('/account/insurance/report', dict(f, member_id=''),
               files=cards())
    assert r.status == 422 and 'Enter the member ID' in r.text
    assert 'value="Silver"' in r.text
    r = c.post('/account/insurance/report', dict(f, relationship='boss'),
               files=cards())
    assert r.status == 422 and 'relationship to the subscriber' in r.text
    assert count(instance, 'SELECT count(*) FROM insurance_changes WHERE '
                 'patient_id = ?', me) == 0
    # Sent.
    r = c.post('/account/insurance/report', f, files=cards())
    assert r.status == 303, r.text
    r = c.get(r.location)
    assert 'Change submitted for review' in r.text
    assert 'waiting for our billing team' in r.text
    row = instance.query('SELECT status, visit_id, front_mime FROM '
                         'insurance_changes WHERE patient_id = ?', me)[0]
    assert row[0] == 'pending' and row[1] is None and row[2] == 'image/png'
    assert count(instance, 'SELECT count(*) FROM coverages WHERE '
                 'patient_id = ?', me) == 0		# never applied
    # Billing rejects it with a reason: the family sees it, and an e-mail
    # without health information.
    ctl(instance, 'staff', 'add', '--username', 'bill', '--name',
        'Bill Staff', '--role', 'billing', input=PW + '\n')
    s = Client(instance)
    lf = s.get('/staff/login').form_fields('staff-login')
    lf.update({'username': 'bill', 'password': PW})
    assert s.post('/staff/login', lf).status == 303
    chg = count(instance, 'SELECT id FROM insurance_changes WHERE '
                'patient_id = ?', me)
    d = s.get(f'/staff/insurance/change?id={chg}')
    r = s.post('/staff/insurance/decide', {'csrf': csrf(d), 'id': str(chg),
               'decision': 'reject', 'reason': 'The card photo is blurred'})
    assert r.status == 303, r.text
    r = c.get('/account/insurance/')
    assert 'Not approved' in r.text and 'The card photo is blurred' in r.text
    m = mail_to(instance, addr, 'insurance update')
    assert m is not None and 'Bay Blue' not in m.body
    # Issue 15.5: the child by first name only.
    assert p['given'] in m.body and p['family'] not in m.body


def test_another_familys_patient(instance):
    c, p, _ = new_family(instance)
    other, q, _ = new_family(instance)
    theirs = pid(instance, q['mrn'])
    missing = c.get('/account/insurance/?p=999999999')
    assert missing.status == 404 and NOT_SEEN in missing.text
    r = c.get(f'/account/insurance/?p={theirs}')
    assert r.status == 404 and NOT_SEEN in r.text
    assert q['given'] not in r.text
    for bad in ('x', '-1', '0', "'", '9223372036854775808', '1' * 500):
        r = c.get(f'/account/insurance/?p={bad}')
        assert r.status == 404 and NOT_SEEN in r.text, bad
    tok = csrf(c.get('/account/insurance/'))
    r = c.post('/account/insurance/report', {
        'csrf': tok, 'p': str(theirs), 'payer': 'X', 'member_id': 'Y',
        'subscriber': 'Z Z', 'relationship': 'parent'}, files=cards())
    assert r.status == 404 and NOT_SEEN in r.text
    assert count(instance, 'SELECT count(*) FROM insurance_changes WHERE '
                 'patient_id = ?', theirs) == 0
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'insurance.refused' AND detail = ?",
                 f'asked p={theirs} right=none') == 2
    # The other family's own page is untouched and theirs alone.
    assert other.get(f'/account/insurance/?p={theirs}').status == 200


def test_teen_sees_parent_reports(instance):
    parent, teen = unique_email('wei'), unique_email('sofia')
    p = patient(instance, 15, [('parent', 'Wei', 'Chen', parent)],
                given='Sofia', family='Chen')
    me = pid(instance, p['mrn'])
    c = Client(instance)
    assert signup(c, token=token(instance, p['mrn']), dob=p['dob'],
                  given='Wei', family='Chen', email=parent).status == 303
    confirm(c, instance, parent)
    t = Client(instance)
    assert signup(t, who='self', token=self_token(instance, p['mrn'], teen),
                  dob=p['dob'], given='Sofia', family='Chen',
                  email=teen).status == 303
    confirm(t, instance, teen)
    assert login(c, parent).status == 303 and login(t, teen).status == 303
    # The parent of a 13-17-year-old reports (coverage is not confidential
    # care); the teen sees it, and is told who reports.
    r = c.get(f'/account/insurance/?p={me}')
    assert r.status == 200 and 'Submit the change for review' in r.text
    r = c.post('/account/insurance/report', {
        'csrf': csrf(r), 'p': str(me), 'payer': 'Bay Blue',
        'member_id': 'BB-15', 'subscriber': 'Wei Chen',
        'relationship': 'parent'}, files=cards())
    assert r.status == 303, r.text
    r = t.get(f'/account/insurance/?p={me}')
    assert r.status == 200 and 'waiting for our billing team' in r.text
    assert 'Submit the change for review' not in r.text
    assert 'reported by the subscriber' in r.text
    r = t.post('/account/insurance/report', {
        'csrf': csrf(r), 'p': str(me), 'payer': 'X', 'member_id': 'Y',
        'subscriber': 'Sofia Chen', 'relationship': 'self'}, files=cards())
    assert r.status == 403 and 'reported by the subscriber' in r.text
    assert count(instance, 'SELECT count(*) FROM insurance_changes WHERE '
                 'patient_id = ?', me) == 1
