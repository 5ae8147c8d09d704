"""Issue 14 attacks found in review (billing, paying a statement): each
test a hole that was open, with its fix."""

from harness import form_fields
from test_billing import audits, family_statement, imp, row, start
from test_pay import back, payment, result

INSTANCE = {'conf': {'scrypt_n': 1024}}


def test_statement_of_confidential_lines_only_leaves_no_trace(instance):
    # A statement whose every line is a 13-17-year-old's confidential
    # care: the parent's list, page, print and PDF show nothing of it
    # (not even its number, date or an empty table), nor may it be paid.
    def lines(st, addr, p):
        return row(st, 'GT' + st, addr, p['mrn'], 'Adolescent clinic visit',
                   '300.00', '220.00', '0.00', '80.00', conf='Y',
                   balance='80.00')
    c, p, addr, st, sid = family_statement(instance, years=15, lines=lines)
    r = c.get('/billing/')
    assert r.status == 200, r.text
    assert st not in r.text, r.text
    for path in ('s', 'print', 'pdf'):
        r = c.get(f'/billing/{path}?s={sid}')
        assert r.status == 404, (path, r.status)
        assert st.encode() not in (r.body if path == 'pdf' else
                                   r.text.encode())
    r = start(c, sid, '1.00')
    assert r.status == 404, r.text
    assert audits(instance, 'bill.view', sid) == 0


def test_newer_statement_of_confidential_lines_only_replaces_nothing(instance):
    # The parent's statement, then a newer one of the teen's confidential
    # care only: the parent's statement stays the newest the parent has,
    # payable, without "a newer statement has come" (that would be the
    # trace), and a payment of it is not flagged for a refund.
    def lines(st, addr, p):
        return row(st, 'GT' + st, addr, p['mrn'], 'Sports physical',
                   '200.00', '150.00', '0.00', '50.00', balance='50.00')
    c, p, addr, st, sid = family_statement(instance, years=15, lines=lines)
    rc, out, err = imp(instance, row(st + 'C', 'GT' + st, addr, p['mrn'],
                                     'Adolescent clinic visit', '300.00',
                                     '220.00', '0.00', '80.00', conf='Y',
                                     balance='130.00', date='2026-11-30'))
    assert rc == 0, out + err
    r = c.get('/billing/')
    assert st in r.text and st + 'C' not in r.text, r.text
    assert '$130.00' not in r.text and '$80.00' not in r.text
    r = c.get(f'/billing/s?s={sid}')
    assert r.status == 200, r.text
    assert 'newer statement' not in r.text, r.text
    f = form_fields(start(c, sid, '50.00').text, 'pay-go')
    assert f['amount'] == '50.00'
    r = back(instance, result(instance, f))
    assert r.status == 200 and 'Payment received' in r.text, r.text
    assert 'refund' not in r.text
    assert payment(instance, f['reference_number'])[:2] == ('paid', 0)


def test_hidden_credit_never_raises_what_is_due(instance):
    # A confidential line of the teen with a negative patient due (a
    # credit: insurance paid after the patient did): leaving it out must
    # not make the parent's balance and due now more than the statement's
    # balance, nor let the parent pay more than the guarantor owes.
    def lines(st, addr, p):
        return (row(st, 'GT' + st, addr, p['mrn'], 'Sports physical',
                    '200.00', '150.00', '0.00', '50.00', balance='10.00') +
                row(st, 'GT' + st, addr, p['mrn'], 'Adolescent clinic visit',
                    '0.00', '40.00', '0.00', '-40.00', conf='Y',
                    balance='10.00'))
    c, p, addr, st, sid = family_statement(instance, years=15, lines=lines)
    r = c.get(f'/billing/s?s={sid}')
    assert r.status == 200, r.text
    assert 'Adolescent' not in r.text and '$40.00' not in r.text
    assert '$10.00' in r.text, r.text
    r = start(c, sid, '50.00')
    assert r.status == 400 and 'more than the $10.00 due now' in r.text, \
        r.text
    f = form_fields(start(c, sid, '10.00').text, 'pay-go')
    r = back(instance, result(instance, f))
    assert 'Payment received' in r.text and 'refund' not in r.text, r.text
    assert payment(instance, f['reference_number'])[:2] == ('paid', 0)


def test_pdf_of_hostile_text(instance):
    # Descriptions at the length limit: one word of wide letters with no
    # space to break at, multi-byte UTF-8 (4-byte letters, combining
    # marks, right-to-left), markup and PDF syntax: the PDF is made under
    # ASan, whole, every line in it.
    descs = ['W' * 200, '\U0001d54e' * 50, 'e\u0301' * 66,
             '\u05e9\u05dc\u05d5\u05dd ' * 22,
             '<script>alert(1)</script>) Tj ET (x',
             '\u00a0' * 100, 'a ' * 100]

    def lines(st, addr, p):
        return ''.join(row(st, 'GT' + st, addr, p['mrn'],
                           d.replace('"', '""'), '1.00', '0.00', '0.00',
                           '1.00', balance=f'{len(descs)}.00')
                       for d in descs)
    c, p, addr, st, sid = family_statement(instance, lines=lines)
    r = c.get(f'/billing/pdf?s={sid}')
    assert r.status == 200, r.text
    assert r.body.startswith(b'%PDF-') and b'%%EOF' in r.body[-64:]
    r = c.get(f'/billing/s?s={sid}')
    assert '<script>' not in r.text and '&lt;script&gt;' in r.text
