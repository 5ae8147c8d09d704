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
