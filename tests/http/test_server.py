"""The web server layer, with no portal logic: static files and their
headers, the front page, 404 for everything unknown, each program prefix
reaching a live FastCGI worker, and workers coming back after a crash."""

import os
import signal
import time
from pathlib import Path

from harness import (PROGRAM_PATHS, PROGRAMS, ROOT, Client, Skip,
                     program_path, raw_status)

# Two workers a program (the harness starts one): this module's tests
# send requests at once, or kill or stop a worker and expect another.
# Every worker up at start (not lazy): the tests count them, as the
# shipped units run them.
INSTANCE = {'workers': 2, 'lazy': False}

CSP = ("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'; object-src 'none'")
TYPES = {'.css': 'text/css', '.js': 'application/javascript',
         '.svg': 'image/svg+xml', '.png': 'image/png', '.html': 'text/html',
         '.txt': 'text/plain', '.ico': 'image/'}


def check_static_headers(r):
    assert r.headers.get('Content-Security-Policy') == CSP, r.headers
    assert r.headers.get('X-Content-Type-Options') == 'nosniff', r.headers
    assert r.headers.get('Referrer-Policy') == 'no-referrer', r.headers
    assert len(r.headers.getall('Content-Security-Policy')) == 1


def static_file(instance):
    files = sorted(p for p in Path(instance.htdocs).rglob('*')
                   if p.is_file() and p.name != 'index.html'
                   and not p.name.startswith('.'))
    if not files:
        raise Skip('no static file in htdocs/ yet')
    css = [p for p in files if p.suffix == '.css']
    return (css or files)[0]


def test_static_file_served_with_headers(instance):
    f = static_file(instance)
    rel = f.relative_to(instance.htdocs).as_posix()
    r = Client(instance).get('/static/' + rel)
    assert r.status == 200, r
    assert r.body == f.read_bytes()
    check_static_headers(r)
    want = TYPES.get(f.suffix)
    if want:
        assert r.headers['Content-Type'].startswith(want), r.headers
    cc = r.headers.get('Cache-Control', '')
    assert 'max-age=' in cc and int(cc.split('max-age=')[1].split(',')[0]) \
        >= 86400, cc


def test_front_page_is_the_help_program(instance):
    """The front page is cgi-bin/help's (issue 15.5: it carries the
    configuration's names), with the programs' headers."""
    r = Client(instance).get('/')
    assert r.status == 200, r
    assert r.headers['Content-Type'].startswith('text/html'), r.headers
    assert b'Sign up' in r.body
    assert "default-src 'none'" in r.headers['Content-Security-Policy']
    assert r.headers.get('X-Content-Type-Options') == 'nosniff', r.headers


def test_unknown_paths_are_404(instance):
    c = Client(instance)
    for path in ('/nope', '/index.html', '/css/', '/cgi-bin/login',
                 '/signupx/', '/static', '/.git/config', '/portal.conf'):
        r = c.get(path)
        assert r.status == 404, (path, r)
        check_static_headers(r)


def test_static_cannot_leave_htdocs(instance):
    c = Client(instance)
    secret = (ROOT / 'Makefile').read_bytes()[:40]
    for path in (b'/static/../Makefile', b'/static/..%2fMakefile',
                 b'/static/%2e%2e/Makefile', b'/static/..%2f..%2fmain/Makefile',
                 b'/static/../../Makefile'):
        data = c.raw(b'GET ' + path + b' HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                     b'Connection: close\r\n\r\n')
        assert raw_status(data) in (400, 403, 404), (path, data[:200])
        assert secret not in data, path


def test_program_prefix_without_slash_redirects(instance):
    c = Client(instance)
    for p in PROGRAMS:
        if p in PROGRAM_PATHS:
            continue
        r = c.get('/' + p)
        assert r.status == 301, (p, r)
        assert r.location.endswith(f'/{p}/'), r.location


def test_body_over_32m_refused(instance):
    c = Client(instance)
    data = c.raw(b'POST /signup/ HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                 b'Content-Type: application/octet-stream\r\n'
                 b'Content-Length: 33554433\r\nConnection: close\r\n\r\n'
                 + b'x' * 1024)
    assert raw_status(data) == 413, data[:200]


def test_chunked_body(instance):
    """nginx reads a chunked body whole and passes its length; Apache's
    mod_proxy_fcgi would read it without limit, so the shipped vhost
    refuses chunked bodies with 411 (browsers never send them)."""
    c = Client(instance)
    data = c.raw(b'POST /signup/ HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                 b'Content-Type: application/x-www-form-urlencoded\r\n'
                 b'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n'
                 b'3\r\na=1\r\n0\r\n\r\n')
    status = raw_status(data)
    if instance.server == 'apache':
        assert status == 411, data[:300]
    else:
        assert status is not None and status < 500 and status != 411, \
            data[:300]


def test_trace_refused(instance):
    c = Client(instance)
    for path in (b'/', b'/login/', b'/static/x'):
        data = c.raw(b'TRACE ' + path + b' HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                     b'Cookie: secret=abc123\r\nConnection: close\r\n\r\n')
        assert raw_status(data) in (405, 501), (path, data[:200])
        assert b'abc123' not in data, path


def server_404(c):
    r = c.get('/no-such-place')
    return r.status, r.body


def built(p):
    return os.access(ROOT / 'cgi-bin' / p, os.X_OK)


def test_each_program_reaches_a_worker(instance):
    c = Client(instance)
    not_found = server_404(c)
    missing = [p for p in PROGRAMS if not built(p)]
    for p in PROGRAMS:
        if p in missing:
            continue
        r = c.get(program_path(p))
        assert r.status < 500, (p, r, r.text[:300])
        assert (r.status, r.body) != not_found, (p, 'server 404, not the program')
        # The server adds no header of its own to a program's answer.
        assert len(r.headers.getall('Content-Security-Policy')) <= 1, r.headers
        assert len(r.headers.getall('X-Content-Type-Options')) <= 1, r.headers
        # A deeper path and a query reach the same program.
        r = c.get(program_path(p).rstrip('/') + '/no/such/page?x=1')
        assert r.status < 500, (p, r, r.text[:300])
    if missing:
        raise Skip('not built, not exercised: ' + ', '.join(
            f'cgi-bin/{p}' for p in missing))


def gone(pid, wait=10):
    """Waits until pid has died (a zombie or reaped)."""
    deadline = time.time() + wait
    while time.time() < deadline:
        try:
            st = Path(f'/proc/{pid}/stat').read_text()
        except OSError:
            return
        if st[st.rindex(')') + 2] == 'Z':
            return
        time.sleep(0.01)
    raise AssertionError(f'worker {pid} still alive {wait} s after SIGKILL')


def server_errors(instance):
    """The web server's error log, for a failure's message."""
    return [instance.log_text(n)[-2000:] for n in ('nginx-error', 'apache-error')
            if instance.log_text(n)]


def test_killed_worker_is_replaced(instance):
    p = next((p for p in ('login', 'signup', 'account', 'staff') if built(p)),
             None)
    if p is None:
        raise Skip('no cgi-bin program built')
    before = instance.worker_pids(p)
    assert len(before) == instance.workers_per_program, before
    os.kill(before[0], signal.SIGKILL)
    # kill() returns before the worker is gone: until it has died, it can
    # still take a connection from the shared socket and drop it as it
    # exits (the request in flight when a worker dies is lost, a 502).
    # What is tested is every request after the death.
    gone(before[0])
    c = Client(instance)
    for _ in range(2 * instance.workers_per_program + 2):
        r = c.get(f'/{p}/')
        assert r.status < 500, (r, r.text[:300],
                                server_errors(instance))
    deadline = time.time() + 5
    while time.time() < deadline:
        now = instance.worker_pids(p)
        if len(now) == len(before) and before[0] not in now:
            break
        time.sleep(0.05)
    assert before[0] not in now and len(now) == len(before), (before, now)
    assert f'worker {before[0]} killed by signal 9' in \
        instance.log_text('portal-serve')
    r = c.get(f'/{p}/')
    assert r.status < 500, r


def test_lazy_programs_start_at_their_first_request(instance):
    """portal-serve -l (what the other modules run under): only the audit
    writer at start; a program's first request waits for its workers and
    is answered; the programs nobody asked for stay down."""
    from harness import Instance
    lazy = Instance(server=instance.server, asan=instance.asan, lazy=True)
    with lazy:
        writer = lazy.worker_pids('portal-audit')
        assert len(writer) == 1 and lazy.worker_pids() == writer, \
            lazy.worker_pids()
        r = Client(lazy).get('/help/')
        assert r.status == 200 and b'Sign up' in r.body, r
        assert len(lazy.worker_pids('help')) == lazy.workers_per_program
        assert lazy.worker_pids('record') == []
        assert 'portal-serve: help: asked for: starting its workers' in \
            lazy.log_text('portal-serve')
        # After a restart (SIGHUP): the program's workers come back.
        os.kill(lazy.serve_pid(), signal.SIGHUP)
        r = Client(lazy).get('/help/')
        assert r.status == 200 and b'Sign up' in r.body, r
    lazy.remove()
