"""Issue 13, done when: every step of the family FAQ's visit questions
("Can I request a visit online?" through "How to access my virtual
visit") through the real web server, as a family, a teen and the clinic's
staff would do them, following the links the pages show. Hospital IT sets
the clinic up with `portalctl clinic` (visit types, a document to sign,
open slots, staff) and puts appointments on file with `portalctl visits
import -` (SIU^S12 on standard input, MRNs of the authority in conf
mrn_authority); everything a person does is a page:

1. the family sees upcoming and past visits and a visit's details;
2. requests a visit; the clinic's staff see it in their queue and mark it
   contacted, then scheduled; the family sees each status and gets an
   e-mail each time, without health information;
3. self-schedules an open slot in a clinic the child was seen in; a clinic
   never seen in is refused; "Schedule again" from a past visit offers the
   same clinic, type and provider first;
4. confirms a visit within 30 days; cancels one with a reason (its slot is
   offered again); a visit inside the clinic's notice cannot be cancelled
   online and the page gives the clinic's phone; staff see who confirmed
   and cancelled, and when;
5. pre-check-in: contact verified; an insurance change with card photos,
   approved by billing, becomes the coverage on file; the copay paid on
   the stand-in processor; the document signed and printable afterwards;
6. a video visit: no "Begin video visit" before pre-check-in; after it,
   inside 15 minutes of the start, the button leads to the video service;
7. the calendar file of an upcoming visit, and the reminder e-mail
   (without health information);
8. a teen's confidential visit: the parent neither sees nor reaches it
   (the answer of a missing visit); the teen sees and confirms it."""

import html
import re
import socket
import subprocess
import sys
import threading
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import visitdata as vd
from family import (TZ, confirm, count, ctl, login, mail_to, new_family,
                    words_when,
                    self_token, signup, unique_email)
from harness import Client, form_fields
from test_pay import back as pay_back, pay_on_standin

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


VIDEO_PORT = _free_port()
VIDEO_SECRET = 'journey-video-secret-0123456789'
AUTHORITY = 'BCH'		# the hospital's MRN namespace in HL7 v2 (CX.4)
# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
INSTANCE = {'workers': 2, 'conf': {
    'scrypt_n': 1024,
    'mrn_authority': AUTHORITY,
    'video_url': f'http://127.0.0.1:{VIDEO_PORT}/join/{{room}}?t={{token}}',
    'video_secret': VIDEO_SECRET}}

GP = 'General Pediatrics'
GP_PHONE = '617-555-0140'
DERM = 'Dermatology'
ADOL = 'Adolescent Medicine'
DOC_TITLE = 'Consent to treatment'
DOC_BODY = ('I consent to the examination and treatment of my child at '
            'General Pediatrics.\nI agree to the cancellation rules of the clinic.')
OKAFOR = 'Dr. Ada Okafor, MD'	# AIP-3 "1234^Okafor^Ada^^^Dr.^MD" as the pages write it
STAFF_PW = 'Answer4Tests!'
S = {}

# A 1x1 PNG and a 1x1 grey JPEG (arithmetic-coded): real images,
# as a phone's photo of a card would be, only smaller.
PNG = bytes.fromhex(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489'
    '0000000d49444154789c6360000002000005000157a1e2b80000000049454e44ae'
    '426082')
JPEG = (bytes.fromhex('ffd8ffdb004300') + bytes([1] * 64) +
        bytes.fromhex('ffc9000b080001000101011100ffcc000600101005'
                      'ffda0008010100003f00d2cf20ffd9'))


# ---- what hospital IT does ----

def hl7_time(t):
    """A moment (epoch seconds) as HL7 v2 writes it, with the offset."""
    return datetime.fromtimestamp(t, TZ).strftime('%Y%m%d%H%M%S%z')


def siu(filler, mrn, start, code, type_text, clinic, minutes=20,
        status='Booked', provider='1234^Okafor^Ada^^^Dr.^MD', video=False,
        protected=False):
    """An SIU^S12 as the scheduling system sends it (segments end at CR)."""
    ctl_id = f'CTL{filler}'
    segs = [
        f'MSH|^~\\&|EPICCADENCE|CH|MYCHILDRENS|CH|{hl7_time(vd.now())}||'
        f'SIU^S12^SIU_S12|{ctl_id}|P|2.5.1|||AL|NE',
        f'SCH|PL{filler}^EPIC|{filler}^EPIC|||||RSN^Visit^LOCAL|'
        f'{code}^{type_text}^LOCAL|{minutes}|MIN|^^{minutes}^{hl7_time(start)}'
        f'||||||||||||||{status}',
        f'PID|1||{mrn}^^^{AUTHORITY}^MR~999-99-9999^^^SSA^SS||Test^Child||'
        '20180415|F',
    ]
    if protected:
        segs.append('PD1|||||||||||Y')
    segs += [
        'RGS|1|A',
        f'AIS|1|A|{code}^{type_text}^LOCAL|{hl7_time(start)}|||{minutes}|MIN',
        f'AIP|1|A|{provider}|PCP',
        f'AIL|1|A|GPED^^^CH^^^Main^2^{clinic}' + ('|VIDEO' if video else ''),
    ]
    return '\r'.join(segs) + '\r'


def put_on_file(instance, *messages):
    """portalctl visits import - with the messages on standard input; the
    visits' ids by filler id."""
    out = ctl(instance, 'visits', 'import', '-', input=''.join(messages))
    assert f'{len(messages)} taken' in out and ' 0 refused' in out, out
    return out


def visit_id(instance, filler):
    return count(instance, 'SELECT id FROM visits WHERE filler_id = ?',
                 f'EPIC^{filler}') or count(
        instance, 'SELECT id FROM visits WHERE filler_id LIKE ?', f'%{filler}')


def local_slot(days, hour, minute=0):
    """'YYYY-MM-DD HH:MM' in the hospital's zone, days from today."""
    d = datetime.now(TZ).date() + timedelta(days=days)
    return f'{d.isoformat()} {hour:02d}:{minute:02d}'


def slot_words(days, hour, minute=0):
    """The same moment as the family's pages say it: "6 Dec 2026, 09:00"."""
    d = datetime.now(TZ).date() + timedelta(days=days)
    return words_when(datetime(d.year, d.month, d.day, hour, minute, tzinfo=TZ))


STANDIN = []


def video_stand_in():
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


def add_staff(instance, user, name, role, clinic=None):
    ctl(instance, 'staff', 'add', '--username', user, '--name', name,
        '--role', role, input=STAFF_PW + '\n')
    if clinic:
        ctl(instance, 'clinic', 'staff', '--clinic', clinic, '--username', user)


def staff_signin(instance, user):
    c = Client(instance)
    f = c.get('/staff/login').form_fields('staff-login')
    f.update({'username': user, 'password': STAFF_PW})
    r = c.post('/staff/login', f)
    assert r.status == 303, r.text
    return c


def type_id(out):
    """The id portalctl clinic type add prints ("type added: ID ...")."""
    return int(re.search(r'\d+', out).group(0))


def setup(instance):
    video_stand_in()
    ctl(instance, 'clinic', 'add', GP, '--phone', GP_PHONE, '--location',
        'Main campus, floor 2')
    ctl(instance, 'clinic', 'add', DERM, '--phone', '617-555-0177')
    ctl(instance, 'clinic', 'add', ADOL, '--phone', '617-555-0188')
    S['fu'] = type_id(ctl(instance, 'clinic', 'type', 'add', '--clinic', GP,
                          '--name', 'Follow-up visit', '--minutes', '20',
                          '--self-schedule', '--notice-hours', '48',
                          '--copay', '25', '--code', 'FU'))
    S['video'] = type_id(ctl(instance, 'clinic', 'type', 'add', '--clinic', GP,
                             '--name', 'Video follow-up', '--minutes', '20',
                             '--video', '--notice-hours', '2', '--code',
                             'VID'))
    S['derm'] = type_id(ctl(instance, 'clinic', 'type', 'add', '--clinic',
                            DERM, '--name', 'Skin check', '--minutes', '15',
                            '--self-schedule', '--code', 'SKIN'))
    S['adol'] = type_id(ctl(instance, 'clinic', 'type', 'add', '--clinic',
                            ADOL, '--name', 'Adolescent visit', '--minutes',
                            '40', '--notice-hours', '24', '--code', 'AMV'))
    ctl(instance, 'clinic', 'document', 'add', '--type', str(S['fu']),
        '--title', DOC_TITLE, input=DOC_BODY)
    # Open times: one with another provider first, one with Dr. Okafor.
    ctl(instance, 'clinic', 'slots', 'add', '--type', str(S['fu']), '--start',
        local_slot(5, 9), '--provider', 'Dr. Sam Wu')
    ctl(instance, 'clinic', 'slots', 'add', '--type', str(S['fu']), '--start',
        local_slot(12, 14, 30), '--provider', OKAFOR)
    ctl(instance, 'clinic', 'slots', 'add', '--type', str(S['derm']),
        '--start', local_slot(6, 10), '--provider', 'Dr. Lee Kim')
    listing = ctl(instance, 'clinic', 'list', '--clinic', GP)
    assert 'Follow-up visit' in listing and DOC_TITLE in listing, listing
    add_staff(instance, 'cleo', 'Cleo Clinic', 'clinic', GP)
    add_staff(instance, 'bill', 'Bill Billing', 'billing')


def csrf(c, path='/visits/request'):
    r = c.get(path)
    assert r.status == 200, (path, r.status, r.text)
    return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)


def section(page, start, end=None):
    part = page.split(start, 1)[1]
    return part.split(end, 1)[0] if end else part


def no_health_information(mail, p, *words):
    """No health information; the patient by first name only (15.5)."""
    assert p['given'] in mail.body, mail.body
    for phi in (p['family'], p['mrn'], p['dob'], *words):
        assert phi not in mail.body and phi not in mail.subject, phi


def when(t):
    """A moment as the family's pages say it (issue 15.2)."""
    return words_when(t)


# ---- 1. the family's visits ----

def test_family_sees_upcoming_and_past_visits(instance):
    c, p, addr = new_family(instance, 6)
    S.update(c=c, p=p, addr=addr)
    S['pid'] = vd.patient_id(instance, p['mrn'])
    # The scheduling system's appointments: one seen a month ago (Complete),
    # one in 10 days, one tomorrow (inside the 48 hours' notice).
    now = vd.now() // 60 * 60
    S['past_t'] = now - 30 * vd.DAY
    S['next_t'] = now + 10 * vd.DAY
    S['soon_t'] = now + 26 * vd.HOUR
    S['far_t'] = now + 40 * vd.DAY
    put_on_file(instance,
                siu('A100', p['mrn'], S['past_t'], 'FU', 'Follow-up visit',
                    GP, status='Complete'),
                siu('A101', p['mrn'], S['next_t'], 'FU', 'Follow-up visit',
                    GP),
                siu('A102', p['mrn'], S['soon_t'], 'FU', 'Follow-up visit',
                    GP),
                siu('A104', p['mrn'], S['far_t'], 'FU', 'Follow-up visit',
                    GP))
    S['far'] = visit_id(instance, 'A104')
    S['past'] = visit_id(instance, 'A100')
    S['next'] = visit_id(instance, 'A101')
    S['soon'] = visit_id(instance, 'A102')
    home = c.get('/account/')
    assert 'href="/visits/"' in home.text, 'no Visits link on the home page'
    r = c.get('/visits/')
    assert r.status == 200, r.text
    up = section(r.text, 'id="upcoming"', 'id="past-h"')
    past = section(r.text, 'id="past"', 'id="requests-h"')
    assert f'visit-{S["next"]}' in up and f'visit-{S["soon"]}' in up
    assert f'visit-{S["past"]}' not in up
    assert when(S['next_t']) in up, up
    assert GP in up and OKAFOR in up and 'Follow-up visit' in up
    assert 'Status: booked.' in up
    # The place: the building and floor the scheduling system gave.
    assert 'Main, floor 2.' in up, up
    # Beyond 30 days: no confirming or pre-check-in yet, and it says when.
    far = section(up, f'id="visit-{S["far"]}"', '</ul>')
    assert 'Confirm</button>' not in far and 'Pre-check-in</a>' not in far
    assert 'You can confirm from 30 days before the visit.' in far
    assert 'Pre-check-in opens 30 days before the visit.' in far
    assert f'visit-{S["past"]}' in past and 'Completed.' in past, past
    assert when(S['past_t']) in past
    # The details: when, the clinic's phone, provider, place, status.
    d = c.get(f'/visits/visit?v={S["next"]}')
    assert d.status == 200
    details = section(d.text, '<dl class="visit-details">', '</dl>')
    assert when(S['next_t']) in details and '(20 minutes)' in details
    assert GP_PHONE in details and OKAFOR in details
    assert 'Follow-up visit' in details and 'Main, floor 2' in details
    assert re.search(r'<dd id="status">Booked</dd>', details), details


# ---- 2. request a visit ----

def test_request_a_visit_staff_contact_then_schedule(instance):
    c, p, addr = S['c'], S['p'], S['addr']
    r = c.get('/visits/')
    link = re.search(r'<a href="(/visits/request\?p=\d+)">Request a visit</a>',
                     r.text)
    assert link, r.text
    r = c.get(html.unescape(link.group(1)))
    assert r.status == 200
    gp = count(instance, 'SELECT id FROM clinics WHERE name = ?', GP)
    assert f'<option value="{gp}"' in r.text
    f = r.form_fields('request')
    f.update({'clinic': str(gp), 'reason': 'Ear pain since Sunday',
              'preferred': 'Weekday mornings', 'phone': '617-555-0199'})
    r = c.post('/visits/request', f)
    assert r.status == 303, r.text
    r = c.get(r.location)
    assert 'Your request was sent to the clinic' in r.text
    assert 'sent, waiting for the clinic' in section(r.text, 'id="requests"')

    staff = staff_signin(instance, 'cleo')
    q = staff.get('/staff/visits/')
    assert q.status == 200
    assert 'Ear pain since Sunday' in q.text and p['mrn'] in q.text
    assert 'Weekday mornings' in q.text and '617-555-0199' in q.text
    rid = int(re.search(r'<a href="/staff/visits/request\?id=(\d+)">',
                        q.text).group(1))
    instance.deliver_mail()
    mails_before = len([m for m in instance.mails() if addr in m.to])
    r = staff.post('/staff/visits/status', {'csrf': q.form_fields()['csrf'],
                   'id': str(rid), 'status': 'contacted'})
    assert r.status == 303, r.text
    assert 'the clinic contacted you' in c.get('/visits/').text
    m1 = mail_to(instance, addr, 'visit request')
    assert m1 is not None and 'log in' in m1.body.lower()
    no_health_information(m1, p, 'Ear pain', GP, 'Weekday')
    q = staff.get('/staff/visits/')
    assert 'contacted, by Cleo Clinic' in q.text
    r = staff.post('/staff/visits/status', {'csrf': q.form_fields()['csrf'],
                   'id': str(rid), 'status': 'scheduled'})
    assert r.status == 303, r.text
    reqs = section(c.get('/visits/').text, 'id="requests"')
    assert 'scheduled' in reqs and 'contacted you' not in reqs
    instance.deliver_mail()
    mails = [m for m in instance.mails() if addr in m.to and
             'visit request' in m.subject]
    assert len([m for m in instance.mails() if addr in m.to]) \
        == mails_before + 2 and len(mails) == 2
    for m in mails:
        no_health_information(m, p, 'Ear pain', GP, 'Weekday')
    # Scheduled is done: no longer in the clinic's open queue.
    assert 'Ear pain since Sunday' not in staff.get('/staff/visits/').text


# ---- 3. self-schedule, a clinic never seen in, schedule again ----

def test_self_schedule_and_schedule_again(instance):
    c, pid = S['c'], S['pid']
    r = c.get('/visits/')
    link = re.search(r'<a href="(/visits/schedule\?p=\d+)">schedule a visit '
                     r'online</a>', r.text)
    assert link, 'no "schedule a visit online" link'
    r = c.get(html.unescape(link.group(1)))
    assert r.status == 200
    types = section(r.text, 'id="types"', '</ul>')
    assert 'Follow-up visit, General Pediatrics' in types
    # Dermatology never saw the child: not offered, and refused if asked.
    assert DERM not in types and 'Skin check' not in types
    # The video type is not self-schedulable: not offered.
    assert 'Video follow-up' not in types
    href = html.unescape(re.search(r'<a href="([^"]+)">Follow-up visit, '
                                   'General Pediatrics', types).group(1))
    r = c.get(href)
    slots = re.findall(r'name="slot" value="(\d+)"', r.text)
    assert len(slots) == 2, r.text
    assert 'Book ' + slot_words(5, 9) in r.text and 'with Dr. Sam Wu' in r.text
    S['slot_wu'] = int(slots[0])
    f = form_fields(r.text.split('<ul id="slots">')[1].split('</li>')[0])
    r = c.post('/visits/book', f)
    assert r.status == 303 and 'done=booked' in r.location, r.text
    S['booked'] = int(re.search(r'v=(\d+)', r.location).group(1))
    d = c.get(r.location)
    assert 'The visit is booked.' in d.text
    assert slot_words(5, 9) in d.text and 'Dr. Sam Wu' in d.text
    up = section(c.get('/visits/').text, 'id="upcoming"', 'id="past-h"')
    assert f'visit-{S["booked"]}' in up
    # The slot is no longer offered.
    r = c.get(href)
    assert f'name="slot" value="{S["slot_wu"]}"' not in r.text
    # A clinic the child was never seen in: refused, nothing booked.
    derm_slot = count(instance, 'SELECT id FROM slots WHERE visit_type_id = ?',
                      S['derm'])
    r = c.post('/visits/book', {'csrf': csrf(c), 'p': str(pid),
                                'slot': str(derm_slot)})
    assert r.status == 409, r.status
    assert 'Only patients already seen in this clinic' in r.text
    assert count(instance, 'SELECT count(*) FROM visits WHERE slot_id = ?',
                 derm_slot) == 0
    r = c.get(f'/visits/schedule?p={pid}&type={S["derm"]}')
    assert 'Book ' not in section(r.text, '<h1>', 'id="types-h"')
    # Schedule again from the past visit: same clinic, type, provider first.
    past = section(c.get('/visits/').text, 'id="past"', 'id="requests-h"')
    again = re.search(r'<a href="(/visits/schedule\?again=\d+)">Schedule '
                      r'again</a>', past)
    assert again and again.group(1).endswith(f'again={S["past"]}'), past
    r = c.get(again.group(1))
    assert r.status == 200
    assert 'Follow-up visit, General Pediatrics' in section(
        r.text, 'id="slots-h"', '</h2>')
    first = section(r.text, '<ul id="slots">', '</li>')
    assert f'with {OKAFOR}' in first and '(same provider)' in first, first
    assert 'Book ' + slot_words(12, 14, 30) in first


# ---- 4. confirm, cancel, the notice, what staff see ----

def test_confirm_cancel_and_the_notice(instance):
    c, addr = S['c'], S['addr']
    # Confirm the visit in 10 days from the list.
    up = section(c.get('/visits/').text, f'id="visit-{S["next"]}"', '</ul>')
    assert 'Confirm</button>' in up, up
    r = c.post('/visits/confirm', form_fields(
        section(up, '<form method="post" action="/visits/confirm"', '</form>')
        .join(('<form method="post" action="/visits/confirm"', '</form>'))))
    assert r.status == 303, r.text
    d = c.get(r.location)
    assert 'The visit is confirmed. Thank you.' in d.text
    assert re.search(r'<dd id="status">Booked, confirmed \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d',
                     d.text), d.text
    up = section(c.get('/visits/').text, f'id="visit-{S["next"]}"', '</ul>')
    assert 'Status: booked and confirmed.' in up and 'Confirm</button>' \
        not in up, up
    # Cancel the visit booked online, with a reason; it needs one.
    d = c.get(f'/visits/visit?v={S["booked"]}')
    assert 'id="cancel"' in d.text
    f = form_fields(section(d.text, 'id="cancel"', '</section>'))
    r = c.post('/visits/cancel', dict(f, reason=''))
    assert r.status == 422 and 'reason-err' in r.text
    r = c.post('/visits/cancel', dict(f, reason='Feeling better'))
    assert r.status == 303, r.text
    d = c.get(r.location)
    assert 'The visit was cancelled.' in d.text
    assert '<dd id="status">Cancelled' in d.text
    lst = c.get('/visits/').text
    assert f'visit-{S["booked"]}' not in section(lst, 'id="upcoming"',
                                                 'id="past-h"')
    # Its slot is offered again.
    r = c.get(f'/visits/schedule?p={S["pid"]}&type={S["fu"]}')
    assert f'name="slot" value="{S["slot_wu"]}"' in r.text
    # Tomorrow's visit is inside the 48 hours' notice: no cancel form, the
    # clinic's phone instead; asked anyway, refused and nothing changes.
    soon = section(lst, f'id="visit-{S["soon"]}"', '</ul>')
    assert f'To cancel now, call the clinic at <a href="tel:{GP_PHONE}">' \
        in soon, soon
    d = c.get(f'/visits/visit?v={S["soon"]}')
    assert 'action="/visits/cancel"' not in d.text
    assert GP_PHONE in d.text
    r = c.post('/visits/cancel', {'csrf': csrf(c), 'v': str(S['soon']),
                                  'reason': 'Away that day'})
    assert r.status == 409 and 'too close to cancel online' in r.text
    assert f'Call the clinic at <a href="tel:{GP_PHONE}">' in r.text
    assert '<dd id="status">Booked</dd>' in c.get(
        f'/visits/visit?v={S["soon"]}').text
    # The clinic's staff see who confirmed and who cancelled, when and why.
    staff = staff_signin(instance, 'cleo')
    lst = staff.get('/staff/visits/upcoming')
    assert lst.status == 200
    row = section(lst.text, f'id="visit-{S["next"]}"', '</tr>')
    assert re.search(r'\d{4}-\d\d-\d\d \d\d:\d\d by Pat Parent', row), row
    row = section(lst.text, f'id="visit-{S["booked"]}"', '</tr>')
    assert 'cancelled' in row and 'by Pat Parent' in row, row
    d = staff.get(f'/staff/visits/visit?id={S["booked"]}')
    cancelled = section(d.text, '<dd id="cancelled">', '</dd>')
    assert 'by Pat Parent' in cancelled and 'Feeling better' in cancelled
    assert re.search(r'\d{4}-\d\d-\d\d \d\d:\d\d', cancelled), cancelled
    d = staff.get(f'/staff/visits/visit?id={S["next"]}')
    assert 'by Pat Parent' in section(d.text, '<dd id="confirmed">', '</dd>')


# ---- 5. pre-check-in ----

def checkin_steps(c, v):
    r = c.get(f'/visits/checkin/?v={v}')
    assert r.status == 200, r.text
    return r, dict(re.findall(r'<a href="#\w+">([^<]+)</a>: <strong[^>]*>'
                              r'([^<]+)<', r.text))


def test_pre_check_in(instance):
    c, p, addr, v = S['c'], S['p'], S['addr'], S['next']
    d = c.get(f'/visits/visit?v={v}')
    assert f'<a href="/visits/checkin/?v={v}">Pre-check-in</a>' in d.text
    r, steps = checkin_steps(c, v)
    assert steps == {'Contact information': 'To do', 'Insurance': 'To do',
                     'Copay': 'To do', 'Documents to sign': 'To do'}, steps
    assert 'We have no insurance on file for this patient.' in r.text
    assert '$25.00' in r.text
    # The document is shown in full before it is signed.
    assert html.escape(DOC_BODY, quote=True) in r.text
    # Contact: "This is correct".
    f = form_fields(section(r.text, 'id="contact"', '</form>'))
    assert f.get('do') == 'confirm'
    assert c.post('/visits/checkin/contact', f).status == 303
    # Insurance: a new card, with photos of both sides.
    r, steps = checkin_steps(c, v)
    assert steps['Contact information'] == 'Done'
    f = form_fields(r.text, 'insurance-form')
    f.update({'payer': 'Harbor Health', 'plan': 'Family PPO',
              'member_id': 'HH-770011', 'group_no': 'G-42',
              'subscriber': 'Pat Parent', 'relationship': 'parent'})
    r = c.post('/visits/checkin/insurance', f,
               files=[('front', ('front.jpg', JPEG, 'image/jpeg')),
                      ('back', ('back.png', PNG, 'image/png'))])
    assert r.status == 303, r.text
    r, steps = checkin_steps(c, v)
    assert steps['Insurance'] == 'Done'
    changes = section(r.text, '<ul class="changes">', '</ul>')
    assert 'Harbor Health' in changes and 'waiting for our billing team' \
        in changes
    assert 'We have no insurance on file' in r.text    # not applied yet
    # Billing reviews it: the card photos, then approve.
    bill = staff_signin(instance, 'bill')
    q = bill.get('/staff/insurance/')
    assert q.status == 200 and 'Harbor Health' in q.text
    chg = re.search(r'href="(/staff/insurance/change\?id=(\d+))"', q.text)
    assert chg, q.text
    d = bill.get(chg.group(1))
    assert d.status == 200 and 'HH-770011' in d.text
    front = bill.get(f'/staff/insurance/photo?id={chg.group(2)}')
    assert front.status == 200 and front.body == JPEG
    back = bill.get(f'/staff/insurance/photo?id={chg.group(2)}&back=1')
    assert back.status == 200 and back.body == PNG
    r = bill.post('/staff/insurance/decide', {
        'csrf': re.search(r'name="csrf" value="([^"]+)"', d.text).group(1),
        'id': chg.group(2), 'decision': 'approve'})
    assert r.status == 303, r.text
    m = mail_to(instance, addr, 'insurance update')
    assert m is not None
    no_health_information(m, p, 'Harbor', 'HH-770011')
    r, steps = checkin_steps(c, v)
    cov = section(r.text, '<ul class="coverages">', '</ul>')
    assert 'Harbor Health' in cov and 'HH-770011' in cov, r.text
    assert 'Approved by our billing team' in r.text
    # The copay, on the processor's page.
    f = form_fields(section(r.text, 'id="copay"', '</section>'))
    r = c.post('/pay/start', f)
    assert r.status == 200 and '$25.00' in r.text, r.text
    res = pay_on_standin(instance, form_fields(r.text, 'pay-go'))
    r = pay_back(instance, res)
    assert r.status == 200 and 'Payment received' in r.text
    assert f'href="/visits/checkin/?v={v}"' in r.text
    r, steps = checkin_steps(c, v)
    assert steps['Copay'] == 'Done' and 'Paid.' in r.text
    # The document: typed name and the statement ticked.
    doc = section(r.text, 'class="document"', '</article>')
    f = form_fields(section(doc, '<form', '</form>').join(('<form', '</form>')))
    r = c.post('/visits/checkin/sign', dict(f, signer='Pat Parent'))
    assert r.status == 422 and 'I have read this document' in r.text
    r = c.post('/visits/checkin/sign', dict(f, signer='Pat Parent', agree='1'))
    assert r.status == 303, r.text
    r, steps = checkin_steps(c, v)
    assert set(steps.values()) == {'Done'}, steps
    assert 'Pre-check-in is complete. Thank you.' in r.text
    printed = re.search(r'<a href="([^"]+)">Print the signed document</a>',
                        r.text)
    assert printed, r.text
    pr = c.get(html.unescape(printed.group(1)))
    assert pr.status == 200
    assert html.escape(DOC_BODY, quote=True) in pr.text
    assert 'Pat Parent' in pr.text
    assert re.search(r'[0-9a-f]{64}', pr.text)
    d = c.get(f'/visits/visit?v={v}')
    assert 'Pre-check-in done.' in d.text
    # The clinic sees the steps and the signature.
    staff = staff_signin(instance, 'cleo')
    d = staff.get(f'/staff/visits/visit?id={v}')
    assert 'signed by Pat Parent' in d.text


# ---- 6. a video visit ----

def test_video_visit(instance):
    c, p = S['c'], S['p']
    start = (vd.now() // 60 + 11) * 60		# in 10-11 minutes
    put_on_file(instance, siu('A103', p['mrn'], start, 'VID',
                              'Video follow-up', GP, video=True))
    v = visit_id(instance, 'A103')
    up = section(c.get('/visits/').text, f'id="visit-{v}"', '</ul>')
    assert 'Video visit.' in up
    d = c.get(f'/visits/visit?v={v}')
    video = section(d.text, 'id="video"', '</section>')
    assert 'id="join-button" disabled' in video
    assert 'Do pre-check-in first' in video
    assert 'action="/visits/join"' not in video
    assert str(VIDEO_PORT) not in d.text
    # Pre-check-in (a video type: contact and insurance; the coverage
    # approved before is on file now).
    r, steps = checkin_steps(c, v)
    assert set(steps) == {'Contact information', 'Insurance'}, steps
    for step in ('contact', 'insurance'):
        f = form_fields(section(r.text, f'id="{step}"', '</form>'))
        assert f.get('do') == 'confirm', (step, f)
        rr = c.post(f'/visits/checkin/{step}', f)
        assert rr.status == 303, (step, rr.text)
    r, steps = checkin_steps(c, v)
    assert set(steps.values()) == {'Done'}
    d = c.get(f'/visits/visit?v={v}')
    video = section(d.text, 'id="video"', '</section>')
    assert 'Begin video visit</button>' in video and 'disabled' not in video
    r = c.post('/visits/join', form_fields(video))
    assert r.status == 303, r.text
    assert r.location.startswith(f'http://127.0.0.1:{VIDEO_PORT}/join/')
    with urllib.request.urlopen(r.location) as s:
        assert 'You are in the video room for this visit' in s.read().decode()


# ---- 7. the calendar file ----

def test_calendar_file(instance):
    c, v = S['c'], S['next']
    up = section(c.get('/visits/').text, f'id="visit-{v}"', '</ul>')
    link = re.search(r'<a href="([^"]+)" download>Add to calendar</a>', up)
    assert link, up
    r = c.get(html.unescape(link.group(1)))
    assert r.status == 200
    assert r.headers.get('Content-Type').startswith('text/calendar')
    body = r.body.decode()
    assert body.startswith('BEGIN:VCALENDAR\r\n')
    assert body.count('BEGIN:VEVENT') == 1
    utc = datetime.fromtimestamp(S['next_t'], timezone.utc)
    assert f'DTSTART:{utc:%Y%m%dT%H%M%S}Z' in body
    end = utc + timedelta(minutes=20)
    assert f'DTEND:{end:%Y%m%dT%H%M%S}Z' in body
    assert 'SUMMARY:Visit at' in body
    assert 'LOCATION:Main\\, floor 2\r\n' in body, body
    for phi in ('Follow-up', GP, 'Okafor', S['p']['given'], S['p']['mrn']):
        assert phi not in body, phi
    # The reminder e-mail of tomorrow's visit: no health information.
    out = ctl(instance, 'visits', 'remind')
    assert 'e-mails queued' in out, out
    m = mail_to(instance, S['addr'], 'a visit is coming up')
    assert m is not None, 'no reminder e-mail'
    no_health_information(m, S['p'], GP, 'Follow-up', 'Okafor')


# ---- 8. a teen's confidential visit ----

def test_teen_confidential_visit(instance):
    parent, p, mum = new_family(instance, 15)
    teen_addr = unique_email('teen')
    t = Client(instance)
    r = signup(t, who='self', token=self_token(instance, p['mrn'], teen_addr),
               dob=p['dob'], given=p['given'], family=p['family'],
               email=teen_addr)
    assert r.status == 303, r.text
    assert confirm(t, instance, teen_addr).status == 200
    assert login(t, teen_addr).status == 303
    start = (vd.now() // 60) * 60 + 5 * vd.DAY
    put_on_file(instance,
                siu('A200', p['mrn'], start, 'AMV', 'Adolescent visit', ADOL,
                    minutes=40),
                siu('A201', p['mrn'], start + vd.DAY, 'FU', 'Follow-up visit',
                    GP))
    secret, plain = visit_id(instance, 'A200'), visit_id(instance, 'A201')
    # The parent: the ordinary visit, not the confidential one.
    r = parent.get('/visits/')
    assert f'visit-{plain}' in r.text
    assert f'visit-{secret}' not in r.text
    assert ADOL not in r.text and 'Adolescent visit' not in r.text
    d = parent.get(f'/visits/visit?v={secret}')
    missing = parent.get('/visits/visit?v=99999999')
    assert d.status == missing.status == 404
    strip = re.compile(r'name="csrf" value="[^"]*"')
    assert strip.sub('', d.text) == strip.sub('', missing.text)
    for path in ('/visits/confirm', '/visits/cancel'):
        r = parent.post(path, {'csrf': csrf(parent), 'v': str(secret),
                               'reason': 'not going'})
        assert r.status == 404, (path, r.status)
    assert parent.get(f'/visits/checkin/?v={secret}').status == 404
    assert parent.get(f'/visits/ics?v={secret}').status == 404
    # The teen sees it and confirms it.
    r = t.get('/visits/')
    assert r.status == 200 and f'visit-{secret}' in r.text
    item = section(r.text, f'id="visit-{secret}"', '</ul>')
    assert ADOL in item and 'Adolescent visit' in item
    f = form_fields(section(item, '<form method="post" action="/visits/'
                                  'confirm"', '</form>').join(
        ('<form method="post" action="/visits/confirm"', '</form>')))
    r = t.post('/visits/confirm', f)
    assert r.status == 303, r.text
    assert 'The visit is confirmed.' in t.get(r.location).text
    # Its calendar file names no clinic either.
    ics = t.get(f'/visits/ics?v={secret}')
    assert ics.status == 200 and 'Adolescent' not in ics.body.decode()
    # Still nothing for the parent, even confirmed.
    assert f'visit-{secret}' not in parent.get('/visits/').text
    # The teen was seen in Adolescent Medicine before (confidentially) and
    # asks for a visit there; the parent sees neither the clinic among
    # those to ask, nor the teen's request.
    put_on_file(instance, siu('A202', p['mrn'], start - 25 * vd.DAY, 'AMV',
                              'Adolescent visit', ADOL, minutes=40,
                              status='Complete'))
    adol = count(instance, 'SELECT id FROM clinics WHERE name = ?', ADOL)
    pid = vd.patient_id(instance, p['mrn'])
    r = t.get(f'/visits/request?p={pid}')
    assert r.status == 200 and f'<option value="{adol}"' in r.text, r.text
    f = r.form_fields('request')
    f.update({'clinic': str(adol), 'reason': 'Private question',
              'preferred': 'After school', 'phone': '617-555-0123'})
    r = t.post('/visits/request', f)
    assert r.status == 303, r.text
    assert 'sent, waiting for the clinic' in t.get('/visits/').text
    r = parent.get(f'/visits/request?p={pid}')
    assert r.status == 200
    assert f'<option value="{adol}"' not in r.text, 'the parent is offered ' \
        'the clinic of a confidential visit'
    lst = parent.get('/visits/').text
    assert ADOL not in lst and 'Adolescent visit' not in lst
    assert 'sent, waiting for the clinic' not in lst, 'the parent sees the ' \
        "teen's own request"
    # The teen books a visit online in Adolescent Medicine: confidential
    # care as the scheduling system's visits there are; the parent does
    # not see it.
    ctl(instance, 'clinic', 'type', 'set', '--type', str(S['adol']),
        '--self-schedule')
    ctl(instance, 'clinic', 'slots', 'add', '--type', str(S['adol']),
        '--start', local_slot(8, 16), '--provider', 'Dr. Mia Hart')
    r = t.get(f'/visits/schedule?p={pid}&type={S["adol"]}')
    assert r.status == 200 and 'Book ' + slot_words(8, 16) in r.text, r.text
    r = t.post('/visits/book', form_fields(
        section(r.text, '<ul id="slots">', '</li>')))
    assert r.status == 303 and 'done=booked' in r.location, r.text
    booked = int(re.search(r'v=(\d+)', r.location).group(1))
    assert 'The visit is booked.' in t.get(r.location).text
    lst = parent.get('/visits/').text
    assert f'visit-{booked}' not in lst and 'Dr. Mia Hart' not in lst, \
        "the parent sees the teen's visit booked in Adolescent Medicine"
    assert parent.get(f'/visits/visit?v={booked}').status == 404
