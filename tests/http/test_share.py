"""The family's sharing with providers (issue 12.2; F-SHARE 1-2, P-TOKEN)
through the web server: the directory search ('%' and '_' are letters,
one letter is too little, an NPI, the cap), sharing with a provider who
has a portal account (a grant and an e-mail), an invitation token for one
who has none (a printable page with the token and the MRN, an e-mail
without the MRN), the list, removing access, cancelling a token; a
parent of a 15-year-old neither sees nor removes the teen's own share;
another family's patient, grant and token ids are "none such"; CSRF,
malformed ids, and what was typed comes back."""

import itertools
import re

from family import login, mail_to, new_family, unique_email
from harness import Client
from provider import add_provider

# Cheap scrypt hashes (the rules are what is tested).
INSTANCE = {'conf': {'scrypt_n': 1024}}

_seq = itertools.count(1)
TOKEN_RE = re.compile(r'\b([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-'
                      r'[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})\b')


def npi(n):
    """A valid NPI (Luhn over the 80840 prefix) made from a number."""
    base = f'{(100000000 + n) % 1000000000:09d}'
    base = '1' + base[1:]
    digits = [int(d) for d in '80840' + base]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return base + str((10 - total % 10) % 10)


def entry(instance, family, given='Robin', specialty='Pediatric Cardiology',
          city='Hartford', organization='Heart Clinic', with_account=False,
          email=None):
    """A directory entry (as the NPPES import will make them); with an
    approved provider-portal account if asked. Returns (id, npi, account
    address or None)."""
    n = next(_seq) + 5000
    number = npi(n)
    instance.execute(
        'INSERT INTO providers (npi, given, family, credential, specialty, '
        'organization, city, state, family_key, email, source) '
        "VALUES (?, ?, ?, 'MD', ?, ?, ?, 'CT', ?, ?, 'nppes')",
        number, given, family, specialty, organization, city, family.lower(),
        email)
    pid = instance.value('SELECT id FROM providers WHERE npi = ?', number)
    addr = None
    if with_account:
        acct, addr = add_provider(instance, given=given, family=family)
        instance.execute('UPDATE provider_accounts SET provider_id = ? '
                         'WHERE id = ?', pid, acct)
    return pid, number, addr


def patient_id(instance, mrn):
    return instance.value('SELECT id FROM patients WHERE mrn = ?', mrn)


def page(c, pid=None):
    r = c.get('/account/share/' + (f'?p={pid}' if pid else ''))
    assert r.status == 200, (r.status, r.text)
    return r


def csrf(c):
    return page(c).form_fields('search')['csrf']


def search(c, pid, **fields):
    f = {'csrf': csrf(c), 'p': str(pid)}
    f.update(fields)
    return c.post('/account/share/search', f)


def post(c, path, **fields):
    f = {'csrf': csrf(c)}
    f.update({k: str(v) for k, v in fields.items()})
    return c.post('/account/share/' + path, f)


def typed(r, name):
    """The value a text input of the page shows."""
    m = re.search(r'<input id="%s" name="%s"[^>]* value="([^"]*)"' %
                  (name, name), r.text)
    assert m, name
    return m.group(1)


def grants(instance, pid):
    return instance.query('SELECT id, provider_id, how, scope FROM '
                          'patient_shares WHERE patient_id = ? AND revoked '
                          'IS NULL ORDER BY id', pid)


def test_search_by_name_npi_and_the_cap(instance):
    c, p, _ = new_family(instance)
    pid = patient_id(instance, p['mrn'])
    fam = f'Zqsearch{next(_seq)}'
    e1, n1, _ = entry(instance, fam, given='Ann', with_account=True)
    e2, _, _ = entry(instance, fam + 'son', given='Bob')
    r = search(c, pid, family=fam[:5].upper())
    assert r.status == 200, r.text
    assert f'id="entry-{e1}"' in r.text and f'id="entry-{e2}"' in r.text
    assert 'Uses the provider portal' in r.text
    assert 'Does not use the provider portal yet' in r.text
    assert 'Heart Clinic' in r.text and 'Pediatric Cardiology' in r.text
    # The given name narrows.
    r = search(c, pid, family=fam, given='an')
    assert f'id="entry-{e1}"' in r.text and f'id="entry-{e2}"' not in r.text
    # An NPI alone, exactly.
    r = search(c, pid, npi=n1)
    assert r.status == 200 and f'id="entry-{e1}"' in r.text
    assert f'id="entry-{e2}"' not in r.text
    # Specialty (contained, any case) with a town.
    spec = f'Zqspec{next(_seq)}ology'
    e3, _, _ = entry(instance, f'Zqother{next(_seq)}', specialty=spec,
                     city='New Haven')
    r = search(c, pid, specialty=spec[2:9].lower(), city='new h')
    assert f'id="entry-{e3}"' in r.text, r.text
    # More than 25: the first 25 and "refine".
    many = f'Zqmany{next(_seq)}'
    for i in range(27):
        entry(instance, many, given=f'G{i:02d}')
    r = search(c, pid, family=many)
    assert r.status == 200
    assert r.text.count('class="result"') == 25
    assert 'Refine your search' in r.text


def test_search_wildcards_are_letters_and_one_letter_is_too_little(instance):
    c, p, _ = new_family(instance)
    pid = patient_id(instance, p['mrn'])
    entry(instance, f'Zqwild{next(_seq)}')
    for term in ('%%', '__', 'z%', 'Zq_wild'):
        r = search(c, pid, family=term)
        assert r.status == 200, (term, r.text)
        assert 'No provider in the directory matches' in r.text, term
        assert 'class="result"' not in r.text
    # A family name with a real '%' is found by it.
    odd = f'Zq%odd{next(_seq)}'
    e, _, _ = entry(instance, odd)
    r = search(c, pid, family='zq%o')
    assert f'id="entry-{e}"' in r.text
    # One letter: refused, and what was typed comes back.
    r = search(c, pid, family='Z', given='Ann', city='Hartf')
    assert r.status == 422
    assert 'at least two letters' in r.text
    assert (typed(r, 'family'), typed(r, 'given'), typed(r, 'city')) == \
        ('Z', 'Ann', 'Hartf')
    # Nothing at all, or a specialty without a town.
    assert search(c, pid).status == 422
    r = search(c, pid, specialty='cardio')
    assert r.status == 422 and typed(r, 'specialty') == 'cardio'
    # A malformed NPI.
    r = search(c, pid, npi='1234567890')
    assert r.status == 422 and typed(r, 'npi') == '1234567890'


def test_invite_with_an_account(instance):
    c, p, _ = new_family(instance)
    pid = patient_id(instance, p['mrn'])
    e, _, addr = entry(instance, f'Zqinv{next(_seq)}', with_account=True)
    r = post(c, 'invite', p=pid, entry=e)
    assert r.status == 303, r.text
    g = grants(instance, pid)
    assert [(x[1], x[2], x[3]) for x in g] == [(e, 'share', 'clinical')]
    mail = mail_to(instance, addr, 'shared a record')
    assert mail is not None
    assert p['mrn'] not in mail.body and p['family'] not in mail.body
    r = c.get(r.location)
    assert 'Access was given' in r.text
    assert f'id="grant-{g[0][0]}"' in r.text
    assert 'shared from this page, by you' in r.text
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'share.invite' AND patient_id = ?", pid) == 1
    # Again: already has access, nothing changed.
    r = post(c, 'invite', p=pid, entry=e)
    assert r.status == 303
    assert 'already has access' in c.get(r.location).text
    assert len(grants(instance, pid)) == 1
    # An entry without an account cannot be invited so.
    e2, _, _ = entry(instance, f'Zqnoacct{next(_seq)}')
    r = post(c, 'invite', p=pid, entry=e2)
    assert r.status == 404 and 'invitation token instead' in r.text
    assert len(grants(instance, pid)) == 1


def test_token_for_a_provider_without_an_account(instance):
    c, p, _ = new_family(instance)
    pid = patient_id(instance, p['mrn'])
    doc = unique_email('specialist')
    e, _, _ = entry(instance, f'Zqtok{next(_seq)}', email=doc)
    r = post(c, 'token', p=pid, entry=e)
    assert r.status == 200, r.text
    m = TOKEN_RE.search(r.text)
    assert m, r.text
    tok = m.group(1)
    assert p['mrn'] in r.text and '/provider/' in r.text
    assert 'cannot be shown again' in r.text
    row = instance.query('SELECT selector, verifier_hash, scope, provider_id, '
                         'email FROM share_tokens WHERE patient_id = ?', pid)
    assert len(row) == 1
    sel, vh, scope, prov, email = row[0]
    assert sel == tok.replace('-', '')[:6] and tok[7:] not in vh
    assert (scope, prov, email) == ('clinical', e, doc)
    mail = mail_to(instance, doc, 'invitation')
    assert mail is not None and tok in mail.body
    assert p['mrn'] not in mail.body and p['family'] not in mail.body
    assert p['given'] not in mail.body and 'Pat Parent' in mail.body
    tid = instance.value('SELECT id FROM share_tokens WHERE patient_id = ?',
                         pid)
    assert instance.value("SELECT detail FROM audit WHERE action = "
                          "'share.token' AND patient_id = ?", pid) == \
        f'invite={tid} entry={e} clinical e-mailed'
    # The list shows it pending, without the token.
    r = page(c, pid)
    assert 'Invitations waiting' in r.text and tok not in r.text
    inv = instance.value('SELECT id FROM share_tokens WHERE patient_id = ?',
                         pid)
    assert f'id="invite-{inv}"' in r.text
    # Someone not in the directory, with an address typed.
    other = unique_email('therapist')
    r = post(c, 'token', p=pid, invitee='Terry Therapist', email=other)
    assert r.status == 200 and TOKEN_RE.search(r.text)
    mail = mail_to(instance, other, 'invitation')
    assert mail is not None and p['mrn'] not in mail.body
    # No name: refused, the address typed comes back.
    r = post(c, 'token', p=pid, email='x@example.org')
    assert r.status == 422
    assert typed(r, 'email') == 'x@example.org'
    assert instance.value('SELECT count(*) FROM share_tokens WHERE '
                          'patient_id = ?', pid) == 2


def test_cancel_and_reissue_and_disinvite(instance):
    c, p, _ = new_family(instance)
    pid = patient_id(instance, p['mrn'])
    r = post(c, 'token', p=pid, invitee='Pat Provider')
    first = TOKEN_RE.search(r.text).group(1)
    inv = instance.value('SELECT id FROM share_tokens WHERE patient_id = ?',
                         pid)
    # Cancel and issue a new one: the old is revoked, a new one shown.
    r = post(c, 'token', p=pid, replace=inv)
    assert r.status == 200
    second = TOKEN_RE.search(r.text).group(1)
    assert second != first and 'For Pat Provider' in r.text
    assert instance.value('SELECT revoked FROM share_tokens WHERE id = ?',
                          inv) is not None
    new = instance.value('SELECT id FROM share_tokens WHERE patient_id = ? '
                         'AND revoked IS NULL', pid)
    r = post(c, 'cancel', p=pid, invite=new)
    assert r.status == 303
    assert 'invitation was cancelled' in c.get(r.location).text
    assert instance.value('SELECT count(*) FROM share_tokens WHERE '
                          'patient_id = ? AND revoked IS NULL', pid) == 0
    assert 'No invitation is waiting' in page(c, pid).text
    # Cancelling again: none such.
    assert post(c, 'cancel', p=pid, invite=new).status == 404
    # Disinvite.
    e, _, _ = entry(instance, f'Zqdis{next(_seq)}', with_account=True)
    assert post(c, 'invite', p=pid, entry=e).status == 303
    g = grants(instance, pid)[0][0]
    r = post(c, 'revoke', p=pid, grant=g)
    assert r.status == 303
    assert 'Access was removed' in c.get(r.location).text
    assert grants(instance, pid) == []
    assert post(c, 'revoke', p=pid, grant=g).status == 404


def test_parent_of_a_teen_does_not_see_the_teens_own_share(instance):
    c, p, _ = new_family(instance, years=15)
    pid = patient_id(instance, p['mrn'])
    parent = instance.value('SELECT account_id FROM account_patients WHERE '
                            'patient_id = ?', pid)
    own, _, _ = entry(instance, f'Zqteen{next(_seq)}', with_account=True)
    instance.execute("INSERT INTO patient_shares (patient_id, provider_id, "
                     "how, scope, by_account, created) VALUES (?, ?, "
                     "'share', 'patient', ?, 1)", pid, own, parent)
    g = instance.value('SELECT id FROM patient_shares WHERE patient_id = ?',
                       pid)
    r = page(c, pid)
    assert f'grant-{g}' not in r.text and 'Zqteen' not in r.text
    r = post(c, 'revoke', p=pid, grant=g)
    assert r.status == 404
    assert instance.value('SELECT revoked FROM patient_shares WHERE id = ?',
                          g) is None
    # The parent's own share carries the clinical scope.
    e, _, _ = entry(instance, f'Zqpar{next(_seq)}', with_account=True)
    assert post(c, 'invite', p=pid, entry=e).status == 303
    assert instance.value('SELECT scope FROM patient_shares WHERE '
                          'provider_id = ?', e) == 'clinical'


def test_another_familys_ids_and_bad_input(instance):
    c, p, _ = new_family(instance)
    pid = patient_id(instance, p['mrn'])
    c2, p2, _ = new_family(instance)
    pid2 = patient_id(instance, p2['mrn'])
    e, _, _ = entry(instance, f'Zqx{next(_seq)}', with_account=True)
    assert post(c2, 'invite', p=pid2, entry=e).status == 303
    g2 = grants(instance, pid2)[0][0]
    post(c2, 'token', p=pid2, invitee='Sam Other')
    t2 = instance.value('SELECT id FROM share_tokens WHERE patient_id = ?',
                        pid2)
    none = c.get('/account/share/?p=999999')
    assert none.status == 404
    theirs = c.get(f'/account/share/?p={pid2}')
    assert theirs.status == 404 and theirs.text.count('no such patient') == \
        none.text.count('no such patient')
    assert p2['family'] not in theirs.text
    # Their patient, with my patient's ids or theirs: nothing changes.
    assert post(c, 'revoke', p=pid2, grant=g2).status == 404
    assert post(c, 'revoke', p=pid, grant=g2).status == 404
    assert post(c, 'cancel', p=pid, invite=t2).status == 404
    assert post(c, 'cancel', p=pid2, invite=t2).status == 404
    assert post(c, 'invite', p=pid2, entry=e).status == 404
    assert post(c, 'token', p=pid2, invitee='Mal Lory').status == 404
    assert len(grants(instance, pid2)) == 1
    assert instance.value('SELECT revoked FROM share_tokens WHERE id = ?',
                          t2) is None
    assert instance.value('SELECT count(*) FROM share_tokens WHERE '
                          'patient_id = ?', pid2) == 1
    assert instance.value("SELECT count(*) FROM audit WHERE action IN "
                          "('share.revoke_refused', "
                          "'share.token_cancel_refused', "
                          "'share.invite_refused', 'share.token_refused') "
                          "AND actor = ?", 'family:%d' % instance.value(
                              'SELECT account_id FROM account_patients '
                              'WHERE patient_id = ?', pid)) >= 6
    # Malformed ids.
    for bad in ('abc', '-1', '1e3', '99999999999999999999999', ''):
        r = c.get(f'/account/share/?p={bad}')
        assert r.status in (400, 404), (bad, r.status)
        assert post(c, 'revoke', p=pid, grant=bad).status == 404
        assert post(c, 'cancel', p=bad, invite=t2).status == 404
    # CSRF: without the form's token nothing is done.
    r = c.post('/account/share/invite', {'p': str(pid), 'entry': str(e)})
    assert r.status == 403
    r = c.post('/account/share/token', {'csrf': 'x' * 40, 'p': str(pid),
                                         'invitee': 'No One'})
    assert r.status == 403
    assert grants(instance, pid) == []
    assert instance.value('SELECT count(*) FROM share_tokens WHERE '
                          'patient_id = ?', pid) == 0
    # Signed out: the sign-in page.
    r = Client(instance).get('/account/share/')
    assert r.status in (302, 303)


def test_linked_from_the_account_page(instance):
    c, p, _ = new_family(instance)
    home = c.get('/account/')
    assert 'href="/account/share/"' in home.text
    r = page(c)
    assert p['given'] in r.text and 'Providers with access' in r.text


def test_pcp_on_file_is_listed_and_not_removable(instance):
    c, p, _ = new_family(instance)
    pid = patient_id(instance, p['mrn'])
    fam = f'Zqpcp{next(_seq)}'
    e, _, _ = entry(instance, fam, with_account=True)
    instance.execute('UPDATE patients SET pcp_id = ? WHERE id = ?', e, pid)
    r = page(c, pid)
    i = r.text.index('id="pcp"')
    item = r.text[i:r.text.index('</li>', i)]
    assert fam in item and 'Primary care physician on file' in item
    assert 'call' in item and 'Remove access' not in item
    before = instance.value("SELECT count(*) FROM audit WHERE action = "
                           "'share.view' AND patient_id = ?", pid)
    assert before >= 1
    # Sharing with the PCP changes nothing.
    r = post(c, 'invite', p=pid, entry=e)
    assert r.status == 303 and r.location.endswith('done=pcp')
    assert 'primary care physician on file' in c.get(r.location).text
    assert grants(instance, pid) == []
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'share.view' AND patient_id = ?", pid) > before


def test_a_teens_own_invitation_mail_does_not_name_the_teen(instance):
    """A 15-year-old shares their own record: the e-mail to the invitee
    must not carry the inviter's name, which is the patient's (an address
    typed wrong would tell a stranger who is a patient here)."""
    from family import confirm, patient, self_token, signup
    teen = unique_email('teen')
    p = patient(instance, 15, given='Quinley', family=f'Zqself{next(_seq)}')
    c = Client(instance)
    r = signup(c, who='self', token=self_token(instance, p['mrn'], teen),
               dob=p['dob'], given='Quinley', family=p['family'], email=teen)
    assert r.status == 303, r.text
    confirm(c, instance, teen)
    assert login(c, teen).status == 303
    pid = patient_id(instance, p['mrn'])
    doc = unique_email('counsellor')
    r = post(c, 'token', p=pid, invitee='Casey Counsellor', email=doc)
    assert r.status == 200, r.text
    assert instance.value('SELECT scope FROM share_tokens WHERE '
                          'patient_id = ?', pid) == 'patient'
    mail = mail_to(instance, doc, 'invitation')
    assert mail is not None and TOKEN_RE.search(mail.body)
    assert 'Quinley' not in mail.body and p['family'] not in mail.body
    assert p['mrn'] not in mail.body and p['dob'] not in mail.body


def test_invitation_e_mails_are_throttled_per_account(instance):
    """Each invitation token may e-mail an address the family types: a
    family account must not be a relay sending the hospital's invitations
    to any number of addresses. 20 a day, then 'try later' (429), nothing
    made or sent."""
    c, p, _ = new_family(instance)
    pid = patient_id(instance, p['mrn'])
    for i in range(20):
        r = post(c, 'token', p=pid, invitee=f'Person {i}',
                 email=f'relay{i}.{next(_seq)}@example.org')
        assert r.status == 200, (i, r.status)
    victim = unique_email('victim')
    r = post(c, 'token', p=pid, invitee='Vic Tim', email=victim)
    assert r.status == 429, r.status
    assert 'Try again' in r.text and not TOKEN_RE.search(r.text)
    assert mail_to(instance, victim, 'invitation') is None
    assert instance.value('SELECT count(*) FROM share_tokens WHERE '
                          'patient_id = ?', pid) == 20
    assert instance.value("SELECT count(*) FROM audit WHERE action = "
                          "'share.token_throttled' AND patient_id = ?",
                          pid) == 1
