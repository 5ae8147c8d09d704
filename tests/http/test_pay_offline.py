"""A hospital that does not take payments in the portal (payment_url not
set): cgi-bin/pay runs (portal-serve does not restart it forever), no
page shows a pay button, pre-check-in has no copay step (the copay is paid
on arrival), /pay/start is refused with Patient Billing's number and
changes nothing, and a result forged with the empty secret is refused
(unaudited: nothing in it can be checked),
while one signed with a good secret left in place is still recorded (a
payment under way when the hospital stopped taking them)."""

import re
import time

import visitdata as vd
from family import count
from harness import Client
from test_billing import family_statement
from test_pay import back, family_visit, go, notify, payment, result

INSTANCE = {'conf': {'scrypt_n': 1024}}


def offline(instance, secret=''):
    instance.set_conf(payment_url='', payment_secret=secret)


def csrf(c):
    r = c.get('/pay/')
    assert r.status == 200, (r.status, r.text)
    return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)


def test_a_payment_under_way_is_recorded_and_forgeries_are_not(instance):
    """Started while online; online payment then switched off."""
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    ref = f['reference_number']
    offline(instance)
    # No secret: one signed with the empty key is a forgery.
    forged = result(instance, f, secret='')
    assert forged['signature']
    assert notify(instance, forged).status == 400
    r = back(instance, forged)
    assert r.status == 400 and 'could not confirm' in r.text, r.text
    assert payment(instance, ref)[0] == 'started'
    # Not audited: a row for each unsigned post would let anyone grow
    # the chain of a portal that takes no payments.
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'pay.result_refused'") == 0
    # The processor's own result, with the secret left in place: taken.
    offline(instance, secret=instance.pay_secret)
    assert notify(instance, result(instance, f)).status == 200
    assert payment(instance, ref)[0] == 'paid'
    # Pre-check-in says it is paid, not to pay again on arrival.
    r = c.get(f'/visits/checkin/?v={vid}')
    assert r.status == 200, r.text
    assert 'Paid.' in r.text and 'You pay it when you arrive' not in r.text


def test_pay_runs_and_says_payment_is_not_offered(instance):
    offline(instance)
    c, p, addr, vid = family_visit(instance)
    # The program answers (it would crash-loop if it refused to start).
    r = c.get('/pay/')
    assert r.status == 200, r.text
    assert 'does not take payments in the portal' in r.text
    assert 'Patient Billing' in r.text
    assert 'pay: payment_url' not in instance.log_text('portal-serve')
    # Pre-check-in: no copay step, the copay paid on arrival.
    r = c.get(f'/visits/checkin/?v={vid}')
    assert r.status == 200, r.text
    assert 'action="/pay/start"' not in r.text
    assert 'You pay it when you arrive' in r.text and '$25.00' in r.text
    steps = re.search(r'<ul class="steps">.*?</ul>', r.text, re.S)
    assert steps and 'Insurance' in steps.group(0), r.text
    assert 'Copay' not in steps.group(0), steps.group(0)
    # Asking anyway (an old page, a typed request): refused, nothing made.
    before = count(instance, 'SELECT count(*) FROM payments')
    r = c.post('/pay/start', {'csrf': csrf(c), 'purpose': 'copay',
                              'v': str(vid)})
    assert r.status == 409, (r.status, r.text)
    assert 'does not take payments in the portal' in r.text
    assert 'Nothing was charged' in r.text
    assert count(instance, 'SELECT count(*) FROM payments') == before
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'pay.start_refused' AND detail LIKE '%verdict=offline%'") == 1


def test_statement_shows_billing_not_a_pay_button(instance):
    offline(instance)
    c, p, addr, st, sid = family_statement(instance)
    r = c.get(f'/billing/s?s={sid}')
    assert r.status == 200, r.text
    assert 'action="/pay/start"' not in r.text
    assert 'id="pay-offline"' in r.text
    assert 'To pay the $150.00 due now, call Patient Billing' in r.text
    # The statements list links to no pay form that is not there.
    r = c.get('/billing/')
    assert r.status == 200, r.text
    assert '#pay"' not in r.text and '$150.00' in r.text, r.text
    before = count(instance, 'SELECT count(*) FROM payments')
    r = c.post('/pay/start', {'csrf': csrf(c), 'purpose': 'statement',
                              's': str(sid), 'amount': '150.00'})
    assert r.status == 409, (r.status, r.text)
    assert 'does not take payments in the portal' in r.text
    assert count(instance, 'SELECT count(*) FROM payments') == before
    # The public and help pages promise nothing that is not there.
    for path in ('/', '/help/'):
        r = Client(instance).get(path)
        assert r.status == 200, (path, r.status)
        assert 'pay them online' not in r.text, path


def test_online_again_shows_the_buttons(instance):
    """The same family's pages once payment_url is back."""
    instance.set_conf(payment_url=instance.pay_url,
                      payment_secret=instance.pay_secret)
    deadline = time.time() + 15
    c, p, addr, st, sid = family_statement(instance)
    while True:
        r = c.get(f'/billing/s?s={sid}')
        if r.status == 200 or time.time() > deadline:
            break
        time.sleep(0.2)
    assert 'action="/pay/start"' in r.text and 'pay-offline' not in r.text
    assert 'pay them online' in Client(instance).get('/').text
