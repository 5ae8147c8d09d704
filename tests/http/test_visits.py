"""The family's Visits pages (issue 13.3-13.6, 13.8-13.9; F-VISIT 1-7)
through the web server: the list (local time, clinic, provider, place or
video, what the family may do now; past visits and the record's
encounters; a parent of a teen never sees a confidential visit), the
details, confirm within 30 days, cancel with a reason and never inside
the notice (the clinic's phone instead; the slot opens again), request a
visit, self-scheduling (a clinic never seen in, a past slot, a type not
self-schedulable: refused and audited; two families at once: one wins),
schedule again, the calendar file, the video join (16 minutes before,
after the end, without pre-check-in: refused; in the window: 303 to the
video stand-in, whose token check admits) and a visit across the next
daylight-saving change. Another patient's visit, a malformed id and a
confidential one: the answer of a missing visit, audited."""

import re
import socket
import subprocess
import sys
import threading
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

import visitdata as vd
from family import TZ, login, new_family, patient, unique_email, words_when
from harness import Client

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


VIDEO_PORT = _free_port()
VIDEO_SECRET = 'test-video-secret-0123456789'
# Cheap scrypt hashes (the rules are what is tested); the video service
# is the local stand-in (tests/standin/video.py), started in setup.
# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
INSTANCE = {'workers': 2, 'conf': {
    'scrypt_n': 1024,
    'video_url': f'http://127.0.0.1:{VIDEO_PORT}/join/{{room}}?t={{token}}',
    'video_secret': VIDEO_SECRET}}


STANDIN = []


def setup(instance):
    p = subprocess.Popen([sys.executable, str(ROOT / 'tests' / 'standin' /
                                              'video.py'),
                          '--port', str(VIDEO_PORT), '--secret', VIDEO_SECRET],
                         stdout=subprocess.DEVNULL)
    STANDIN.append(p)
    for _ in range(50):
        try:
            socket.create_connection(('127.0.0.1', VIDEO_PORT), 0.2).close()
            return
        except OSError:
            threading.Event().wait(0.1)


def teardown(instance):
    for p in STANDIN:
        p.terminate()
        p.wait(10)


def local(t):
    """How the pages write a moment: the hospital's date and time."""
    return datetime.fromtimestamp(t, TZ)


def audits(instance, action):
    return instance.value('SELECT count(*) FROM audit WHERE action = ?', action)


def same_page(a, b):
    """The two pages alike but for their form tokens."""
    strip = re.compile(r'name="csrf" value="[^"]*"')
    return strip.sub('', a) == strip.sub('', b)


def csrf(c):
    return c.get('/visits/request').form_fields('request')['csrf']


def family_with_clinic(instance, years=8, **type_kw):
    """A family, a clinic the patient was seen in (a completed visit a
    month ago) and a visit type there."""
    c, p, addr = new_family(instance, years)
    cid = vd.clinic(instance)
    tid = vd.visit_type(instance, cid, **type_kw)
    vd.visit(instance, p['mrn'], cid, vd.now() - 30 * vd.DAY, type_id=tid,
             status='completed')
    return c, p, addr, cid, tid


def test_list_shows_upcoming_and_past_in_local_time(instance):
    c, p, addr, cid, tid = family_with_clinic(instance)
    start = vd.now() + 10 * vd.DAY
    v = vd.visit(instance, p['mrn'], cid, start, type_id=tid,
                 provider='Dr Lena Ortiz', location='Building B, room 4')
    vv = vd.visit(instance, p['mrn'], cid, start + vd.DAY, video=1,
                  type_name='Video follow-up')
    gone = vd.visit(instance, p['mrn'], cid, start + 2 * vd.DAY,
                    status='cancelled')
    before = audits(instance, 'visits.view')
    r = c.get('/visits/')
    assert r.status == 200, r.text
    up = r.text.split('id="upcoming"')[1].split('id="past-h"')[0]
    t = local(start)
    assert t.strftime('%Y') in up and f'visit-{v}' in up and f'visit-{vv}' in up
    assert 'Dr Lena Ortiz' in up and 'Building B, room 4' in up
    assert 'Video visit.' in up
    assert f'visit-{gone}"' not in up
    past = r.text.split('id="past"')[1]
    assert f'visit-{gone}' in past and 'Cancelled.' in past
    # The record's encounter (portalctl patient add --visit) is a past visit.
    assert 'class="encounter"' in past
    assert 'Confirm' in up and 'Add to calendar' in up
    assert audits(instance, 'visits.view') == before + 1
    # the time is the hospital's: hour and minute as it writes them
    d = c.get(f'/visits/visit?v={v}')
    assert d.status == 200
    assert words_when(t) in d.text, d.text
    assert '617-555-0140' in d.text


def test_teen_parent_never_sees_a_confidential_visit(instance):
    c, p, addr = new_family(instance, 15)
    cid = vd.clinic(instance, name='Adolescent Medicine')
    secret = vd.visit(instance, p['mrn'], cid, vd.now() + 5 * vd.DAY,
                      confidential=1, type_name='Private visit')
    plain = vd.visit(instance, p['mrn'], cid, vd.now() + 6 * vd.DAY)
    pid = vd.patient_id(instance, p['mrn'])
    # (A visit of General Pediatrics: one of Adolescent Medicine is
    # confidential care by the clinic list, marked or not.)
    for conf, title, dept in ((1, 'Confidential consult', 'General Pediatrics'),
                              (0, 'Sports physical', 'General Pediatrics'),
                              (0, 'Unmarked teen visit', 'Adolescent Medicine')):
        instance.execute('INSERT INTO encounters (patient_id, date, title, '
                         'department, confidential) VALUES (?, ?, ?, ?, ?)',
                         pid, '2026-01-10', title, dept, conf)
    r = c.get('/visits/')
    assert r.status == 200
    assert f'visit-{plain}' in r.text and f'visit-{secret}' not in r.text
    assert 'Sports physical' in r.text
    assert 'Confidential consult' not in r.text
    assert 'Unmarked teen visit' not in r.text
    # A department the EHR also gives as the location is named once.
    instance.execute('INSERT INTO encounters (patient_id, date, title, '
                     'department, location) VALUES (?, ?, ?, ?, ?)', pid,
                     '2026-01-12', 'Check-up', 'General Pediatrics',
                     'General Pediatrics')
    r = c.get('/visits/')
    assert ': Check-up, General Pediatrics.' in r.text, r.text
    assert 'Private visit' not in r.text
    before = audits(instance, 'visit.refused')
    d = c.get(f'/visits/visit?v={secret}')
    missing = c.get('/visits/visit?v=999999')
    assert d.status == missing.status == 404
    assert same_page(d.text, missing.text)
    assert audits(instance, 'visit.refused') == before + 2
    for path in ('/visits/confirm', '/visits/cancel', '/visits/join'):
        r = c.post(path, {'csrf': csrf(c), 'v': str(secret), 'reason': 'x'})
        assert r.status == 404, (path, r.status)
    assert instance.value('SELECT status FROM visits WHERE id = ?', secret) == 'booked'
    assert instance.value('SELECT confirmed FROM visits WHERE id = ?', secret) is None
    assert c.get(f'/visits/ics?v={secret}').status == 404


def test_another_patients_visit_and_malformed_ids_are_missing(instance):
    c, p, addr = new_family(instance)
    other, op, _ = new_family(instance)
    cid = vd.clinic(instance)
    theirs = vd.visit(instance, op['mrn'], cid, vd.now() + 5 * vd.DAY,
                      video=1)
    missing = c.get('/visits/visit?v=999999')
    assert missing.status == 404
    for q in (str(theirs), 'abc', '-1', '1e3', '9' * 40, "1'--"):
        r = c.get(f'/visits/visit?v={q}')
        assert r.status == 404, q
    before = {a: audits(instance, a) for a in
              ('visit.confirm_refused', 'visit.cancel_refused',
               'visit.join_refused')}
    for path, action in (('/visits/confirm', 'visit.confirm_refused'),
                         ('/visits/cancel', 'visit.cancel_refused'),
                         ('/visits/join', 'visit.join_refused')):
        r = c.post(path, {'csrf': csrf(c), 'v': str(theirs),
                          'reason': 'not mine'})
        assert r.status == 404 and 'no such visit' in r.text, path
        assert 'http://127.0.0.1' not in r.text
        assert audits(instance, action) == before[action] + 1
    row = instance.query('SELECT status, confirmed, cancelled FROM visits '
                         'WHERE id = ?', theirs)[0]
    assert tuple(row) == ('booked', None, None)
    detail = instance.value("SELECT detail FROM audit WHERE action = "
                            "'visit.join_refused' ORDER BY id DESC LIMIT 1")
    assert detail == f'asked v={theirs} verdict=not_seen'
    # CSRF: without the token, nothing happens
    mine = vd.visit(instance, p['mrn'], cid, vd.now() + 5 * vd.DAY)
    r = c.post('/visits/confirm', {'v': str(mine)})
    assert r.status == 403
    assert instance.value('SELECT confirmed FROM visits WHERE id = ?', mine) is None


def test_confirm_within_30_days(instance):
    c, p, addr, cid, tid = family_with_clinic(instance)
    near = vd.visit(instance, p['mrn'], cid, vd.now() + 3 * vd.DAY, type_id=tid)
    far = vd.visit(instance, p['mrn'], cid, vd.now() + 40 * vd.DAY, type_id=tid)
    r = c.get('/visits/')
    assert 'You can confirm from 30 days before the visit.' in r.text
    r = c.post('/visits/confirm', {'csrf': csrf(c), 'v': str(near)})
    assert r.status == 303 and r.location.endswith(f'v={near}&done=confirmed')
    row = instance.query('SELECT confirmed, confirmed_by FROM visits WHERE '
                         'id = ?', near)[0]
    acct = instance.value('SELECT id FROM accounts WHERE email = ?', addr)
    assert row[0] and row[1] == f'family:{acct}'
    d = c.get(f'/visits/visit?v={near}')
    assert 'confirmed' in d.text and '<form method="post" action="/visits/confirm"' not in d.text
    r = c.post('/visits/confirm', {'csrf': csrf(c), 'v': str(near)})
    assert r.status == 409 and 'confirmed already' in r.text
    r = c.post('/visits/confirm', {'csrf': csrf(c), 'v': str(far)})
    assert r.status == 409 and 'more than 30 days away' in r.text
    assert instance.value('SELECT confirmed FROM visits WHERE id = ?', far) is None
    assert instance.value("SELECT detail FROM audit WHERE action = "
                          "'visit.confirm_refused' ORDER BY id DESC LIMIT 1") \
        == f'v={far} verdict=too_far'


def test_cancel_needs_a_reason_and_not_inside_the_notice(instance):
    c, p, addr, cid, tid = family_with_clinic(instance, notice_hours=48,
                                              self_schedule=1)
    s = vd.slot(instance, cid, tid, vd.now() + 5 * vd.DAY)
    v = vd.visit(instance, p['mrn'], cid, vd.now() + 5 * vd.DAY, type_id=tid,
                 slot_id=s, source='portal')
    close = vd.visit(instance, p['mrn'], cid, vd.now() + 47 * vd.HOUR,
                     type_id=tid)
    r = c.post('/visits/cancel', {'csrf': csrf(c), 'v': str(v), 'reason': ''})
    assert r.status == 422 and 'reason-err' in r.text
    assert instance.value('SELECT status FROM visits WHERE id = ?', v) == 'booked'
    r = c.post('/visits/cancel', {'csrf': csrf(c), 'v': str(close),
                                  'reason': 'We moved away'})
    assert r.status == 409 and '617-555-0140' in r.text
    assert 'too close to cancel online' in r.text
    assert instance.value('SELECT status FROM visits WHERE id = ?', close) == 'booked'
    lst = c.get('/visits/').text
    assert 'To cancel now, call the clinic' in lst
    r = c.post('/visits/cancel', {'csrf': csrf(c), 'v': str(v),
                                  'reason': 'Feeling better'})
    assert r.status == 303
    row = instance.query('SELECT status, cancelled_by, cancel_reason FROM '
                         'visits WHERE id = ?', v)[0]
    assert row[0] == 'cancelled' and row[1].startswith('family:') \
        and row[2] == 'Feeling better'
    assert audits(instance, 'visit.cancel') >= 1
    # the slot is open again: offered, and another booking takes it
    r = c.get(f'/visits/schedule?p={vd.patient_id(instance, p["mrn"])}&type={tid}')
    assert f'name="slot" value="{s}"' in r.text


def test_request_a_visit(instance):
    c, p, addr, cid, tid = family_with_clinic(instance)
    pid = vd.patient_id(instance, p['mrn'])
    never = vd.clinic(instance)
    r = c.get(f'/visits/request?p={pid}')
    assert r.status == 200
    f = r.form_fields('request')
    assert f'<option value="{cid}"' in r.text
    assert f'<option value="{never}"' not in r.text
    f.update({'clinic': str(cid), 'reason': 'Rash on the arm',
              'preferred': 'Tuesday mornings', 'phone': 'not a phone'})
    r = c.post('/visits/request', f)
    assert r.status == 422 and 'phone-err' in r.text
    assert 'value="Rash on the arm"' in r.text and 'value="Tuesday mornings"' in r.text
    assert instance.value('SELECT count(*) FROM visit_requests') == 0
    f['clinic'] = str(never)
    f['phone'] = '617-555-0199'
    r = c.post('/visits/request', f)
    assert r.status == 422 and 'Choose one of the clinics listed.' in r.text
    f['clinic'] = str(cid)
    r = c.post('/visits/request', f)
    assert r.status == 303, r.text
    row = instance.query('SELECT clinic_id, reason, preferred, phone, status '
                         'FROM visit_requests WHERE patient_id = ?', pid)[0]
    assert tuple(row) == (cid, 'Rash on the arm', 'Tuesday mornings',
                          '617-555-0199', 'new')
    assert 'sent, waiting for the clinic' in c.get(r.location).text
    instance.execute("UPDATE visit_requests SET status = 'contacted'")
    assert 'the clinic contacted you' in c.get('/visits/request').text
    assert audits(instance, 'visit.request') == 1


def test_self_schedule_and_its_refusals(instance):
    c, p, addr, cid, tid = family_with_clinic(instance, self_schedule=1)
    pid = vd.patient_id(instance, p['mrn'])
    ok = vd.slot(instance, cid, tid, vd.now() + 3 * vd.DAY)
    past = vd.slot(instance, cid, tid, vd.now() - vd.HOUR)
    soon = vd.slot(instance, cid, tid, vd.now() + 30 * 60)
    not_self = vd.visit_type(instance, cid, self_schedule=0)
    ns = vd.slot(instance, cid, not_self, vd.now() + 3 * vd.DAY)
    other = vd.clinic(instance)
    otype = vd.visit_type(instance, other, self_schedule=1)
    os_ = vd.slot(instance, other, otype, vd.now() + 3 * vd.DAY)
    lst = c.get('/visits/')
    assert 'schedule a visit online' in lst.text
    r = c.get(f'/visits/schedule?p={pid}&type={tid}')
    assert r.status == 200
    assert f'value="{ok}"' in r.text
    assert f'value="{past}"' not in r.text and f'value="{soon}"' not in r.text
    before = audits(instance, 'visit.book_refused')
    for slot, words in ((past, 'no longer offered'), (soon, 'no longer offered'),
                        (ns, 'cannot be booked online'),
                        (os_, 'already seen in this clinic'),
                        (999999, 'no longer offered')):
        r = c.post('/visits/book', {'csrf': csrf(c), 'p': str(pid),
                                    'slot': str(slot)})
        assert r.status == 409 and words in r.text, (slot, r.status)
    assert audits(instance, 'visit.book_refused') == before + 5
    assert instance.value("SELECT count(*) FROM visits WHERE source = 'portal' "
                          "AND patient_id = ?", pid) == 0
    r = c.post('/visits/book', {'csrf': csrf(c), 'p': str(pid), 'slot': str(ok)})
    assert r.status == 303 and 'done=booked' in r.location
    vid = int(re.search(r'v=(\d+)', r.location).group(1))
    row = instance.query('SELECT patient_id, slot_id, status, booked_by, room '
                         'FROM visits WHERE id = ?', vid)[0]
    assert row[0] == pid and row[1] == ok and row[2] == 'booked' and row[3]
    assert len(row[4]) >= 20
    assert 'The visit is booked.' in c.get(r.location).text
    # another patient's page: not theirs to book for
    other_c, op, _ = new_family(instance)
    r = other_c.post('/visits/book', {'csrf': csrf(other_c), 'p': str(pid),
                                      'slot': str(ok)})
    assert r.status == 404


def test_double_booking_in_parallel(instance):
    c1, p1, _, cid, tid = family_with_clinic(instance, self_schedule=1)
    c2, p2, _ = new_family(instance)
    vd.visit(instance, p2['mrn'], cid, vd.now() - 20 * vd.DAY, type_id=tid,
             status='completed')
    s = vd.slot(instance, cid, tid, vd.now() + 4 * vd.DAY)
    nxt = vd.slot(instance, cid, tid, vd.now() + 5 * vd.DAY)
    posts = [(c, {'csrf': csrf(c), 'p': str(vd.patient_id(instance, p['mrn'])),
                  'slot': str(s)}) for c, p in ((c1, p1), (c2, p2))]
    results = [None, None]
    go = threading.Barrier(2)

    def book(i):
        go.wait()
        results[i] = posts[i][0].post('/visits/book', posts[i][1])

    ts = [threading.Thread(target=book, args=(i,)) for i in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    statuses = sorted(r.status for r in results)
    assert statuses == [303, 409], statuses
    loser = [r for r in results if r.status == 409][0]
    assert 'That time was just taken' in loser.text
    assert f'value="{nxt}"' in loser.text and f'value="{s}"' not in loser.text
    assert instance.value("SELECT count(*) FROM visits WHERE slot_id = ? AND "
                          "status = 'booked'", s) == 1
    assert audits(instance, 'visit.book_taken') == 1


def test_schedule_again_prefills_the_provider(instance):
    c, p, addr, cid, tid = family_with_clinic(instance, self_schedule=1)
    last = vd.visit(instance, p['mrn'], cid, vd.now() - 10 * vd.DAY,
                    type_id=tid, provider='Dr Sam Wu', status='completed')
    early = vd.slot(instance, cid, tid, vd.now() + 2 * vd.DAY,
                    provider='Dr Other')
    mine = vd.slot(instance, cid, tid, vd.now() + 9 * vd.DAY,
                   provider='Dr Sam Wu')
    lst = c.get('/visits/').text
    assert f'/visits/schedule?again={last}' in lst
    r = c.get(f'/visits/schedule?again={last}')
    assert r.status == 200
    assert r.text.index(f'value="{mine}"') < r.text.index(f'value="{early}"')
    assert '(same provider)' in r.text
    other_c, _, _ = new_family(instance)
    assert other_c.get(f'/visits/schedule?again={last}').status == 404


def test_calendar_file(instance):
    c, p, addr, cid, tid = family_with_clinic(instance)
    start = vd.now() + 7 * vd.DAY
    v = vd.visit(instance, p['mrn'], cid, start, type_id=tid,
                 location='Building B, room 4', type_name='Asthma check')
    r = c.get(f'/visits/ics?v={v}')
    assert r.status == 200
    assert r.headers.get('Content-Type').startswith('text/calendar')
    assert 'attachment' in r.headers.get('Content-Disposition')
    body = r.body.decode()
    assert body.startswith('BEGIN:VCALENDAR\r\n') and body.endswith('END:VCALENDAR\r\n')
    assert all(len(line.encode()) <= 75 for line in body.split('\r\n'))
    assert '\n' not in body.replace('\r\n', '')
    utc = datetime.utcfromtimestamp(start).strftime('%Y%m%dT%H%M%SZ')
    assert f'DTSTART:{utc}' in body
    assert f'UID:visit-{v}@' in body
    assert 'Asthma check' not in body and 'SUMMARY:Visit at' in body
    assert 'LOCATION:Building B\\, room 4' in body
    other_c, _, _ = new_family(instance)
    assert other_c.get(f'/visits/ics?v={v}').status == 404


def video_visit(instance, p, addr, cid, start, minutes=30, checked=True):
    v = vd.visit(instance, p['mrn'], cid, start, video=1, minutes=minutes)
    if checked:
        acct = instance.value('SELECT id FROM accounts WHERE email = ?', addr)
        vd.done_steps(instance, v, acct, 'contact', 'insurance')
    return v


def test_video_join_window(instance):
    c, p, addr, cid, tid = family_with_clinic(instance)
    early = video_visit(instance, p, addr, cid, vd.now() + 16 * 60)
    d = c.get(f'/visits/visit?v={early}')
    assert 'id="join-button" disabled' in d.text
    assert 'For technical support, call 617-919-4390.' in d.text
    opens = local(vd.now() + 60)
    assert 'The video visit opens at' in d.text
    assert '127.0.0.1:%d' % VIDEO_PORT not in d.text and 'join/' not in d.text
    r = c.post('/visits/join', {'csrf': csrf(c), 'v': str(early)})
    assert r.status == 409 and r.location is None
    assert 'not open yet' in r.text
    # no pre-check-in: refused, even inside the window
    unchecked = video_visit(instance, p, addr, cid, vd.now() + 5 * 60,
                            checked=False)
    d = c.get(f'/visits/visit?v={unchecked}')
    assert 'Do pre-check-in first' in d.text and 'join/' not in d.text
    r = c.post('/visits/join', {'csrf': csrf(c), 'v': str(unchecked)})
    assert r.status == 409 and r.location is None
    # over
    over = video_visit(instance, p, addr, cid, vd.now() - 40 * 60)
    r = c.post('/visits/join', {'csrf': csrf(c), 'v': str(over)})
    assert r.status in (404, 409) and r.location is None
    # the window: 14 minutes before
    now = video_visit(instance, p, addr, cid, vd.now() + 14 * 60)
    d = c.get(f'/visits/visit?v={now}')
    assert '<button type="submit" id="join-button">Begin video visit' in d.text
    # the page's form may lead to the video service's origin, and only
    # this page: the list keeps form-action 'self' alone
    assert (f"form-action 'self' http://127.0.0.1:{VIDEO_PORT};"
            in d.headers.get('Content-Security-Policy'))
    assert "form-action 'self';" in c.get('/visits/').headers.get(
        'Content-Security-Policy')
    r = c.post('/visits/join', {'csrf': csrf(c), 'v': str(now)})
    assert r.status == 303, r.text
    room = instance.value('SELECT room FROM visits WHERE id = ?', now)
    assert r.location.startswith(f'http://127.0.0.1:{VIDEO_PORT}/join/{room}?t=')
    with urllib.request.urlopen(r.location) as s:
        assert 'You are in the video room for this visit' in s.read().decode()
    # a token for this room does not open another room
    bad = r.location.replace(f'/join/{room}', '/join/someoneelse')
    try:
        urllib.request.urlopen(bad)
        assert False, 'the stand-in admitted a token for another room'
    except urllib.error.HTTPError as e:
        assert e.code == 403
    assert audits(instance, 'visit.join') == 1
    assert audits(instance, 'visit.join_refused') >= 3
    # the address is in no audit row
    assert instance.value('SELECT count(*) FROM audit WHERE detail LIKE ?',
                          f'%{room}%') == 0


def test_visit_across_the_next_dst_change(instance):
    c, p, addr, cid, tid = family_with_clinic(instance)
    # the next change of clocks in the hospital's zone
    t = datetime.now(TZ)
    off = t.utcoffset()
    day = t
    while (day + timedelta(days=1)).utcoffset() == off:
        day += timedelta(days=1)
    after = (day + timedelta(days=2)).replace(hour=10, minute=30, second=0,
                                              microsecond=0)
    start = int(after.timestamp())
    v = vd.visit(instance, p['mrn'], cid, start, type_id=tid)
    d = c.get(f'/visits/visit?v={v}')
    assert d.status == 200
    assert '10:30' in d.text, d.text
    # the 30-day rule counts the hospital's calendar days
    days = (after.date() - datetime.now(TZ).date()).days
    r = c.post('/visits/confirm', {'csrf': csrf(c), 'v': str(v)})
    assert r.status == (303 if days <= 30 else 409), (days, r.status)


def next_spring_change():
    """The first day of summer time ahead in the hospital's zone (a date)."""
    d = datetime.now(TZ).replace(hour=12, minute=0, second=0, microsecond=0)
    while not ((d + timedelta(days=1)).utcoffset() > d.utcoffset()):
        d += timedelta(days=1)
    return (d + timedelta(days=1)).date()


def test_thirty_calendar_days_across_the_spring_change(instance):
    """Under faketime, 20 days before the clocks go forward: a visit on
    day 30 at 23:00 (more than 30 x 24 hours away) may be confirmed; one
    on day 31 at 00:30 (less than 31 x 24 hours) may not; the pages
    write the summer-time hour."""
    change = next_spring_change()
    today = change - timedelta(days=20)
    fake = datetime(today.year, today.month, today.day, 10, 0, tzinfo=TZ)
    instance.restart_workers(faketime=fake.timestamp())
    try:
        c, p, addr, cid, tid = family_with_clinic(instance)
        d30 = today + timedelta(days=30)
        d31 = today + timedelta(days=31)
        a = datetime(d30.year, d30.month, d30.day, 23, 0, tzinfo=TZ)
        b = datetime(d31.year, d31.month, d31.day, 0, 30, tzinfo=TZ)
        assert a.timestamp() - fake.timestamp() > 30 * vd.DAY
        assert b.timestamp() - fake.timestamp() < 31 * vd.DAY
        va = vd.visit(instance, p['mrn'], cid, int(a.timestamp()), type_id=tid)
        vb = vd.visit(instance, p['mrn'], cid, int(b.timestamp()), type_id=tid)
        d = c.get(f'/visits/visit?v={va}')
        assert words_when(a) in d.text
        r = c.post('/visits/confirm', {'csrf': csrf(c), 'v': str(va)})
        assert r.status == 303, r.text
        r = c.post('/visits/confirm', {'csrf': csrf(c), 'v': str(vb)})
        assert r.status == 409 and 'more than 30 days away' in r.text
    finally:
        instance.restart_workers(faketime=None)
