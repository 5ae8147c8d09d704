"""An outside review of issue 15 (the family's experience): attacks tried
over HTTP, through the real web server. Each test is one attack; it
asserts what the attacker must (not) get."""

import html

from family import code_in, link_in, login, new_family, unique_email
from harness import Client, forms
from test_links import all_mail, arrive, ask_change, forgot, form_of

INSTANCE = {'conf': {'scrypt_n': 1024}}

ANSWERS = {'a1': 'Aunt Matilda Kettleworth', 'a2': 'Rue des Mimosas 7',
           'a3': 'Blue Corvette 1962'}


def test_kept_page_never_shows_security_answers(instance):
    """A provider's security answers (a1-a3: F_SECRET in pform.h, a way
    into the account) are not given back on the page of a refused POST,
    neither to send again (stale token) nor to copy (signed out)."""
    c = Client(instance)
    c.get('/provider/setup')
    fields = dict(ANSWERS, q1='1', q2='2', q3='3', csrf='x' * 43,
                  name='Dr Keeping')
    r = c.post('/provider/setup', fields)
    assert r.status == 403, r.status
    assert 'Your form was not sent' in r.text
    assert [f for f in forms(r.text) if f['id'] == 'kept']
    page = html.unescape(r.text)
    for k, v in ANSWERS.items():
        assert v not in page, (k, 'echoed on the stale-token page')
    signed_out = Client(instance)
    fields = dict(ANSWERS, practice_name='Keeping Pediatrics',
                  csrf='x' * 43)
    r = signed_out.post('/provider/account/questions', fields)
    assert r.status == 401, r.status
    assert 'Keeping Pediatrics' in html.unescape(r.text)
    page = html.unescape(r.text)
    for k, v in ANSWERS.items():
        assert v not in page, (k, 'echoed on the signed-out page')


def test_reset_link_to_the_old_address_dies_with_the_change(instance):
    """Reset links are several now (issue 15.4): one mailed to the old
    address must not outlive a change of address (someone who still reads
    the old mailbox would take the account over after the change)."""
    c, _, old = new_family(instance)
    forgot(instance, old)
    reset = link_in(all_mail(instance, old, 'Reset')[-1])
    new = unique_email('moved.attack')
    link = ask_change(instance, c, new)
    anon = Client(instance)
    r = arrive(anon, link, 'confirm')
    r = anon.post('/account/profile/email', form_of(r, 'confirm'))
    assert r.status == 200 and 'Your e-mail address was changed' in r.text
    thief = Client(instance)
    r = arrive(thief, reset, 'reset')
    assert r.status == 400 and 'id="reset"' not in r.text, r.text
    f = thief.get('/login/reset').form_fields('reset')
    f.update({'t': code_in(reset), 'password': 'Stolen4Account',
              'password2': 'Stolen4Account'})
    r = thief.post('/login/reset', f)
    assert 'Your password has been changed' not in r.text
    assert login(Client(instance), new, 'Stolen4Account').status != 303
    assert login(Client(instance), new).status == 303


def test_old_static_addresses_redirect_only_home(instance):
    """The 301s of the pages cgi-bin/help replaced go to this site only:
    no path appended after them makes a protocol-relative // address (an
    open redirect to another site)."""
    c = Client(instance)
    for path in ('/static/index.html//evil.example/x',
                 '/static/help.html//evil.example/x',
                 '/static/privacy.html/..//evil.example',
                 '/help//evil.example/', '//evil.example/help/'):
        r = c.get(path)
        loc = r.headers.get('Location') or ''
        rest = loc.split('://', 1)[1] if '://' in loc else loc
        assert not rest.startswith('//'), (path, r.status, loc)
        if '://' in loc:
            assert rest.split('/', 1)[0] == f'{c.host}:{c.port}', (path, loc)


BAD_IDS = ['', '0', '-1', 'abc', '1e3', '99999999999999999999',
           '9223372036854775807', '%00', '1%0d%0aX-Evil:%201', '%201',
           '1,2', '0x10', 'x' * 5000]


def test_malformed_ids_never_crash(instance):
    """The new pages answer malformed, huge and hostile ids with a 4xx
    (the nginx run's programs are ASan builds: a crash is a 502)."""
    c, p, _ = new_family(instance)
    pid = instance.value('SELECT id FROM patients WHERE mrn = ?', p['mrn'])
    for bad in BAD_IDS:
        for url in (f'/home/?p={bad}', f'/record/trend?p={bad}&id=1',
                    f'/record/trend?p={pid}&id={bad}',
                    f'/record/download?p={bad}', f'/record/?p={bad}',
                    f'/messages/new?p={bad}', f'/help/?p={bad}',
                    f'/help/{bad}'):
            r = c.get(url)
            assert r.status < 500, (url, r.status)
            assert 'X-Evil' not in r.headers, url
    # The remembered patient is still the family's own and still works.
    assert c.get('/home/').status == 200
    assert c.get('/record/').status == 200


def test_trend_of_another_patients_result(instance):
    """/record/trend?id= of a result of another family's patient, under
    the own patient's ?p= or the remembered one: the same refusal as an
    unknown id, nothing of the other result."""
    c, p, _ = new_family(instance)
    _, q, _ = new_family(instance)
    pid = instance.value('SELECT id FROM patients WHERE mrn = ?', p['mrn'])
    qid = instance.value('SELECT id FROM patients WHERE mrn = ?', q['mrn'])
    instance.execute(
        "INSERT INTO results (patient_id, kind, code, name, value, unit, "
        "resulted) VALUES (?, 'lab', '2345-7', 'Glucose', '731.5', "
        "'mg/dL', 1577836800)", qid)
    rid = instance.value('SELECT max(id) FROM results WHERE patient_id = ?',
                         qid)
    assert c.get(f'/record/?p={pid}').status == 200
    unknown = c.get(f'/record/trend?p={pid}&id=999999999')
    for url in (f'/record/trend?p={pid}&id={rid}', f'/record/trend?id={rid}',
                f'/record/trend?p={qid}&id={rid}'):
        r = c.get(url)
        assert r.status in (403, 404), (url, r.status)
        assert '731.5' not in r.text, url
        assert 'Glucose' not in r.text, url
    assert unknown.status in (403, 404)


def test_kept_page_escapes_hostile_names_and_values(instance):
    """Field names and values of a refused POST come back only as text:
    a name or a value made of markup runs nothing, adds no attribute and
    no element; the page is never stored (no-store)."""
    c = Client(instance)
    c.get('/login/forgot')
    evil = '"><img src=x onerror=alert(1)>'
    fields = [('csrf', 'x' * 43), ('email', evil),
              (evil, 'a value'), ('body', '</textarea><script>alert(2)'
                                  '</script>'),
              ('p', evil.replace(' ', '')), ('key', '"onfocus="alert(3)')]
    r = c.post('/login/forgot', fields,
               headers={'Sec-Fetch-Site': 'same-origin'})
    assert r.status == 403, r.status
    assert [f for f in forms(r.text) if f['id'] == 'kept']
    assert '<img src=x' not in r.text, r.text
    assert '<script>alert' not in r.text, r.text
    assert 'onfocus="alert' not in r.text
    assert 'no-store' in r.headers.get('Cache-Control', '')
    assert r.headers.get('Content-Security-Policy', '').startswith(
        "default-src 'none'")
    back = [f for f in forms(r.text) if f['id'] == 'kept'][0]['fields']
    assert back.get('email') == evil, back


def test_get_never_reaches_the_kept_page(instance):
    """The kept page answers refused POSTs only: a GET (a link on another
    site) with fields in its query string echoes none of them."""
    c = Client(instance)
    r = c.get('/login/forgot?email=planted%40evil.example&csrf=x&body=hi')
    assert 'planted@evil.example' not in html.unescape(r.text)
    assert 'Send again' not in r.text


def test_kept_page_survives_odd_bodies(instance):
    """Refused POSTs with many fields, empty and very long names, a
    body over the limit, broken UTF-8: a 4xx page, never a crash (ASan
    programs on nginx)."""
    c = Client(instance)
    c.get('/login/forgot')
    same = {'Sec-Fetch-Site': 'same-origin'}
    bodies = [
        [('csrf', 'x')] + [(f'f{i}', 'v') for i in range(3000)],
        [('csrf', 'x'), ('', 'no name'), ('=', '=='), ('n' * 9000, 'long')],
        [('csrf', 'x'), ('body', 'y' * 300000)],
        [('csrf', 'x'), ('body', '\udcff'.encode('utf-8', 'surrogateescape')
                         .decode('latin-1') + '\x01\x00end')],
    ]
    for fields in bodies:
        r = c.post('/login/forgot', fields, headers=same)
        assert 400 <= r.status < 500, (r.status, fields[1][0][:20])
    r = c.post('/messages/new', [('csrf', 'x'), ('body', 'z' * 100)],
               files={'file': ('a\r\nb".png', b'x' * 100, 'image/png')},
               headers=same)
    assert r.status < 500, r.status
    assert 'a\r\nb' not in r.text
