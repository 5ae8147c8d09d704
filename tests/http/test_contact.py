"""The contact form (issue 15.6) through the web server: public and
signed-in, to the support team's outbox (conf contact_to), what was typed
kept on every refusal (multi-line text included), the throttle's 429 in
words with the text kept, no health information asked for, and what was
written in the e-mail but in no log."""

import html
import re

from family import count, mail_to, new_family
from harness import Client

SUPPORT = 'helpdesk-zeta@quillfeather.example'
INSTANCE = {'conf': {'scrypt_n': 1024, 'contact_to': SUPPORT}}

MESSAGE = ('Hello Support,\n\nThe sign-up page says my token is wrong.\n'
           '  - tried twice\n  - <b>not</b> & "quoted"\n\nThanks, Robin')


def page_text(r):
    return html.unescape(re.sub(r'<[^>]+>', '', r.text))


def textarea(r, name='message'):
    m = re.search(r'<textarea[^>]*name="%s"[^>]*>\n?(.*?)</textarea>' % name,
                  r.text, re.S)
    assert m, r.text[:500]
    return html.unescape(m.group(1))


def fields(c, **over):
    f = c.get('/help/contact').form_fields('contact')
    f.update({'name': 'Robin Example', 'email': 'robin@example.org',
              'topic': 'account', 'message': MESSAGE})
    f.update(over)
    return f


def test_form_says_no_health_information(instance):
    r = Client(instance).get('/help/contact')
    assert r.status == 200
    t = page_text(r)
    assert 'Do not include health information here; use Messages for your ' \
        "child's care" in t
    for label in ('Your name', 'Your e-mail address', 'What is it about?',
                  'Your message'):
        assert label in t, label
    # Nothing about a patient is asked for.
    for word in ('date of birth', 'MRN', 'medical record number'):
        assert word not in t, word


def test_refusals_keep_what_was_typed(instance):
    c = Client(instance)
    before = count(instance, 'SELECT count(*) FROM outbox WHERE to_addr = ?',
                   SUPPORT)
    # A bad address: everything else comes back as typed.
    r = c.post('/help/contact', fields(c, email='robin-at-example'))
    assert r.status == 422, r
    assert textarea(r) == MESSAGE
    assert 'value="Robin Example"' in r.text
    assert 'value="robin-at-example"' in r.text
    assert re.search(r'value="account" selected', r.text)
    assert 'aria-invalid="true" aria-describedby="email-err"' in r.text
    # No topic, no name: the message stays.
    r = c.post('/help/contact', fields(c, topic='', name=''))
    assert r.status == 422, r
    assert textarea(r) == MESSAGE
    assert 'Choose what your question is about.' in page_text(r)
    assert 'Enter your name.' in page_text(r)
    assert 'Enter the ' not in page_text(r), page_text(r)
    # A topic not on the list.
    r = c.post('/help/contact', fields(c, topic='../../etc'))
    assert r.status == 422 and textarea(r) == MESSAGE
    # Too long: kept, and told the limit.
    long = 'x' * 5001
    r = c.post('/help/contact', fields(c, message=long))
    assert r.status == 422 and textarea(r) == long
    assert '5,000 characters' in page_text(r)
    # An empty message.
    r = c.post('/help/contact', fields(c, message=''))
    assert r.status == 422
    assert 'Write your message.' in page_text(r)
    assert 'value="Robin Example"' in r.text
    # A form without its CSRF token changes nothing.
    f = fields(c)
    del f['csrf']
    assert c.post('/help/contact', f).status == 403
    assert count(instance, 'SELECT count(*) FROM outbox WHERE to_addr = ?',
                 SUPPORT) == before


def test_sent_to_the_support_outbox(instance):
    instance.note_secret('The sign-up page says my token is wrong',
                         'contact-form message')
    c = Client(instance)
    r = c.post('/help/contact', fields(c))
    assert r.status == 303 and r.location.endswith('/help/contact/sent'), r
    r = c.get('/help/contact/sent')
    assert r.status == 200 and 'Thank you for writing' in r.text
    m = mail_to(instance, SUPPORT, 'contact form')
    assert m is not None
    assert 'Topic: Signing up, signing in or my account' in m.body
    assert MESSAGE in m.body.replace('\r\n', '\n')
    assert 'robin@example.org' in m.body and 'Robin Example' in m.body
    assert 'not signed in' in m.body
    # The audit row says that a message was sent, not what it says.
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'help.contact'") >= 1


def test_signed_in_contact(instance):
    c, p, addr = new_family(instance)
    r = c.get('/help/contact')
    assert 'Sign out' in r.text
    r = c.post('/help/contact', fields(c, email=addr, topic='technical',
                                       message='Line one\nLine two'))
    assert r.status == 303, r
    m = mail_to(instance, SUPPORT, 'contact form')
    assert m is not None and 'signed in (family:' in m.body
    assert 'Topic: A technical problem' in m.body
    assert 'Line one\nLine two' in m.body.replace('\r\n', '\n')


def test_throttled_with_words_and_text_kept(instance):
    c = Client(instance)
    statuses = []
    for i in range(6):
        r = c.post('/help/contact', fields(c, email=f'robin{i}@example.org'))
        statuses.append(r.status)
        if r.status != 303:
            break
    assert statuses[-1] == 429, statuses
    # Five an hour from one address (the two earlier tests sent two).
    assert count(instance, 'SELECT count(*) FROM outbox WHERE to_addr = ?',
                 SUPPORT) == 5
    t = page_text(r)
    assert 'was not sent' in t and 'try again in' in t, t
    assert textarea(r) == MESSAGE
    assert 'value="Robin Example"' in r.text
