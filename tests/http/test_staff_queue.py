"""The staff verification queue under a flood (review of issue 7.3, 7.6):
one page view shows the oldest 50 pending requests, says how many more
are waiting, and writes an audit row for each request shown, not for
every request in the queue."""

import time

from family import count, patient, staff

SHOWN = 50


def flood(instance, mrn, visit, pid, n):
    """n pending requests from n anonymous accounts, oldest first (as many
    addresses' sign-ups would leave them), put straight into the database:
    the per-address limit would stop them coming from the one test
    address."""
    now = int(time.time())
    args = []
    for i in range(n):
        args += [f'flood{i}@example.org', 'x', 'Flood', f'N{i:03d}', now, now]
    instance.execute(
        'INSERT INTO accounts (email, pw_hash, given, family, created, '
        'pw_changed) VALUES ' + ', '.join(['(?, ?, ?, ?, ?, ?)'] * n), *args)
    ids = dict(instance.query('SELECT email, id FROM accounts'))
    args = []
    for i in range(n):
        args += [ids[f'flood{i}@example.org'], 'guardian', mrn, visit, pid,
                 now - 10000 + i]
    instance.execute(
        'INSERT INTO signup_requests (account_id, role, mrn, visit_date, '
        'patient_id, created) VALUES '
        + ', '.join(['(?, ?, ?, ?, ?, ?)'] * n), *args)


def test_queue_page_shows_the_oldest_and_counts_the_rest(instance):
    p = patient(instance, 8, [('parent', 'Quinn', 'Queue', None)], given='Quill')
    pid = count(instance, 'SELECT id FROM patients WHERE mrn = ?', p['mrn'])
    flood(instance, p['mrn'], p['visit'], pid, SHOWN + 11)
    s = staff(instance)
    before = count(instance, 'SELECT coalesce(max(id), 0) FROM audit')
    q = s.get('/staff/')
    assert q.status == 200
    assert q.text.count('<section class="request"') == SHOWN
    assert 'Flood N000' in q.text and f'Flood N{SHOWN - 1:03d}' in q.text
    assert f'Flood N{SHOWN:03d}' not in q.text
    assert '11 more requests are waiting' in q.text
    assert count(instance, "SELECT count(*) FROM audit WHERE id > ? AND "
                 "action = 'staff.queue_view'", before) == SHOWN
