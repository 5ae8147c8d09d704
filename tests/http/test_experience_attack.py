"""An outside review of issue 15 (the family's experience): attacks tried
over HTTP, through the real web server. Each test is one attack; it
asserts what the attacker must (not) get."""

import html

from harness import Client, forms

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
