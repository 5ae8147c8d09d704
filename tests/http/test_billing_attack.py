"""Issue 14 attacks found in review (billing, paying a statement): each
test a hole that was open, with its fix."""

from test_billing import audits, family_statement, row, start

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
