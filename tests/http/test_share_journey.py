"""Issue 12, done when: a family and an outside specialist do every step of
both FAQs' sharing sections through the real web server (family FAQ "How do
I grant access to my specialist?"; provider FAQ "Health Records", "About
Specialist/Non-PCP Access", tokens, the saved list). Each test is one
person's way through the pages, following the links the pages show and
asserting what each user sees, the e-mails (never naming the patient) and
the moment access ends:

1. a family invites a specialist without an account (directory search,
   printable token with the MRN, the e-mailed token without it); the
   specialist registers, is approved, validates the token, finds and opens
   the record; the family sees the view and removes access while the
   record is open: the next page is refused, the saved list says so;
2. a family shares with a provider who has an account (e-mailed); a token
   for the same patient works once: a second provider is refused;
3. the PCP on file and a colleague of the practice see the patient; a PCP
   change (portalctl patient pcp) ends both at their next request;
4. "Request non-PCP access" (the family e-mailed, approves, the provider
   e-mailed) and "Request PCP access" (support e-mailed, staff Make PCP);
5. a parent of a 15-year-old and the teen each share: the parent's
   provider sees no confidential visit, the teen's does, and the parent
   sees neither the teen's share nor the views made through it;
6. a sponsored nurse sees exactly the sponsor's patients, and nothing once
   the sponsorship is switched off;
7. a patient without a family-portal account: the provider is told so and
   gets the printable sign-up sheet."""

import html
import itertools
import re
from datetime import datetime, timedelta, timezone

import ccda
from family import (confirm, ctl, login, mail_to, new_family, patient,
                    self_token, signup, token, unique_email)
from harness import Client, forms
from provider import PASSWORD, add_provider, plogin
from test_provider_register import (S as REG, app_id, apply, decide, fields,
                                    good_files, setup as reg_setup)
from test_provider_sponsor import new_staff, setup_fields

SUPPORT = 'mypatients-support@hospital.example.org'
INSTANCE = {'conf': {'scrypt_n': 1024, 'provider_support_email': SUPPORT}}

TOKEN_RE = re.compile(r'<code id="token">([0-9A-Z]{4}-[0-9A-Z]{4}-'
                      r'[0-9A-Z]{4}-[0-9A-Z]{4})</code>')
PW = 'Triage7Clipboard'		# the password the setup link's form sets
_seq = itertools.count(1)
S = {}


def npi():
    """A new valid NPI (Luhn over 80840 + 9 digits)."""
    body = '1' + f'{7000000 + next(_seq):08d}'
    total = 0
    for i, d in enumerate(reversed([int(x) for x in '80840' + body])):
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def nppes_entry(instance, given, family, email=None, practice=None,
                specialty='Pediatric Cardiology', org='Heart Clinic'):
    """A directory entry as the NPPES import makes it: (id, NPI)."""
    n = npi()
    instance.execute(
        'INSERT INTO providers (npi, given, family, credential, specialty, '
        'organization, city, state, family_key, email, practice_id, source) '
        "VALUES (?, ?, ?, 'MD', ?, ?, 'Hartford', 'CT', ?, ?, ?, 'nppes')",
        n, given, family, specialty, org, family.lower(), email, practice)
    return instance.value('SELECT id FROM providers WHERE npi = ?', n), n


def provider(instance, given, family, practice=None, **kw):
    """A provider of the directory given an approved account by hospital
    IT (portalctl provider add --npi: the account is linked to its entry,
    as approval links it), of practice, signed in: a dict with c, id,
    email, entry, npi."""
    entry, n = nppes_entry(instance, given, family, practice=practice, **kw)
    aid, email = add_provider(instance, None, PASSWORD, given, family,
                              '--credential', 'MD', '--npi', n)
    assert instance.value('SELECT provider_id FROM provider_accounts WHERE '
                          'id = ?', aid) == entry
    instance.execute('UPDATE provider_accounts SET practice_id = ? '
                     'WHERE id = ?', practice, aid)
    c = Client(instance)
    r = plogin(c, email)
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    return {'c': c, 'id': aid, 'email': email, 'entry': entry, 'npi': n,
            'name': f'{given} {family}'}


def link(page, text):
    """The href of the link whose text contains text."""
    for m in re.finditer(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', page.text,
                         re.S):
        if text in re.sub(r'<[^>]+>', '', m.group(2)):
            return html.unescape(m.group(1))
    raise AssertionError(f'no link "{text}" on {page.path}:\n{page.text}')


def follow(c, page, text):
    r = c.get(link(page, text))
    assert r.status == 200, (r.status, r.path, r.text)
    return r


def submit(c, page, action, match=None, **fields):
    """Posts the form of page with that action (and, if given, whose
    hidden fields include match) with fields filled in."""
    for f in forms(page.text):
        if f['action'] != action:
            continue
        if match and any(f['hidden'].get(k) != str(v)
                         for k, v in match.items()):
            continue
        data = dict(f['hidden'])
        data.update({k: str(v) for k, v in fields.items()})
        return c.post(action, data)
    raise AssertionError(f'no form {action} {match} on {page.path}')


def shown(c, r):
    """The page a redirect leads to (or r itself)."""
    if r.status == 303:
        r = c.get(r.location)
    assert r.status == 200, (r.status, r.path, r.text)
    return r


def main_text(page):
    t = page.text.split('<main', 1)[-1].split('</main>', 1)[0]
    return html.unescape(re.sub(r'<[^>]+>', ' ', t))


def rows(page, ul_id=None):
    """{patient id: text} of the patient rows of a page (of one list)."""
    t = page.text
    if ul_id:
        m = re.search(r'<ul[^>]*id="%s"[^>]*>(.*?)</ul>' % ul_id, t, re.S)
        t = m.group(1) if m else ''
    return {int(m.group(1)): m.group(2) for m in re.finditer(
        r'<li class="patient" id="patient-(\d+)">(.*?)</li>', t, re.S)}


def pid_of(instance, p):
    return instance.value('SELECT id FROM patients WHERE mrn = ?', p['mrn'])


def find(c, mrn):
    """The provider's search by MRN from the patients page."""
    home = c.get('/provider/')
    page = follow(c, home, 'Your patients')
    return shown(c, submit(c, page, '/provider/patients/search', mrn=mrn))


def family_share_page(c, pid):
    home = c.get('/account/')
    assert home.status == 200
    page = follow(c, home, 'Share record')
    if f'name="p" value="{pid}"' not in page.text:
        page = c.get(f'/account/share/?p={pid}')
    return page


def no_health_info(mail, p, named=False):
    """No health information; named: a mail to the family about the
    patient, which names it by first name only (issue 15.5)."""
    if named:
        assert p['given'] in mail.body, mail.body
    for what in (p['mrn'], p['family'], p['dob']) + (() if named else
                                                      (p['given'],)):
        assert what not in mail.body and what not in mail.subject, \
            (what, mail.subject, mail.body)


def setup(instance):
    reg_setup(instance)		# a listed practice, provisioning staff


def test_1_invite_without_account_register_validate_view_and_remove(instance):
    # The family: Manage Account -> Share record -> search -> invite.
    c, p, parent = new_family(instance)
    pid = pid_of(instance, p)
    doc = unique_email('rosa')
    entry, number = nppes_entry(instance, 'Rosa', 'Lindqvist', email=doc)
    page = family_share_page(c, pid)
    assert 'No provider outside' in page.text
    r = submit(c, page, '/account/share/search', family='lindq')
    assert r.status == 200, r.text
    assert f'id="entry-{entry}"' in r.text
    assert 'Does not use the provider portal yet' in r.text
    r = submit(c, r, '/account/share/token', match={'entry': entry})
    assert r.status == 200, r.text
    # The printable invitation: the token, the patient and the MRN, the
    # way to register and to validate.
    tok = TOKEN_RE.search(r.text).group(1)
    instance.note_secret(tok, 'invitation token')
    assert f'<dd id="mrn">{p["mrn"]}</dd>' in r.text
    assert '/provider/register' in r.text and 'Validate a token' in r.text
    assert 'cannot be shown again' in r.text and f'e-mailed' in r.text
    # The e-mail: the token, who invited, no MRN, no patient's name.
    mail = mail_to(instance, doc, 'invitation')
    assert mail is not None and tok in mail.body
    assert 'Pat Parent' in mail.body
    no_health_info(mail, p)
    # The share page lists the invitation, without the token.
    page = family_share_page(c, pid)
    assert 'Invitations waiting' in page.text and tok not in page.text

    # The specialist registers with her NPI and is approved.
    d = Client(instance)
    f = fields(d, given='Rosa', family='Lindqvist', npi=number, email=doc)
    r = apply(d, f, good_files())
    assert r.status == 303, r.text
    app = app_id(instance, doc)
    q = REG['prov'].get('/staff/providers/')
    assert f'Application {app}: Rosa Lindqvist' in q.text
    r = decide(REG['prov'], app, decision='approve')
    assert r.status == 303, r.text
    mail = mail_to(instance, doc, 'approved')
    setup_link = re.search(r'https?://[^/\s]+(/provider/setup#t=\S+)',
                           mail.body)[1]
    instance.note_secret(setup_link.split('#t=')[1], 'setup link')
    r = d.post('/provider/setup', setup_fields(d, setup_link))
    assert r.status == 200 and 'Your password is saved' in r.text, r.text
    r = plogin(d, doc, PW)
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    # Her account is her directory entry (by NPI).
    assert instance.value('SELECT provider_id FROM provider_accounts WHERE '
                          'id = ?', app) == entry

    # Before the token: not authorized.
    assert 'Not authorized' in rows(find(d, p['mrn']))[pid]
    # Validate a token (a link on the home page), with the MRN.
    home = d.get('/provider/')
    page = follow(d, home, 'Validate a token')
    r = submit(d, page, '/provider/patients/token', token=tok,
               mrn=p['mrn'])
    assert r.status == 303, (r.status, r.text)
    page = shown(d, r)
    assert 'The token was accepted' in page.text
    assert pid in rows(page, 'shared')
    assert 'Invitation token' in rows(page, 'shared')[pid]
    # The search shows the patient with the record's link; she saves it.
    res = find(d, p['mrn'])
    row = rows(res)[pid]
    assert 'Invitation token' in row and '/provider/record/' in row
    r = submit(d, res, '/provider/patients/save', match={'p': pid})
    assert r.status == 303
    saved = follow(d, d.get('/provider/'), 'Saved patients')
    assert pid in rows(saved) and 'Access ended' not in rows(saved)[pid]
    # The record: the summary and every section of its navigation.
    rec = follow(d, res, f"{p['given']} {p['family']}")
    assert p['mrn'] in rec.text and 'invitation token' in rec.text, rec.text
    nav = re.search(r'<nav aria-label="Record sections".*?</nav>', rec.text,
                    re.S).group(0)
    sections = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', nav)]
    assert len(sections) >= 5, nav
    for path in sections:
        assert d.get(path).status == 200, path
    labs = d.get(f'/provider/record/labs?p={pid}')
    assert labs.status == 200

    # The family sees who has seen the record: her, when, which section.
    home = c.get('/account/')
    viewers = follow(c, home, 'Who has seen the record')
    if f'value="{pid}"' not in viewers.text:
        viewers = c.get(f'/account/viewers/?p={pid}')
    text = main_text(viewers)
    assert 'Rosa Lindqvist' in text and 'Summary' in text, text
    assert re.search(r'\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d', text), text
    # The family removes her access (Share record page) while the record
    # is open on her screen.
    page = family_share_page(c, pid)
    g = instance.value('SELECT id FROM patient_shares WHERE patient_id = ? '
                       'AND revoked IS NULL', pid)
    assert f'id="grant-{g}"' in page.text and 'invitation token' in page.text
    assert 'No invitation is waiting' in page.text	# the token was used
    r = submit(c, page, '/account/share/revoke', match={'grant': g})
    assert r.status == 303, r.text
    assert 'Access was removed' in shown(c, r).text
    # Her next page: refused, nothing of the record.
    r = d.get(f'/provider/record/labs?p={pid}')
    assert r.status == 404 and p['given'] not in r.text, r.text
    assert 'Record not available' in r.text
    saved = follow(d, d.get('/provider/'), 'Saved patients')
    assert 'Access ended' in rows(saved)[pid]
    assert '/provider/record/' not in rows(saved)[pid]
    assert pid not in rows(d.get('/provider/patients/'), 'shared')
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'precord.refused' AND patient_id = ?", pid) == 1


def test_2_invite_a_provider_with_an_account_and_a_token_works_once(instance):
    c, p, _ = new_family(instance)
    pid = pid_of(instance, p)
    a = provider(instance, 'Ada', 'Zqaccount', org='Lung Clinic')
    b = provider(instance, 'Bo', 'Zqsecond')
    page = family_share_page(c, pid)
    r = submit(c, page, '/account/share/search', family='Zqaccount')
    assert 'Uses the provider portal' in r.text
    r = submit(c, r, '/account/share/invite', match={'entry': a['entry']})
    assert r.status == 303, r.text
    page = shown(c, r)
    assert 'Access was given' in page.text and 'Ada Zqaccount' in page.text
    mail = mail_to(instance, a['email'], 'shared a record')
    assert mail is not None and 'Patients shared with you' in mail.body
    no_health_info(mail, p)
    # She sees the patient among those shared with her, and the record.
    mine = a['c'].get('/provider/patients/')
    assert 'Shared by the family' in rows(mine, 'shared')[pid]
    rec = follow(a['c'], mine, f"{p['given']} {p['family']}")
    assert p['mrn'] in rec.text
    # A token (to someone not in the directory): the first provider to
    # validate it uses it; the second is refused.
    page = family_share_page(c, pid)
    r = submit(c, page, '/account/share/token', invitee='Ada Zqaccount')
    tok = TOKEN_RE.search(r.text).group(1)
    instance.note_secret(tok, 'invitation token')
    page = a['c'].get('/provider/patients/token')
    r = submit(a['c'], page, '/provider/patients/token', token=tok,
               mrn=p['mrn'])
    assert r.status == 303, r.text
    page = b['c'].get('/provider/patients/token')
    r = submit(b['c'], page, '/provider/patients/token', token=tok,
               mrn=p['mrn'])
    assert r.status == 422 and 'already been used' in r.text, r.text
    assert 'Not authorized' in rows(find(b['c'], p['mrn']))[pid]
    assert b['c'].get(f'/provider/record/?p={pid}').status == 404


def test_3_pcp_practice_access_and_its_loss(instance):
    practice = instance.query("INSERT INTO practices (name) VALUES "
                              "('Elm Street Pediatrics') RETURNING id")[0][0]
    pcp = provider(instance, 'Paula', 'Primary', practice)
    mate = provider(instance, 'Pete', 'Partner', practice)
    other = provider(instance, 'Olga', 'Otherpcp')
    p = patient(instance, 6)
    pid = pid_of(instance, p)
    ctl(instance, 'patient', 'pcp', p['mrn'], '--npi', pcp['npi'])
    assert 'You are the PCP on file' in rows(find(pcp['c'], p['mrn']))[pid]
    res = find(mate['c'], p['mrn'])
    assert 'Your practice is the PCP on file' in rows(res)[pid]
    for who in (pcp, mate):
        rec = follow(who['c'], find(who['c'], p['mrn']),
                     f"{p['given']} {p['family']}")
        assert 'primary care provider on file' in rec.text or \
            'practice' in rec.text, rec.text
    assert 'Not authorized' in rows(find(other['c'], p['mrn']))[pid]
    # The PCP on file changes: both are refused at their next request.
    ctl(instance, 'patient', 'pcp', p['mrn'], '--npi', other['npi'])
    for who in (pcp, mate):
        r = who['c'].get(f'/provider/record/notes?p={pid}')
        assert r.status == 404 and p['given'] not in r.text
        assert 'Not authorized' in rows(find(who['c'], p['mrn']))[pid]
    assert 'You are the PCP on file' in rows(find(other['c'], p['mrn']))[pid]


def test_4_requests_non_pcp_to_the_family_and_pcp_to_support(instance):
    c, p, parent = new_family(instance)
    pid = pid_of(instance, p)
    d = provider(instance, 'Nia', 'Zqrequester')
    res = find(d['c'], p['mrn'])
    assert 'Not authorized' in rows(res)[pid]
    ask = follow(d['c'], res, 'Request access to')
    assert 'Request non-PCP access' in ask.text
    r = submit(d['c'], ask, '/provider/patients/request',
               match={'kind': 'share'})
    assert r.status == 303, r.text
    assert 'e-mailed to the patient' in shown(d['c'], r).text
    mail = mail_to(instance, parent, 'asked to see a record')
    assert mail is not None and '/account/requests/' in mail.body
    no_health_info(mail, p, named=True)
    # The family approves from the link on the home page.
    page = follow(c, c.get('/account/'), 'Requests to see a record')
    assert 'Nia Zqrequester' in page.text
    r = submit(c, page, '/account/requests/decide', decision='approve')
    assert r.status == 303, r.text
    mail = mail_to(instance, d['email'], 'Access granted')
    assert mail is not None and 'approved' in mail.body
    no_health_info(mail, p)
    row = rows(find(d['c'], p['mrn']))[pid]
    assert '/provider/record/' in row
    mine = follow(d['c'], d['c'].get('/provider/patients/'), 'Your requests')
    assert re.search(r'Non-PCP access</td><td>[^<]*</td><td class="status">'
                     r'approved', mine.text, re.I), mine.text
    assert d['c'].get(f'/provider/record/?p={pid}').status == 200
    # The family sees the grant on the share page: "their request".
    assert 'their request, approved' in family_share_page(c, pid).text

    # Request PCP access: support is e-mailed; staff make the provider the
    # PCP on file; the provider is e-mailed and sees the patient as PCP.
    e = provider(instance, 'Pia', 'Zqpcp')
    ask = follow(e['c'], find(e['c'], p['mrn']), 'Request access to')
    r = submit(e['c'], ask, '/provider/patients/request',
               match={'kind': 'pcp'})
    assert r.status == 303, r.text
    assert 'sent to the provider support team' in shown(e['c'], r).text
    mail = mail_to(instance, SUPPORT, 'PCP access request')
    assert mail is not None and e['email'] in mail.body
    assert '/staff/pcp/' in mail.body
    no_health_info(mail, p)
    s = REG['prov']
    page = follow(s, s.get('/staff/providers/'), 'PCP requests')
    assert 'Pia Zqpcp' in page.text and p['mrn'] in page.text
    r = submit(s, page, '/staff/pcp/decide', decision='make')
    assert r.status == 303, r.text
    mail = mail_to(instance, e['email'], 'Access granted')
    assert mail is not None
    no_health_info(mail, p)
    assert 'You are the PCP on file' in rows(find(e['c'], p['mrn']))[pid]
    assert e['c'].get(f'/provider/record/?p={pid}').status == 200
    mine = e['c'].get('/provider/patients/requests')
    assert re.search(r'PCP access</td><td>[^<]*</td><td class="status">'
                     r'approved', mine.text, re.I), mine.text
    # The family sees the new PCP on file on the share page.
    assert 'Pia Zqpcp' in family_share_page(c, pid).text


def test_5_a_teen_shares_more_than_the_parent_and_privately(instance):
    now = datetime.now(timezone.utc)
    parent, teen = unique_email('wei'), unique_email('sofia')
    p = patient(instance, 15, [('parent', 'Wei', 'Chen', parent)],
                given='Sofia', family='Zqchen')
    pid = pid_of(instance, p)
    ccda.load(instance, 'routine', ccda.note(
        p, 'ROUTINE-NOTE-TEXT', now - timedelta(days=20)))
    ccda.load(instance, 'secret', ccda.note(
        p, 'CONFIDENTIAL-NOTE-TEXT', now - timedelta(days=15),
        confidential=True, visit='Confidential consult visit'))
    pc = Client(instance)
    assert signup(pc, token=token(instance, p['mrn']), dob=p['dob'],
                  given='Wei', family='Chen', email=parent).status == 303
    confirm(pc, instance, parent)
    assert login(pc, parent).status == 303
    tc = Client(instance)
    assert signup(tc, who='self', token=self_token(instance, p['mrn'], teen),
                  dob=p['dob'], given='Sofia', family='Zqchen',
                  email=teen).status == 303
    confirm(tc, instance, teen)
    assert login(tc, teen).status == 303
    ann = provider(instance, 'Ann', 'Zqparentpick')
    ben = provider(instance, 'Ben', 'Zqteenpick')
    for who, fam, c in ((ann, 'Zqparentpick', pc), (ben, 'Zqteenpick', tc)):
        page = family_share_page(c, pid)
        r = submit(c, page, '/account/share/search', family=fam)
        r = submit(c, r, '/account/share/invite', match={'entry': who['entry']})
        assert r.status == 303, r.text
    assert 'whole record, confidential care included' in \
        family_share_page(tc, pid).text
    # The parent's provider: no confidential visit; the teen's: all of it.
    a = ann['c'].get(f'/provider/record/visits?p={pid}')
    assert a.status == 200 and 'Confidential consult visit' not in a.text
    assert 'CONFIDENTIAL-NOTE-TEXT' not in \
        ann['c'].get(f'/provider/record/notes?p={pid}').text
    b = ben['c'].get(f'/provider/record/visits?p={pid}')
    assert b.status == 200 and 'Confidential consult visit' in b.text
    assert 'CONFIDENTIAL-NOTE-TEXT' in \
        ben['c'].get(f'/provider/record/notes?p={pid}').text
    # The parent sees neither the teen's share nor the views through it.
    page = main_text(family_share_page(pc, pid))
    assert 'Ann Zqparentpick' in page and 'Zqteenpick' not in page
    v = main_text(pc.get(f'/account/viewers/?p={pid}'))
    assert 'Ann Zqparentpick' in v and 'Zqteenpick' not in v
    # The teen sees both.
    v = main_text(tc.get(f'/account/viewers/?p={pid}'))
    assert 'Ann Zqparentpick' in v and 'Ben Zqteenpick' in v
    page = main_text(family_share_page(tc, pid))
    assert 'Ben Zqteenpick' in page and 'Ann Zqparentpick' in page


def test_6_a_sponsored_nurse_sees_the_sponsors_patients_until_off(instance):
    boss = provider(instance, 'Sam', 'Zqsponsor')
    ctl(instance, 'provider', 'sponsor', '--email', boss['email'], 'on')
    c, p, _ = new_family(instance)
    pid = pid_of(instance, p)
    q = patient(instance, 9)
    page = family_share_page(c, pid)
    r = submit(c, page, '/account/share/search', family='Zqsponsor')
    assert submit(c, r, '/account/share/invite',
                  match={'entry': boss['entry']}).status == 303
    _, _, nurse = new_staff(instance, boss['c'], 'Nell')
    mine = nurse.get('/provider/patients/')
    assert set(rows(mine, 'shared')) == \
        set(rows(boss['c'].get('/provider/patients/'), 'shared')) == {pid}
    assert 'on behalf of Sam Zqsponsor' in nurse.get('/provider/').text
    assert nurse.get(f'/provider/record/?p={pid}').status == 200
    qid = pid_of(instance, q)
    assert 'Not authorized' in rows(find(nurse, q['mrn']))[qid]
    # Provisioning switches the sponsorship off: the nurse's next request
    # is refused.
    ctl(instance, 'provider', 'sponsor', '--email', boss['email'], 'off')
    r = nurse.get(f'/provider/record/?p={pid}')
    assert r.status in (303, 403, 404) and p['given'] not in r.text, r.text
    r = nurse.get('/provider/patients/')
    assert r.status == 303 and '/provider/login' in r.location
    # The sponsor keeps their own access.
    assert boss['c'].get(f'/provider/record/?p={pid}').status == 200


def test_7_no_family_account_the_provider_gets_the_sign_up_sheet(instance):
    d = provider(instance, 'Ida', 'Zqnoaccount')
    p = patient(instance, 4, [('parent', 'Lee', 'Nobody', None)])
    pid = pid_of(instance, p)
    res = find(d['c'], p['mrn'])
    row = rows(res)[pid]
    assert 'No family-portal account' in row and 'Not authorized' in row
    sheet = follow(d['c'], res, 'sign-up instructions')
    assert 'activation token' in sheet.text and 'Share record' in sheet.text
    # The address it prints is a page that exists (on every server).
    url = re.search(r'id="signup-url">([^<]+)<', sheet.text).group(1)
    path = re.sub(r'^https?://[^/]+', '', url)
    signup_page = Client(instance).get(path, follow=True)
    assert signup_page.status == 200 and 'id="signup"' in signup_page.text, \
        (url, signup_page.status)
    ask = follow(d['c'], res, 'Request access to')
    assert 'id="no-holder"' in ask.text and 'id="ask-share"' not in ask.text
    assert 'printable sign-up instructions' in ask.text


def test_8_a_provider_it_adds_by_npi_is_in_the_directory(instance):
    # Not in the directory yet: portalctl provider add --npi makes the
    # entry (as approval does); the family finds and shares with them.
    n = npi()
    aid, email = add_provider(instance, None, PASSWORD, 'Hal', 'Zqitadded',
                              '--credential', 'DO', '--npi', n)
    c, p, _ = new_family(instance)
    pid = pid_of(instance, p)
    page = family_share_page(c, pid)
    r = submit(c, page, '/account/share/search', npi=n)
    assert 'Hal Zqitadded, DO' in r.text, r.text
    assert 'Uses the provider portal' in r.text
    entry = instance.value('SELECT provider_id FROM provider_accounts '
                           'WHERE id = ?', aid)
    r = submit(c, r, '/account/share/invite', match={'entry': entry})
    assert r.status == 303, r.text
    assert mail_to(instance, email, 'shared a record') is not None
    d = Client(instance)
    assert plogin(d, email).status == 303
    assert pid in rows(d.get('/provider/patients/'), 'shared')


def test_portalctl_policy_prints_the_provider_rules_readably(instance):
    out = ctl(instance, 'policy')
    for part in ('PROVIDER PORTAL: WHO SEES A PATIENT', 'WHAT A PROVIDER SEES',
                 'SHARING WITH PROVIDERS', 'WHO HAS SEEN THE RECORD',
                 'PROVIDER PORTAL: WHO MAY SIGN IN'):
        assert part in out, part
    text = ' '.join(out.split())
    for rule in ('a parent of a 13-17-year-old: not the teen\'s own shares, '
                 'nor the views made through them.',
                 'it counts only while the giver may still share that scope',
                 'An invitation token is validated once, by one '
                 'provider, with the MRN it was issued for'):
        assert rule in text, rule
    long = [line for line in out.splitlines() if len(line) > 78]
    assert long == [], long


def test_the_token_page_tells_the_configured_months(instance):
    d = provider(instance, 'Tia', 'Zqmonths')
    page = d['c'].get('/provider/patients/token')
    assert 'for 6 months after the family issued it' in page.text
    instance.set_conf(invite_token_months=3)
    page = d['c'].get('/provider/patients/token')
    assert 'for 3 months after the family issued it' in page.text, page.text


def test_audit_chain_holds(instance):
    rc, out, _ = instance.portalctl('audit', 'verify')
    assert rc == 0, out
