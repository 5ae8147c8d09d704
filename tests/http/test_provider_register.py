"""A clinician's application to the provider portal and the provisioning
queue, through the web server (P-REG 1-2, issue 11.1-2): register with an
uploaded PDF and PNG and a document to fax; provisioning staff see it,
open the documents (inline, only as their sniffed type), mark the fax
received and approve with sponsorship, which e-mails a set-password link;
another application is rejected with a reason; bad input keeps what was
typed and stores nothing; an address or NPI on file gets the same answer
and no second account; staff without the provisioning role are refused."""

import re
import struct
import zlib

from family import count, ctl, mail_to, unique_email
from harness import Client

S = {}
PDF = b'%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'
HTML_PDF = b'<!doctype html><html><body><script>alert(1)</script></body></html>\n'
_seq = [100000]


def png():
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    return (b'\x89PNG\r\n\x1a\n' +
            chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(b'\x00\xff\x00\x00')) +
            chunk(b'IEND', b''))


def npi():
    """A new NPI with a good check digit (Luhn over 80840 + 9 digits)."""
    _seq[0] += 1
    body = '1' + f'{_seq[0]:08d}'
    digits = [int(d) for d in '80840' + body]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def bad_npi(good):
    return good[:9] + str((int(good[9]) + 1) % 10)


def staff_client(instance, username, role):
    ctl(instance, 'staff', 'add', '--username', username, '--name',
        username.title(), '--role', role, input='Ledger5Walnut\n')
    c = Client(instance)
    f = c.get('/staff/login').form_fields('staff-login')
    f.update({'username': username, 'password': 'Ledger5Walnut'})
    r = c.post('/staff/login', f)
    assert r.status == 303, r.text
    return c


def setup(instance):
    instance.execute("INSERT INTO practices (name, address, phone, listed) "
                     "VALUES ('Brookline Pediatrics', '1 Main St, Brookline', "
                     "'(617) 555-0101', 1)")
    S['listed'] = count(instance, "SELECT id FROM practices WHERE name = ?",
                        'Brookline Pediatrics')
    S['prov'] = staff_client(instance, 'provisioner', 'provisioning')
    S['verifier'] = staff_client(instance, 'verifier1', 'verifier')


def fields(c, **over):
    page = c.get('/provider/register')
    assert page.status == 200, page.text
    f = page.form_fields('register')
    f.update({'credential': 'MD', 'given': 'Rosa', 'family': 'Lindqvist',
              'npi': npi(), 'specialty': 'Pediatrics',
              'practice': str(S['listed']), 'email': unique_email('rosa'),
              'phone': '(617) 555-0199', 'agreement_how': 'upload',
              'identity_how': 'upload'})
    f.update(over)
    return {k: v for k, v in f.items() if v is not None}


def good_files(**over):
    files = {'agreement_file': ('agreement.pdf', PDF, 'application/pdf'),
             'identity_file': ('licence.png', png(), 'image/png')}
    files.update(over)
    return {k: v for k, v in files.items() if v is not None}


def apply(c, f, files):
    return c.post('/provider/register', f, files=files)


def app_id(instance, email):
    return count(instance, "SELECT id FROM provider_accounts WHERE email = ?",
                 email)


def decide(s, app, **extra):
    page = s.get('/staff/providers/')
    f = {'csrf': page.form_fields()['csrf'], 'id': str(app)}
    f.update(extra)
    return s.post('/staff/providers/decide', f)


def test_register_upload_fax_then_approve(instance):
    c = Client(instance)
    f = fields(c, sponsor='1', sponsorship_how='fax', practice='new',
               practice_name='Riverside Kids Clinic',
               practice_address='9 River Rd, Newton',
               practice_phone='(617) 555-0123', practice_fax='(617) 555-0124')
    r = apply(c, f, good_files())
    assert r.status == 303 and r.location.endswith('/provider/register/sent'), r.text
    sent = c.get(r.location)
    assert sent.status == 200 and '(617) 730-0000' in sent.text, sent.text
    assert 'business days' in sent.text and 'cover sheet' in sent.text

    mail = mail_to(instance, f['email'], 'application')
    assert mail is not None and 'sponsorship agreement' in mail.body, mail
    assert '(617) 730-0000' in mail.body and f['npi'] in mail.body, mail.body
    app = app_id(instance, f['email'])
    assert count(instance, "SELECT status FROM provider_accounts WHERE id = ?",
                 app) == 'pending'
    # A practice an applicant names is offered to no one until approval.
    assert count(instance, "SELECT listed FROM practices WHERE name = ?",
                 'Riverside Kids Clinic') == 0
    assert 'Riverside Kids Clinic' not in c.get('/provider/register').text
    assert count(instance, "SELECT count(*) FROM provider_documents WHERE "
                 "account_id = ?", app) == 3

    s = S['prov']
    q = s.get('/staff/providers/')
    assert q.status == 200, q.text
    assert f'Application {app}: Rosa Lindqvist, MD' in q.text, q.text
    assert 'Riverside Kids Clinic' in q.text and 'awaiting fax' in q.text
    links = re.findall(r'href="(/staff/providers/document\?id=\d+)"', q.text)
    assert len(links) >= 2, q.text

    # Each document opens inline as the type its bytes are, nothing more.
    seen = {}
    for link in links:
        d = s.get(link)
        assert d.status == 200, d.text
        seen[d.headers['Content-Type']] = d
    pdf = seen['application/pdf']
    assert pdf.body == PDF
    assert pdf.headers['X-Content-Type-Options'] == 'nosniff'
    assert pdf.headers['Content-Disposition'].startswith('inline; filename="')
    assert any('sandbox' in v for v in
               pdf.headers.getall('Content-Security-Policy')), pdf.headers
    assert seen['image/png'].body == png()
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'provider.document_view' AND actor LIKE 'staff:%'") >= 2

    # Not before the faxed document has arrived.
    r = decide(s, app, decision='approve', sponsor='yes')
    assert r.status == 422 and 'awaited by fax' in r.text, r.text
    doc = count(instance, "SELECT id FROM provider_documents WHERE account_id = ? "
                "AND kind = 'sponsorship'", app)
    r = s.post('/staff/providers/fax', {'csrf': q.form_fields()['csrf'],
                                        'id': str(doc)})
    assert r.status == 303, r.text
    assert 'received by fax' in s.get('/staff/providers/').text
    assert count(instance, "SELECT fax_by FROM provider_documents WHERE id = ?",
                 doc) is not None

    r = decide(s, app, decision='approve', sponsor='yes')
    assert r.status == 303 and 'approved=1' in r.location, r.text
    row = instance.query("SELECT status, sponsor_granted, provider_id, decided_by "
                         "FROM provider_accounts WHERE id = ?", app)[0]
    assert row[0] == 'approved' and row[1] == 1 and row[2] and row[3], row
    assert count(instance, "SELECT listed FROM practices WHERE name = ?",
                 'Riverside Kids Clinic') == 1
    assert count(instance, "SELECT npi FROM providers WHERE id = ?",
                 row[2]) == f['npi']
    mail = mail_to(instance, f['email'], 'approved')
    assert mail is not None, instance.mails()
    assert re.search(r'/provider/setup#t=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+',
                     mail.body), mail.body
    code = re.search(r'#t=(\S+)', mail.body).group(1)
    instance.note_secret(code, 'setup link')
    assert count(instance, "SELECT count(*) FROM provider_links WHERE "
                 "account_id = ? AND purpose = 'setup'", app) == 1

    # Decided twice (another tab): said so, nothing changes.
    r = decide(s, app, decision='reject', reason='other')
    assert r.status == 409 and 'already decided' in r.text, r.text
    assert count(instance, "SELECT status FROM provider_accounts WHERE id = ?",
                 app) == 'approved'

    # A new link for an approved account without a password.
    q = s.get('/staff/providers/')
    assert 'Send a new link' in q.text
    r = s.post('/staff/providers/resend', {'csrf': q.form_fields()['csrf'],
                                           'id': str(app)})
    assert r.status == 303, r.text
    assert mail_to(instance, f['email'], 'provider portal password') is not None
    for action in ('provider.apply', 'provider.fax_received',
                   'provider.approve', 'provider.link_resent'):
        assert count(instance, "SELECT count(*) FROM audit WHERE action = ?",
                     action) >= 1, action


def test_reject_with_reason(instance):
    c = Client(instance)
    f = fields(c)
    assert apply(c, f, good_files()).status == 303
    app = app_id(instance, f['email'])
    s = S['prov']
    r = decide(s, app, decision='reject', reason='')
    assert r.status == 422 and 'Choose a reason' in r.text, r.text
    assert count(instance, "SELECT status FROM provider_accounts WHERE id = ?",
                 app) == 'pending'
    r = decide(s, app, decision='reject', reason='identity',
               note='The licence copy was cut off.')
    assert r.status == 303, r.text
    mail = mail_to(instance, f['email'], 'application')
    assert 'could not confirm your identity' in mail.body, mail.body
    assert 'The licence copy was cut off.' in mail.body
    assert count(instance, "SELECT status FROM provider_accounts WHERE id = ?",
                 app) == 'rejected'
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'provider.reject' AND detail LIKE ?", f'application {app},%') == 1


def test_bad_input_keeps_fields_and_stores_nothing(instance):
    c = Client(instance)
    before = count(instance, "SELECT count(*) FROM provider_accounts")
    docs = count(instance, "SELECT count(*) FROM provider_documents")
    good = fields(c)
    f = dict(good, npi=bad_npi(good['npi']))
    r = apply(c, f, good_files())
    assert r.status == 422 and 'does not check out' in r.text, r.text
    assert 'value="Lindqvist"' in r.text and 'value="Pediatrics"' in r.text
    assert 'choose the file again' in r.text

    r = apply(c, fields(c), good_files(
        agreement_file=('agreement.pdf', HTML_PDF, 'application/pdf')))
    assert r.status == 422 and 'not a PDF, PNG or JPEG' in r.text, r.text
    assert 'agreement.pdf' in r.text and '<script>alert' not in r.text

    big = PDF + b'0' * (11 * 1024 * 1024)
    r = apply(c, fields(c), good_files(
        identity_file=('scan.pdf', big, 'application/pdf')))
    assert r.status == 422 and 'larger than 10 MB' in r.text, r.text

    r = apply(c, fields(c, given='', specialty='', agreement_how=None),
              good_files(agreement_file=None))
    assert r.status == 422, r.text
    assert 'Enter your first name' in r.text and 'Enter the specialty' in r.text
    assert 'Choose whether you upload this document or fax it' in r.text

    r = apply(c, fields(c, practice='new'), good_files())
    assert r.status == 422, r.text
    assert re.search(r"Enter the practice(&#39;|&#x27;|')s name", r.text), r.text

    r = apply(c, fields(c, sponsor='1'), good_files())
    assert r.status == 422, r.text
    assert 'sponsorship agreement: Choose whether you upload' in r.text, r.text
    assert count(instance, "SELECT count(*) FROM provider_accounts") == before
    assert count(instance, "SELECT count(*) FROM provider_documents") == docs


def test_same_address_or_npi_twice(instance):
    c = Client(instance)
    f = fields(c)
    assert apply(c, f, good_files()).status == 303
    again = fields(c, email=f['email'])
    r = apply(c, again, good_files())
    assert r.status == 303 and r.location.endswith('/provider/register/sent')
    assert count(instance, "SELECT count(*) FROM provider_accounts WHERE "
                 "email = ?", f['email']) == 1
    assert count(instance, "SELECT count(*) FROM provider_accounts WHERE "
                 "npi = ?", again['npi']) == 0
    other = unique_email('someone')
    r = apply(c, fields(c, npi=f['npi'], email=other), good_files())
    assert r.status == 303 and r.location.endswith('/provider/register/sent')
    assert count(instance, "SELECT count(*) FROM provider_accounts WHERE "
                 "npi = ?", f['npi']) == 1
    assert app_id(instance, other) is None
    instance.deliver_mail()
    # The address on file is told (once a day, however many try); the
    # new address is not.
    assert len([m for m in instance.mails() if f['email'] in m.to and
                'already exists' in m.body]) == 1
    assert not [m for m in instance.mails() if other in m.to]


def test_staff_without_provisioning_role(instance):
    v = S['verifier']
    r = v.get('/staff/providers/')
    assert r.status == 403 and 'provider-portal applications' in r.text, r.text
    doc = count(instance, "SELECT min(id) FROM provider_documents WHERE "
                "data IS NOT NULL")
    assert v.get(f'/staff/providers/document?id={doc}').status == 403
    app = count(instance, "SELECT min(id) FROM provider_accounts WHERE "
                "status = 'pending'")
    csrf = v.get('/staff/').form_fields()['csrf']
    r = v.post('/staff/providers/decide', {'csrf': csrf, 'id': str(app),
                                           'decision': 'approve'})
    assert r.status == 403, r.text
    assert count(instance, "SELECT status FROM provider_accounts WHERE id = ?",
                 app) == 'pending'
    # Not signed in: the staff sign-in page.
    r = Client(instance).get('/staff/providers/')
    assert r.status == 303 and '/staff/login' in r.location, r


def test_provisioning_staff_land_on_their_queue(instance):
    r = S['prov'].get('/staff/')
    assert r.status == 303 and r.location.endswith('/staff/providers/'), r
    assert S['verifier'].get('/staff/').status == 200


def test_bad_and_unknown_ids(instance):
    s = S['prov']
    assert s.get('/staff/providers/document?id=abc').status == 400
    assert s.get('/staff/providers/document?id=99999999').status == 404
    r = decide(s, 99999999, decision='approve')
    assert r.status == 404 and 'no such application' in r.text, r.text
    r = decide(s, 'x1', decision='approve')
    assert r.status == 400, r.text
