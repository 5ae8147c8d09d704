"""The header's navigation (issue 15.9): the signed-in links sit in a
list inside a "Menu" disclosure (<details>, which the stylesheet opens
as a row from 48rem), and the page the visitor is on is marked with
aria-current="page" -- that section's link and no other, the most
specific section winning (Insurance, not My account, on
/account/insurance/). Public pages mark Sign in / Sign up alike."""

import re

from family import new_family
from harness import Client

INSTANCE = {'conf': {'scrypt_n': 1024}}


def current(page):
    """The texts of the header's links marked as the current page."""
    header = page.text[page.text.index('<header'):page.text.index('</header>')]
    return re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]*)</a>', header)


def test_the_current_page_is_marked_in_the_header(instance):
    c, p, addr = new_family(instance)
    home = c.get('/account/')
    assert home.status == 200
    assert re.search(r'<nav aria-label="Account" class="menu">\s*<details>'
                     r'<summary>Menu</summary>', home.text), home.text
    for path, marked in (('/account/', 'My account'),
                         ('/account/profile/', 'My account'),
                         ('/account/insurance/', 'Insurance'),
                         ('/account/share/', 'Share record'),
                         ('/record/', 'Health record'),
                         ('/messages/', 'Messages'),
                         ('/visits/', 'Visits'),
                         ('/billing/', 'Bills'),
                         ('/pay/', 'Bills')):
        r = c.get(path)
        assert r.status == 200, (path, r.status)
        assert current(r) == [marked], (path, current(r))


def test_public_pages_mark_sign_in_and_sign_up(instance):
    c = Client(instance)
    assert current(c.get('/login/')) == ['Sign in']
    assert current(c.get('/signup/')) == ['Sign up']
