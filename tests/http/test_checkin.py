"""Pre-check-in through the web server (issue 13.7): each step done
separately and shown as done (contact confirmed or edited with the
profile's rules, insurance confirmed or a change with card photos sent to
billing review and never applied, the copay's hand-off form to /pay/start,
documents shown in full and signed by typed name and the statement, with
the exact text and its SHA-256, printable afterwards; the first signature
stands). Attacks: another patient's visit, a visit 31 days out, a
cancelled one, a teen's parent and a confidential visit (each the same
answer as a missing one, or the rule's words, and audited), a non-image
disguised as a JPEG card photo, an oversized photo; bad input comes back
in the form, nothing saved."""

import hashlib
import re
import struct
import zlib

import visitdata as vd
from family import count, new_family

INSTANCE = {'conf': {'scrypt_n': 1024}}

BODY = ('I consent to the examination and treatment of my child.\n\n'
        'I understand that <b>this</b> is not markup & stays as typed.')
NOT_SEEN = 'There is no such visit, or it is not one you can see.'


def png():
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    return (b'\x89PNG\r\n\x1a\n' +
            chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(b'\x00\xff\x00\x00')) +
            chunk(b'IEND', b''))


def account_id(instance, addr):
    return count(instance, 'SELECT id FROM accounts WHERE email = ?', addr)


def setup_visit(instance, mrn, days=5, copay=2500, docs=1, **kw):
    cid = vd.clinic(instance)
    tid = vd.visit_type(instance, cid, copay_cents=copay)
    dids = [vd.document(instance, tid, title=f'Consent {i + 1}', body=BODY)
            for i in range(docs)]
    vid = vd.visit(instance, mrn, cid, vd.now() + days * vd.DAY, type_id=tid,
                   **kw)
    return vid, tid, dids


def page(c, vid, status=200):
    r = c.get(f'/visits/checkin/?v={vid}')
    assert r.status == status, (r.status, r.text)
    return r


def csrf(c, vid):
    return re.search(r'name="csrf" value="([^"]+)"', page(c, vid).text).group(1)


def step_done(r, label):
    m = re.search(re.escape(label) + r'</a>: <strong[^>]*>([^<]+)<', r.text)
    assert m, r.text
    return m.group(1) == 'Done'


def refusals(instance, vid):
    return count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'checkin.refused' AND detail = ?",
                 f'asked v={vid} verdict=not_seen')


def test_each_step_separately(instance):
    c, p, addr = new_family(instance)
    vid, tid, (did,) = setup_visit(instance, p['mrn'])
    pid = vd.patient_id(instance, p['mrn'])
    instance.execute("INSERT INTO coverages (patient_id, payer, plan, "
                     "member_id, source, updated) VALUES (?, 'Blue Harbor', "
                     "'PPO', 'XJ12345', 'billing', 0)", pid)
    r = page(c, vid)
    for label in ('Contact information', 'Insurance', 'Copay',
                  'Documents to sign'):
        assert not step_done(r, label), label
    # The document in full, escaped; the copay's hand-off form.
    assert 'I understand that &lt;b&gt;this&lt;/b&gt; is not markup &amp; ' \
           'stays as typed.' in r.text
    assert 'Blue Harbor' in r.text and 'XJ12345' in r.text
    assert 'action="/pay/start"' in r.text and 'Pay $25.00' in r.text
    assert 'name="purpose" value="copay"' in r.text
    assert f'name="v" value="{vid}"' in r.text
    tok = csrf(c, vid)
    # Contact: "This is correct".
    r = c.post('/visits/checkin/contact', {'csrf': tok, 'v': vid,
                                           'do': 'confirm'})
    assert r.status == 303, r.text
    r = page(c, vid)
    assert step_done(r, 'Contact information')
    assert not step_done(r, 'Insurance')
    # Insurance: "This is correct".
    r = c.post('/visits/checkin/insurance', {'csrf': tok, 'v': vid,
                                             'do': 'confirm'})
    assert r.status == 303, r.text
    assert step_done(page(c, vid), 'Insurance')
    # Documents: the name must be typed and the statement ticked.
    shown = hashlib.sha256(BODY.encode()).hexdigest()
    sign = {'csrf': tok, 'v': vid, 'd': did, 'shown': shown,
            'signer': 'Pat Parent'}
    r = c.post('/visits/checkin/sign', sign)
    assert r.status == 422 and 'I have read this document' in r.text, r.text
    assert 'value="Pat Parent"' in r.text
    r = c.post('/visits/checkin/sign', dict(sign, signer='', agree='1'))
    assert r.status == 422 and 'Type your full name' in r.text
    assert count(instance, 'SELECT count(*) FROM visit_signatures WHERE '
                 'visit_id = ?', vid) == 0
    r = c.post('/visits/checkin/sign', dict(sign, agree='1'))
    assert r.status == 303, r.text
    row = instance.query('SELECT signer_name, body, sha256, account_id FROM '
                         'visit_signatures WHERE visit_id = ?', vid)[0]
    assert row[0] == 'Pat Parent' and row[1] == BODY and row[2] == shown
    assert int(row[3]) == account_id(instance, addr)
    r = page(c, vid)
    assert step_done(r, 'Documents to sign')
    assert not step_done(r, 'Copay')
    # Signing again: the first stands.
    r = c.post('/visits/checkin/sign', dict(sign, agree='1',
                                             signer='Someone Else'))
    assert count(instance, 'SELECT count(*) FROM visit_signatures WHERE '
                 'visit_id = ?', vid) == 1
    assert instance.value('SELECT signer_name FROM visit_signatures WHERE '
                          'visit_id = ?', vid) == 'Pat Parent'
    # Printable afterwards, with the signer, the time and the hash.
    r = c.get(f'/visits/checkin/signed?v={vid}&d={did}')
    assert r.status == 200 and shown in r.text and 'Pat Parent' in r.text
    assert '&lt;b&gt;this&lt;/b&gt;' in r.text
    # Each step audited.
    for a in ('checkin.contact', 'checkin.insurance', 'checkin.sign',
              'checkin.documents', 'checkin.view'):
        assert count(instance, 'SELECT count(*) FROM audit WHERE '
                     'action = ? AND patient_id = ?', a, pid) >= 1, a
    # The copay's step shows as done when the payment program marks it.
    vd.done_steps(instance, vid, account_id(instance, addr), 'copay')
    r = page(c, vid)
    assert step_done(r, 'Copay') and 'Pre-check-in is complete' in r.text


def test_contact_edit_uses_the_profile_rules(instance):
    c, p, addr = new_family(instance)
    vid, _, _ = setup_visit(instance, p['mrn'], copay=0, docs=0)
    tok = csrf(c, vid)
    bad = {'csrf': tok, 'v': vid, 'do': 'edit', 'address1': '1 Main St',
           'city': 'Boston', 'state': 'ZZ', 'postal': '0211',
           'phone_mobile': '', 'preferred': 'text'}
    r = c.post('/visits/checkin/contact', bad)
    assert r.status == 422, r.text
    assert "two-letter code" in r.text and 'ZIP code of 5 digits' in r.text
    assert 'value="1 Main St"' in r.text and 'value="ZZ"' in r.text
    assert count(instance, "SELECT count(*) FROM visit_checkins WHERE "
                 "visit_id = ?", vid) == 0
    # 'text' needs a mobile number.
    r = c.post('/visits/checkin/contact', dict(bad, state='ma',
                                               postal='02115'))
    assert r.status == 422 and 'Enter a mobile number' in r.text, r.text
    r = c.post('/visits/checkin/contact', dict(bad, state='ma',
                                               postal='021155737',
                                               phone_mobile='617 555 0199'))
    assert r.status == 303, r.text
    row = instance.query('SELECT state, postal, preferred, phone_mobile FROM '
                         'accounts WHERE email = ?', addr)[0]
    assert list(row) == ['MA', '02115-5737', 'text', '617 555 0199']
    r = page(c, vid)
    assert step_done(r, 'Contact information')


def test_insurance_change_goes_to_review(instance):
    c, p, addr = new_family(instance)
    vid, _, _ = setup_visit(instance, p['mrn'], copay=0, docs=0)
    tok = csrf(c, vid)
    f = {'csrf': tok, 'v': vid, 'do': 'change', 'payer': 'Harbor Health',
         'member_id': 'HH-77', 'subscriber': 'Pat Parent',
         'relationship': 'parent'}
    # No coverage on file: "This is correct" is not possible.
    r = c.post('/visits/checkin/insurance', {'csrf': tok, 'v': vid,
                                             'do': 'confirm'})
    assert r.status == 422 and 'no insurance on file' in r.text
    # An HTML file named card.jpg and sent as image/jpeg.
    html = b'<html><script>alert(1)</script></html>'
    r = c.post('/visits/checkin/insurance', f,
               files=[('front', ('card.jpg', html, 'image/jpeg')),
                      ('back', ('back.png', png(), 'image/png'))])
    assert r.status == 422 and 'not a JPEG or PNG photo' in r.text, r.text
    assert 'value="HH-77"' in r.text and 'value="Harbor Health"' in r.text
    # Larger than 5 MB.
    big = png() + b'\0' * (5 * 1024 * 1024)
    r = c.post('/visits/checkin/insurance', f,
               files=[('front', ('card.png', big, 'image/png')),
                      ('back', ('back.png', png(), 'image/png'))])
    assert r.status == 422 and 'larger than 5 MB' in r.text, r.status
    # A missing member id.
    r = c.post('/visits/checkin/insurance', dict(f, member_id=''),
               files=[('front', ('card.png', png(), 'image/png')),
                      ('back', ('back.png', png(), 'image/png'))])
    assert r.status == 422 and 'Enter the member ID' in r.text
    assert count(instance, 'SELECT count(*) FROM insurance_changes WHERE '
                 'visit_id = ?', vid) == 0
    r = c.post('/visits/checkin/insurance', f,
               files=[('front', ('card.png', png(), 'image/png')),
                      ('back', ('back.png', png(), 'image/png'))])
    assert r.status == 303, r.text
    row = instance.query('SELECT status, visit_id, front_mime, payer FROM '
                         'insurance_changes WHERE visit_id = ?', vid)[0]
    assert row[0] == 'pending' and int(row[1]) == vid
    assert row[2] == 'image/png' and row[3] == 'Harbor Health'
    # Never applied: no coverage appears.
    assert count(instance, 'SELECT count(*) FROM coverages WHERE '
                 'patient_id = ?', vd.patient_id(instance, p['mrn'])) == 0
    r = page(c, vid)
    assert step_done(r, 'Insurance')
    assert 'Change submitted for review' in r.text


def test_refusals(instance):
    c, p, addr = new_family(instance)
    other, q, _ = new_family(instance)
    theirs, _, _ = setup_visit(instance, q['mrn'])
    # Another patient's visit: the same answer as a missing one, audited.
    r = page(c, theirs, 404)
    assert NOT_SEEN in r.text
    missing = page(c, 999999, 404)
    assert NOT_SEEN in missing.text
    assert refusals(instance, theirs) == 1
    tok = csrf(other, theirs)
    mine_tok = re.search(r'name="csrf" value="([^"]+)"',
                         c.get('/account/').text).group(1)
    r = c.post('/visits/checkin/contact', {'csrf': mine_tok, 'v': theirs,
                                           'do': 'confirm'})
    assert r.status == 404 and NOT_SEEN in r.text
    assert count(instance, 'SELECT count(*) FROM visit_checkins WHERE '
                 'visit_id = ?', theirs) == 0
    assert tok
    # 31 days out; cancelled.
    far, _, _ = setup_visit(instance, p['mrn'], days=31)
    r = page(c, far, 409)
    assert 'opens 30 days before' in r.text
    gone, _, _ = setup_visit(instance, p['mrn'], status='cancelled')
    r = page(c, gone, 409)
    assert 'not upcoming' in r.text
    r = c.post('/visits/checkin/contact', {'csrf': mine_tok, 'v': gone,
                                           'do': 'confirm'})
    assert r.status == 409
    assert count(instance, 'SELECT count(*) FROM visit_checkins WHERE '
                 'visit_id = ?', gone) == 0
    # A signed document of another family's visit, or one not signed.
    assert c.get(f'/visits/checkin/signed?v={theirs}&d=1').status == 404
    mine, _, (d,) = setup_visit(instance, p['mrn'])
    r = c.get(f'/visits/checkin/signed?v={mine}&d={d}')
    assert r.status == 404 and NOT_SEEN in r.text
    # Without the session's CSRF token nothing is done.
    r = c.post('/visits/checkin/contact', {'v': mine, 'do': 'confirm'})
    assert r.status == 403, r.status
    assert count(instance, 'SELECT count(*) FROM visit_checkins WHERE '
                 'visit_id = ?', mine) == 0
    # Malformed ids.
    for bad in ('abc', '-1', '1e9', '99999999999999999999', ''):
        assert c.get(f'/visits/checkin/?v={bad}').status == 404, bad


def test_teen_parent_and_confidential_visit(instance):
    c, p, addr = new_family(instance, years=15)
    vid, _, _ = setup_visit(instance, p['mrn'], confidential=1)
    r = page(c, vid, 404)
    assert NOT_SEEN in r.text
    assert refusals(instance, vid) == 1
    plain, _, _ = setup_visit(instance, p['mrn'])
    page(c, plain, 200)
