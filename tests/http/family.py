"""What the family-portal HTTP tests share: putting patients and people on
file into an instance with portalctl (as hospital IT would), and doing what
a person does in the pages: sign up, open the e-mailed link, sign in."""

import itertools
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from harness import Client

TZ = ZoneInfo('America/New_York')	# the config's default time zone
PASSWORD = 'Harbor7Lantern'


def words_day(d):
    """A day as family pages say it (lib/base/words.h): "29 April 2011"."""
    return f'{d.day} {d.strftime("%B")} {d.year}'


def words_when(t):
    """A moment (Unix seconds or an aware datetime) as family pages say it,
    in the hospital's zone: "26 Dec 2010, 10:00"."""
    if not isinstance(t, datetime):
        t = datetime.fromtimestamp(t, TZ)
    t = t.astimezone(TZ)
    return f'{t.day} {t.strftime("%b")} {t.year}, {t.strftime("%H:%M")}'
_seq = itertools.count(1)


def today(instance=None):
    return datetime.now(TZ).date()


def birth_date(years, days_to_birthday=100):
    """A date of birth that makes the patient `years` old today, with the
    next birthday `days_to_birthday` days away."""
    t = today()
    nxt = t + timedelta(days=days_to_birthday)
    try:
        return nxt.replace(year=nxt.year - years - 1).isoformat()
    except ValueError:			# 29 February
        return (nxt - timedelta(days=1)).replace(year=nxt.year - years - 1).isoformat()


def ctl(instance, *args, input=None):
    rc, out, err = instance.portalctl(*args, input=input)
    assert rc == 0, f'portalctl {args}: {rc}\n{out}{err}'
    return out


def patient(instance, years, people=(), foster=False, guardianship=False,
            given='Alex', family=None, days_to_birthday=100):
    """Adds a patient with a visit 10 days ago and the people on file
    (kind, given, family, email); returns a dict with mrn, dob, visit."""
    n = next(_seq)
    mrn = f'T{n:05d}'
    family = family or f'Family{n}'
    dob = birth_date(years, days_to_birthday)
    visit = (today() - timedelta(days=10)).isoformat()
    args = ['patient', 'add', '--mrn', mrn, '--given', given, '--family',
            family, '--dob', dob, '--visit', visit]
    if foster:
        args.append('--foster')
    if guardianship:
        args.append('--guardianship')
    ctl(instance, *args)
    for kind, g, f, mail in people:
        extra = ['--email', mail] if mail else []
        ctl(instance, 'patient', 'relation', '--mrn', mrn, '--kind', kind,
            '--given', g, '--family', f, *extra)
    return {'mrn': mrn, 'dob': dob, 'visit': visit, 'given': given,
            'family': family}


def token(instance, mrn):
    return ctl(instance, 'token', 'issue', '--mrn', mrn).strip()


def self_token(instance, mrn, email=None):
    """A self-access token for the patient's own account (issue 7.2),
    putting email on file as the patient's own address if given."""
    extra = ['--email', email] if email else []
    return ctl(instance, 'token', 'issue', '--mrn', mrn, '--self',
               *extra).strip()


def unique_email(name='person'):
    return f'{name}.{next(_seq)}@example.org'


def signup_fields(c, **fields):
    page = c.get('/signup/')
    assert page.status == 200, page
    f = page.form_fields('signup')
    f.update({'who': 'guardian', 'proof': 'token', 'password': PASSWORD,
              'password2': PASSWORD})
    f.update(fields)
    return f


def signup(c, **fields):
    """Fills in and sends the sign-up form; returns the response."""
    return c.post('/signup/', signup_fields(c, **fields))


def mail_to(instance, address, subject_part):
    """Delivers the outbox and returns the newest mail to address whose
    subject contains subject_part (or None)."""
    instance.deliver_mail()
    found = [m for m in instance.mails()
             if address in m.to and subject_part in m.subject]
    return found[-1] if found else None


def link_in(mail):
    """The first link in mail: its path, with its #fragment."""
    m = re.search(r'https?://[^/\s]+(/\S+)', mail.body)
    assert m, mail.body
    return m.group(1)


def code_in(link):
    """The code a link carries in its fragment (#t=CODE)."""
    m = re.fullmatch(r'/[^?#]*#t=([A-Za-z0-9_.-]+)', link)
    assert m, f'no #t= code in {link}'
    return m.group(1)


def open_link(c, link, form_id):
    """Opens a link from an e-mail as a browser does: the fragment stays in
    the browser and the page's script (htdocs/link-code.js) copies its code
    into the form. Returns (page, the form's fields with the code)."""
    page = c.get(link)
    assert page.status == 200, page
    f = page.form_fields(form_id)
    f['t'] = code_in(link)
    return page, f


def confirm(c, instance, address):
    """Opens the verification link e-mailed to address and confirms."""
    mail = mail_to(instance, address, 'Confirm')
    assert mail is not None, f'no verification mail to {address}'
    _, f = open_link(c, link_in(mail), 'verify')
    return c.post('/signup/verify', f)


def login(c, address, password=PASSWORD):
    page = c.get('/login/')
    f = page.form_fields('login')
    f.update({'email': address, 'password': password})
    return c.post('/login/', f)


def new_family(instance, years=8, who='guardian'):
    """A patient with a parent on file, signed up by token and confirmed.
    Returns (client signed in, patient, address)."""
    addr = unique_email('parent')
    p = patient(instance, years, [('parent', 'Pat', 'Parent', addr)])
    c = Client(instance)
    r = signup(c, token=token(instance, p['mrn']), dob=p['dob'],
               given='Pat', family='Parent', email=addr)
    assert r.status == 303 and r.location.endswith('/signup/sent'), r.text
    assert confirm(c, instance, addr).status == 200
    r = login(c, addr)
    assert r.status == 303 and r.location.endswith('/home/'), r.text
    return c, p, addr


def db(instance):
    """The instance's database, for looking at rows: .execute(sql, args)
    gives .fetchone()/.fetchall(), on either engine (Instance.query)."""
    return _Rows(instance)


class _Rows:
    def __init__(self, instance):
        self.instance = instance

    def execute(self, sql, args=()):
        return _Result(self.instance.query(sql, *args))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _Result:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return list(self.rows)

    def __iter__(self):
        return iter(self.rows)


def count(instance, sql, *args):
    """The first column of the first row (None if no row): a count, an id."""
    return instance.value(sql, *args)


def staff(instance, username='clerk', password='Ledger5Walnut'):
    ctl(instance, 'staff', 'add', '--username', username, '--name', 'Clerk One',
        input=password + '\n')
    c = Client(instance)
    f = c.get('/staff/login').form_fields('staff-login')
    f.update({'username': username, 'password': password})
    r = c.post('/staff/login', f)
    assert r.status == 303 and r.location.endswith('/staff/'), r.text
    return c


def staff_signin(instance, username, password):
    """A staff member signed in: (their Client, where sign-in sent them)."""
    c = Client(instance)
    f = c.get('/staff/login').form_fields('staff-login')
    f.update({'username': username, 'password': password})
    r = c.post('/staff/login', f)
    assert r.status == 303, r.text
    return c, r.location
