"""Two web nodes on one PostgreSQL database (issue 10.3): what is one per
installation stays one. The module's instance is node A; node B is a
second instance (the other web server, its own portal-serve and workers,
its own scratch and mail capture) on A's database with A's key file, as
two nodes behind a hospital's load balancer are:

- a session made on one node is used on the other, and ended there;
- sign-in throttles count the failures of both nodes as one;
- sign-ups racing on both nodes with one activation token: one winner,
  the others get the page a used token gets;
- record views on both nodes at once: one audit chain, which verifies,
  grown by exactly the views;
- `portalctl mail` on both nodes at once delivers every e-mail once.

PostgreSQL only (run.py --engine postgresql); skipped on SQLite."""

import itertools
import shutil
import threading
from collections import Counter

import harness
from family import (PASSWORD, confirm, ctl, login, new_family, patient,
                    signup_fields, token, unique_email)
from harness import Client

# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
INSTANCE = {'workers': 2}

S = {}
WRONG = 'Wrong9Password'
_hosts = itertools.count(2)


def needs_pg():
    if harness.engine() != 'postgresql':
        raise harness.Skip('needs PostgreSQL (run.py --engine postgresql)')


def setup(instance):
    if harness.engine() != 'postgresql':
        return
    # Node B: the other web server, so that both are covered in one run.
    other = 'apache' if instance.server == 'nginx' else 'nginx'
    b = harness.Instance(server=other, database=instance.database,
                         key_file=instance.key_file, asan=instance.asan)
    S['a'], S['b'] = instance, b


def teardown(instance):
    """Node B, if a test left it running (-k, or a failure before its
    stop test)."""
    if 'b' in S and not S['b'].stopped:
        S['b']._kill_all()


def sql(instance, text):
    """psql's answer (unaligned, '|' between columns) on the database of
    the run's cluster that instance uses."""
    return harness.PG.psql(text, db=instance.pg_name)


def num(instance, text):
    return int(sql(instance, text))


def lit(s):
    return "'" + s.replace("'", "''") + "'"


def source():
    """A client address (the portal's REMOTE_ADDR) no other test here uses."""
    n = next(_hosts)
    assert n < 255
    return f'127.0.0.{n}'


def patient_id(instance, mrn):
    return num(instance, f'SELECT id FROM patients WHERE mrn = {lit(mrn)}')


def in_parallel(calls):
    """Runs the calls in threads started together (a barrier); returns
    their results in order. An exception in a call is raised here."""
    barrier = threading.Barrier(len(calls))
    out = [None] * len(calls)

    def run(i, f):
        barrier.wait(timeout=30)
        try:
            out[i] = ('ok', f())
        except BaseException as e:		# noqa: B902 - re-raised below
            out[i] = ('err', e)
    ts = [threading.Thread(target=run, args=(i, f))
          for i, f in enumerate(calls)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(120)
        assert not t.is_alive(), 'a request did not end in 120 s'
    for kind, v in out:
        if kind == 'err':
            raise v
    return [v for _, v in out]


# -- sessions -----------------------------------------------------------

def test_session_made_on_a_is_used_on_b(instance):
    needs_pg()
    a, b = S['a'], S['b']
    ca, p, addr = new_family(a)		# signed in on node A
    pid = patient_id(a, p['mrn'])
    cb = Client(b)
    cb.jar = dict(ca.jar)			# the same browser, sent to B
    home = cb.get('/account/', follow=False)
    assert home.status == 200, home
    assert f"{p['given']} {p['family']}" in home.text
    rec = cb.get(f'/record/?p={pid}')
    assert rec.status == 200 and p['family'] in rec.text, rec
    assert num(a, "SELECT count(*) FROM audit WHERE action = "
               f"'record.view.summary' AND patient_id = {pid}") == 1
    # Signed out on B: the session is over on A too, even for the old
    # cookie.
    f = home.form_fields()
    old = dict(cb.jar)
    r = cb.post('/login/out', {'csrf': f['csrf']})
    assert r.status == 303, r
    ca.jar = old
    again = ca.get('/account/')
    assert again.status == 303 and '/login/' in again.location, again
    # And the other way: signed in on B, used on A.
    assert login(cb, addr).status == 303
    ca.jar = dict(cb.jar)
    r = ca.get(f'/record/?p={pid}')
    assert r.status == 200 and p['family'] in r.text, r


# -- throttles ------------------------------------------------------------

def test_throttle_counts_failures_on_both_nodes(instance):
    # Five wrong passwords from one address are free (login_fail_account),
    # whichever node they reach: 3 on A and 2 on B; the next attempt,
    # even with the right password, waits on either node.
    needs_pg()
    a, b = S['a'], S['b']
    _, p, addr = new_family(a)
    here = source()
    got = [login(Client(n, source=here), addr, WRONG).status
           for n in (a, b, a, b, a)]
    assert got == [401] * 5, got
    for n in (b, a):
        r = login(Client(n, source=here), addr, PASSWORD)
        assert r.status == 429 and 'Too many sign-in attempts' in r.text, \
            (n.server, r.status)


def test_account_limit_counts_both_nodes(instance):
    # Ten wrong passwords from ten addresses (browsers that never signed
    # in), five through each node, reach the account-wide limit: an eleventh
    # address waits on either node; the owner's browser does not.
    needs_pg()
    a, b = S['a'], S['b']
    owner, p, addr = new_family(a)
    for i in range(10):
        n = (a, b)[i % 2]
        r = login(Client(n, source=source()), addr, WRONG)
        assert r.status == 401, (i, n.server, r.status)
    for n in (a, b):
        r = login(Client(n, source=source()), addr, PASSWORD)
        assert r.status == 429, (n.server, r.status)
    c = Client(b)
    c.jar = dict(owner.jar)
    assert login(c, addr).status == 303


# -- one winner -----------------------------------------------------------

def test_signups_racing_on_both_nodes_one_winner(instance):
    # Four people on file for a patient sign up with the same token at the
    # same moment, two through each node; three rounds. One account holds
    # the patient; the others get the used token's page and no account.
    needs_pg()
    a, b = S['a'], S['b']
    names = ('Ann', 'Bob', 'Cam', 'Dee')
    for rnd in range(3):
        mails = [unique_email(n.lower()) for n in names]
        p = patient(a, 9, [('parent', n, 'Race', m)
                           for n, m in zip(names, mails)])
        tok = token(a, p['mrn'])
        racers = []
        for i, (n, m) in enumerate(zip(names, mails)):
            c = Client((a, b)[i % 2], source=source())
            f = signup_fields(c, token=tok, dob=p['dob'], given=n,
                              family='Race', email=m)
            racers.append((c, f))
        rs = in_parallel([lambda c=c, f=f: c.post('/signup/', f)
                          for c, f in racers])
        won = [i for i, r in enumerate(rs) if r.status == 303]
        assert len(won) == 1, [r.status for r in rs]
        assert rs[won[0]].location.endswith('/signup/sent')
        for i, r in enumerate(rs):
            if i != won[0]:
                assert r.status == 422 and 'already been used' in r.text, \
                    (i, r.status)
        pid = patient_id(a, p['mrn'])
        held = sql(a, 'SELECT a.email FROM account_patients ap JOIN '
                   'accounts a ON a.id = ap.account_id WHERE '
                   f'ap.patient_id = {pid}')
        assert held.split('\n') == [mails[won[0]]], held
        emails = ', '.join(lit(m) for m in mails)
        assert num(a, 'SELECT count(*) FROM accounts WHERE email IN '
                   f'({emails})') == 1


# -- one audit chain --------------------------------------------------------

def test_concurrent_views_on_both_nodes_one_chain(instance):
    # 2 nodes x 4 threads x 5 views of the record summary = 40 views at
    # once; the audit log grows by exactly 40 rows, all the views', and
    # stays one chain (each row's prev is the hash of the row before it)
    # that `portalctl audit verify` finds intact on either node.
    needs_pg()
    a, b = S['a'], S['b']
    ca, p, addr = new_family(a)
    pid = patient_id(a, p['mrn'])
    cb = Client(b)
    cb.jar = dict(ca.jar)
    before = num(a, 'SELECT count(*) FROM audit')
    last = num(a, 'SELECT max(id) FROM audit')
    threads, each = 4, 5

    def views(c):
        return [c.get(f'/record/?p={pid}').status for _ in range(each)]
    calls = []
    for c in (ca, cb):
        for _ in range(threads):
            jar = dict(c.jar)

            def one(n=c.instance, jar=jar):
                x = Client(n)
                x.jar = jar
                return views(x)
            calls.append(one)
    got = [s for r in in_parallel(calls) for s in r]
    n_views = 2 * threads * each
    assert got == [200] * n_views, Counter(got)
    after = num(a, 'SELECT count(*) FROM audit')
    assert after - before == n_views, (before, after)
    rows = sql(a, 'SELECT action, patient_id, count(*) FROM audit WHERE '
               f'id > {last} GROUP BY action, patient_id')
    assert rows == f'record.view.summary|{pid}|{n_views}', rows
    forks = num(a, 'SELECT count(*) FROM (SELECT prev, lag(hash) OVER '
                '(ORDER BY id) AS before FROM audit) x WHERE '
                'x.before IS NOT NULL AND x.prev <> x.before')
    assert forks == 0, forks
    # The chain's checkpoints are a file of the installation (node A's
    # here, which `portalctl init` began): node B verifies with a copy.
    shutil.copy(a.scratch / 'portal.checkpoints',
                b.scratch / 'portal.checkpoints')
    for n in (a, b):
        rc, out, err = n.portalctl('audit', 'verify')
        assert rc == 0 and 'audit log intact' in out, (n.server, out + err)


# -- the outbox -------------------------------------------------------------

def test_outbox_delivered_once_with_mail_on_both_nodes(instance):
    # 30 e-mails queued through both nodes (10 sign-ups, each a "Confirm"
    # e-mail, then 2 password-reset requests for each of the 10 addresses),
    # then `portalctl mail` on both nodes at the same moment: every e-mail
    # is delivered once, by one of them.
    needs_pg()
    a, b = S['a'], S['b']
    a.deliver_mail()			# what earlier tests left
    assert num(a, 'SELECT count(*) FROM outbox WHERE sent IS NULL') == 0

    def signups(n):			# 5 sign-ups through node n
        out = []
        for _ in range(5):
            m = unique_email('outbox')
            p = patient(a, 9, [('parent', 'Olive', 'Box', m)])
            c = Client(n)
            f = signup_fields(c, token=token(a, p['mrn']), dob=p['dob'],
                              given='Olive', family='Box', email=m)
            r = c.post('/signup/', f)
            assert r.status == 303, (n.server, r.status)
            out.append(m)
        return out
    addrs = [m for ms in in_parallel([lambda: signups(a),
                                      lambda: signups(b)]) for m in ms]
    for i, m in enumerate(addrs * 2):
        c = Client((a, b)[i % 2])
        f = c.get('/login/forgot').form_fields('forgot')
        f['email'] = m
        assert c.post('/login/forgot', f).status == 200
    assert num(a, 'SELECT count(*) FROM outbox WHERE sent IS NULL') == 30
    got = in_parallel([a.deliver_mail, b.deliver_mail])
    mails = got[0] + got[1]
    bodies = Counter(m.body for m in mails)
    assert len(mails) == 30 and len(bodies) == 30, \
        (len(mails), [b[:80] for b, k in bodies.items() if k > 1])
    want = Counter({(m, 'Confirm'): 1 for m in addrs})
    want.update({(m, 'Reset'): 2 for m in addrs})
    kinds = Counter((m.to, 'Confirm' if 'Confirm' in m.subject else
                     'Reset' if 'Reset' in m.subject else m.subject)
                    for m in mails)
    assert kinds == want, kinds - want
    assert num(a, 'SELECT count(*) FROM outbox WHERE sent IS NULL') == 0
    print(f'    outbox: 30 e-mails, {len(got[0])} sent by node A '
          f'({a.server}), {len(got[1])} by node B ({b.server}), none twice')


# -- node B's end -----------------------------------------------------------

def test_node_b_stops_clean(instance):
    # run.py checks node A's logs and crashes; this does node B's: no
    # crash or sanitizer report, a clean stop, no secret in its logs
    # (those given to either node).
    needs_pg()
    a, b = S['a'], S['b']
    crashes = b.crash_reports()
    assert not crashes, crashes[:10]
    b.stop()
    for v, k in a.secrets.items():
        b.secrets.setdefault(v, k)
    leaks = b.secrets_in_logs()
    assert not leaks, leaks
    b.remove()
