"""The demo hospital works as `portalctl demo` says (issue 7.12): every
sign-in it prints opens, the family's own patients' records open, and
every patient it lists can be signed up for with the printed token by a
person on file, whose record then opens (the foster parent, whom the
policy refuses, is refused with the reason). Its list of sign-ins (issue
16.5) names every account the demo made that can sign in (family, staff,
provider, sponsored: each the database holds), and each one does, on the
page printed beside it."""

import re

from family import PASSWORD, confirm, ctl, login
from harness import Client

OUT = {}

PATIENT = re.compile(r'^  (\S+) (\S+) \((.*)\), born (\S+), MRN (\S+), '
                     r'visit on (\S+)$')
TOKEN = re.compile(r'^    activation token(?: \([^)]*\))?: (\S+)$')
SELF = re.compile(r'^    self-access token \(\S+ only, with (\S+)\): (\S+)$')
ON_FILE = re.compile(r'^    on file: (\S+) (\S+) \((\w+)\)$')
SIGNIN = re.compile(r'^  (family|staff|provider|sponsored) +(/\S*) +(\S+) '
                    r'/ (\S+)  \S')


def setup(instance):
    OUT['text'] = ctl(instance, 'demo')


def listed():
    """The patients the printout lists, with their token and people."""
    out, cur = [], None
    for line in OUT['text'].splitlines():
        if (m := PATIENT.match(line)):
            cur = {'given': m[1], 'family': m[2], 'dob': m[4],
                   'mrn': m[5], 'people': []}
            out.append(cur)
        elif cur and (m := TOKEN.match(line)):
            cur['token'] = m[1]
        elif cur and (m := SELF.match(line)):
            cur['self'] = (m[1], m[2])
        elif cur and (m := ON_FILE.match(line)):
            cur['people'].append((m[1], m[2], m[3]))
    return out


def signins(kind=None):
    """The printed sign-ins: (kind, page, login, password)."""
    out = [m.groups() for m in map(SIGNIN.match, OUT['text'].splitlines())
           if m]
    return [x for x in out if kind is None or x[0] == kind]


def record_ids(page):
    return re.findall(r'href="/record/\?p=(\d+)"', page.text)


def test_printout_lists_everyone():
    pts = listed()
    assert len(pts) >= 6, OUT['text']
    assert all(p.get('token') and p['people'] for p in pts), pts
    assert {x[0] for x in signins()} == {'family', 'staff', 'provider',
                                         'sponsored'}, OUT['text']
    # The list comes last, after the patients, visits and statements.
    assert OUT['text'].rstrip().splitlines()[-1].startswith('  '), \
        OUT['text'][-500:]


def test_every_account_that_can_sign_in_is_printed(instance):
    """Each account in the database with a password is in the list, and
    the list names no other."""
    assert {x[2] for x in signins('family')} == \
        {r[0] for r in instance.query('SELECT email FROM accounts')}
    assert {x[2] for x in signins('staff')} == \
        {r[0] for r in instance.query('SELECT username FROM staff')}
    for kind in ('provider', 'sponsored'):
        assert {x[2] for x in signins(kind)} == {r[0] for r in instance.query(
            'SELECT email FROM provider_accounts WHERE kind = ? AND '
            'pw_hash IS NOT NULL', kind)}, kind


def test_each_printed_sign_in_signs_in(instance):
    """With the page printed beside it, the password printed, now."""
    form_of = {'/login/': ('login', 'email'),
               '/staff/login': ('staff-login', 'username'),
               '/provider/login': ('login', 'email')}
    for kind, page, who, pw in signins():
        c = Client(instance)
        form_id, field = form_of[page]
        f = c.get(page).form_fields(form_id)
        f.update({field: who, 'password': pw})
        r = c.post(page, f)
        assert r.status == 303, (kind, who, r.status, r.text[:300])
        assert not r.location.rstrip('/').endswith(page.rstrip('/')), \
            (kind, who, r.location)


def test_family_sign_in_opens_each_patient(instance):
    fams = signins('family')
    assert fams, OUT['text']
    for _, _, addr, pw in fams:
        c = Client(instance)
        r = login(c, addr, pw)
        assert r.status == 303 and r.location.endswith('/home/'), r.text
        home = c.get('/account/')
        ids = record_ids(home)
        assert ids, f'{addr}: no patient opens from My account'
        for pid in ids:
            r = c.get(f'/record/?p={pid}')
            assert r.status == 200, (addr, pid, r.status)
            r = c.get(f'/record/labs?p={pid}')
            assert r.status == 200, (addr, pid, r.status)
            # Each demo patient has insurance from the billing system.
            r = c.get(f'/account/insurance/?p={pid}')
            assert r.status == 200 and 'Primary insurance:' in r.text, \
                (addr, pid, r.status)


def test_staff_sign_ins(instance):
    pairs = [(x[2], x[3]) for x in signins('staff')]
    assert len(pairs) >= 2, OUT['text']
    for user, pw in pairs:
        c = Client(instance)
        f = c.get('/staff/login').form_fields('staff-login')
        f.update({'username': user, 'password': pw})
        r = c.post('/staff/login', f)
        assert r.status == 303, (user, r)
        # Each demo staff member reaches the work of their roles.
        page = {'verifier': '/staff/', 'nurse': '/inbox/',
                'privacy': '/staff/audit/'}[user]
        assert c.get(page).status == 200, (user, page)


def test_provider_sign_in(instance):
    docs = signins('provider') + signins('sponsored')
    assert docs, OUT['text']
    for _, _, email, _ in docs:
        assert instance.value('SELECT status FROM provider_accounts '
                              'WHERE email = ?', email) == 'approved'
    # The sponsored account is of a printed provider's office.
    for _, _, email, _ in signins('sponsored'):
        sponsor = instance.value(
            'SELECT s.email FROM provider_accounts a JOIN provider_accounts '
            's ON s.id = a.sponsor_id WHERE a.email = ?', email)
        assert sponsor in {x[2] for x in signins('provider')}, sponsor
    assert instance.value("SELECT count(*) FROM provider_accounts "
                          "WHERE status = 'pending'") >= 1


def test_foster_parent_is_refused_with_the_reason(instance):
    """Before the tokens are used: a refusal leaves the token usable."""
    foster = [p for p in listed()
              if any(x[2] == 'foster_parent' for x in p['people'])]
    assert foster, 'the demo lists no foster child'
    for p in foster:
        given, family, _ = [x for x in p['people']
                            if x[2] == 'foster_parent'][0]
        c = Client(instance)
        f = c.get('/signup/').form_fields('signup')
        f.update({'who': 'guardian', 'proof': 'token', 'token': p['token'],
                  'dob': p['dob'], 'given': given, 'family': family,
                  'email': f'{given}.foster@example.org'.lower(),
                  'password': PASSWORD, 'password2': PASSWORD})
        r = c.post('/signup/', f)
        assert r.status == 422 and 'caseworker' in r.text, r.text[:400]


def test_every_listed_patient_opens_for_a_person_on_file(instance):
    holders = ('parent', 'legal_guardian', 'dcf_caseworker')
    for p in listed():
        # Someone on file who has no account yet (the demo family's
        # address already has one).
        people = [x for x in p['people'] if x[2] in holders]
        assert people, p
        given, family, kind = people[-1]
        addr = f'{given}.{family}.{p["mrn"]}@example.org'.lower()
        c = Client(instance)
        page = c.get('/signup/')
        f = page.form_fields('signup')
        f.update({'who': 'guardian', 'proof': 'token', 'token': p['token'],
                  'dob': p['dob'], 'given': given, 'family': family,
                  'email': addr, 'password': PASSWORD,
                  'password2': PASSWORD})
        r = c.post('/signup/', f)
        assert r.status == 303, (p['mrn'], kind, r.text[:400])
        assert confirm(c, instance, addr).status == 200
        assert login(c, addr).status == 303
        ids = record_ids(c.get('/account/'))
        assert len(ids) == 1, (p['mrn'], kind)
        r = c.get(f'/record/?p={ids[0]}')
        assert r.status == 200 and p['given'] in r.text, (p['mrn'], r.status)


def test_self_access_tokens_open_the_patients_own_record(instance):
    """A teen listed with a self-access token signs up as themselves with
    the address the printout names, and sees their own record."""
    teens = [p for p in listed() if 'self' in p]
    assert teens, 'the demo prints no self-access token'
    for p in teens:
        addr, tok = p['self']
        c = Client(instance)
        f = c.get('/signup/').form_fields('signup')
        f.update({'who': 'self', 'proof': 'token', 'token': tok,
                  'dob': p['dob'], 'given': p['given'],
                  'family': p['family'], 'email': addr,
                  'password': PASSWORD, 'password2': PASSWORD})
        r = c.post('/signup/', f)
        assert r.status == 303, (p['mrn'], r.text[:400])
        assert confirm(c, instance, addr).status == 200
        assert login(c, addr).status == 303
        ids = record_ids(c.get('/account/'))
        assert len(ids) == 1, p['mrn']
        r = c.get(f'/record/?p={ids[0]}')
        assert r.status == 200 and p['given'] in r.text


def test_sharing_can_be_tried_with_the_demo_accounts(instance):
    """Issue 12: the demo family shares with a printed provider who has an
    account (not the PCP on file), who then sees the patient; another
    entry of the directory has none and is invited by token."""
    fam = signins('family')[0]
    doctors = [(x[2], x[3]) for x in signins('provider')]
    assert len(doctors) >= 2, OUT['text']
    c = Client(instance)
    assert login(c, fam[2], fam[3]).status == 303
    page = c.get('/account/share/')
    assert page.status == 200 and 'id="pcp"' in page.text
    csrf = page.form_fields('search')['csrf']
    pid = page.form_fields('search')['p']
    tried = 0
    for email, pw in doctors:
        given, family = instance.query(
            'SELECT given, family FROM provider_accounts WHERE email = ?',
            email)[0]
        r = c.post('/account/share/search', {'csrf': csrf, 'p': pid,
                                             'family': family})
        m = re.search(r'id="entry-(\d+)">(?:(?!</li>).)*Give access', r.text,
                      re.S)
        if not m:
            continue
        r = c.post('/account/share/invite', {'csrf': csrf, 'p': pid,
                                             'entry': m[1]})
        assert r.status == 303, r.text
        if 'done=pcp' in r.location:
            continue			# the PCP on file sees it already
        d = Client(instance)
        f = d.get('/provider/login').form_fields('login')
        f.update({'email': email, 'password': pw})
        assert d.post('/provider/login', f).status == 303
        shared = d.get('/provider/patients/')
        assert f'id="patient-{pid}"' in shared.text, shared.text
        assert d.get(f'/provider/record/?p={pid}').status == 200
        tried += 1
    assert tried, 'no printed provider account can be shared with'
    r = c.post('/account/share/search', {'csrf': csrf, 'p': pid,
                                         'family': 'Halvorsen'})
    assert 'Invite with a token' in r.text, r.text


def test_demo_family_has_a_bill_to_pay(instance):
    """make demo shows a bill to pay (issue 14.3): Maria Rivera's
    statement with its balance and the pay form."""
    assert 'Statement DEMO-S1001 for Maria Rivera' in OUT['text'], OUT['text']
    maria = [x for x in signins('family')
             if x[2] == 'maria.rivera@example.org']
    assert maria, OUT['text']
    c = Client(instance)
    assert login(c, maria[0][2], maria[0][3]).status == 303
    r = c.get('/billing/')
    assert r.status == 200 and 'DEMO-S1001' in r.text, r.text
    assert '$182.50' in r.text
    sid = re.search(r'href="/billing/s\?s=(\d+)"', r.text)[1]
    r = c.get(f'/billing/s?s={sid}')
    assert 'id="pay-form"' in r.text and 'Echocardiogram' in r.text
