#!/usr/bin/env python3
"""A STAND-IN payment processor for the tests and `make demo`: NOT a
real one, and it charges nothing.

It plays the processor's side of the portal's hosted-payment hand-off
(ARCHITECTURE.md "Visits: paying a copay through the processor's hosted
page"), modelled on CyberSource Secure Acceptance hosted checkout:

  POST /pay          the portal's signed form (the browser brings it):
                     checks the signature (HMAC-SHA256 over the fields
                     that signed_field_names lists, in its order, base64)
                     and signed_date_time, then shows a card form
  POST /pay/card     the card form: 4111 1111 1111 1111 is accepted,
                     4000 0000 0000 0002 declined (any other number too);
                     "Cancel" cancels. It signs the result with the same
                     secret, POSTs it server-to-server to the form's
                     override_backoffice_post_url (the notification), and
                     sends the browser back to override_custom_receipt_page
                     with an auto-submitting signed form (a button
                     without JavaScript). The card number goes nowhere.
  GET /log           what it did, as JSON (for the tests): the
                     notifications sent and the portal's answers

Switching the portal to a real processor is configuration (portal.conf
payment_url, payment_access_key, payment_profile_id, payment_secret).

    PAYMENT_SECRET=... payments.py --port 8091 [--access-key K]
        [--profile-id P] [--window 900]
"""

import argparse
import base64
import hashlib
import hmac
import html
import json
import os
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ACCEPT_CARD = '4111111111111111'
DECLINE_CARD = '4000000000000002'

# What the portal's form must sign (the processor's documented list of
# required signed fields for a hosted-checkout sale).
FORM_NEED = ('access_key', 'profile_id', 'reference_number',
             'transaction_uuid', 'signed_field_names', 'signed_date_time',
             'locale', 'transaction_type', 'amount', 'currency',
             'override_custom_receipt_page', 'override_backoffice_post_url')

RESULT_SIGNED = ('decision', 'reason_code', 'message', 'req_reference_number',
                 'req_transaction_uuid', 'req_amount', 'req_currency',
                 'transaction_id', 'auth_code', 'signed_date_time',
                 'signed_field_names')


def signed_string(fields, names=None):
    """"n=v,n=v" in the order signed_field_names lists."""
    names = names if names is not None else fields['signed_field_names']
    return ','.join(f'{n}={fields[n]}' for n in names.split(','))


def sign(secret, fields):
    """base64(HMAC-SHA256(secret, the signed string))."""
    mac = hmac.new(secret.encode(), signed_string(fields).encode(),
                   hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def utc_now():
    return datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def parse_time(s):
    try:
        return datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ').replace(
            tzinfo=timezone.utc).timestamp()
    except (TypeError, ValueError):
        return None


def result(secret, req, decision, when=None):
    """The signed result of the portal's request req."""
    f = {
        'decision': decision,
        'reason_code': {'ACCEPT': '100', 'DECLINE': '481',
                        'CANCEL': '0'}.get(decision, '150'),
        'message': {'ACCEPT': 'Request was processed successfully.',
                    'DECLINE': 'The card was declined.',
                    'CANCEL': 'The customer cancelled.'}.get(decision,
                                                             'Error.'),
        'req_reference_number': req['reference_number'],
        'req_transaction_uuid': req['transaction_uuid'],
        'req_amount': req['amount'],
        'req_currency': req['currency'],
        'transaction_id': ''.join(secrets.choice('0123456789')
                                  for _ in range(22)),
        'auth_code': '831000' if decision == 'ACCEPT' else '',
        'signed_date_time': when or utc_now(),
        'signed_field_names': ','.join(RESULT_SIGNED),
    }
    f['signature'] = sign(secret, f)
    return f


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Stand-in Payments</title>
<style>body{{font-family:sans-serif;max-width:36rem;margin:2rem auto;
padding:0 1rem}} label{{display:block;margin-top:1rem}}
input{{font-size:1rem;padding:.3rem}} button{{margin:1rem .5rem 0 0;
font-size:1rem;padding:.4rem 1rem}}</style></head>
<body><main><p><strong>Stand-in Payments</strong>: a test stand-in for the
hospital's payment processor. No card is charged.</p>
<h1>{title}</h1>
{body}</main></body></html>
"""


class Processor:
    def __init__(self, secret, access_key, profile_id, window):
        self.secret = secret
        self.access_key = access_key
        self.profile_id = profile_id
        self.window = window
        self.pending = {}	# session token -> the portal's signed request
        self.log = []		# what it did, for GET /log
        self.lock = threading.Lock()

    def check(self, f):
        """Why the portal's form is refused, or None."""
        names = f.get('signed_field_names', '')
        if not names or 'signature' not in f:
            return 'no signature'
        listed = names.split(',')
        if any(n not in f for n in listed):
            return 'a signed field is missing'
        if not hmac.compare_digest(sign(self.secret, f), f['signature']):
            return 'the signature does not match'
        if any(n not in listed for n in FORM_NEED):
            return 'a required field is not signed'
        if self.access_key and f['access_key'] != self.access_key or \
                self.profile_id and f['profile_id'] != self.profile_id:
            return 'unknown profile'
        t = parse_time(f['signed_date_time'])
        if t is None or abs(time.time() - t) > self.window:
            return 'signed_date_time is outside the window'
        a = f['amount']
        whole, _, cents = a.partition('.')
        if not (whole.isdigit() and cents.isdigit() and len(cents) == 2) \
                or int(whole + cents) <= 0:
            return 'not an amount'
        if f['currency'] != 'USD' or f['transaction_type'] != 'sale':
            return 'not a sale in USD'
        return None

    def notify(self, url, fields):
        """The server-to-server notification; the portal's status."""
        body = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(url, data=body, headers={
            'Content-Type': 'application/x-www-form-urlencoded'})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                status = r.status
        except urllib.error.HTTPError as e:
            status = e.code
        except OSError as e:
            status = f'unreachable: {e.__class__.__name__}'
        with self.lock:
            self.log.append({'notify': url, 'status': status,
                             'fields': sorted(fields),
                             'decision': fields['decision'],
                             'reference': fields['req_reference_number'],
                             'body_has_card': any(
                                 c in body.decode() for c in
                                 (ACCEPT_CARD, DECLINE_CARD))})
        return status


def make_handler(proc):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            sys.stderr.write('payments stand-in: ' + (fmt % args) + '\n')

        def send(self, status, title, body):
            data = PAGE.format(title=html.escape(title), body=body).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'text/html; charset=utf-8')
            self.send_header('Content-Length', str(len(data)))
            self.send_header('Cache-Control', 'no-store')
            self.end_headers()
            self.wfile.write(data)

        def form(self):
            n = int(self.headers.get('Content-Length') or 0)
            if n > 65536:
                return None
            raw = self.rfile.read(n).decode('utf-8', 'replace')
            pairs = urllib.parse.parse_qsl(raw, keep_blank_values=True)
            f = {}
            for k, v in pairs:
                if k in f:
                    return None
                f[k] = v
            return f

        def do_GET(self):
            if self.path == '/log':
                with proc.lock:
                    data = json.dumps(proc.log).encode()
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            self.send(404, 'Not found', '<p>Nothing here.</p>')

        def do_POST(self):
            f = self.form()
            if f is None:
                return self.send(400, 'Bad request', '<p>Malformed.</p>')
            if self.path == '/pay':
                return self.start(f)
            if self.path == '/pay/card':
                return self.card(f)
            return self.send(404, 'Not found', '<p>Nothing here.</p>')

        def start(self, f):
            why = proc.check(f)
            if why:
                return self.send(403, 'Payment refused',
                                 f'<p id="refused">The request could not '
                                 f'be accepted: {html.escape(why)}.</p>')
            token = secrets.token_urlsafe(16)
            with proc.lock:
                proc.pending[token] = dict(f)
            body = (f'<p id="amount">Amount: ${html.escape(f["amount"])} '
                    f'{html.escape(f["currency"])}</p>'
                    '<form method="post" action="/pay/card" id="card">'
                    f'<input type="hidden" name="session" value="{token}">'
                    '<label for="card_number">Card number</label>'
                    '<input id="card_number" name="card_number" '
                    'autocomplete="cc-number" inputmode="numeric">'
                    '<label for="card_expiry">Expiry (MM/YY)</label>'
                    '<input id="card_expiry" name="card_expiry" '
                    'autocomplete="cc-exp" value="12/30">'
                    '<label for="card_cvn">Security code</label>'
                    '<input id="card_cvn" name="card_cvn" '
                    'autocomplete="cc-csc" value="123">'
                    '<p><button type="submit" name="action" value="pay">'
                    'Pay</button><button type="submit" name="action" '
                    'value="cancel">Cancel</button></p></form>')
            return self.send(200, 'Pay by card', body)

        def card(self, f):
            with proc.lock:
                req = proc.pending.pop(f.get('session', ''), None)
            if req is None:
                return self.send(400, 'Expired', '<p>This payment page has '
                                 'expired. Go back to the portal.</p>')
            if f.get('action') == 'cancel':
                decision = 'CANCEL'
            else:
                number = ''.join(c for c in f.get('card_number', '')
                                 if c.isdigit())
                decision = 'ACCEPT' if number == ACCEPT_CARD else 'DECLINE'
            res = result(proc.secret, req, decision)
            proc.notify(req['override_backoffice_post_url'], res)
            inputs = ''.join(f'<input type="hidden" name="{html.escape(k)}" '
                             f'value="{html.escape(v)}">'
                             for k, v in res.items())
            body = (f'<p>Returning you to the portal.</p>'
                    f'<form method="post" id="back" action="'
                    f'{html.escape(req["override_custom_receipt_page"])}">'
                    f'{inputs}<button type="submit">Return to the portal'
                    '</button></form>'
                    '<script>document.getElementById("back").submit();'
                    '</script>')
            return self.send(200, 'Payment ' + decision.lower(), body)

    return Handler


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--access-key', default='')
    ap.add_argument('--profile-id', default='')
    ap.add_argument('--window', type=int, default=900)
    a = ap.parse_args()
    secret = os.environ.get('PAYMENT_SECRET', '')
    if len(secret) < 32:
        sys.exit('payments stand-in: PAYMENT_SECRET (32+ characters) '
                 'is not set')
    proc = Processor(secret, a.access_key, a.profile_id, a.window)
    srv = ThreadingHTTPServer((a.host, a.port), make_handler(proc))
    sys.stderr.write(f'payments stand-in on http://{a.host}:{a.port}/pay\n')
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
