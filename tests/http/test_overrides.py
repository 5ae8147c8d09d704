"""The hospital's overrides (issue 16.2): a file in the overrides folder
(SYSCONFDIR/portal/htdocs when installed; the instance's `overrides`
here) is served instead of the shipped static file of the same name, and
its _portal/404.html or 50x.html instead of the server's own page; once
removed, the shipped one is served again. Both servers, as configured by
`portalctl conf nginx|apache`."""

import os
import time

from harness import ROOT, Client, raw_status
from test_server import check_static_headers


def put(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o755)
    path.write_bytes(data)
    os.chmod(path, 0o644)


def test_static_file_from_overrides_then_shipped(instance):
    shipped = (instance.htdocs / 'portal.css').read_bytes()
    own = b'/* the hospital\'s own colours */\nbody { color: #036; }\n'
    c = Client(instance)
    put(instance.overrides / 'portal.css', own)
    try:
        r = c.get('/static/portal.css')
        assert r.status == 200, r
        assert r.body == own, r.body[:80]
        assert r.headers['Content-Type'].startswith('text/css'), r.headers
        check_static_headers(r)
        # The other files are still the shipped ones.
        r = c.get('/static/logo.svg')
        assert r.status == 200 and \
            r.body == (instance.htdocs / 'logo.svg').read_bytes(), r
    finally:
        (instance.overrides / 'portal.css').unlink()
    r = c.get('/static/portal.css')
    assert r.status == 200, r
    assert r.body == shipped
    # The access log names the path asked for, never the file served.
    log = instance.scratch / instance.server / 'access.log'
    deadline = time.time() + 10
    while log.read_text().count('/static/portal.css ') < 2 and \
            time.time() < deadline:
        time.sleep(0.05)
    text = log.read_text()
    assert text.count('"GET /static/portal.css HTTP/1.1" 200') >= 2, \
        text[-600:]
    assert str(instance.overrides) not in text
    assert str(instance.htdocs) not in text


def test_new_file_in_overrides_is_served(instance):
    """The hospital may add a file of its own (a second logo)."""
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    c = Client(instance)
    assert c.get('/static/hospital-mark.svg').status == 404
    put(instance.overrides / 'hospital-mark.svg', svg)
    try:
        r = c.get('/static/hospital-mark.svg')
        assert r.status == 200 and r.body == svg, r
        check_static_headers(r)
    finally:
        (instance.overrides / 'hospital-mark.svg').unlink()
    assert c.get('/static/hospital-mark.svg').status == 404


def test_server_page_from_overrides_then_shipped(instance):
    own = (b'<!doctype html><html lang="en"><title>Not here</title>'
           b'<p>The hospital\'s own page: nothing is here.</p></html>\n')
    c = Client(instance)
    put(instance.overrides / '_portal' / '404.html', own)
    try:
        r = c.get('/no-such-place')
        assert r.status == 404, r
        assert r.body == own, r.body[:200]
    finally:
        (instance.overrides / '_portal' / '404.html').unlink()
    r = c.get('/no-such-place')
    assert r.status == 404, r
    assert r.body == (instance.pagesdir / '404.html').read_bytes()


def test_overrides_cannot_be_left(instance):
    """A path that climbs out of the overrides folder reaches nothing."""
    put(instance.overrides / 'portal.css', b'body {}\n')
    try:
        c = Client(instance)
        secret = (ROOT / 'Makefile').read_bytes()[:40]
        for path in (b'/static/../Makefile', b'/static/%2e%2e/Makefile',
                     b'/static/..%2f..%2f..%2fMakefile',
                     b'/_portal/..%2fportal.css'):
            data = c.raw(b'GET ' + path + b' HTTP/1.1\r\nHost: 127.0.0.1'
                         b'\r\nConnection: close\r\n\r\n')
            assert raw_status(data) in (400, 403, 404), (path, data[:200])
            assert secret not in data, path
    finally:
        (instance.overrides / 'portal.css').unlink()
