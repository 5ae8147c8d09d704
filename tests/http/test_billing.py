"""Billing statements and paying them (issue 14.3, 14.4) through the web
server: `portalctl statements import` (the CSV format, idempotent, each
refusal with its line and reason), the family's list with the balance per
account, one statement, its printable page and its PDF (the same content:
pdftotext, else the PDF's bytes), a 13-17-year-old's confidential line
hidden from the parent with its sums and an adult child's line masked,
another family's and a malformed statement id answered as a missing one,
every view audited; and paying a statement through the stand-in
processor: success (receipt without health information), decline,
cancel, replay, a payment no longer due flagged for a refund, the amount
attacks (zero, negative, larger than due, not a number), a forged or
replayed response, a response signed for another amount, a swapped
reference, two submits in parallel starting one payment at most, and no
card field ever reaching the portal."""

import itertools
import re
import shutil
import subprocess
import tempfile
import threading

from family import count, mail_to, new_family, patient
from harness import Client, form_fields
from test_pay import (CARD_NO, back, notify, pay_on_standin, payment, result,
                      standin_log)

# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
INSTANCE = {'workers': 2, 'conf': {'scrypt_n': 1024}}

HEADER = ('statement,guarantor_account,guarantor_name,guarantor_email,'
          'statement_date,due_date,balance,mrn,service_date,description,'
          'charges,insurance_paid,adjustments,patient_due,confidential\n')
_seq = itertools.count(1)


def row(st, acct, email, mrn, desc, charges, ins, adj, due, conf='N',
        balance='150.00', date='2026-11-15', service='2026-10-02'):
    return (f'{st},{acct},Pat Parent,{email},{date},2026-12-15,{balance},'
            f'{mrn},{service},"{desc}",{charges},{ins},{adj},{due},{conf}\n')


def imp(instance, text):
    return instance.portalctl('statements', 'import', '-', input=HEADER + text)


def family_statement(instance, years=8, balance='150.00', lines=None):
    """A family signed in and a statement of its patient: (client,
    patient, address, statement number, statement id)."""
    c, p, addr = new_family(instance, years=years)
    n = next(_seq)
    st = f'S{n:05d}'
    text = lines(st, addr, p) if lines else (
        row(st, f'G{n}', addr, p['mrn'], 'Office visit, cardiology', '300.00',
            '200.00', '0.00', '100.00', balance=balance) +
        row(st, f'G{n}', addr, p['mrn'], 'Echocardiogram', '250.00',
            '180.00', '20.00', '50.00', balance=balance))
    rc, out, err = imp(instance, text)
    assert rc == 0, out + err
    sid = instance.query('SELECT id FROM statements WHERE number = ?', st)[0][0]
    return c, p, addr, st, sid


def csrf(c):
    r = c.get('/billing/')
    assert r.status == 200, r.text
    return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)


def start(c, sid, amount, token=None):
    return c.post('/pay/start', {'csrf': token or csrf(c),
                                 'purpose': 'statement', 's': str(sid),
                                 'amount': amount})


def audits(instance, action, sid=None):
    if sid is None:
        return count(instance, 'SELECT count(*) FROM audit WHERE action = ?',
                     action)
    return count(instance, 'SELECT count(*) FROM audit WHERE action = ? AND '
                 'detail = ?', action, f'statement={sid}')


def test_import_idempotent_and_refusals(instance):
    c, p, addr = new_family(instance)
    text = (row('S90001', 'G900', addr, p['mrn'], 'Visit', '100.00', '60.00',
                '0.00', '40.00') +
            row('S90001', 'G900', addr, p['mrn'], 'Lab, ""CBC""', '30', '10.5',
                '-0.50', '20.00'))
    rc, out, err = imp(instance, text)
    assert rc == 0, out + err
    assert '1 statements' in out and '1 new' in out, out
    rows = instance.query('SELECT charges_cents, insurance_cents, '
                          'adjustment_cents, due_cents FROM statement_lines '
                          'ORDER BY line')
    assert [tuple(r) for r in rows] == [(10000, 6000, 0, 4000),
                                        (3000, 1050, -50, 2000)]
    # Again, with one line changed: updated, lines replaced.
    rc, out, err = imp(instance, row('S90001', 'G900', addr, p['mrn'],
                                     'Visit', '100.00', '70.00', '0.00',
                                     '30.00'))
    assert rc == 0 and '1 updated' in out, out + err
    assert count(instance, 'SELECT count(*) FROM statements') >= 1
    assert count(instance, 'SELECT count(*) FROM statement_lines s JOIN '
                 "statements t ON t.id = s.statement_id WHERE t.number = "
                 "'S90001'") == 1
    # Refusals: unknown MRN, a bad amount, a line that does not add up,
    # rows disagreeing; each named by line, nothing of them kept.
    bad = (row('S90002', 'G901', addr, 'NOPE999', 'X', '1.00', '0', '0',
               '1.00') +
           row('S90003', 'G901', addr, p['mrn'], 'X', '1.0.0', '0', '0',
               '1.00') +
           row('S90004', 'G901', addr, p['mrn'], 'X', '10.00', '1.00', '0',
               '5.00') +
           row('S90005', 'G901', addr, p['mrn'], 'X', '1e3', '0', '0', '1') +
           row('S90006', 'G901', addr, p['mrn'], 'X', '1.00', '0', '0',
               '1.00') +
           row('S90006', 'G901', addr, p['mrn'], 'X', '1.00', '0', '0',
               '1.00', balance='9.99'))
    rc, out, err = imp(instance, bad)
    assert rc == 1, out + err
    assert '5 refused' in out, out
    assert 'no patient with that MRN' in out
    assert 'charges: not an amount' in out
    assert 'does not add up' in out
    assert 'disagree' in out
    assert 'NOPE999' not in out
    assert count(instance, "SELECT count(*) FROM statements WHERE number IN "
                 "('S90002', 'S90003', 'S90004', 'S90005', 'S90006')") == 0
    assert audits(instance, 'bill.import_refused') >= 5
    rc, out, err = instance.portalctl('statements', 'import', '-',
                                      input='a,b\n1,2\n')
    assert rc == 1 and 'column' in err, err


def test_list_view_print_pdf(instance):
    c, p, addr, st, sid = family_statement(instance)
    r = c.get('/billing/')
    assert r.status == 200, r.text
    assert f'Statement {st}' in r.text and '$150.00' in r.text
    assert '617-355-3397' in r.text
    r = c.get(f'/billing/s?s={sid}')
    assert r.status == 200, r.text
    assert 'Echocardiogram' in r.text and p['given'] in r.text
    assert '$550.00' in r.text and '$150.00' in r.text
    assert 'id="pay-form"' in r.text
    assert audits(instance, 'bill.view', sid) == 1
    r = c.get(f'/billing/print?s={sid}')
    assert r.status == 200 and 'Echocardiogram' in r.text
    assert audits(instance, 'bill.print', sid) == 1
    r = c.get(f'/billing/pdf?s={sid}')
    assert r.status == 200, r.text
    assert r.headers.get('Content-Type') == 'application/pdf'
    assert r.body.startswith(b'%PDF-')
    assert p['given'].encode() not in r.headers.get(
        'Content-Disposition', '').encode()
    assert audits(instance, 'bill.pdf', sid) == 1
    if shutil.which('pdftotext'):
        with tempfile.NamedTemporaryFile(suffix='.pdf') as t:
            t.write(r.body)
            t.flush()
            text = subprocess.run(['pdftotext', '-layout', t.name, '-'],
                                  capture_output=True, text=True).stdout
        for want in (f'Statement {st}', 'Echocardiogram', 'Office visit',
                     p['given'], '$550.00', '$150.00', '617-355-3397',
                     'Due now'):
            assert want in text, (want, text)


def test_other_family_and_malformed(instance):
    c, p, addr, st, sid = family_statement(instance)
    other, _, _ = new_family(instance)
    for path in (f'/billing/s?s={sid}', f'/billing/print?s={sid}',
                 f'/billing/pdf?s={sid}', '/billing/s?s=abc',
                 '/billing/s?s=99999999', '/billing/s?s=-1', '/billing/s'):
        r = other.get(path)
        assert r.status == 404, (path, r.status)
        assert 'There is no such statement' in r.text
        assert 'Echocardiogram' not in r.text
    # Every malformed id the portal knows of: the missing one's answer,
    # and the worker lives on.
    from test_malformed_ids import BAD, q
    pids = instance.worker_pids('billing')
    for v in BAD:
        for page in ('s', 'print', 'pdf'):
            r = c.get(f'/billing/{page}?s={q(v)}')
            assert r.status in (400, 404), (page, v[:20], r.status)
            assert 'Echocardiogram' not in r.text
    assert instance.worker_pids('billing') == pids
    r = other.get('/billing/')
    assert r.status == 200 and st not in r.text
    assert audits(instance, 'bill.refused') >= 7
    r = start(other, sid, '10.00')
    assert r.status == 404 and 'no such statement' in r.text
    assert count(instance, 'SELECT count(*) FROM payments WHERE '
                 'statement_id = ?', sid) == 0


def test_teen_confidential_hidden_and_masked(instance):
    def lines(st, addr, p):
        return (row(st, 'GT' + st, addr, p['mrn'], 'Sports physical',
                    '200.00', '150.00', '0.00', '50.00', balance='130.00') +
                row(st, 'GT' + st, addr, p['mrn'], 'Adolescent clinic visit',
                    '300.00', '220.00', '0.00', '80.00', conf='Y',
                    balance='130.00'))
    c, p, addr, st, sid = family_statement(instance, years=15, lines=lines)
    r = c.get(f'/billing/s?s={sid}')
    assert r.status == 200, r.text
    assert 'Sports physical' in r.text
    assert 'Adolescent' not in r.text and '$80.00' not in r.text
    assert '$300.00' not in r.text and '$220.00' not in r.text
    assert '$500.00' not in r.text and '$130.00' not in r.text
    assert 'details not shown' not in r.text
    assert '$50.00' in r.text		# balance and due now: the shown line
    pdf = c.get(f'/billing/pdf?s={sid}').body
    assert b'Adolescent' not in pdf
    # Paying more than what shows is refused.
    r = start(c, sid, '80.00')
    assert r.status == 400 and 'more than the $50.00 due now' in r.text
    assert audits(instance, 'bill.view', sid) == 1


def test_pay_round_trip(instance):
    c, p, addr, st, sid = family_statement(instance)
    r = start(c, sid, '$40')
    assert r.status == 200, r.text
    assert '$40.00' in r.text
    f = form_fields(r.text, 'pay-go')
    assert f['amount'] == '40.00'
    ref = f['reference_number']
    rows = instance.query('SELECT purpose, statement_id, patient_id, '
                          'guarantor_id FROM payments WHERE reference = ?',
                          ref)
    assert rows[0][0] == 'statement' and rows[0][1] == sid
    assert rows[0][2] is None and rows[0][3] is not None
    res = pay_on_standin(instance, f)
    assert not any('card' in k for k in res), res
    log = [e for e in standin_log(instance) if e['reference'] == ref]
    assert log and not log[0]['body_has_card']
    r = back(instance, res)
    assert r.status == 200 and 'Payment received' in r.text, r.text
    assert f'/billing/s?s={sid}' in r.text
    assert payment(instance, ref)[:2] == ('paid', 0)
    m = mail_to(instance, addr, 'payment received')
    assert m is not None and '$40.00' in m.body
    for phi in (p['given'], p['family'], p['mrn'], 'Echocardiogram'):
        assert phi not in m.body and phi not in m.subject
    # Replay: nothing changes.
    assert notify(instance, res).text.strip() == 'duplicate'
    r = c.get(f'/billing/s?s={sid}')
    assert '$110.00' in r.text, r.text		# due now: 150 - 40
    r = c.get('/pay/')
    assert f'Statement {st}' in r.text and ref in r.text
    # A new statement meanwhile: a started payment of the old one paid
    # later is recorded and flagged for a refund.
    f2 = form_fields(start(c, sid, '10.00').text, 'pay-go')
    acct = instance.query('SELECT g.number FROM guarantors g JOIN statements '
                          's ON s.guarantor_id = g.id WHERE s.id = ?',
                          sid)[0][0]
    rc, out, err = imp(instance, row(st + 'N', acct, addr, p['mrn'], 'Visit',
                                     '10.00', '0', '0', '10.00',
                                     balance='120.00', date='2026-11-30'))
    assert rc == 0, out + err
    r = back(instance, result(instance, f2))
    assert 'we will refund it' in r.text
    assert payment(instance, f2['reference_number'])[:2] == ('paid', 1)
    r = start(c, sid, '5.00')
    assert r.status == 409 and 'Nothing is due online' in r.text


def test_decline_cancel_and_forgeries(instance):
    c, p, addr, st, sid = family_statement(instance)
    f = form_fields(start(c, sid, '20.00').text, 'pay-go')
    res = pay_on_standin(instance, f, card=CARD_NO)
    r = back(instance, res)
    assert 'declined' in r.text
    assert payment(instance, f['reference_number'])[0] == 'declined'
    f = form_fields(start(c, sid, '20.00').text, 'pay-go')
    res = pay_on_standin(instance, f, action='cancel')
    assert 'cancelled' in back(instance, res).text
    f = form_fields(start(c, sid, '20.00').text, 'pay-go')
    ref = f['reference_number']
    # A forged result (another key), one signed for another amount, a
    # swapped reference: refused, nothing recorded.
    assert back(instance, result(instance, f, secret='x' * 40)).status == 400
    assert back(instance, result(instance, f, req_amount='2.00')).status == 400
    assert back(instance, result(instance, f,
                                 req_reference_number='0' * 32)).status == 400
    assert payment(instance, ref)[0] == 'started'
    # A swapped reference in the signed form: the processor's signature
    # check fails there (the stand-in refuses it).
    g = dict(f, reference_number='1' * 32)
    from test_pay import standin
    st_code, page = standin(instance, '/pay', g)
    assert st_code != 200 or 'id="card"' not in page
    assert payment(instance, ref)[0] == 'started'


def test_amount_attacks(instance):
    c, p, addr, st, sid = family_statement(instance)
    tok = csrf(c)
    for amount, words in (('0', 'more than zero'), ('0.00', 'more than zero'),
                          ('-5.00', 'cannot be negative'),
                          ('150.01', 'more than the $150.00 due now'),
                          ('abc', 'dollars and cents'),
                          ('1.234', 'dollars and cents'),
                          ('1e2', 'dollars and cents'), ('', 'dollars and')):
        r = start(c, sid, amount, tok)
        assert r.status == 400, (amount, r.status)
        assert words in r.text, (amount, r.text)
        assert f'value="{amount}"' in r.text	# typed comes back
    assert count(instance, 'SELECT count(*) FROM payments WHERE '
                 'statement_id = ?', sid) == 0
    r = start(c, sid, '150.00', tok)
    assert r.status == 200


def test_two_submits_in_parallel(instance):
    c, p, addr, st, sid = family_statement(instance)
    tok = csrf(c)
    out = []

    def go():
        out.append(start(c, sid, '150.00', tok).status)
    ts = [threading.Thread(target=go) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert sorted(out) == [200, 409], out
    assert count(instance, 'SELECT count(*) FROM payments WHERE '
                 'statement_id = ?', sid) == 1
