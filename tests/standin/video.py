#!/usr/bin/env python3
"""A local stand-in for the hospital's video-visit service (issue 13.8),
for the HTTP and browser tests and `make demo`: it takes the address the
portal's "Begin video visit" sends a family to (conf video_url =
http://127.0.0.1:PORT/join/{room}?t={token}) and checks the join token
the portal signed with video_secret:

    token   = base64url(payload) "." base64url(HMAC-SHA256(secret, payload))
    payload = "v1|" room "|patient|" expiry (epoch seconds: the visit's end)

A good token for this room, not expired: 200 "You are in the video room
for this visit". Anything else: 403 with the reason. No real video.

    python3 tests/standin/video.py --port 8751 --secret SECRET
"""

import argparse
import base64
import hashlib
import hmac
import html
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))


def check(secret, room, token):
    """None if the token admits a patient to room now, else why not."""
    if not token or token.count('.') != 1:
        return 'no token'
    p64, m64 = token.split('.')
    try:
        payload = b64url_decode(p64)
        mac = b64url_decode(m64)
    except (ValueError, TypeError):
        return 'malformed token'
    want = hmac.new(secret.encode(), payload, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, want):
        return 'bad signature'
    parts = payload.decode('utf-8', 'replace').split('|')
    if len(parts) != 4 or parts[0] != 'v1' or parts[2] != 'patient':
        return 'bad payload'
    if parts[1] != room:
        return 'token for another room'
    if not parts[3].isdigit() or int(parts[3]) < time.time():
        return 'token expired'
    return None


def page(title, text):
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<title>{html.escape(title)}</title></head><body><main>'
            f'<h1>{html.escape(title)}</h1><p id="room">{html.escape(text)}'
            f'</p></main></body></html>').encode()


class Handler(BaseHTTPRequestHandler):
    secret = ''

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        if not u.path.startswith('/join/'):
            return self.answer(404, page('Not found', 'No such page.'))
        room = u.path[len('/join/'):]
        why = check(self.secret, room, q.get('t', [''])[0])
        if why is None:
            return self.answer(200, page('Video visit',
                                         'You are in the video room for this visit.'))
        return self.answer(403, page('Cannot join', f'Refused: {why}.'))

    def answer(self, status, body):
        self.send_response(status)
        self.send_header('Content-Type', 'text/html; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass			# the address holds the room: not logged


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--port', type=int, default=8751)
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--secret', required=True)
    a = ap.parse_args()
    Handler.secret = a.secret
    ThreadingHTTPServer((a.host, a.port), Handler).serve_forever()


if __name__ == '__main__':
    main()
