"""The portal's own error pages for what the web server answers itself
(issue 15.5): an unknown URL gets the portal's 404 page, a program that is
down the portal's 50x page (nginx 502, Apache 503), both with the
configuration's names and support number and the security headers; a
program's own errors still pass through as it wrote them."""

import html
import signal

from harness import Client

CONF = {
    'scrypt_n': 1024,
    'hospital_name': 'Marrowind Children\'s Medical Centre',
    'portal_name': 'FamLink Omega',
    'support_phone': '555-0166-4242',
    'support_hours': 'Thursdays 11:05 to 11:55 only',
}
INSTANCE = {'conf': CONF}


def check_page(r, heading):
    t = html.unescape(r.text)
    assert heading in t, t[:500]
    for v in CONF.values():
        if isinstance(v, str):
            assert v in t, (v, t[:500])
    h = r.headers
    assert "default-src" in h.get('Content-Security-Policy', ''), h
    assert "frame-ancestors 'none'" in h['Content-Security-Policy']
    assert len(h.getall('Content-Security-Policy')) == 1, h
    assert h.get('X-Content-Type-Options') == 'nosniff', h
    assert h.get('Referrer-Policy') == 'no-referrer', h
    assert h.get('Content-Type', '').startswith('text/html'), h


def test_unknown_urls_get_the_portals_404(instance):
    c = Client(instance)
    for path in ('/no-such-place', '/index.html', '/static/nope.css',
                 '/cgi-bin/login', '/wp-admin/'):
        r = c.get(path)
        assert r.status == 404, (path, r)
        check_page(r, 'Page not found')
        assert 'no-store' in r.headers.get('Cache-Control', ''), path


def test_a_body_past_the_servers_limit_gets_the_portals_413(instance):
    """Past client_max_body_size / LimitRequestBody (32 MB: a phone's
    video attached to a message) the server answers itself: the portal's
    page saying what happened and what to do, with the headers."""
    from harness import raw_status
    c = Client(instance)
    data = c.raw(b'POST /messages/reply HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                 b'Content-Type: multipart/form-data; boundary=x\r\n'
                 b'Content-Length: 41943040\r\nConnection: close\r\n\r\n'
                 + b'x' * 1024, until_close=True)
    assert raw_status(data) == 413, data[:300]
    head, _, body = data.partition(b'\r\n\r\n')

    class R:		# what check_page reads
        text = body.decode('utf-8', 'replace')
        headers = _Headers(head)
    check_page(R, 'What you sent is too large')
    assert '32 MB' in R.text and 'Nothing was sent' in R.text


class _Headers(dict):
    """A raw response's headers, as check_page reads them."""

    def __init__(self, head):
        super().__init__()
        self.all = []
        for line in head.decode('latin-1').split('\r\n')[1:]:
            k, _, v = line.partition(':')
            self.all.append((k.strip(), v.strip()))
            self[k.strip()] = v.strip()

    def getall(self, name):
        return [v for k, v in self.all if k.lower() == name.lower()]

    def get(self, name, default=None):
        for k, v in self.all:
            if k.lower() == name.lower():
                return v
        return default

    def __getitem__(self, name):
        v = self.get(name)
        if v is None:
            raise KeyError(name)
        return v


def test_program_404_is_its_own(instance):
    """Inside a program's prefix the program answers (its page, its
    headers), not the server's page."""
    r = Client(instance).get('/help/no-such-page')
    assert r.status == 404, r
    assert r.headers['Content-Security-Policy'].startswith(
        "default-src 'none'"), r.headers
    assert CONF['support_phone'] in r.text


def test_stopped_programs_get_the_portals_50x(instance):
    c = Client(instance)
    instance._stop_proc('portal-serve', signal.SIGTERM, 15)
    try:
        for path in ('/login/', '/record/', '/help/', '/'):
            r = c.get(path)
            want = (502,) if instance.server == 'nginx' else (503,)
            assert r.status in want, (path, r)
            check_page(r, 'cannot answer right now')
            assert 'no-store' in r.headers.get('Cache-Control', ''), path
        r = c.post('/login/', {'email': 'a@example.org', 'password': 'x'})
        assert r.status >= 500, r
        check_page(r, 'cannot answer right now')
    finally:
        instance._start_serve()
    assert c.get('/login/').status == 200
