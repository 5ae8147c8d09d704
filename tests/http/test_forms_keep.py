"""Nothing typed is ever lost (issue 15.3): a table of every family form
(URL, the fields a person types, multi-line text where the form has a
text area, and how to make the form itself refuse it), each sent and
refused every way a form can be: the form's own checks (422 and the
like), a CSRF token that fails (a stale page, a second tab: 403), a body
too large (413), a database that cannot answer (503) and a session that
expired (401). Each time every typed value comes back, a text area's
with its line breaks exact; a password or code never does; nothing is
stored. A POST from another site gets the sentence and nothing of what
it carried. The error words (issue 15.5) and their wiring to fields
(issue 15.9) are checked on the pages and in the templates.
"""

import glob
import html
import re
from pathlib import Path

from family import count
from harness import Client, forms
from test_busy import locked
from test_checkin import setup_visit
from test_messages import S, png, setup as messages_setup

INSTANCE = {'conf': {'scrypt_n': 1024}}

ROOT = Path(__file__).resolve().parents[2]
TEXT = 'First line of what I typed.\r\n\r\nThird line & <more>,\r\n  indented.'
VIRUS = [('file', ('virus.png', b'MZ\x90\x00' + b'\x00' * 200, 'image/png'))]
NO_FILE = [('file', ('', b'', 'application/octet-stream'))]
SECRET = 'Secret4Keeping!'


def setup(instance):
    messages_setup(instance)
    c = S['parent']
    page = c.get(f"/messages/new?p={S['pid']}")
    f = [x for x in forms(page.text) if x['id'] == 'compose'][0]['fields']
    f.update({'subject': 'A thread to reply to', 'body': 'Hello',
              'topic': 'medical_question'})
    r = c.post('/messages/new', f, files=NO_FILE)
    assert r.status == 303, r
    S['thread'] = re.search(r'id=(\d+)', r.location).group(1)
    S['visit'], _, _ = setup_visit(instance, S['p']['mrn'], copay=0, docs=0)


def rows():
    """(name, who, url, form id, typed fields, secrets, files, how the
    form refuses: overrides of the typed fields, files, status)."""
    p = S['pid']
    return [
        ('sign-up', None, '/signup/', 'signup',
         {'given': 'Wei', 'family': 'Keeping', 'email': 'wei.keep@example.org',
          'who': 'guardian', 'proof': 'token', 'token': 'ABCD-EFGH-JKLM-NPQR',
          'dob': '2015-03-04'},
         {'password': SECRET, 'password2': SECRET}, None,
         ({'password2': SECRET + 'x'}, None, 422)),
        ('sign-in', None, '/login/', 'login',
         {'email': 'nobody.keep@example.org'}, {'password': SECRET}, None,
         ({}, None, 401)),
        ('forgot password', None, '/login/forgot', 'forgot',
         {'email': 'not an e-mail address'}, {}, None, ({}, None, 422)),
        ('add a patient', 'parent', '/account/add', 'add',
         {'who': 'guardian', 'proof': 'mrn', 'mrn': 'KEEP-12345',
          'visit_date': '2099-01-01'}, {}, None, ({}, None, 422)),
        ('compose', 'parent', f'/messages/new?p={p}', 'compose',
         {'subject': 'About the rash', 'body': TEXT,
          'topic': 'medical_question'}, {}, NO_FILE, ({}, VIRUS, 422)),
        ('reply', 'parent', f"/messages/thread?id={S['thread']}", 'reply',
         {'body': TEXT}, {}, NO_FILE, ({}, VIRUS, 422)),
        ('visit request', 'parent', f'/visits/request?p={p}', 'request',
         {'reason': 'A cough for two weeks', 'preferred': 'Mondays after 3',
          'phone': 'not a phone'}, {}, None, ({}, None, 422)),
        ('profile and e-mail change', 'parent', '/account/profile/',
         'profile',
         {'email': 'wei.new.keep@example.org', 'address1': '1 Keeping Street',
          'city': 'Boston', 'state': 'MA', 'postal': 'ABCDE',
          'phone_mobile': '617 555 0100'}, {}, None, ({}, None, 422)),
        ('check-in: contact', 'parent', f"/visits/checkin/?v={S['visit']}",
         'contact-form',
         {'do': 'edit', 'address1': '2 Check-in Road', 'city': 'Boston',
          'state': 'ZZ', 'postal': '02115', 'phone_mobile': '617 555 0101'},
         {}, None, ({}, None, 422)),
        ('check-in: insurance', 'parent', f"/visits/checkin/?v={S['visit']}",
         'insurance-form',
         {'payer': 'Check-in Health', 'plan': 'Silver', 'group_no': 'G-88',
          'subscriber': 'Wei Chen'}, {}, None, ({}, None, 422)),
        ('insurance change', 'parent', f'/account/insurance/?p={p}',
         'insurance-form',
         {'payer': 'Keeping Health', 'plan': 'Gold', 'group_no': 'G-77',
          'subscriber': 'Wei Chen'}, {}, None, ({}, None, 422)),
        ('share: find a provider', 'parent', f'/account/share/?p={p}',
         'search', {'family': 'Keeping', 'npi': '12'}, {}, None,
         ({}, None, 422)),
        ('two-step sign-in setup', 'parent', '/account/2fa/setup',
         'mfa-setup', {}, {'code': '123456'}, None, ({}, None, 422)),
    ]


def client(instance, who):
    return S[who] if who else Client(instance)


def fresh(instance, row):
    """The form as the page gives it, with what the person typed."""
    name, who, url, form_id, typed, secrets, files, _ = row
    c = client(instance, who)
    page = c.get(url)
    assert page.status == 200, (name, page.status)
    f = [x for x in forms(page.text) if x['id'] == form_id]
    assert f, (name, 'no form', form_id)
    fields = dict(f[0]['fields'])
    fields.update(typed)
    fields.update(secrets)
    return c, f[0]['action'], fields


def send(c, action, fields, files, **kw):
    if files is not None:
        return c.post(action, fields, files=files, **kw)
    return c.post(action, fields, **kw)


def norm(s):
    return s.replace('\r\n', '\n')


def assert_kept(name, how, r, row, copy_only=False):
    """Every typed value back (as a form field of that name, or, on a page
    to copy from, as text), no secret anywhere."""
    typed, secrets = row[4], row[5]
    page = norm(html.unescape(r.text))
    values = {}
    for f in forms(r.text):
        for k, v in f['fields'].items():
            values.setdefault(k, []).append(norm(v) if isinstance(v, str) else v)
    for k, v in typed.items():
        if copy_only and k in ('who', 'proof', 'topic', 'do'):
            continue
        back = norm(v) in values.get(k, []) or (copy_only and norm(v) in page)
        assert back, (name, how, r.status, k, v, r.text[:3000])
    for k, v in secrets.items():
        assert v not in r.text, (name, how, 'secret echoed', k)


def stored(instance):
    return (count(instance, 'SELECT count(*) FROM messages'),
            count(instance, 'SELECT count(*) FROM visit_requests'),
            count(instance, 'SELECT count(*) FROM accounts'))


def test_form_refuses_and_keeps(instance):
    """Each form's own refusal (the field in error named, the text back)."""
    for row in rows():
        name, _, _, _, typed, _, files, (over, bad_files, status) = row
        c, action, fields = fresh(instance, row)
        fields.update(over)
        r = send(c, action, fields, bad_files if bad_files else files)
        assert r.status == status, (name, r.status, r.text[:2000])
        assert_kept(name, 'refused', r, row)


def test_stale_token_keeps_and_changes_nothing(instance):
    before = stored(instance)
    for row in rows():
        name, files = row[0], row[6]
        c, action, fields = fresh(instance, row)
        fields['csrf'] = 'x' * 43
        r = send(c, action, fields, files)
        assert r.status == 403, (name, r.status)
        assert 'Your form was not sent' in r.text, name
        assert_kept(name, 'csrf', r, row)
        kept = [f for f in forms(r.text) if f['id'] == 'kept']
        assert kept and kept[0]['action'] == action, name
        assert len(kept[0]['fields'].get('csrf', '')) == 43, name
        assert 'autofocus' in r.text, name
    assert stored(instance) == before


def test_stale_token_resent_from_the_page_goes_through(instance):
    """The page's own form, sent as it is, is taken: here the forgot
    form, which answers the same whatever the address."""
    row = [x for x in rows() if x[0] == 'forgot password'][0]
    c, action, fields = fresh(instance, row)
    fields['email'] = 'keep.resend@example.org'
    fields['csrf'] = 'y' * 43
    r = c.post(action, fields)
    assert r.status == 403
    kept = [f for f in forms(r.text) if f['id'] == 'kept'][0]
    assert kept['fields']['email'] == 'keep.resend@example.org'
    again = c.post(kept['action'], kept['fields'])
    assert again.status in (200, 303), again.status


def test_another_sites_post_gets_nothing_back(instance):
    before = stored(instance)
    for row in rows():
        name, files = row[0], row[6]
        c, action, fields = fresh(instance, row)
        fields['csrf'] = 'x' * 43
        r = send(c, action, fields, files,
                 headers={'Origin': 'http://elsewhere.example'})
        assert r.status == 403, (name, r.status)
        assert not [f for f in forms(r.text) if f['id'] == 'kept'], name
        for v in list(row[4].values()) + list(row[5].values()):
            if len(v) > 6:
                assert norm(v) not in norm(html.unescape(r.text)), (name, v)
    assert stored(instance) == before


def test_too_large_keeps(instance):
    before = stored(instance)
    for row in rows():
        name, files = row[0], row[6]
        c, action, fields = fresh(instance, row)
        fields['pad'] = 'x' * (70 * 1024)
        r = send(c, action, fields, files)
        assert r.status == 413, (name, r.status)
        assert 'too large' in r.text, name
        assert_kept(name, '413', r, row)
    assert stored(instance) == before


def test_database_down_keeps(instance):
    before = stored(instance)
    for row in rows():
        name, files = row[0], row[6]
        c, action, fields = fresh(instance, row)
        with locked(instance):
            r = send(c, action, fields, files)
        if r.status != 503:
            # A form that reads only (a search, a refusal found before
            # any write) may still answer: then it must keep too.
            assert r.status < 500, (name, r.status)
        assert_kept(name, '503', r, row)
    assert stored(instance) == before


def test_expired_session_gives_the_text_to_copy(instance):
    """Last: it ends every session."""
    before = stored(instance)
    pages = [(row, fresh(instance, row)) for row in rows() if row[1]]
    instance.execute('UPDATE sessions SET seen = seen - 86400, '
                   'created = created - 86400')
    for row, (c, action, fields) in pages:
        name = row[0]
        r = send(c, action, fields, row[6])
        if not row[4]:
            # Nothing typed to lose (a code is typed again): sign in.
            assert r.status == 303 and '/login/' in r.location, name
            continue
        assert r.status == 401, (name, r.status, r.text[:500])
        assert 'You were signed out' in r.text, name
        assert 'href="/login/"' in r.text, name
        assert not [f for f in forms(r.text) if f['id'] == 'kept'], name
        assert_kept(name, 'expired', r, row, copy_only=True)
    assert stored(instance) == before


def test_empty_sign_up_reads_as_sentences(instance):
    c = Client(instance)
    f = [x for x in forms(c.get('/signup/').text) if x['id'] == 'signup'][0]
    r = c.post('/signup/', {'csrf': f['fields']['csrf']})
    assert r.status == 422
    text = html.unescape(r.text)
    assert 'Enter the who' not in text and 'Enter the way' not in text
    assert 'Choose who you are' in text
    assert 'Choose how you will show that you are linked' in text
    # The summary takes focus and links each error to its field.
    assert re.search(r'<div class="alert error-summary" role="alert" '
                     r'id="errors" tabindex="-1" autofocus', r.text)
    assert '<a href="#who">' in r.text and '<a href="#proof">' in r.text
    # The radio groups are wired to their messages.
    for group in ('who', 'proof'):
        assert f'id="{group}-err"' in r.text
        radios = re.findall(rf'<input type="radio"[^>]*name="{group}"[^>]*>',
                            r.text)
        assert radios and all(f'aria-describedby="{group}-err"' in x and
                              'aria-invalid="true"' in x for x in radios)


def test_every_template_wires_its_errors(instance):
    """Each error paragraph has an id that an invalid control points at
    (aria-invalid, aria-describedby), and the summary's link target."""
    bad = []
    for path in sorted(glob.glob(str(ROOT / 'templates' / '*.html'))):
        t = open(path).read()
        for m in re.finditer(r'<p class="field-error"([^>]*)>\{\{(\w+)_error\}\}', t):
            mid = re.search(r'id="([^"]+)"', m.group(1))
            if not mid:
                bad.append((path, m.group(2), 'no id'))
                continue
            ok = any('aria-invalid="true"' in x.group(0) and
                     'aria-describedby' in x.group(0)
                     for x in re.finditer(r'<(input|select|textarea)\b[^>]*>', t, re.S)
                     if mid.group(1) in x.group(0))
            if not ok:
                bad.append((path, m.group(2), 'not wired'))
    assert not bad, bad


FAMILY = """signup signup_sent login forgot reset add_patient message_new
message_thread message_unsent messages visits visits_request
visits_schedule visits_refused visit visit_acts checkin checkin_signed
profile profile_email insurance share share_refused share_token viewers
verify who proof home record record_none record_summary rec_nav rec_rows
billing billing_lines billing_none billing_statement pay pay_go pay_refused
pay_result errors kept error mfa_setup_body mfa_code_body mfa_status_body
mfa_codes_body contact_fields ins_fields ins_changes emergency thread_body
""".split()


def glossary():
    terms = []
    for line in (ROOT / 'share' / 'glossary').read_text().splitlines():
        if not line.strip() or line.startswith('#'):
            continue
        term, avoid, meaning = [x.strip() for x in line.split(' | ', 2)]
        terms.append((term, None if avoid == '-' else re.compile(avoid),
                      meaning))
    return terms


def test_family_pages_use_the_glossary(instance):
    """share/glossary's avoided words appear on no family page."""
    terms = glossary()
    assert len(terms) >= 8 and all(t[2] for t in terms)
    bad = []
    for name in FAMILY:
        path = ROOT / 'templates' / f'{name}.html'
        if not path.exists():
            continue
        text = re.sub(r'<[^>]*>', ' ', re.sub(r'\{\{[^}]*\}\}', ' ',
                                              path.read_text()))
        for term, avoid, _ in terms:
            if avoid and avoid.search(text):
                bad.append((name, term, avoid.search(text).group(0)))
    assert not bad, bad
    # And the sentences of empty fields and the kept page's labels.
    src = (ROOT / 'lib' / 'web' / 'form.c').read_text() + \
        (ROOT / 'lib' / 'web' / 'keep.c').read_text()
    # What is said: the literals with a space (not the labels they are
    # found by, such as the provider portal's "MRN").
    said = ' '.join(x for x in re.findall(r'"((?:[^"\\]|\\.)*)"', src)
                    if ' ' in x)
    for term, avoid, _ in terms:
        if avoid and term != 'message':
            assert not avoid.search(said), (term, avoid.search(said).group(0))
