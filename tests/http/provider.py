"""What the provider-portal HTTP tests share: accounts made with portalctl
(as hospital IT would), signing in and out, the e-mailed setup link."""

import itertools
import re

from harness import Client

PASSWORD = 'Referral8Clinic'
_seq = itertools.count(1)


def unique_email(name='doctor'):
    return f'{name}{next(_seq)}-{id(_seq) % 10000}@clinic.example.org'


def add_provider(instance, email=None, password=PASSWORD, given='Dana',
                 family='Doctor', *more):
    """An approved provider-portal account (portalctl provider add), with
    password; more: extra options (--sso-user U, --sponsor ...). Returns
    (id, email)."""
    email = email or unique_email()
    rc, out, err = instance.portalctl(
        'provider', 'add', '--email', email, '--given', given,
        '--family', family, *more, input=password + '\n')
    assert rc == 0, f'provider add: {rc}\n{out}{err}'
    instance.note_secret(password, 'provider password')
    m = re.match(r'provider (\d+) ', out)
    assert m, out
    return int(m.group(1)), email


def plogin(c, email, password=PASSWORD):
    """Fills in and sends the provider sign-in form."""
    page = c.get('/provider/login')
    assert page.status == 200, page
    f = page.form_fields('login')
    f.update({'email': email, 'password': password})
    return c.post('/provider/login', f)


def signed_in(instance, email=None, password=PASSWORD, *more):
    """A new approved provider, signed in: (client, id, email)."""
    pid, email = add_provider(instance, email, password, 'Dana', 'Doctor',
                              *more)
    c = Client(instance)
    r = plogin(c, email, password)
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    return c, pid, email


def logout(c):
    home = c.get('/provider/')
    return c.post('/provider/logout', home.form_fields())


def setup_mail(instance, email):
    """Has portalctl e-mail a setup link to email; returns the link (path
    and #t= fragment)."""
    rc, out, err = instance.portalctl('provider', 'link', '--email', email)
    assert rc == 0, f'provider link: {rc}\n{out}{err}'
    instance.deliver_mail()
    mails = [m for m in instance.mails()
             if email in m.to and 'Choose your' in m.subject]
    assert mails, f'no setup mail to {email}'
    m = re.search(r'https?://[^/\s]+(/provider/setup#t=[A-Za-z0-9_.-]+)',
                  mails[-1].body)
    assert m, mails[-1].body
    return m.group(1)


def pass_code_mail(instance, email):
    """The newest pass code e-mailed to email (8 digits), or None."""
    instance.deliver_mail()
    mails = [m for m in instance.mails()
             if email in m.to and 'pass code' in m.subject]
    if not mails:
        return None
    m = re.search(r'\n\n(\d{8})\n\n', mails[-1].body)
    assert m, mails[-1].body
    instance.note_secret(m.group(1), 'pass code')
    return m.group(1)


def count_mails(instance, email, subject_part):
    instance.deliver_mail()
    return len([m for m in instance.mails()
                if email in m.to and subject_part in m.subject])


def directory_entry(instance, given, family, org):
    """A directory entry (providers) for a provider account; its id."""
    instance.execute("INSERT INTO providers (given, family, credential, "
                     "family_key, organization, city) VALUES "
                     "(?, ?, 'MD', ?, ?, 'Springfield')", given, family,
                     family.lower(), org)
    return instance.value('SELECT max(id) FROM providers')


def clinician(instance, given, family, org=None):
    """A signed-in provider, with a directory entry when org is given:
    (client, account id, entry id or None)."""
    aid, email = add_provider(instance, None, 'Referral8Clinic', given,
                              family, '--credential', 'MD')
    entry = directory_entry(instance, given, family, org) if org else None
    if entry:
        instance.execute('UPDATE provider_accounts SET provider_id = ? '
                         'WHERE id = ?', entry, aid)
    c = Client(instance)
    r = plogin(c, email)
    assert r.status == 303 and r.location.endswith('/provider/'), r.text
    return c, aid, entry
