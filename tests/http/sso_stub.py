"""A stand-in for the hospital's identity service behind nginx's
auth_request (tests of /provider/sso): it answers 200 with the user's
name in X-Remote-User when the request carries a right Basic credential
of users, else 401. Apache's side is a password file (htpasswd)."""

import base64
import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def start(port, users):
    """Serves on 127.0.0.1:port in a daemon thread; returns the server
    (server.shutdown() stops it). users: name -> password."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            user = None
            auth = self.headers.get('Authorization', '')
            if auth.startswith('Basic '):
                try:
                    name, _, pw = base64.b64decode(auth[6:]).decode() \
                        .partition(':')
                except (ValueError, UnicodeDecodeError):
                    name, pw = '', None
                if users.get(name) is not None and users.get(name) == pw:
                    user = name
            if user is None:
                self.send_response(401)
                self.send_header('WWW-Authenticate', 'Basic realm="ID"')
                self.send_header('Content-Length', '0')
                self.end_headers()
                return
            self.send_response(200)
            self.send_header('X-Remote-User', user)
            self.send_header('Content-Length', '0')
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(('127.0.0.1', port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def htpasswd(path, users):
    """Writes an Apache password file ({SHA} entries) for users."""
    lines = []
    for name, pw in users.items():
        digest = base64.b64encode(hashlib.sha1(pw.encode()).digest()).decode()
        lines.append(f'{name}:{{SHA}}{digest}\n')
    path.write_text(''.join(lines))
    path.chmod(0o644)


def basic(name, pw):
    """The Authorization header value of a Basic credential."""
    return 'Basic ' + base64.b64encode(f'{name}:{pw}'.encode()).decode()
