"""Issue 14's "Done when", end to end through the real web server and the
stand-in processor, as a family and billing staff use it: a parent (the
guarantor) of a young child and of a 15-year-old keeps the contact details
current (applied at once), changes the e-mail address (the link; the old
address told), sees each child's PCP read-only, sees the insurance summary
(from the billing system) and reports a change with card photos; billing
staff approve it in their queue; the family sees it applied and gets an
e-mail without health information. Statements from the billing system
(`portalctl statements import`, idempotent): the family sees the balance,
the statement, its printable page and its PDF with the billing contact,
never the teen's confidential line (nor its amounts in any sum), pays part
of the balance on the stand-in's page (receipt without health information,
the new balance), and a declined and a cancelled payment change nothing.
The other parent (not the guarantor) and the teen's own account see no
statement. The card number typed at the stand-in reaches nothing the
portal received or stored: its logs, its database, the stand-in's own log
of what it sent the portal, the result the browser brings back."""

import re
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from family import (PASSWORD, Client, confirm, count, ctl, link_in, login,
                    mail_to, open_link, patient, self_token, signup, today,
                    token, unique_email)
from harness import PSQL, ROOT, forms, psql_env
from test_checkin import png
from test_pay import (CARD_NO, CARD_OK, back, notify, pay_on_standin,
                      standin_log)

INSTANCE = {'conf': {'scrypt_n': 1024}}

STAFF_PW = 'Ledger5Walnut!'
S = {}		# what one step hands the next


def jpeg():
    """A real 1x1 grey baseline JPEG: SOI, JFIF, DQT, SOF0, DHT, SOS, one
    block (DC 0, EOB), EOI."""
    seg = lambda m, body: bytes([0xff, m]) + (len(body) + 2).to_bytes(2, 'big') + body
    return (b'\xff\xd8' +
            seg(0xe0, b'JFIF\0\x01\x01\0\0\x01\0\x01\0\0') +
            seg(0xdb, b'\0' + b'\x01' * 64) +
            seg(0xc0, b'\x08\0\x01\0\x01\x01\x01\x11\0') +
            seg(0xc4, b'\x00' + b'\x01' + b'\0' * 15 + b'\x00') +
            seg(0xc4, b'\x10' + b'\x01' + b'\0' * 15 + b'\x00') +
            seg(0xda, b'\x01\x01\x00\x00\x3f\x00') + b'\x3f' + b'\xff\xd9')


def csrf(page):
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def follow_link(c, page, text):
    """Clicks the link whose text is `text` on page: (the response, href)."""
    m = re.search(r'<a href="([^"]+)"[^>]*>' + re.escape(text) + '</a>',
                  page.text)
    assert m, f'no link "{text}" on {page.path}'
    href = m.group(1).replace('&amp;', '&')
    r = c.get(href)
    assert r.status == 200, (href, r.status, r.text)
    return r, href


def visible(html):
    """What a person reads: tags dropped, entities of the text unescaped."""
    import html as h
    return ' '.join(h.unescape(re.sub(r'<[^>]+>', ' ', html)).split())


def pdf_text(body):
    assert body.startswith(b'%PDF-'), body[:20]
    if not shutil.which('pdftotext'):
        return body.decode('latin-1')
    with tempfile.NamedTemporaryFile(suffix='.pdf') as t:
        t.write(body)
        t.flush()
        # In drawing order, whitespace as a reader takes it: a wrapped
        # description reads on.
        return ' '.join(subprocess.run(['pdftotext', '-raw', t.name, '-'],
                                       capture_output=True,
                                       text=True).stdout.split())


def no_health_information(mail, *words, named=None):
    """No health information in mail; named: the patient it is about, whom
    it names by first name only (issue 15.5)."""
    if named is not None:
        assert named['given'] in mail.body, mail.body
    for p in (S['child'], S['teen']):
        for phi in (p['given'], p['family'], p['mrn'], p['dob']):
            if p is named and phi == p['given']:
                continue
            assert phi not in mail.body and phi not in mail.subject, \
                (phi, mail.subject, mail.body)
    for w in words:
        assert w not in mail.body and w not in mail.subject, (w, mail.body)


def setup(instance):
    """The family as the hospital has it on file: Dana (the guarantor) and
    Sam Rivera, parents of Lily (6) and of Sofia (15), who has an account
    of her own."""
    dana, sam, sofia = (unique_email('dana'), unique_email('sam'),
                        unique_email('sofia'))
    child = patient(instance, 6, [('parent', 'Dana', 'Rivera', dana),
                                  ('parent', 'Sam', 'Rivera', sam)],
                    given='Lily', family='Rivera')
    teen = patient(instance, 15, [('parent', 'Dana', 'Rivera', dana),
                                  ('parent', 'Sam', 'Rivera', sam)],
                   given='Sofia', family='Rivera')
    c = Client(instance)
    r = signup(c, token=token(instance, child['mrn']), dob=child['dob'],
               given='Dana', family='Rivera', email=dana)
    assert r.status == 303, r.text
    assert confirm(c, instance, dana).status == 200
    assert login(c, dana).status == 303
    f = c.get('/account/add').form_fields('add')
    f.update({'who': 'guardian', 'proof': 'token',
              'token': token(instance, teen['mrn']), 'dob': teen['dob']})
    r = c.post('/account/add', f)
    assert r.status == 303, r.text
    home = c.get('/account/').text
    assert 'Lily Rivera' in home and 'Sofia Rivera' in home, home
    o = Client(instance)
    r = signup(o, token=token(instance, child['mrn']), dob=child['dob'],
               given='Sam', family='Rivera', email=sam)
    assert r.status == 303, r.text
    assert confirm(o, instance, sam).status == 200
    assert login(o, sam).status == 303
    t = Client(instance)
    r = signup(t, who='self', token=self_token(instance, teen['mrn'], sofia),
               dob=teen['dob'], given='Sofia', family='Rivera', email=sofia)
    assert r.status == 303, r.text
    assert confirm(t, instance, sofia).status == 200
    assert login(t, sofia).status == 303
    for who in (child, teen):
        who['id'] = count(instance, 'SELECT id FROM patients WHERE mrn = ?',
                          who['mrn'])
    S.update(c=c, dana=dana, o=o, sam=sam, t=t, sofia=sofia, child=child,
             teen=teen)


# ---- 1. contact details, applied at once ----

def test_contact_details_applied_at_once(instance):
    c = S['c']
    home = c.get('/account/')
    page, _ = follow_link(c, home, 'Contact information')
    f = page.form_fields('profile')
    f.update({'email': S['dana'], 'address1': '40 Longwood Ave',
              'address2': 'Apt 2B', 'city': 'Boston', 'state': 'MA',
              'postal': '02115', 'phone_mobile': '(617) 555-0142',
              'phone_home': '', 'preferred': 'text'})
    r = c.post('/account/profile/', f)
    assert r.status == 303, r.text
    r = c.get(r.location)
    assert 'Your contact information was saved.' in r.text, r.text
    for v in ('40 Longwood Ave', 'Apt 2B', 'Boston', 'MA', '02115',
              '(617) 555-0142'):
        assert f'value="{v}"' in r.text, v
    assert re.search(r'value="text" checked', r.text)
    # Applied at once: a fresh sign-in on another device sees it.
    other = Client(instance)
    assert login(other, S['dana']).status == 303
    assert 'value="40 Longwood Ave"' in other.get('/account/profile/').text


# ---- 2. a new e-mail address, by its link; the old address told ----

def test_email_change_by_link(instance):
    c, old = S['c'], S['dana']
    new = unique_email('dana.new')
    page = c.get('/account/profile/')
    f = page.form_fields('profile')
    f['email'] = new
    f['password'] = PASSWORD
    r = c.post('/account/profile/', f)
    assert r.status == 303, r.text
    r = c.get(r.location)
    assert 'We sent a link to the new e-mail address' in r.text, r.text
    told = mail_to(instance, old, 'A change of your e-mail address')
    assert told is not None and new not in told.body
    no_health_information(told)
    mail = mail_to(instance, new, 'Confirm your new e-mail address')
    assert mail is not None
    no_health_information(mail)
    # Until the link is opened, the old address still signs in.
    assert login(Client(instance), old).status == 303
    anon = Client(instance)
    _, lf = open_link(anon, link_in(mail), 'confirm')
    r = anon.post('/account/profile/email', lf)
    assert r.status == 200 and 'Your e-mail address was changed' in r.text
    done = mail_to(instance, old, 'was changed')
    assert done is not None and new not in done.body
    no_health_information(done)
    # Signing in: the new address works, the old one no more.
    c2 = Client(instance)
    assert login(c2, new).status == 303
    r = login(Client(instance), old)
    assert r.status != 303, r.status
    assert f'value="{new}"' in c2.get('/account/profile/').text
    S['c'] = c2
    S['dana'] = new
    S['dana_old'] = old


# ---- 3. the PCP, read-only ----

def test_pcp_read_only_with_the_note(instance):
    ctl(instance, 'providers', 'import',
        str(ROOT / 'tests' / 'import' / 'nppes_sample.csv'))
    ctl(instance, 'patient', 'pcp', S['child']['mrn'], '--npi', '1987654328')
    r = S['c'].get('/account/profile/')
    assert r.status == 200, r.text
    pcp = visible(r.text.split('Primary care provider', 1)[1])
    assert re.search(r'Lily Rivera\s+Linh\b[^\n]*Nguyen', pcp), pcp
    assert re.search(r'Sofia Rivera\s+None on file', pcp), pcp
    assert "To update your PCP, contact your PCP's office." in pcp
    # Read-only: no field of the form names a PCP.
    for form in forms(r.text):
        assert not any('pcp' in k or 'npi' in k for k in
                       list(form['fields']) + list(form['hidden'])), form


# ---- 4. insurance: the summary, a change with card photos, billing's review ----

def test_insurance_change_reviewed_by_billing(instance):
    c, child, teen = S['c'], S['child'], S['teen']
    csv = ('mrn,rank,payer,plan,member_id,group_no,subscriber,relationship\n'
           f'{child["mrn"]},1,Harbor Health,Gold HMO,HH-100231,G-884,'
           'Dana Rivera,parent\n'
           f'{teen["mrn"]},1,Harbor Health,Gold HMO,HH-100232,G-884,'
           'Dana Rivera,parent\n')
    rc, out, err = instance.portalctl('insurance', 'import', '-', input=csv)
    assert rc == 0 and '2 added' in out, out + err
    # The FAQ's way: Billing, then Insurance Summary.
    bills = c.get('/billing/')
    assert bills.status == 200, bills.text
    summary, _ = follow_link(c, bills, 'Insurance summary')
    text = visible(summary.text)
    assert 'Lily Rivera' in text and 'Sofia Rivera' in text
    assert 'Primary insurance: Harbor Health' in text
    assert 'HH-100231' in text and 'HH-100232' in text
    assert 'our billing system' in text
    page, _ = follow_link(c, summary,
                          'Report a change of insurance for Lily Rivera')
    assert 'Report a change' in page.text
    form = [x for x in forms(page.text) if x['id'] == 'insurance-form'][0]
    replaces = re.search(r'<option value="(\d+)">Replaces Harbor Health',
                         page.text).group(1)
    f = dict(form['hidden'])
    f.update({'coverage': replaces, 'payer': 'Bay State Blue',
              'plan': 'Silver PPO', 'member_id': 'BSB-55123',
              'group_no': 'GRP-77', 'subscriber': 'Dana Rivera',
              'relationship': 'parent'})
    front, back_ = png(), jpeg()
    r = c.post('/account/insurance/report', f,
               files=[('front', ('front.png', front, 'image/png')),
                      ('back', ('back.jpg', back_, 'image/jpeg'))])
    assert r.status == 303, (r.status, r.text)
    r = c.get(r.location)
    assert 'Change submitted for review: waiting for our billing team' \
        in r.text, r.text
    # Not applied before billing decides.
    assert 'HH-100231' in visible(c.get('/account/insurance/').text)
    assert 'Primary insurance: Bay State Blue' not in \
        visible(c.get('/account/insurance/').text)

    # Billing staff review it in their queue.
    ctl(instance, 'staff', 'add', '--username', 'bea', '--name',
        'Bea Billing', '--role', 'billing', input=STAFF_PW + '\n')
    s = Client(instance)
    lf = s.get('/staff/login').form_fields('staff-login')
    lf.update({'username': 'bea', 'password': STAFF_PW})
    r = s.post('/staff/login', lf, follow=True)
    assert r.status == 200, (r.status, r.text)
    queue, _ = follow_link(s, r, 'Insurance changes')
    assert 'Lily Rivera' in queue.text and 'Bay State Blue' in queue.text
    m = re.search(r'<a href="(/staff/insurance/change\?id=\d+)">',
                  queue.text)
    change = s.get(m.group(1))
    assert change.status == 200, change.text
    cmp_ = visible(change.text)
    assert 'Harbor Health' in cmp_ and 'Bay State Blue' in cmp_
    assert 'HH-100231' in cmp_ and 'BSB-55123' in cmp_
    ph, _ = follow_link(s, change, 'Front of the card')
    assert ph.body == front and ph.headers['Content-Type'].startswith(
        'image/png'), ph.headers
    ph, _ = follow_link(s, change, 'Back of the card')
    assert ph.body == back_ and ph.headers['Content-Type'].startswith(
        'image/jpeg'), ph.headers
    approve = [x for x in forms(change.text)
               if x['action'] == '/staff/insurance/decide'][0]
    r = s.post('/staff/insurance/decide',
               dict(approve['hidden'], decision='approve'))
    assert r.status == 303, r.text
    queue = s.get('/staff/insurance/')
    assert 'No insurance changes are waiting.' in queue.text

    # The family sees it applied, and is e-mailed without health information.
    text = visible(c.get('/account/insurance/').text)
    lily = text.split('Lily Rivera', 1)[1].split('Sofia Rivera', 1)[0]
    assert 'Primary insurance: Bay State Blue' in lily, lily
    assert 'BSB-55123' in lily and 'GRP-77' in lily and 'Silver PPO' in lily
    assert 'a change you reported, approved' in lily
    assert 'Approved by our billing team' in lily
    assert 'HH-100231' not in lily
    assert 'HH-100232' in text		# Sofia's, untouched
    mail = mail_to(instance, S['dana'], 'insurance')
    assert mail is not None, [m.subject for m in instance.mails()]
    no_health_information(mail, 'Bay State Blue', 'BSB-55123', 'Harbor',
                          'HH-1002', named=S['child'])


# ---- 5. statements: balance, statement, printable page, PDF ----

CONF_DESC = 'Adolescent medicine consultation'
# Lily: 60 + 25; Sofia: 35, and 98 of confidential care. The account's
# balance is 218.00; the parent sees 120.00.
SHOWN = ('Office visit, general pediatrics', 'Rapid strep test',
         'Sports physical')
HIDDEN_AMOUNTS = ('$330.00', '$232.00', '$98.00', '$765.00', '$542.00',
                  '$218.00')


def statements_csv(st, acct, email):
    d = today()
    sdate, due = (d - timedelta(days=3)).isoformat(), \
        (d + timedelta(days=27)).isoformat()
    s1, s2 = (d - timedelta(days=40)).isoformat(), \
        (d - timedelta(days=33)).isoformat()
    lily, sofia = S['child']['mrn'], S['teen']['mrn']
    head = ('statement,guarantor_account,guarantor_name,guarantor_email,'
            'statement_date,due_date,balance,mrn,service_date,description,'
            'charges,insurance_paid,adjustments,patient_due,confidential\n')
    rows = [(lily, s1, SHOWN[0], '240.00', '180.00', '0.00', '60.00', 'N'),
            (lily, s1, SHOWN[1], '45.00', '20.00', '0.00', '25.00', 'N'),
            (sofia, s2, SHOWN[2], '150.00', '110.00', '5.00', '35.00', 'N'),
            (sofia, s2, CONF_DESC, '330.00', '232.00', '0.00', '98.00', 'Y')]
    return head + ''.join(
        f'{st},{acct},Dana Rivera,{email},{sdate},{due},218.00,{mrn},{sd},'
        f'"{desc}",{ch},{ins},{adj},{pd},{conf}\n'
        for mrn, sd, desc, ch, ins, adj, pd, conf in rows)


def test_statements_seen_printed_and_as_pdf(instance):
    c = S['c']
    path = instance.scratch / 'statements.csv'
    path.write_text(statements_csv('ST-J1001', 'GA-77001', S['dana']))
    rc, out, err = instance.portalctl('statements', 'import', str(path))
    assert rc == 0 and re.search(r'statements import: 1 statements in \d+ '
                                 r's: 1 new, 0 updated, 0 refused', out), \
        out + err
    rc, out, err = instance.portalctl('statements', 'import', str(path))
    assert rc == 0 and '0 new, 1 updated, 0 refused' in out, out + err
    assert count(instance, "SELECT count(*) FROM statements WHERE number = "
                 "'ST-J1001'") == 1
    home = c.get('/account/')
    bills, _ = follow_link(c, home, 'Bills')
    text = visible(bills.text)
    assert 'ST-J1001' in text and 'GA-77001' in text
    assert '$120.00' in text, text
    assert '617-355-3397' in text and 'Monday to Friday' in text
    for bad in HIDDEN_AMOUNTS + (CONF_DESC,):
        assert bad not in text, bad
    st, href = follow_link(c, bills, 'Statement ST-J1001')
    S['sid'] = int(href.split('=')[1])
    text = visible(st.text)
    for want in SHOWN + ('Lily Rivera', 'Sofia Rivera', '$435.00', '$310.00',
                         '$5.00', '$120.00', '617-355-3397',
                         'Monday to Friday'):
        assert want in text, (want, text)
    for bad in HIDDEN_AMOUNTS + (CONF_DESC, 'details not shown'):
        assert bad not in text, bad
    assert re.search(r'Due now\s+\$120\.00', text), text
    pr, _ = follow_link(c, st, 'Printable statement')
    text = visible(pr.text)
    for want in SHOWN + ('Statement ST-J1001', 'Dana Rivera', '$120.00',
                         '617-355-3397', 'Monday to Friday'):
        assert want in text, (want, text)
    for bad in HIDDEN_AMOUNTS + (CONF_DESC, 'details not shown'):
        assert bad not in text, bad
    pdf, _ = follow_link(c, st, 'Download as PDF')
    assert pdf.headers['Content-Type'] == 'application/pdf'
    assert 'Lily' not in pdf.headers.get('Content-Disposition', '')
    text = pdf_text(pdf.body)
    for want in SHOWN + ('Statement ST-J1001', 'Lily Rivera', '$435.00',
                         '$120.00', '617-355-3397', 'Monday to Friday'):
        assert want in text, (want, text)
    for bad in HIDDEN_AMOUNTS + (CONF_DESC, 'Adolescent'):
        assert bad not in text, bad
    # The table's headings read whole (no word broken across lines).
    assert 'Charges Insurance paid Adjustments You owe' in text, text


# ---- 6. paying part of it; a decline and a cancel change nothing ----

def due_now(c):
    text = visible(c.get('/billing/').text)
    m = re.search(r'ST-J1001 of \d+ [A-Z][a-z]+ \d{4}\s+\$([\d,.]+)\s+\$([\d,.]+)\s+'
                  r'\$([\d,.]+)', text)
    assert m, text
    return m.groups()		# balance, paid online since, due now


def receipts(instance):
    instance.deliver_mail()
    return [m for m in instance.mails()
            if S['dana'] in m.to and 'payment received' in m.subject.lower()]


def go_to_processor(c, amount, prefilled):
    """From the statement's pay form (its amount prefilled with what is
    due now) to the signed form for the processor: its fields."""
    st = c.get(f'/billing/s?s={S["sid"]}')
    form = [x for x in forms(st.text) if x['id'] == 'pay-form'][0]
    assert form['fields']['amount'] == prefilled, form
    r = c.post(form['action'], dict(form['hidden'], amount=amount))
    assert r.status == 200, (r.status, r.text)
    assert f'pay <strong>${amount}</strong> at Stand-in Payments' in r.text
    go = [x for x in forms(r.text) if x['id'] == 'pay-go'][0]
    assert go['action'] == c.instance.pay_url, go['action']
    return go['hidden']


def test_pay_part_of_the_balance(instance):
    c = S['c']
    assert due_now(c) == ('120.00', '0.00', '120.00')
    f = go_to_processor(c, '45.50', '120.00')
    res = pay_on_standin(instance, f, card=CARD_OK)
    S['results'] = [res]
    r = back(instance, res)
    assert r.status == 200 and 'Payment received' in r.text, r.text
    assert '$45.50' in r.text
    nxt, _ = follow_link(c, r, 'Back to the statement')
    assert re.search(r'Due now\s+\$74\.50', visible(nxt.text)), nxt.text
    assert due_now(c) == ('120.00', '45.50', '74.50')
    mails = receipts(instance)
    assert len(mails) == 1 and '$45.50' in mails[0].body, mails
    # Billing questions: the FAQ's Patient Billing number, not Support's.
    assert 'Patient Billing at 617-355-3397' in ' '.join(
        mails[0].body.split()), mails[0].body
    no_health_information(mails[0], *SHOWN, CONF_DESC, 'ST-J1001')
    # Also from My account's "Your payments".
    pays, _ = follow_link(c, c.get('/account/'), 'Your payments')
    assert 'bills paid online' in visible(c.get('/account/').text)
    pays = visible(pays.text)
    assert 'Statement ST-J1001' in pays and 'Paid' in pays
    # The processor's notification of the same result again: nothing new.
    assert notify(instance, res).text.strip() == 'duplicate'
    assert due_now(c) == ('120.00', '45.50', '74.50')


def test_declined_and_cancelled_change_nothing(instance):
    c = S['c']
    before = len(receipts(instance))
    f = go_to_processor(c, '20.00', '74.50')
    res = pay_on_standin(instance, f, card=CARD_NO)
    S['results'].append(res)
    r = back(instance, res)
    assert 'the card was declined. Nothing was charged.' in r.text, r.text
    assert due_now(c) == ('120.00', '45.50', '74.50')
    f = go_to_processor(c, '20.00', '74.50')
    res = pay_on_standin(instance, f, action='cancel')
    S['results'].append(res)
    r = back(instance, res)
    assert 'You cancelled the payment' in r.text, r.text
    assert due_now(c) == ('120.00', '45.50', '74.50')
    assert len(receipts(instance)) == before
    pays = visible(c.get('/pay/').text)
    assert 'Declined: not charged' in pays and 'Cancelled: not charged' \
        in pays


# ---- 7. who else sees the bill: nobody ----

def test_other_parent_and_teen_see_no_statement(instance):
    sid = S['sid']
    for who in ('o', 't'):
        c = S[who]
        r = c.get('/billing/')
        assert r.status == 200, r.text
        text = visible(r.text)
        assert 'There are no statements for your account.' in text, text
        assert 'ST-J1001' not in text and '$' not in text.split(
            'Billing statements', 1)[1].split('Your payments')[0], text
        for path in (f'/billing/s?s={sid}', f'/billing/print?s={sid}',
                     f'/billing/pdf?s={sid}'):
            r = c.get(path)
            assert r.status == 404, (who, path, r.status)
            assert 'There is no such statement' in r.text
            for bad in SHOWN + (CONF_DESC,):
                assert bad not in r.text
        r = c.post('/pay/start', {'csrf': csrf(c.get('/billing/')),
                                  'purpose': 'statement', 's': str(sid),
                                  'amount': '10.00'})
        assert r.status == 404 and 'no such statement' in r.text, r.text
        assert 'ST-J1001' not in c.get('/pay/').text


# ---- 8. no card data ever reaches the portal ----

def test_no_card_number_reaches_the_portal(instance):
    cards = []
    for n in (CARD_OK, CARD_NO):
        digits = n.replace(' ', '')
        cards += [n, digits, '-'.join(n.split())]
    # What the browser brought back and what the stand-in sent the portal.
    for res in S['results']:
        assert not any('card' in k for k in res), res
        assert not any(x in v for v in res.values() for x in cards), res
    log = standin_log(instance)
    refs = {res['req_reference_number'] for res in S['results']}
    sent = [e for e in log if e['reference'] in refs]
    assert len(sent) == 3, log
    for e in sent:
        assert not e['body_has_card'], e
        assert not any('card' in k for k in e['fields']), e
        assert e['status'] == 200, e
    # The portal's logs (web server, programs, audit writer).
    for p in instance.log_files():
        if p.name == 'payments.log':
            continue		# the stand-in's own, not the portal's
        text = p.read_text(errors='replace')
        for x in cards:
            assert x not in text, (p, x[:4])
    # The database: everything in it.
    dump = database_text(instance)
    assert dump, 'no database contents read'
    for x in cards:
        assert x not in dump, x[:4]
    assert 'BSB-55123' in dump		# the dump does hold what was typed


def database_text(instance):
    if instance.server_db:
        r = subprocess.run([str(Path(PSQL).parent / 'pg_dump'), '-d',
                            instance.database], capture_output=True,
                           env=psql_env(), timeout=120)
        assert r.returncode == 0, r.stderr
        return r.stdout.decode('utf-8', 'replace')
    out = []
    for name in ('portal.db', 'portal.db-wal', 'portal.db-journal'):
        p = Path(str(instance.database).replace('portal.db', name))
        if p.exists():
            out.append(p.read_bytes().decode('latin-1'))
    return ''.join(out)

