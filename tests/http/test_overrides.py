"""The hospital's overrides (issue 16.2): a file in the overrides folder
(SYSCONFDIR/portal/htdocs when installed; the instance's `overrides`
here) is served instead of the shipped static file of the same name, and
its _portal/404.html or 50x.html instead of the server's own page; once
removed, the shipped one is served again. Both servers, as configured by
`portalctl conf nginx|apache`."""

import os
import subprocess
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
    # Wait for both GETs' lines: the server may write the last one after
    # the answer (the harness's own HEAD of the file is not one of them).
    log = instance.scratch / instance.server / 'access.log'
    line = '"GET /static/portal.css HTTP/1.1" 200'
    deadline = time.time() + 10
    while log.read_text().count(line) < 2 and time.time() < deadline:
        time.sleep(0.05)
    text = log.read_text()
    assert text.count(line) >= 2, text[-600:]
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


def test_portal_conf_beside_overrides_is_not_served(instance):
    """Installed, the overrides folder is /etc/portal/htdocs: its parent
    holds portal.conf (the payment secret). No spelling of a climb out of
    it reaches a file there."""
    beside = instance.overrides.parent / 'review-secret.conf'
    beside.write_bytes(b'payment_secret = review-canary-7c1f\n')
    os.chmod(beside, 0o644)
    try:
        c = Client(instance)
        for path in (b'/static/../review-secret.conf',
                     b'/static/%2e%2e/review-secret.conf',
                     b'/static/..%2freview-secret.conf',
                     b'/static/%2e%2e%2freview-secret.conf',
                     b'/static/..%5creview-secret.conf',
                     b'/static//../review-secret.conf',
                     b'/_portal/..%2freview-secret.conf',
                     b'/_portal/%2e%2e%2freview-secret.conf'):
            data = c.raw(b'GET ' + path + b' HTTP/1.1\r\nHost: 127.0.0.1'
                         b'\r\nConnection: close\r\n\r\n')
            assert raw_status(data) in (400, 403, 404), (path, data[:200])
            assert b'review-canary' not in data, path
    finally:
        beside.unlink()


# `portalctl conf NAME=VALUE`: a value that would add a directive, a
# block or a second word to a server's configuration or a unit is
# refused (exit 2, the name said), and nothing is printed.
HOSTILE_VALUES = [
    ('nginx', 'LISTEN=80; location /x { return 200; }'),
    ('nginx', 'LISTEN=80 } server { listen 81'),
    ('nginx', 'PAGES=/var/lib/portal-pages; autoindex on'),
    ('nginx', 'PAGES=/var/lib/x #'),
    ('nginx', 'OVERRIDES=/etc/portal/htdocs/../..'),
    ('nginx', 'OVERRIDES=relative/htdocs'),
    ('nginx', 'RUNDIR=/run/portal pages'),
    ('nginx', 'ACCESS_LOG=/var/log/x"y'),
    ('nginx', 'HTDOCS=/srv/$host'),
    ('apache', 'LISTEN=*:80>\n<Directory />'),
    ('apache', 'LISTEN=*:80><Location />'),
    ('apache', 'ACCESS_LOG=/var/log/a.log" combined\nInclude /tmp/x'),
    ('systemd', 'USER=root\tExecStartPre=/bin/sh'),
    ('systemd', 'USER=portal x'),
    ('systemd', 'USER=../root'),
    ('systemd', 'WEBGROUP=www-data;id'),
    ('systemd', 'WORKERS=4 -x'),
    ('systemd', 'WORKERS=0'),
    ('systemd', 'WORKERS=99999999999999999999'),
    ('systemd', 'CONF=/etc/portal/portal.conf\\nx'),
    ('spawn-fcgi', 'RUNDIR=/run/$(id)'),
    ('spawn-fcgi', 'USER=portal`id`'),
]
GOOD_VALUES = [
    ('nginx', 'LISTEN=443 ssl http2'),
    ('nginx', 'LISTEN=[::]:8080'),
    ('apache', 'LISTEN=*:443'),
    ('nginx', 'PAGES=/var/lib/portal-pages'),
    ('systemd', 'USER=portal_1'),
    ('systemd', 'WEBGROUP=www-data'),
    ('systemd', 'WORKERS=16'),
    ('systemd', 'CONF=/etc/portal/site-2.conf'),
]


def test_conf_refuses_values_that_add_configuration(instance):
    ctl = str(instance.bindir / 'portalctl')
    for kind, arg in HOSTILE_VALUES:
        out = subprocess.run([ctl, 'conf', kind, arg], capture_output=True,
                             text=True)
        name = arg.split('=')[0]
        assert out.returncode == 2, (arg, out.returncode, out.stdout[:200])
        assert out.stdout == '', arg
        assert f'portalctl conf: {name}: ' in out.stderr, (arg, out.stderr)
    for kind, arg in GOOD_VALUES:
        out = subprocess.run([ctl, 'conf', kind, arg], capture_output=True,
                             text=True)
        assert out.returncode == 0, (arg, out.stderr)
        assert arg.split('=', 1)[1] in out.stdout, arg
