"""Bad input of every kind gets a clear answer and changes nothing
(S-5, S-2 CSRF, S-4): forged or missing CSRF tokens, oversized and
malformed bodies, header injection, and every signed-in page asked for
without a session."""

import re
from family import (PASSWORD, count, login, new_family, patient, signup_fields,
                    staff, token, unique_email)
from harness import Client, raw_status

# Every page that needs a session: (method, path, signed-in kind).
PRIVATE = [('GET', '/account/'), ('GET', '/account/add'),
           ('POST', '/account/add'), ('GET', '/staff/'),
           ('POST', '/staff/decide')]


def rows(instance):
    return sum(count(instance, f'SELECT count(*) FROM {t}') for t in
               ('accounts', 'account_patients', 'signup_requests', 'outbox',
                'email_links'))


def test_private_pages_without_session(instance):
    c = Client(instance)
    csrf = c.get('/login/').form_fields('login')['csrf']
    before = rows(instance)
    for method, path in PRIVATE:
        if method == 'GET':
            r = c.get(path)
        else:
            r = c.post(path, {'csrf': csrf, 'id': '1', 'decision': 'approve',
                              'who': 'guardian', 'proof': 'mrn',
                              'mrn': 'T00001', 'visit_date': '2020-01-01'})
        if r.status == 401:
            # A form with typed text gives it back to copy, with a link
            # to sign in (issue 15.3), and changes nothing.
            assert method == 'POST' and 'You were signed out' in r.text
            assert re.search(r'href="/(staff/|provider/)?login', r.text), path
            continue
        assert r.status == 303, (method, path, r.status)
        assert '/login' in r.location, (path, r.location)
    assert rows(instance) == before


def test_family_session_is_not_staff(instance):
    c, p, addr = new_family(instance)
    r = c.get('/staff/')
    assert r.status == 303 and '/staff/login' in r.location


def test_post_without_csrf_changes_nothing(instance):
    p = patient(instance, 8, [('parent', 'Cora', 'Csrf', None)])
    c = Client(instance)
    f = signup_fields(c, token=token(instance, p['mrn']), dob=p['dob'],
                      given='Cora', family='Csrf', email=unique_email('cora'))
    del f['csrf']
    before = rows(instance)
    r = c.post('/signup/', f)
    assert r.status == 403 and 'Your form was not sent' in r.text
    assert rows(instance) == before


def test_post_with_another_sessions_csrf(instance):
    c1, p1, a1 = new_family(instance)
    c2, p2, a2 = new_family(instance)
    theirs = c2.get('/account/add').form_fields('add')['csrf']
    mine = c1.get('/account/add').form_fields('add')['csrf']
    assert theirs != mine
    q = patient(instance, 3, [('parent', 'Pat', 'Parent', None)])
    before = rows(instance)
    r = c1.post('/account/add', {'csrf': theirs, 'who': 'guardian',
                                 'proof': 'token', 'token': token(instance, q['mrn']),
                                 'dob': q['dob']})
    assert r.status == 403
    assert rows(instance) == before
    # Nor does a sign-out with someone else's token sign anyone out.
    r = c1.post('/login/out', {'csrf': theirs})
    assert r.status == 403
    assert c1.get('/account/').status == 200


def test_oversized_and_malformed_bodies(instance):
    c = Client(instance)
    csrf = c.get('/signup/').form_fields('signup')['csrf']
    before = rows(instance)
    big = c.post('/signup/', {'csrf': csrf, 'given': 'x' * (70 * 1024)})
    assert big.status == 413 and 'too large' in big.text
    bad = c.post('/signup/', body_raw := None) if False else None
    r = c.request('POST', '/signup/', body=b'csrf=' + csrf.encode() + b'&given=%zz',
                  headers={'Content-Type': 'application/x-www-form-urlencoded'})
    assert r.status == 400 and 'could not be understood' in r.text
    r = c.request('POST', '/signup/', body=b'--x\r\nbroken',
                  headers={'Content-Type': 'multipart/form-data; boundary=x'})
    assert r.status == 400
    r = c.request('POST', '/signup/', body=b'{"a":1}',
                  headers={'Content-Type': 'application/json'})
    assert r.status == 415
    assert rows(instance) == before


def test_field_values_hostile(instance):
    p = patient(instance, 8, [('parent', 'Hal', 'Hostile', None)])
    c = Client(instance)
    before = rows(instance)
    cases = {'email': 'a@example.org\r\nBcc: victim@example.org',
             'given': '<script>alert(1)</script>',
             'dob': "2015-01-01' OR '1'='1",
             'token': 'A' * 5000}
    for field, value in cases.items():
        f = signup_fields(c, token=token(instance, p['mrn']), dob=p['dob'],
                          given='Hal', family='Hostile', email=unique_email('hal'))
        f[field] = value
        r = c.post('/signup/', f)
        assert r.status == 422, (field, r.status)
        assert '<script>alert(1)</script>' not in r.text
    assert rows(instance) == before


def test_header_injection(instance):
    c = Client(instance)
    r = c.get('/login/?expired=%0d%0aSet-Cookie:%20evil=1')
    assert r.status == 200
    assert not any('evil' in v for v in r.headers.getall('Set-Cookie'))
    raw = c.raw(b'GET /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                b'Cookie: __Host-sid=abc\r\n x-folded: y\r\n\r\n')
    assert raw_status(raw) in (200, 400)
    assert b'\r\nx-folded' not in raw.lower()
    # A Cookie header with CR LF inside is refused by the server or ignored.
    raw = c.raw(b'GET /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                b'Cookie: a=b\rSet-Cookie: evil=1\r\n\r\n')
    assert b'set-cookie: evil' not in raw.lower()


def test_staff_decision_on_missing_request(instance):
    s = staff(instance, 'checker')
    f = s.get('/staff/').form_fields()
    for rid in ('999999', '0', '-1', 'abc', '1 OR 1=1'):
        f.update({'id': rid, 'decision': 'approve'})
        r = s.post('/staff/decide', f)
        assert r.status in (400, 404), (rid, r.status)
