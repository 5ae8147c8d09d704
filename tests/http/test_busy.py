"""When the database cannot answer, and sends sent twice (issue 9.3, 9.4).

A test process holds BEGIN EXCLUSIVE on the portal's database: a family
reply, a new message and a care-team answer answer 503 with Retry-After
on the portal's own page, with everything typed back in the form (the
body with its line breaks exactly) and "not sent"; the record and the
staff inbox answer 503 with Retry-After and no health information; a
sign-in answers 503, not 500; all within a few seconds, not the old 10 s
wait. The same with a read-only database file (chattr +i, which binds
root as well; skipped where chattr cannot) and with the database on a
full disk (a small tmpfs, filled; skipped where mount is not allowed). Then the same form POSTed
twice stores one message and the second answer says it was already
sent; a form without its key (a page opened before the upgrade) is
refused with the text kept and a new key.

Whether a view's audit row is written by the worker or by an audit
writer process, the lock and the read-only file stop it too: the tests
hold either way, as they only ask for the 503.

On PostgreSQL (issue 10): the lock is the writers' advisory lock held by
another session (a psql kept open in a transaction); the read-only
database is default_transaction_read_only set on the database and the
workers' connections terminated (so they reconnect, and take it); the
full disk is the messages table in a tablespace on a filled tmpfs, and a
message too long to stay in its row (pg_full_disk).
"""

import html
import os
import re
import secrets
import string
import sqlite3
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from family import (PASSWORD, confirm, count, ctl, login, patient, signup,
                    signup_fields, token, unique_email)
import harness
from harness import (Client, HarnessError, Skip, forms, psql_command,
                     psql_env)

# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
INSTANCE = {'workers': 2}

S = {}

# The lock is held until the test lets go, so a page that waited for it
# instead of giving up at the 2 s busy timeout would hang until the web
# server's 60 s: HUNG tells the two apart with room for a loaded machine
# (ASan programs, another instance starting beside this one: the sign-up's
# password hash alone took several seconds there).
HUNG = 30

BODY = 'First line of the message.\n\nThird line, after a blank one.\n' \
       '  Indented fourth & <last> line.'


def setup(instance):
    ctl(instance, 'clinic', 'add', '--clinic', 'Busy Clinic')
    addr = unique_email('busy')
    p = patient(instance, 9, [('parent', 'Bea', 'Busy', addr)], given='Zelda',
                family='Quorra')
    ctl(instance, 'clinic', 'patient', '--clinic', 'Busy Clinic',
        '--mrn', p['mrn'])
    ctl(instance, 'staff', 'add', '--username', 'bnurse', '--name',
        'Bo Nurse', input='Answer4Tests!\n')
    ctl(instance, 'clinic', 'staff', '--clinic', 'Busy Clinic',
        '--username', 'bnurse')
    S['pid'] = count(instance, 'SELECT id FROM patients WHERE mrn = ?',
                     p['mrn'])
    S['addr'] = addr
    c = Client(instance)
    assert signup(c, token=token(instance, p['mrn']), dob=p['dob'],
                  given='Bea', family='Busy', email=addr).status == 303
    confirm(c, instance, addr)
    # Someone who will sign up while the database is locked.
    S['new_addr'] = unique_email('nell')
    S['new'] = patient(instance, 7, [('parent', 'Nell', 'Newcomer',
                                      S['new_addr'])])
    S['new_token'] = token(instance, S['new']['mrn'])
    S['family'] = Client(instance)
    assert login(S['family'], addr).status == 303
    s = Client(instance)
    f = s.get('/staff/login').form_fields('staff-login')
    f.update({'username': 'bnurse', 'password': 'Answer4Tests!'})
    assert s.post('/staff/login', f).status == 303
    S['staff'] = s
    r = S['family'].post('/messages/new', compose_form('QUORRA-SUBJECT',
                                                       'The first one.'))
    assert r.status == 303, r
    S['thread'] = int(re.search(r'id=(\d+)', r.location).group(1))


def form(page, form_id):
    """Every named control of the form, as the browser would send it."""
    f = [x for x in forms(page.text) if x['id'] == form_id][0]
    return {**f['hidden'], **f['fields']}


def compose_form(subject, body):
    page = S['family'].get(f"/messages/new?p={S['pid']}")
    assert page.status == 200, page
    f = form(page, 'compose')
    f.update({'subject': subject, 'body': body, 'topic': 'prescription'})
    return f


def reply_form(body):
    page = S['family'].get(f"/messages/thread?id={S['thread']}")
    assert page.status == 200, page
    f = form(page, 'reply')
    f['body'] = body
    return f


def answer_form(body):
    page = S['staff'].get(f"/inbox/thread?id={S['thread']}")
    assert page.status == 200, page
    f = form(page, 'answer')
    f['body'] = body
    return f


def messages_with(instance, body):
    return count(instance, 'SELECT count(*) FROM messages WHERE body = ?', body)


def databases(instance):
    """The portal's database files: its database, and any other beside it
    (an audit log in a file of its own, issue 9.1)."""
    return sorted({instance.database,
                   *instance.database.parent.glob('*.db')})


# The advisory lock PostgreSQL's writers take (lib/store/db_pg.c).
PG_WRITE_LOCK = 112111114116


@contextmanager
def locked(instance):
    """Another process holds the write lock: of every database file, or
    PostgreSQL's writers' lock."""
    if instance.server_db:
        with pg_locked(instance):
            yield
        return
    cons = []
    try:
        for path in databases(instance):
            con = sqlite3.connect(str(path), isolation_level=None, timeout=10)
            cons.append(con)
            con.execute('BEGIN EXCLUSIVE')
        yield
    finally:
        for con in cons:
            if con.in_transaction:
                con.execute('ROLLBACK')
            con.close()


@contextmanager
def pg_locked(instance):
    """A psql session holds the writers' advisory lock in an open
    transaction until the block ends."""
    name = 'portal_test_lock'
    holder = subprocess.Popen(
        psql_command(f'{instance.database}&application_name={name}',
                     '-f', '-'),
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, env=psql_env())
    try:
        holder.stdin.write(f'BEGIN;\nSELECT pg_advisory_xact_lock('
                           f'{PG_WRITE_LOCK});\n')
        holder.stdin.flush()
        deadline = time.monotonic() + 10
        while not instance.value(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a "
                "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND "
                "l.granted AND a.application_name = ?", name):
            if holder.poll() is not None or time.monotonic() > deadline:
                raise HarnessError('the advisory lock was not had: ' +
                                   holder.stderr.read())
            time.sleep(0.05)
        yield
    finally:
        if holder.poll() is None:
            holder.stdin.write('ROLLBACK;\n')
            holder.stdin.close()
            try:
                holder.wait(10)
            except subprocess.TimeoutExpired:
                holder.kill()
                holder.wait()


def terminate_connections(instance):
    """Ends every other connection to the instance's database, as a
    server restart or a network cut would: the workers reconnect."""
    others = ('FROM pg_stat_activity WHERE datname = current_database() '
              'AND pid <> pg_backend_pid()')
    pids = [pid for (pid, _) in instance.query(
        f'SELECT pid, pg_terminate_backend(pid) {others}')]
    # Gone, their sockets closed: the workers find that out before their
    # next request (db_pg.c, pg_check).
    deadline = time.monotonic() + 10
    while any(Path(f'/proc/{pid}').exists() for pid in pids):
        assert time.monotonic() < deadline, 'backends not ended'
        time.sleep(0.05)


@contextmanager
def pg_read_only(instance):
    """Every new transaction on the database is read-only; the workers'
    connections are ended, so they reconnect and take it. Afterwards the
    workers are restarted: their read-only connections go."""
    db = instance.pg_name
    # From another database: once read-only, this one takes no ALTER.
    harness.PG.psql(f'ALTER DATABASE {db} SET '
                    'default_transaction_read_only = on')
    try:
        terminate_connections(instance)
        yield
    finally:
        harness.PG.psql(f'ALTER DATABASE {db} RESET '
                        'default_transaction_read_only')
        instance.restart_workers()


@contextmanager
def read_only(instance):
    """The database files and their logs cannot be written, even by root
    (the shared-memory index stays writable: SQLite maps it); on
    PostgreSQL, a read-only database (pg_read_only)."""
    if instance.server_db:
        with pg_read_only(instance):
            yield
        return
    files = [f'{p}{ext}' for p in databases(instance) for ext in ('', '-wal')
             if Path(f'{p}{ext}').exists()]
    r = subprocess.run(['chattr', '+i', *files], capture_output=True,
                       text=True)
    if r.returncode != 0:
        subprocess.run(['chattr', '-i', *files], capture_output=True)
        raise Skip(f'chattr +i: {r.stderr.strip()}')
    try:
        yield
    finally:
        subprocess.run(['chattr', '-i', *files], check=True)


def assert_unavailable(r, what, started):
    assert r.status == 503, (what, r.status, r.text[:300])
    assert r.headers.get('Retry-After') == '60', (what, r.headers)
    assert re.search(r'give this reference: <code>[0-9a-f]{12}</code>',
                     r.text), (what, 'not the portal page')
    # No health information: not the patient, their thread or care team.
    for secret in ('Zelda', 'Quorra', 'QUORRA-SUBJECT', 'Busy Clinic',
                   'The first one.'):
        assert secret not in r.text, (what, secret)
    assert time.monotonic() - started < HUNG, (what, 'waited too long')


def assert_kept(r, form_id, typed, what):
    """The answer is the form again, with everything typed, and says it
    was not sent."""
    assert 'was not sent' in r.text, (what, r.text[:400])
    f = form(r, form_id)
    for k, v in typed.items():
        assert f.get(k) == v, (what, k, f.get(k), v)
    # In the page source, the body's line breaks are there as typed.
    assert html.escape(BODY, quote=False).replace('&#x27;', "'") in r.text


def test_locked_sends_answer_503_and_keep_the_text(instance):
    reply = reply_form(BODY)
    new = compose_form('Refill please', BODY)
    answer = answer_form(BODY)
    with locked(instance):
        t = time.monotonic()
        r = S['family'].post('/messages/reply', reply)
        assert_unavailable(r, 'reply', t)
        assert_kept(r, 'unsent', {'body': BODY, 'id': str(S['thread']),
                                  'key': reply['key']}, 'reply')
        t = time.monotonic()
        r = S['family'].post('/messages/new', new)
        assert_unavailable(r, 'new', t)
        assert_kept(r, 'unsent', {'body': BODY, 'subject': 'Refill please',
                                  'topic': 'prescription', 'key': new['key'],
                                  'clinic': new['clinic'],
                                  'p': str(S['pid'])}, 'new')
        assert 'In an emergency' in r.text
        t = time.monotonic()
        r = S['staff'].post('/inbox/reply', answer)
        assert_unavailable(r, 'answer', t)
        assert_kept(r, 'unsent', {'body': BODY, 'key': answer['key']},
                    'answer')
    assert messages_with(instance, BODY) == 0
    # The form that came back sends, once the database answers.
    r = S['family'].post('/messages/reply', reply)
    assert r.status == 303 and 'sent=1' in r.location, r
    assert messages_with(instance, BODY) == 1


def test_locked_pages_answer_503(instance):
    pid = S['pid']
    with locked(instance):
        for c, path in ((S['family'], f'/record/?p={pid}'),
                        (S['family'], f'/messages/thread?id={S["thread"]}'),
                        (S['staff'], '/inbox/'),
                        (S['staff'], f'/inbox/thread?id={S["thread"]}')):
            t = time.monotonic()
            r = c.get(path)
            assert_unavailable(r, path, t)
            assert 'cannot answer right now' in r.text, (path, r.text[:300])
        # Signing in counts the attempt first: it cannot, so 503, and
        # the form keeps the address.
        t = time.monotonic()
        c = Client(instance)
        r = login(c, S['addr'], PASSWORD)
        assert r.status == 503 and r.headers.get('Retry-After') == '60', r
        assert time.monotonic() - t < HUNG
        if instance.server_db:
            # PostgreSQL's lock is the write transactions': the count, one
            # statement, goes through; the sign-in's audit row cannot be
            # written, so the audit's refusal (as in test_audit_fault):
            # nothing changed, no session; the kept page (issue 15.3)
            # gives the address back, never the password.
            assert 'Nothing was sent or changed' in r.text, r.text
            assert S['addr'] in r.text and PASSWORD not in r.text
            assert all('__Host-sid=' not in v
                       for v in r.headers.getall('Set-Cookie')), r.headers
        else:
            assert 'Nothing was saved' in r.text, r.text
            assert form(r, 'login')['email'] == S['addr']
        # Signing up: 503, what was typed kept (but the password).
        c = Client(instance)
        f = signup_fields(c, token=S['new_token'], dob=S['new']['dob'],
                          given='Nell', family='Newcomer',
                          email=S['new_addr'])
        t = time.monotonic()
        r = c.post('/signup/', f)
        assert r.status == 503 and r.headers.get('Retry-After') == '60', r
        assert time.monotonic() - t < HUNG
        assert 'Nothing was saved' in r.text
        kept = form(r, 'signup')
        assert kept['given'] == 'Nell' and kept['email'] == f['email'], kept
    # And the session survived: the pages answer again.
    assert S['family'].get(f'/record/?p={pid}').status == 200
    assert S['staff'].get('/inbox/').status == 200


def test_read_only_database_sends_answer_503_and_keep_the_text(instance):
    reply = reply_form(BODY + ' (read-only)')
    answer = answer_form(BODY + ' (read-only)')
    with read_only(instance):
        t = time.monotonic()
        r = S['family'].post('/messages/reply', reply)
        assert_unavailable(r, 'reply read-only', t)
        assert form(r, 'unsent')['body'] == BODY + ' (read-only)'
        t = time.monotonic()
        r = S['staff'].post('/inbox/reply', answer)
        assert_unavailable(r, 'answer read-only', t)
        assert form(r, 'unsent')['body'] == BODY + ' (read-only)'
        t = time.monotonic()
        assert_unavailable(S['family'].get(f"/record/?p={S['pid']}"),
                           'record read-only', t)
    assert messages_with(instance, BODY + ' (read-only)') == 0
    r = S['family'].post('/messages/reply', reply)
    assert r.status == 303, r
    assert messages_with(instance, BODY + ' (read-only)') == 1


def test_the_same_post_twice_stores_one_message(instance):
    text = 'Sent twice by a retry.\nSecond line.'
    f = reply_form(text)
    assert re.fullmatch(r'[0-9a-f]{32}', f['key']), f
    r = S['family'].post('/messages/reply', f)
    assert r.status == 303 and 'sent=1' in r.location, r
    r = S['family'].post('/messages/reply', f)
    assert r.status == 303 and 'already=1' in r.location, r
    page = S['family'].get(r.location)
    assert page.status == 200
    assert 'already been sent' in page.text
    assert messages_with(instance, text) == 1
    # A new thread, twice: one thread.
    f = compose_form('ONCE-SUBJECT', 'Only once.')
    r1 = S['family'].post('/messages/new', f)
    r2 = S['family'].post('/messages/new', f)
    assert r1.status == r2.status == 303, (r1, r2)
    assert 'already=1' in r2.location
    assert r1.location.split('&')[0] == r2.location.split('&')[0]
    assert count(instance, "SELECT count(*) FROM threads WHERE subject = "
                 "'ONCE-SUBJECT'") == 1
    # The care team's answer, twice: one.
    f = answer_form('Answered once.')
    r = S['staff'].post('/inbox/reply', f)
    assert r.status == 303, r
    r = S['staff'].post('/inbox/reply', f)
    assert r.status == 303 and 'already=1' in r.location, r
    assert 'already been sent' in S['staff'].get(r.location).text
    assert messages_with(instance, 'Answered once.') == 1


def test_a_used_key_with_other_text_is_refused_and_kept(instance):
    # A key is a retry only for the same text to the same place: another
    # message under it (a form sent twice with new text, another thread,
    # a new thread) is refused with the text kept and a new key, never
    # reported "already sent" and dropped.
    f = reply_form('The first message under this key.')
    r = S['family'].post('/messages/reply', f)
    assert r.status == 303 and 'sent=1' in r.location, r
    other = 'Another message, same form.\nSecond line.'
    r = S['family'].post('/messages/reply', dict(f, body=other))
    assert r.status == 422, r
    assert 'already used to send another message' in r.text
    again = form(r, 'reply')
    assert again['body'] == other
    assert re.fullmatch(r'[0-9a-f]{32}', again['key']) and \
        again['key'] != f['key'], again
    assert messages_with(instance, other) == 0
    r = S['family'].post('/messages/reply', again)
    assert r.status == 303 and 'sent=1' in r.location, r
    assert messages_with(instance, other) == 1
    # The same used key on a new thread: refused, nothing stored.
    c = compose_form('KEY-REUSED-SUBJECT', 'A new thread under a used key.')
    c['key'] = f['key']
    r = S['family'].post('/messages/new', c)
    assert r.status == 422 and 'already used' in r.text, r
    assert count(instance, "SELECT count(*) FROM threads WHERE subject = "
                 "'KEY-REUSED-SUBJECT'") == 0
    # The care team: an answer under its own used key with other text.
    a = answer_form('Care team, first.')
    assert S['staff'].post('/inbox/reply', a).status == 303
    r = S['staff'].post('/inbox/reply', dict(a, body='Care team, second.'))
    assert r.status == 422 and 'already used' in r.text, r
    assert messages_with(instance, 'Care team, second.') == 0


def test_a_form_without_its_key_is_refused_and_kept(instance):
    text = 'From a page opened before the upgrade.\nSecond line.'
    for drop in (True, False):
        f = reply_form(text)
        if drop:
            del f['key']
        else:
            f['key'] = 'not-a-key'
        r = S['family'].post('/messages/reply', f)
        assert r.status == 422, r
        assert 'opened before the portal was updated' in r.text
        again = form(r, 'reply')
        assert again['body'] == text
        assert re.fullmatch(r'[0-9a-f]{32}', again['key']), again
        assert messages_with(instance, text) == 0
    r = S['family'].post('/messages/reply', again)
    assert r.status == 303 and 'sent=1' in r.location, r
    assert messages_with(instance, text) == 1


def test_full_disk_sends_answer_503_and_keep_the_text(instance):
    """The database on a small tmpfs that is then filled up (needs root
    and mount; skipped where either is missing). Last in the module: it
    moves the database there and back, restarting the workers."""
    if instance.server_db:
        pg_full_disk(instance)
        return
    mnt = instance.scratch / 'full'
    mnt.mkdir()
    r = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=64m', 'tmpfs',
                        str(mnt)], capture_output=True, text=True)
    if r.returncode != 0:
        mnt.rmdir()
        raise Skip(f'mount tmpfs: {r.stderr.strip()}')
    db, moved = instance.database, mnt / 'portal.db'
    filler = mnt / 'filler'
    try:
        copy_db(db, moved)
        db.unlink()
        db.symlink_to(moved)		# the workers open it through the link
        instance.restart_workers()
        text = BODY + ' (disk full)'
        reply, answer = reply_form(text), answer_form(text)
        with open(filler, 'wb') as f:
            try:
                while True:
                    f.write(b'\0' * (1 << 20))
                    f.flush()
            except OSError:
                pass
        t = time.monotonic()
        r = S['family'].post('/messages/reply', reply)
        assert_unavailable(r, 'reply disk full', t)
        assert form(r, 'unsent')['body'] == text
        t = time.monotonic()
        r = S['staff'].post('/inbox/reply', answer)
        assert_unavailable(r, 'answer disk full', t)
        assert form(r, 'unsent')['body'] == text
        filler.unlink()
        r = S['family'].post('/messages/reply', reply)
        assert r.status == 303, r
        assert messages_with(instance, text) == 1
    finally:
        if filler.exists():
            filler.unlink()
        if db.is_symlink():
            instance.restart_workers()	# let go of the tmpfs files
            db.unlink()
            copy_db(moved, db)
            instance.restart_workers()
        # Stopped workers may take a moment to let go of the files.
        for _ in range(50):
            if subprocess.run(['umount', str(mnt)],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        else:
            subprocess.run(['umount', '-l', str(mnt)], check=True)
        mnt.rmdir()


def pg_full_disk(instance):
    """PostgreSQL's counterpart: the messages table (and its TOAST) in a
    tablespace on a small tmpfs that is then filled; a message too long
    to stay in its row needs new pages there, which the server cannot
    have (SQLSTATE 53100). Needs root and mount, else skipped."""
    pg = harness.PG
    mnt = instance.scratch / 'pgfull'
    mnt.mkdir()
    r = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=8m', 'tmpfs',
                        str(mnt)], capture_output=True, text=True)
    if r.returncode != 0:
        mnt.rmdir()
        raise Skip(f'mount tmpfs: {r.stderr.strip()}')
    space = f'{instance.pg_name}_full'
    filler = mnt / 'filler'
    moved = False
    try:
        os.chown(mnt, pg.uid, pg.gid)
        os.chmod(mnt, 0o700)
        pg.psql(f"CREATE TABLESPACE {space} LOCATION '{mnt}'")
        instance.execute(f'ALTER TABLE messages SET TABLESPACE {space}')
        moved = True
        # Letters at random: the text neither compresses nor fits a row.
        text = BODY + ' (disk full) ' + ''.join(
            secrets.choice(string.ascii_letters) for _ in range(12000))
        reply, answer = reply_form(text), answer_form(text)
        with open(filler, 'wb') as f:
            try:
                while True:
                    f.write(b'\0' * (1 << 16))
                    f.flush()
            except OSError:
                pass
        t = time.monotonic()
        r = S['family'].post('/messages/reply', reply)
        assert_unavailable(r, 'reply disk full', t)
        assert form(r, 'unsent')['body'] == text
        t = time.monotonic()
        r = S['staff'].post('/inbox/reply', answer)
        assert_unavailable(r, 'answer disk full', t)
        assert form(r, 'unsent')['body'] == text
        assert 'SQLSTATE 53100' in instance.log_text('portal-serve')
        filler.unlink()
        r = S['family'].post('/messages/reply', reply)
        assert r.status == 303, r
        assert messages_with(instance, text) == 1
    finally:
        if filler.exists():
            filler.unlink()
        if moved:
            instance.execute('ALTER TABLE messages SET TABLESPACE pg_default')
        pg.psql(f'DROP TABLESPACE IF EXISTS {space}')
        subprocess.run(['umount', str(mnt)], check=True)
        mnt.rmdir()


def copy_db(src, dst):
    """A consistent copy of a database in WAL mode (SQLite's backup)."""
    a = sqlite3.connect(str(src))
    b = sqlite3.connect(str(dst))
    a.backup(b)
    b.execute('PRAGMA journal_mode=WAL')
    b.close()
    a.close()
