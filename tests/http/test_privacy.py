"""The privacy office's audit log (issue 16.1; S-1, H-2) through the real
web server: only the privacy role opens /staff/audit/ (a family, a
provider, clinic staff and an admin are turned away, each with its page);
every access to one child's record is found by the child's MRN (the
parent's views, a provider's through a share, the family's share page);
filters by actor, action and time; paging across more than 50 rows;
CSV and JSON lines exports of the same filter parsed back equal to the
pages' rows, a hostile value neutralised, the export itself in the log;
a malformed filter changes nothing and says so next to the field; the
accounting of disclosures names the provider's view, not the parent's."""

import csv
import io
import json
import os
import re
from datetime import datetime, timezone
from urllib.parse import urlencode

from family import count, ctl, login, new_family, staff_signin, today
from harness import Client
from provider import add_provider, plogin

INSTANCE = {'conf': {'scrypt_n': 1024}}
PW = 'Answer4Tests!'
HOSTILE = "=cmd|'/c_calc'!a0@example.org"
S = {}


def signin(instance, username):
    return staff_signin(instance, username, PW)


def rows_of(page):
    """The audit rows of a page: (id, actor, action) in page order."""
    return [(int(i), a, x) for i, a, x in re.findall(
        r'<tr id="row-(\d+)">.*?<code>([^<]*)</code></td><td><code>'
        r'([^<]*)</code>', page.text)]


def search(c, **q):
    return c.get('/staff/audit/?' + urlencode(q))


def setup(instance):
    for user, name, role in (('pria', 'Pria Privacy', 'privacy'),
                             ('adam', 'Adam Admin', 'admin'),
                             ('cleo', 'Cleo Clinic', 'clinic')):
        ctl(instance, 'staff', 'add', '--username', user, '--name', name,
            '--role', role, input=PW + '\n')
    S['parent'], S['p'], S['addr'] = new_family(instance)
    S['pid'] = count(instance, 'SELECT id FROM patients WHERE mrn = ?',
                     S['p']['mrn'])
    S['acct'] = count(instance, 'SELECT id FROM accounts WHERE email = ?',
                      S['addr'])
    # A provider the family shared the record with (a directory entry,
    # the grant), signed in.
    aid, email = add_provider(instance, None, 'Referral8Clinic', 'Dee',
                              'Doctor', '--credential', 'MD')
    instance.execute("INSERT INTO providers (given, family, credential, "
                     "family_key, organization, city) VALUES ('Dee', "
                     "'Doctor', 'MD', 'doctor', 'Town Clinic', 'Springfield')")
    entry = count(instance, 'SELECT max(id) FROM providers')
    instance.execute('UPDATE provider_accounts SET provider_id = ? '
                     'WHERE id = ?', entry, aid)
    instance.execute("INSERT INTO patient_shares (patient_id, provider_id, "
                     "how, scope, by_account, created) VALUES "
                     "(?, ?, 'share', 'clinical', ?, ?)", S['pid'], entry,
                     S['acct'], int(datetime.now(timezone.utc).timestamp()))
    S['doc'] = Client(instance)
    r = plogin(S['doc'], email, 'Referral8Clinic')
    assert r.status == 303, r.text
    S['aid'] = aid
    S['demail'] = email
    S['pria'], S['landed'] = signin(instance, 'pria')


def test_only_the_privacy_office_opens_the_audit_log(instance):
    assert S['landed'].endswith('/staff/audit/'), S['landed']
    page = S['pria'].get('/staff/audit/')
    assert page.status == 200, page.text
    assert 'href="/staff/audit/" aria-current="page">Audit log' in page.text
    # Staff without the role: refused, said why, audited; no menu link.
    before = count(instance, "SELECT count(*) FROM audit WHERE action = "
                   "'staff.refused' AND detail LIKE 'audit log:%'")
    for user in ('adam', 'cleo'):
        c, _ = signin(instance, user)
        for path in ('/staff/audit/', '/staff/audit/?mrn=' + S['p']['mrn'],
                     '/staff/audit/?format=csv',
                     '/staff/audit/disclosures?mrn=' + S['p']['mrn']):
            r = c.get(path)
            assert r.status == 403, (user, path, r.status)
            assert 'The audit log is for the privacy office' in r.text
            assert S['p']['mrn'] not in r.text.split('<main')[1]
        assert 'Audit log' not in c.get('/staff/').text
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'staff.refused' AND detail LIKE 'audit log:%'") \
        == before + 6    # the empty form reads nothing: no refusal row
    # A family and a provider have no staff session: the staff sign-in.
    for c in (S['parent'], S['doc']):
        r = c.get('/staff/audit/?mrn=' + S['p']['mrn'])
        assert r.status == 303 and '/staff/login' in r.location, r


def test_every_access_to_one_childs_record_is_found(instance):
    c, mrn, pid = S['parent'], S['p']['mrn'], S['pid']
    assert c.get(f'/record/?p={pid}').status == 200
    assert c.get(f'/record/labs?p={pid}').status == 200
    assert c.get(f'/account/share/?p={pid}').status == 200
    r = S['doc'].get(f'/provider/record/?p={pid}')
    assert r.status == 200, r.text
    page = search(S['pria'], mrn=mrn)
    assert page.status == 200, page.text
    found = rows_of(page)
    actions = {(a.split(':')[0], x) for _, a, x in found}
    for want in (('family', 'record.view.summary'),
                 ('family', 'record.view.labs'),
                 ('family', 'share.view'),
                 ('provider', 'precord.view.summary')):
        assert want in actions, (want, actions)
    # Newest first, the people in words, the patient named.
    ids = [i for i, _, _ in found]
    assert ids == sorted(ids, reverse=True)
    assert 'Dee Doctor &lt;' in page.text
    assert f'MRN {mrn}' in page.text
    # The search itself is a row, of this patient.
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'audit.search' AND patient_id = ?", pid) >= 1


def test_filters_by_actor_action_and_time(instance):
    pid = S['pid']
    who = f"provider:{S['aid']}"
    page = search(S['pria'], actor=who)
    got = rows_of(page)
    assert got and all(a == who for _, a, _ in got), got
    page = search(S['pria'], mrn=S['p']['mrn'], action='precord.*')
    got = rows_of(page)
    assert got and all(x.startswith('precord.') for _, _, x in got), got
    page = search(S['pria'], actor='family', action='record.view.labs')
    got = rows_of(page)
    assert got and all(a.startswith('family:') and x == 'record.view.labs'
                       for _, a, x in got), got
    day = today(instance).isoformat()
    assert rows_of(search(S['pria'], mrn=S['p']['mrn'], since=day,
                          until=day))
    assert not rows_of(search(S['pria'], mrn=S['p']['mrn'],
                              until='2001-01-01'))
    page = search(S['pria'], mrn=S['p']['mrn'], since=day + 'T00:00',
                  action='record.view.summary')
    assert rows_of(page) and 'No rows match' not in page.text
    assert pid


def test_who_as_the_office_knows_them(instance):
    """An account's e-mail address (any case) and staff:USERNAME find
    the rows of the log's family:N, provider:N and staff:N; nobody by
    that name is said on the field (404), nothing read or written."""
    for typed, logged in (
            (S['addr'].upper(), f"family:{S['acct']}"),
            (S['demail'], f"provider:{S['aid']}"),
            ('staff:pria', 'staff:' + str(count(
                instance, "SELECT id FROM staff WHERE username = 'pria'")))):
        page = search(S['pria'], actor=typed)
        assert page.status == 200, page.text
        got = rows_of(page)
        assert got and all(a == logged for _, a, _ in got), (typed, got)
        # What was typed stays in the form.
        assert f'value="{typed}"' in page.text, typed
    r = S['pria'].get('/staff/audit/?' + urlencode(
        {'actor': S['addr'], 'format': 'csv'}))
    assert r.status == 200 and r.text.startswith('id,'), r.text[:200]
    assert f"family:{S['acct']}" in r.text
    n = count(instance, 'SELECT count(*) FROM audit')
    for typed in ('nobody@example.org', 'staff:nobody'):
        page = search(S['pria'], actor=typed)
        assert page.status == 404, page
        assert 'No family or provider account has this e-mail address' in \
            page.text
        assert 'aria-invalid="true" aria-describedby="actor-err"' in \
            page.text
    assert count(instance, 'SELECT count(*) FROM audit') == n


def test_a_malformed_filter_changes_nothing_and_says_so(instance):
    n = count(instance, 'SELECT count(*) FROM audit')
    for q, field, words in (
            ({'actor': 'family:x1'}, 'actor', 'Enter who: an account'),
            ({'action': "record.%' OR 1=1"}, 'action', 'Enter an action'),
            ({'since': '2026-02-30'}, 'since', 'does not exist'),
            ({'until': 'tomorrow'}, 'until', 'Enter a date as'),
            ({'mrn': '<x>'}, 'mrn', 'medical record number'),
            ({'since': '2026-12-02', 'until': '2026-12-01'}, 'until',
             'Enter an end after the start'),
            ({'page': '0'}, 'page', 'page number'),
            ({'format': 'xls'}, 'format', 'Choose CSV')):
        r = search(S['pria'], **q)
        assert r.status == 400, (q, r.status)
        assert words in r.text, (q, r.text)
        if field in ('actor', 'action', 'since', 'until', 'mrn'):
            assert f'aria-describedby="{field}-err"' in r.text, q
        # What was typed comes back, escaped.
        typed = q[field].replace('&', '&amp;').replace('<', '&lt;') \
            .replace('>', '&gt;').replace("'", '&#39;')
        if field != 'page' and field != 'format':
            assert f'value="{typed}"' in r.text, (q, typed)
    # An MRN nobody has: said next to the field, nothing read.
    r = search(S['pria'], mrn='ZZZ999')
    assert r.status == 404 and 'No patient has this MRN' in r.text
    assert 'value="ZZZ999"' in r.text
    assert count(instance, 'SELECT count(*) FROM audit') == n
    # A malformed id never crashes the program.
    assert search(S['pria'], page='9' * 40).status == 400


def test_paging_and_exports_equal_the_pages(instance):
    pid, mrn = S['pid'], S['p']['mrn']
    for _ in range(52):
        assert S['parent'].get(f'/record/vitals?p={pid}').status == 200
    q = {'mrn': mrn, 'action': 'record.view.*'}
    first = search(S['pria'], **q)
    one = rows_of(first)
    assert len(one) == 50, len(one)
    m = re.search(r'id="page-next" href="([^"]+)"', first.text)
    assert m, first.text
    second = S['pria'].get(m.group(1).replace('&amp;', '&'))
    two = rows_of(second)
    assert 0 < len(two) <= 50 and 'id="page-prev"' in second.text
    assert 'id="page-next"' not in second.text
    assert two[0][0] < one[-1][0]
    shown = sorted(one + two)
    before = count(instance, "SELECT count(*) FROM audit WHERE action = "
                   "'audit.export'")
    m = re.search(r'id="export-csv" href="([^"]+)"', first.text)
    r = S['pria'].get(m.group(1).replace('&amp;', '&'))
    assert r.status == 200, r.text
    assert r.headers['Content-Type'].startswith('text/csv')
    assert r.headers['Content-Disposition'] == \
        'attachment; filename="audit-log.csv"'
    got = list(csv.DictReader(io.StringIO(r.text, newline='')))
    assert sorted((int(x['id']), x['actor'], x['action']) for x in got) \
        == shown
    assert [int(x['id']) for x in got] == sorted(int(x['id']) for x in got)
    assert all(x['mrn'] == mrn for x in got)
    r = S['pria'].get('/staff/audit/?' + urlencode({**q, 'format': 'jsonl'}))
    assert r.status == 200
    assert r.headers['Content-Disposition'] == \
        'attachment; filename="audit-log.jsonl"'
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert sorted((x['id'], x['actor'], x['action']) for x in lines) == shown
    # Each export is a row of its own, with the filter.
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'audit.export'") == before + 2
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'audit.export' AND patient_id = ? AND detail = "
                 "'log format=jsonl action=record.view.*'", pid) == 1
    # And is found by a search of the log.
    assert rows_of(search(S['pria'], action='audit.export'))


def test_a_hostile_value_is_neutralised_in_the_csv(instance):
    r = login(Client(instance), HOSTILE, 'Wrong-password-1')
    assert r.status in (401, 422), r.status
    r = S['pria'].get('/staff/audit/?' + urlencode(
        {'action': 'login.failed', 'format': 'csv'}))
    assert r.status == 200
    got = list(csv.DictReader(io.StringIO(r.text, newline='')))
    details = [x['detail'] for x in got]
    assert "'" + HOSTILE in details, details
    assert not any(d.startswith(('=', '+', '-', '@')) for d in details)
    # JSON lines keep the value as it is: it is data, not a sheet.
    r = S['pria'].get('/staff/audit/?' + urlencode(
        {'action': 'login.failed', 'format': 'jsonl'}))
    assert HOSTILE in [json.loads(x)['detail'] for x in r.text.splitlines()]
    # The page shows it as text.
    page = search(S['pria'], action='login.failed')
    assert "=cmd|&#39;/c_calc&#39;!a0@example.org" in page.text


def test_accounting_of_disclosures(instance):
    mrn = S['p']['mrn']
    r = S['pria'].get('/staff/audit/disclosures?mrn=' + mrn)
    assert r.status == 200, r.text
    body = r.text.split('<main')[1]
    assert 'precord.view.summary' in body and 'Record summary' in body
    assert 'Dee Doctor' in body
    # The family's own views are not disclosures.
    assert 'record.view.labs' not in body.replace('precord.view', '')
    assert 'share.view' not in body
    r = S['pria'].get('/staff/audit/disclosures?' + urlencode(
        {'mrn': mrn, 'format': 'csv'}))
    got = list(csv.DictReader(io.StringIO(r.text, newline='')))
    assert got and {x['action'] for x in got} == {'precord.view.summary'}
    assert r.headers['Content-Disposition'] == \
        'attachment; filename="disclosures.csv"'
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'audit.disclosures'") == 1
    r = S['pria'].get('/staff/audit/disclosures?mrn=bad%00')
    assert r.status == 400 and 'medical record number' in r.text


def test_portalctl_audit_search_and_export(instance):
    mrn = S['p']['mrn']
    rc, out, err = instance.portalctl('audit', 'search', '--mrn', mrn,
                                      '--action', 'precord.*')
    assert rc == 0, err
    assert 'precord.view.summary' in out and 'Dee Doctor' in out
    rc, out, err = instance.portalctl('audit', 'export', '--mrn', mrn,
                                      '--action', 'record.view.*')
    assert rc == 0, err
    got = list(csv.DictReader(io.StringIO(out, newline='')))
    assert len(got) >= 54 and all(x['mrn'] == mrn for x in got)
    rc, out, err = instance.portalctl('audit', 'export', '--action',
                                      'login.failed', '--format', 'jsonl')
    assert rc == 0 and HOSTILE in out
    rc, out, err = instance.portalctl('audit', 'disclosures', '--mrn', mrn)
    assert rc == 0 and 'Record summary' in out, out
    rc, out, err = instance.portalctl('audit', 'search', '--actor',
                                      S['demail'], '--mrn', mrn)
    assert rc == 0 and f"provider:{S['aid']}" in out, (rc, out, err)
    rc, out, err = instance.portalctl('audit', 'export', '--actor',
                                      'nobody@example.org')
    assert rc == 1 and 'No family or provider account has this' in err and out == ''
    for bad in (('--actor', 'root'), ('--since', '2026-02-30'),
                ('--mrn', 'ZZZ999'), ('--format', 'xls')):
        rc, out, err = instance.portalctl('audit', 'export', *bad)
        assert rc == 1 and err, (bad, rc, err)
        assert out == '', bad
    rc, out, err = instance.portalctl('audit', 'nonsense')
    assert rc == 2 and 'usage' in err
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'audit.export' AND actor = 'cli'") == 2
    # Who ran portalctl: the Unix user, in the row's address column.
    import pwd
    me = pwd.getpwuid(os.geteuid()).pw_name
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'audit.export' AND actor = 'cli' AND (addr = ? OR addr "
                 "LIKE ?)", f'local:{me}', f'local:{me} %') == 2


def test_an_export_past_the_limit_is_refused_with_the_way_round(instance):
    """audit_export_kb bounds what a worker holds: past it nothing is
    sent, the form says to narrow the filter or use portalctl (whose
    export of the same filter is whole), and the asking is audited."""
    instance.set_conf(audit_export_kb=16)
    S['pria'], _ = signin(instance, 'pria')
    pid, mrn = S['pid'], S['p']['mrn']
    for _ in range(120):
        assert S['parent'].get(f'/record/vitals?p={pid}').status == 200
    q = {'mrn': mrn, 'action': 'record.view.*'}
    before = count(instance, "SELECT count(*) FROM audit WHERE action = "
                   "'audit.export'")
    for fmt in ('csv', 'jsonl'):
        r = S['pria'].get('/staff/audit/?' + urlencode({**q, 'format': fmt}))
        assert r.status == 400, (r.status, r.headers)
        assert r.headers['Content-Type'].startswith('text/html')
        assert 'Content-Disposition' not in r.headers
        assert 'This export is larger than the page sends (16 KB)' in r.text
        assert 'portalctl audit export' in r.text
        # What was asked comes back in the form.
        assert f'value="{mrn}"' in r.text and 'record.view.*' in r.text
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'audit.export'") == before + 2
    # ... each followed by one saying the file was not given.
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'audit.export_stopped'") == 2
    rc, out, err = instance.portalctl('audit', 'export', '--mrn', mrn,
                                      '--action', 'record.view.*')
    assert rc == 0 and len(out.encode()) > 16 * 1024, (rc, err)
    # A small one still goes.
    r = S['pria'].get('/staff/audit/?' + urlencode(
        {'action': 'audit.export', 'format': 'csv'}))
    assert r.status == 200 and r.text.startswith('id,'), r.text[:200]
