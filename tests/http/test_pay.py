"""Paying a visit's copay on the processor's hosted page (issue 13.7;
issue 14.4's hand-off) through the web server and the stand-in processor
(tests/standin/payments.py, started by the harness): the whole round trip
(start, the stand-in's card page, accept, the return page, the copay step,
the receipt without health information, a second notification changing
nothing), decline and cancel, and the attacks: another family's visit, a
swapped reference, amounts zero, negative, larger or changed after
signing, a replay, the wrong key, a stale or future time, a notification
without a return and the other way round, a double notification, another
transaction for a paid reference, a result after the visit was cancelled
(recorded, flagged for a refund), a field outside the signed list
changed (ignored), a needed field left out of the signed list (refused),
and no card number ever reaching the portal."""

import itertools
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import visitdata as vd
from family import count, mail_to, new_family
from harness import Client, form_fields

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'standin'))
import payments  # noqa: E402  (the stand-in: its signing, for forged results)

# Cheap scrypt hashes (the rules are what is tested).
# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
INSTANCE = {'workers': 2, 'conf': {'scrypt_n': 1024}}

COPAY = 2500
CARD_OK = '4111 1111 1111 1111'
CARD_NO = '4000 0000 0000 0002'
_seq = itertools.count(1)


def family_visit(instance, cents=COPAY, days=3, clinic_name=None):
    """A family signed in, its patient, its address, and a visit in
    `days` days whose type has a copay of `cents`."""
    c, p, addr = new_family(instance)
    cid = vd.clinic(instance, clinic_name or 'Cardiology Clinic')
    tid = vd.visit_type(instance, cid, name=f'Echo follow-up {next(_seq)}',
                        copay_cents=cents)
    vid = vd.visit(instance, p['mrn'], cid, vd.now() + days * vd.DAY,
                   type_id=tid)
    return c, p, addr, vid


def csrf(c):
    r = c.get('/pay/')
    assert r.status == 200, (r.status, r.text)
    return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)


def start(c, vid, **extra):
    f = {'csrf': csrf(c), 'purpose': 'copay', 'v': str(vid)}
    f.update(extra)
    return c.post('/pay/start', f)


def go(c, vid):
    """Starts a payment; the signed form's fields."""
    r = start(c, vid)
    assert r.status == 200, (r.status, r.text)
    return form_fields(r.text, 'pay-go')


def standin(instance, path, fields):
    """POSTs to the stand-in as the browser does: (status, page)."""
    url = f'http://127.0.0.1:{instance.pay_port}{path}'
    data = urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(url, data, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def standin_log(instance):
    import json
    with urllib.request.urlopen(
            f'http://127.0.0.1:{instance.pay_port}/log', timeout=10) as r:
        return json.loads(r.read())


def pay_on_standin(instance, fields, card=CARD_OK, action='pay'):
    """The card page and its answer: the signed result it sends the
    browser back with (the notification has gone already)."""
    st, page = standin(instance, '/pay', fields)
    assert st == 200 and 'id="card"' in page, (st, page)
    f = form_fields(page, 'card')
    f.update({'card_number': card, 'action': action})
    st, page = standin(instance, '/pay/card', f)
    assert st == 200, (st, page)
    back = form_fields(page, 'back')
    action_url = re.search(r'<form method="post" id="back" action="([^"]+)"',
                           page).group(1)
    assert action_url == instance.base_url + '/pay/return', action_url
    return back


def result(instance, fields, decision='ACCEPT', secret=None, when=None,
           **change):
    """A result as the processor signs it (secret: another key), with
    fields changed before signing."""
    req = dict(fields)
    res = payments.result(secret or instance.pay_secret, req, decision, when)
    if change:
        res.update(change)
        res['signature'] = payments.sign(secret or instance.pay_secret, res)
    return res


def back(instance, res, c=None):
    """The browser's return: without the session cookie (SameSite=Strict
    drops it on the processor's cross-site POST) unless c is given."""
    return (c or Client(instance)).post('/pay/return', res)


def notify(instance, res):
    return Client(instance).post('/pay/notify', res)


def payment(instance, ref):
    rows = instance.query('SELECT status, refund, txn, decided, amount_cents '
                          'FROM payments WHERE reference = ?', ref)
    return rows[0] if rows else None


def copay_done(instance, vid):
    return count(instance, "SELECT count(*) FROM visit_checkins WHERE "
                 "visit_id = ? AND step = 'copay'", vid)


def audits(instance, action):
    return count(instance, 'SELECT count(*) FROM audit WHERE action = ?',
                 action)


def test_round_trip_accept(instance):
    c, p, addr, vid = family_visit(instance)
    r = start(c, vid)
    assert r.status == 200, r.text
    assert 'You are leaving the portal to pay' in r.text
    assert '$25.00' in r.text and 'Stand-in Payments' in r.text
    csp = r.headers.get('Content-Security-Policy')
    assert f"form-action 'self' http://127.0.0.1:{instance.pay_port};" in csp
    assert 'src="/static/pay-go.js"' in r.text and '<script>' not in r.text
    assert re.search(r'<form method="post" action="([^"]+)" id="pay-go"',
                     r.text).group(1) == instance.pay_url
    assert 'Continue to payment' in r.text	# without JavaScript
    f = form_fields(r.text, 'pay-go')
    assert f['amount'] == '25.00' and f['currency'] == 'USD'
    assert f['transaction_type'] == 'sale'
    assert f['override_custom_receipt_page'] == instance.base_url + '/pay/return'
    assert f['override_backoffice_post_url'] == instance.base_url + '/pay/notify'
    assert f['signature'] == payments.sign(instance.pay_secret, f)
    ref = f['reference_number']
    assert payment(instance, ref)[0] == 'started'

    res = pay_on_standin(instance, f)
    # No card data ever reaches the portal.
    assert not any('card' in k for k in res), res
    assert '4111' not in ''.join(res.values())
    log = [e for e in standin_log(instance) if e['reference'] == ref]
    assert len(log) == 1 and log[0]['status'] == 200, log
    assert not log[0]['body_has_card']
    assert payment(instance, ref)[0] == 'paid'	# the notification did it

    r = back(instance, res)
    assert r.status == 200, r.text
    assert 'Payment received' in r.text and '$25.00' in r.text
    assert f'href="/visits/checkin/?v={vid}"' in r.text
    assert 'refund' not in r.text
    assert 'Cardiology' not in r.text and 'Echo' not in r.text
    row = payment(instance, ref)
    assert row[0] == 'paid' and row[1] == 0 and row[2] == res['transaction_id']
    assert copay_done(instance, vid) == 1

    m = mail_to(instance, addr, 'payment received')
    assert m is not None
    assert '$25.00' in m.body and ref in m.body
    for phi in ('Cardiology', 'Echo', p['given'], p['family'], p['mrn']):
        assert phi not in m.body and phi not in m.subject, phi

    # A second notification, a replayed return: nothing changes.
    decided = row[3]
    r = notify(instance, res)
    assert r.status == 200 and r.text.strip() == 'duplicate'
    r = back(instance, res, c)
    assert r.status == 200 and 'Payment received' in r.text
    assert payment(instance, ref)[3] == decided
    assert count(instance, 'SELECT count(*) FROM payments WHERE reference = ?',
                 ref) == 1
    assert len([x for x in instance.mails() if addr in x.to and
                'payment received' in x.subject]) == 1
    assert audits(instance, 'pay.start') >= 1
    assert audits(instance, 'pay.paid') >= 1
    assert audits(instance, 'pay.duplicate') >= 2
    # The list shows it; the copay can no longer be started.
    r = c.get('/pay/')
    assert r.status == 200 and ref in r.text and 'Paid' in r.text
    r = start(c, vid)
    assert r.status == 409 and 'already paid' in r.text
    assert instance.secrets_in_logs() == []


def test_decline_then_cancel(instance):
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    res = pay_on_standin(instance, f, card=CARD_NO)
    assert res['decision'] == 'DECLINE'
    r = back(instance, res)
    assert r.status == 200 and 'declined' in r.text and '$25.00' in r.text
    assert payment(instance, f['reference_number'])[0] == 'declined'
    assert copay_done(instance, vid) == 0
    f = go(c, vid)			# try again: a new reference
    res = pay_on_standin(instance, f, action='cancel')
    assert res['decision'] == 'CANCEL'
    r = back(instance, res)
    assert r.status == 200 and 'You cancelled' in r.text
    assert payment(instance, f['reference_number'])[0] == 'cancelled'
    assert copay_done(instance, vid) == 0
    assert mail_to(instance, addr, 'payment received') is None


def test_another_familys_visit(instance):
    c, p, addr, vid = family_visit(instance)
    c2, p2, addr2, vid2 = family_visit(instance)
    before = audits(instance, 'pay.start_refused')
    r = start(c, vid2)
    missing = start(c, 99999999)
    assert r.status == missing.status == 404
    assert 'There is no such visit on your account' in r.text
    strip = re.compile(r'value="[^"]*"|Reference [0-9a-f]+')
    assert strip.sub('', r.text) == strip.sub('', missing.text)
    assert audits(instance, 'pay.start_refused') == before + 2
    detail = instance.value("SELECT detail FROM audit WHERE action = "
                            "'pay.start_refused' AND detail LIKE ?",
                            f'asked v={vid2} %')
    assert 'not_seen' in detail
    assert count(instance, 'SELECT count(*) FROM payments WHERE visit_id = ?',
                 vid2) == 0
    for bad in ('abc', '-1', '0', '07', "1' OR 1=1", '9' * 40, str(2 ** 63),
                '', '9' * 10240):
        r = start(c, vid, v=bad)
        assert r.status == 404, (bad, r.status)
    r = start(c, vid, purpose='statement')
    assert r.status == 404
    # Without the CSRF token: refused; /pay/start needs a session.
    r = c.post('/pay/start', {'purpose': 'copay', 'v': str(vid)})
    assert r.status == 403
    r = Client(instance).post('/pay/start', {'csrf': 'x' * 20,
                                             'purpose': 'copay',
                                             'v': str(vid)})
    assert r.status in (303, 403)


def test_not_due_at_start(instance):
    c, p, addr, vid = family_visit(instance, cents=0)
    r = start(c, vid)
    assert r.status == 409 and 'no copay' in r.text
    c, p, addr, vid = family_visit(instance, days=40)
    r = start(c, vid)
    assert r.status == 409 and 'cannot be paid for online now' in r.text
    # The amount is the visit type's, never the form's.
    c, p, addr, vid = family_visit(instance)
    r = start(c, vid, amount='1.00')
    assert form_fields(r.text, 'pay-go')['amount'] == '25.00'


def test_swapped_reference(instance):
    c, p, addr, vid = family_visit(instance)
    a = go(c, vid)
    b = go(c, vid)
    res = result(instance, a)
    swapped = dict(res, req_reference_number=b['reference_number'])
    r = notify(instance, swapped)
    assert r.status == 400 and r.text.strip() == 'refused'
    r = back(instance, swapped)
    assert r.status == 400 and 'could not confirm' in r.text
    # Signed, but for a reference the portal never made.
    r = notify(instance, result(instance, dict(a, reference_number='f' * 32)))
    assert r.status == 400
    assert payment(instance, a['reference_number'])[0] == 'started'
    assert payment(instance, b['reference_number'])[0] == 'started'
    assert audits(instance, 'pay.result_refused') >= 3


def test_amounts(instance):
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    # Changed after the portal signed it: the processor refuses.
    for amt in ('0.00', '-25.00', '99.00', '25', 'abc'):
        st, page = standin(instance, '/pay', dict(f, amount=amt))
        assert st == 403 and 'signature' in page, (amt, st)
    # A result with a valid signature for another amount: refused.
    for amt in ('0.00', '-25.00', '99.00', '24.99', '25.000', '2.5e1', ''):
        res = result(instance, f, req_amount=amt)
        r = notify(instance, res)
        assert r.status == 400, (amt, r.status)
    res = result(instance, f, req_currency='EUR')
    assert notify(instance, res).status == 400
    # Or changed after the processor signed it.
    res = result(instance, f)
    r = notify(instance, dict(res, req_amount='2.50'))
    assert r.status == 400
    assert payment(instance, f['reference_number'])[0] == 'started'
    assert copay_done(instance, vid) == 0


def test_wrong_key_and_forgery(instance):
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    res = result(instance, f, secret='another-secret-' + 'k' * 40)
    assert notify(instance, res).status == 400
    r = back(instance, res)
    assert r.status == 400 and 'could not confirm' in r.text
    unsigned = {k: v for k, v in result(instance, f).items()
                if k != 'signature'}
    assert notify(instance, unsigned).status == 400
    assert notify(instance, dict(unsigned, signature='')).status == 400
    assert notify(instance, {}).status == 400
    # The portal's own form is not a result.
    assert notify(instance, f).status == 400
    assert payment(instance, f['reference_number'])[0] == 'started'


def test_forgeries_cannot_grow_the_audit(instance):
    """Anyone can post to /pay/notify: an address's first 20 forged
    results an hour are audited, the 20th saying the rest are not; all
    are refused alike; a signed result from that address still counts."""
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    here = '127.0.0.%d' % (40 + next(_seq) % 200)
    forged = result(instance, f, secret='another-secret-' + 'k' * 40)

    def rows():
        return instance.query('SELECT detail FROM audit WHERE action = '
                              "'pay.result_refused' AND addr = ? "
                              'ORDER BY id', here)
    for i in range(25):
        r = Client(instance, source=here).post('/pay/notify', forged)
        assert r.status == 400 and r.text.strip() == 'refused', (i, r.status)
    got = [d for (d,) in rows()]
    assert len(got) == 20, len(got)
    assert all('why=signature' in d for d in got)
    assert 'then=unaudited' in got[-1] and 'then=' not in got[-2]
    # The processor's own (signed) result from that address is taken.
    r = Client(instance, source=here).post('/pay/notify', result(instance, f))
    assert r.status == 200, r.status
    assert payment(instance, f['reference_number'])[0] == 'paid'
    # Another address is counted apart: its forgery is audited.
    other = '127.0.0.%d' % (40 + next(_seq) % 200)
    assert other != here
    Client(instance, source=other).post('/pay/notify', forged)
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'pay.result_refused' AND addr = ?", other) == 1


def test_signed_replays_cannot_grow_the_audit(instance):
    """A signed result is in the family's browser and can be posted again
    as often as anyone likes: it changes nothing, and its rows (repeats,
    refusals) stop at 10 a day for its reference, the 10th saying so. A
    result signed with our secret but missing a signed field is the
    processor's: never counted as a forgery."""
    import time
    from datetime import datetime, timezone
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    ref = f['reference_number']
    cancel = result(instance, f, decision='CANCEL')
    assert notify(instance, cancel).status == 200
    assert payment(instance, ref)[0] == 'cancelled'
    here = '127.0.0.%d' % (40 + next(_seq) % 200)
    for i in range(12):
        r = Client(instance, source=here).post('/pay/notify', cancel)
        assert r.status == 200 and r.text.strip() == 'duplicate', (i, r.text)
    stale = result(instance, f, decision='CANCEL', when=datetime.fromtimestamp(
        time.time() - 7200, timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))
    for i in range(3):
        assert notify(instance, stale).status == 400
    rows = [d for (d,) in instance.query(
        "SELECT detail FROM audit WHERE action IN ('pay.duplicate', "
        "'pay.result_refused', 'pay.anomaly') AND (detail LIKE ? OR "
        "detail LIKE ?) ORDER BY id", f'%ref={ref}%',
        f"payment={payment_id(instance, ref)} %")]
    assert len(rows) == 10, rows
    assert rows[-1].endswith('then=unaudited')
    assert not any('then=' in d for d in rows[:-1])
    assert payment(instance, ref)[0] == 'cancelled'
    # Signed with our secret, transaction_id outside the signed list:
    # refused (400) and audited as the processor's, not a forgery.
    c, p, addr, vid = family_visit(instance)
    g = go(c, vid)
    res = result(instance, g)
    names = [n for n in res['signed_field_names'].split(',')
             if n != 'transaction_id']
    res['signed_field_names'] = ','.join(names)
    res['signature'] = payments.sign(instance.pay_secret, res)
    there = '127.0.0.%d' % (40 + next(_seq) % 200)
    for i in range(3):
        r = Client(instance, source=there).post('/pay/notify', res)
        assert r.status == 400
    got = [d for (d,) in instance.query(
        "SELECT detail FROM audit WHERE action = 'pay.result_refused' AND "
        "addr = ? ORDER BY id", there)]
    assert len(got) == 3 and all('why=signature' not in d for d in got), got
    assert payment(instance, g['reference_number'])[0] == 'started'


def payment_id(instance, ref):
    return count(instance, 'SELECT id FROM payments WHERE reference = ?', ref)


def test_stale_and_future_time(instance):
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    import time
    from datetime import datetime, timezone

    def at(t):
        return datetime.fromtimestamp(t, timezone.utc).strftime(
            '%Y-%m-%dT%H:%M:%SZ')
    now = time.time()
    assert notify(instance, result(instance, f, when=at(now - 20 * 60))) \
        .status == 400
    assert notify(instance, result(instance, f, when=at(now + 10 * 60))) \
        .status == 400
    assert notify(instance, result(instance, f, when='yesterday')).status == 400
    assert payment(instance, f['reference_number'])[0] == 'started'
    # Inside the window (10 minutes late): taken.
    assert notify(instance, result(instance, f, when=at(now - 10 * 60))) \
        .status == 200
    assert payment(instance, f['reference_number'])[0] == 'paid'


def test_notify_without_return_and_return_without_notify(instance):
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    res = result(instance, f)
    r = notify(instance, res)		# the family closed the tab
    assert r.status == 200 and r.text.strip() == 'recorded'
    assert payment(instance, f['reference_number'])[0] == 'paid'
    assert copay_done(instance, vid) == 1

    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    res = result(instance, f)
    r = back(instance, res)		# the notification never came
    assert r.status == 200 and 'Payment received' in r.text
    assert payment(instance, f['reference_number'])[0] == 'paid'
    assert copay_done(instance, vid) == 1
    r = notify(instance, res)		# ... or came late
    assert r.status == 200 and r.text.strip() == 'duplicate'


def test_double_notification_and_another_txn(instance):
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    res = result(instance, f)
    assert notify(instance, res).text.strip() == 'recorded'
    assert notify(instance, res).text.strip() == 'duplicate'
    row = payment(instance, f['reference_number'])
    before = audits(instance, 'pay.anomaly')
    other = result(instance, f)		# another transaction id, signed
    assert other['transaction_id'] != res['transaction_id']
    r = notify(instance, other)
    assert r.status == 200
    assert payment(instance, f['reference_number']) == row
    assert audits(instance, 'pay.anomaly') == before + 1
    # A decline after the payment: nothing changes either.
    r = notify(instance, result(instance, f, decision='DECLINE'))
    assert r.status == 200
    assert payment(instance, f['reference_number']) == row
    assert audits(instance, 'pay.anomaly') == before + 2


def test_result_after_cancellation_is_refunded(instance):
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    instance.execute("UPDATE visits SET status = 'cancelled' WHERE id = ?",
                     vid)
    r = back(instance, result(instance, f))
    assert r.status == 200 and 'Payment received' in r.text
    assert 'we will refund it' in r.text
    row = payment(instance, f['reference_number'])
    assert row[0] == 'paid' and row[1] == 1
    assert copay_done(instance, vid) == 0
    r = c.get('/pay/')
    assert 'we will refund it' in r.text
    assert mail_to(instance, addr, 'payment received') is not None


def test_paid_twice_second_is_refunded(instance):
    c, p, addr, vid = family_visit(instance)
    a = go(c, vid)
    b = go(c, vid)			# two tabs
    assert notify(instance, result(instance, a)).status == 200
    assert notify(instance, result(instance, b)).status == 200
    assert payment(instance, a['reference_number'])[:2] == ('paid', 0)
    assert payment(instance, b['reference_number'])[:2] == ('paid', 1)
    assert copay_done(instance, vid) == 1


def test_signed_list(instance):
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    # A field outside the signed list, changed or added: ignored.
    res = result(instance, f)
    res['message'] = 'changed <b>by someone</b>'
    res['req_amount_display'] = '0.01'
    res['signed_field_names'] = ','.join(
        n for n in res['signed_field_names'].split(',') if n != 'message')
    res['signature'] = payments.sign(instance.pay_secret, res)
    res['message'] = 'changed again'
    r = back(instance, res)
    assert r.status == 200 and 'Payment received' in r.text
    assert 'changed' not in r.text and '0.01' not in r.text
    # A field the portal needs, left out of the signed list: refused.
    c, p, addr, vid = family_visit(instance)
    g = go(c, vid)
    res = result(instance, g)
    res['signed_field_names'] = ','.join(
        n for n in res['signed_field_names'].split(',') if n != 'req_amount')
    res['signature'] = payments.sign(instance.pay_secret, res)
    assert notify(instance, res).status == 400
    # A field twice: refused.
    body = urllib.parse.urlencode(list(result(instance, g).items()) +
                                  [('req_amount', '0.01')])
    r = Client(instance).request('POST', '/pay/notify', body=body.encode(),
                                 headers={'Content-Type':
                                          'application/x-www-form-urlencoded'})
    assert r.status == 400
    assert payment(instance, g['reference_number'])[0] == 'started'


def test_in_parallel(instance):
    """The return and the notification at the same moment, and two tabs'
    payments of one copay at once: one recording each, one copay due."""
    from concurrent.futures import ThreadPoolExecutor
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    res = result(instance, f)
    with ThreadPoolExecutor(4) as ex:
        answers = list(ex.map(lambda _: notify(instance, res), range(4)))
    assert sorted(r.text.strip() for r in answers) == \
        ['duplicate', 'duplicate', 'duplicate', 'recorded']
    assert copay_done(instance, vid) == 1

    c, p, addr, vid = family_visit(instance)
    forms = [go(c, vid) for _ in range(3)]
    with ThreadPoolExecutor(3) as ex:
        answers = list(ex.map(lambda g: notify(instance, result(instance, g)),
                              forms))
    assert all(r.status == 200 for r in answers)
    flags = sorted(payment(instance, g['reference_number'])[1] for g in forms)
    assert flags == [0, 1, 1], flags
    assert count(instance, "SELECT count(*) FROM payments WHERE visit_id = ? "
                 "AND status = 'paid'", vid) == 3


def test_forgeries_from_many_addresses_stay_within_one_quota(instance):
    """An address counts by its /64 (a /48 holds 65,536): over all
    addresses together, forgeries write at most 200 rows an hour, the
    last saying "for=all"; beyond it they are refused alike, unaudited."""
    c, p, addr, vid = family_visit(instance)
    f = go(c, vid)
    forged = result(instance, f, secret='another-secret-' + 'k' * 40)
    first = count(instance, 'SELECT COALESCE(max(id), 0) FROM audit')

    def written():
        return [d for (d,) in instance.query(
            "SELECT detail FROM audit WHERE action = 'pay.result_refused' "
            'AND id > ? ORDER BY id', first)]
    # 12 fresh addresses, 20 each: each within its own quota, 240 in all.
    for a in range(12):
        here = '127.0.1.%d' % (1 + a)
        for i in range(20):
            r = Client(instance, source=here).post('/pay/notify', forged)
            assert r.status == 400 and r.text.strip() == 'refused', (a, i)
    got = written()
    assert 0 < len(got) <= 200, len(got)
    assert all('why=signature' in d for d in got)
    assert 'then=unaudited for=all' in got[-1], got[-1]
    assert not any('for=all' in d for d in got[:-1])
    assert count(instance, "SELECT count(*) FROM audit WHERE detail LIKE "
                 "'%for=all%'") == 1
    # A 13th address: refused the same, nothing written.
    r = Client(instance, source='127.0.1.13').post('/pay/notify', forged)
    assert r.status == 400 and r.text.strip() == 'refused'
    assert len(written()) == len(got)
    # The processor's signed result is still taken.
    r = Client(instance, source='127.0.1.13').post('/pay/notify',
                                                   result(instance, f))
    assert r.status == 200, r.status
    assert payment(instance, f['reference_number'])[0] == 'paid'


def test_a_weak_secret_is_told_and_payment_is_off(instance):
    """Half a set-up (payment_url with a short secret, none, or one
    character repeated): cgi-bin/pay says why in the log (never the
    secret) and runs; every page is offline, no pay button that could not
    work; a good secret brings the buttons back."""
    import time
    from harness import HarnessError
    good = instance.pay_secret
    c, p, addr, vid = family_visit(instance)
    try:
        for weak, why in (('short-secret', 'too short'), ('', 'not set'),
                          ('z' * 40, 'one character repeated')):
            try:
                instance.set_conf(payment_secret=weak)
            except HarnessError:
                pass		# seen at once (ASan workers start slower)
            r = c.get(f'/visits/checkin/?v={vid}')
            assert r.status == 200, r.text
            assert 'action="/pay/start"' not in r.text, weak
            assert 'You pay it when you arrive' in r.text, weak
            r = c.get('/pay/')
            assert r.status == 200, (r.status, r.text)
            assert 'does not take payments in the portal' in r.text
            # Said by cgi-bin/pay as it starts (at its first request).
            said = f'pay: payment_secret is {why}'
            deadline = time.time() + 15
            while said not in instance.log_text('portal-serve'):
                assert time.time() < deadline, instance.log_text(
                    'portal-serve')[-2000:]
                time.sleep(0.1)
            if weak:
                assert weak not in instance.log_text('portal-serve')
            assert 'online payment is off' in instance.log_text(
                'portal-serve')
    finally:
        instance.set_conf(payment_secret=good)
    deadline = time.time() + 15
    while True:
        r = c.get(f'/visits/checkin/?v={vid}')
        if 'action="/pay/start"' in r.text or time.time() > deadline:
            break
        time.sleep(0.2)
    assert 'action="/pay/start"' in r.text, r.text
