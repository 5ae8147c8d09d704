"""Family sign-up (F-SIGNUP 1-5, 7; S-1): by activation token and date of
birth, by MRN and visit date through the staff queue, the e-mailed
single-use link, eligibility, and the password rule."""

import re
from datetime import timedelta

from family import (PASSWORD, code_in, confirm, count, ctl, link_in, login,
                    mail_to, new_family, open_link, patient, self_token,
                    signup, signup_fields, staff, token, today, unique_email)
from harness import Client, forms

# Cheap password hashes: what is tested here is the rules, not the hash's
# cost, which the shipped scrypt_n makes slow (CI time).
INSTANCE = {'conf': {'scrypt_n': 1024}}


def test_signup_by_token_then_sign_in(instance):
    # F-SIGNUP-2a, F-SIGNUP-3, F-LOGIN
    addr = unique_email('maria')
    p = patient(instance, 8, [('parent', 'Maria', 'Lopez', addr)], given='Lily')
    c = Client(instance)
    r = signup(c, token=token(instance, p['mrn']), dob=p['dob'],
               given='Maria', family='Lopez', email=addr)
    assert r.status == 303 and r.location.endswith('/signup/sent'), r.text
    assert 'Check your e-mail' in c.get('/signup/sent').text
    # Before the address is confirmed the account cannot be used.
    r = login(c, addr)
    assert r.status == 403 and 'Confirm your e-mail address first' in r.text
    r = confirm(c, instance, addr)
    assert r.status == 200 and 'your e-mail address is confirmed' in r.text
    r = login(c, addr)
    assert r.status == 303 and r.location.endswith('/home/'), r.text
    home = c.get('/account/')
    assert home.status == 200 and 'Lily ' + p['family'] in home.text
    assert home.headers['Cache-Control'] == 'no-store'
    # S-1: sign-up, confirmation and sign-in are in the audit log.
    assert count(instance, "SELECT count(*) FROM audit WHERE action IN "
                 "('signup.token', 'verify.ok', 'login.ok')") >= 3
    rc, out, _ = instance.portalctl('audit', 'verify')
    assert rc == 0 and 'intact' in out


def test_verification_link_is_single_use(instance):
    # F-SIGNUP-3
    addr = unique_email('once')
    p = patient(instance, 6, [('parent', 'Olga', 'Once', addr)])
    c = Client(instance)
    signup(c, token=token(instance, p['mrn']), dob=p['dob'], given='Olga',
           family='Once', email=addr)
    link = link_in(mail_to(instance, addr, 'Confirm'))
    assert c.post('/signup/verify', open_link(c, link, 'verify')[1]).status == 200
    again = c.post('/signup/verify', open_link(c, link, 'verify')[1])
    assert again.status == 400 and 'already been used' in again.text


def test_verification_link_tampered(instance):
    addr = unique_email('tamper')
    p = patient(instance, 6, [('parent', 'Tia', 'Tamper', addr)])
    c = Client(instance)
    signup(c, token=token(instance, p['mrn']), dob=p['dob'], given='Tia',
           family='Tamper', email=addr)
    link = link_in(mail_to(instance, addr, 'Confirm'))
    bad = link[:-3] + ('AAA' if not link.endswith('AAA') else 'BBB')
    page, f = open_link(c, bad, 'verify')
    r = c.post('/signup/verify', f)
    assert r.status == 400 and 'not valid' in r.text
    # What was typed comes back, to be corrected.
    assert forms(r.text)[0]['fields']['t'] == code_in(bad)
    assert count(instance, "SELECT count(*) FROM accounts WHERE email = ? "
                 "AND verified IS NOT NULL", addr) == 0


def test_verification_code_stays_out_of_urls(instance):
    # Issue 7: the code is in the link's fragment (never sent to the
    # server), and shown in the e-mail to paste where JavaScript is off.
    addr = unique_email('frag')
    p = patient(instance, 6, [('parent', 'Fay', 'Frag', addr)])
    c = Client(instance)
    signup(c, token=token(instance, p['mrn']), dob=p['dob'], given='Fay',
           family='Frag', email=addr)
    mail = mail_to(instance, addr, 'Confirm')
    link = link_in(mail)
    code = code_in(link)
    assert link == f'/signup/verify#t={code}' and '?' not in mail.body
    assert re.search(r'copy this code into it:\n\n' + re.escape(code) + '\n',
                     mail.body), mail.body
    # The page the link opens: a code field, empty (the script fills it).
    page = c.get(link)
    assert page.status == 200 and 'Code from your e-mail' in page.text
    assert forms(page.text)[0]['fields']['t'] == ''
    assert '<script src="/static/link-code.js" defer></script>' in page.text
    js = c.get('/static/link-code.js')
    assert js.status == 200 and 'replaceState' in js.text
    assert 'javascript' in js.headers['Content-Type']
    # No code: asked for, nothing confirmed.
    f = page.form_fields('verify')
    r = c.post('/signup/verify', {**f, 't': ''})
    assert r.status == 422 and 'Enter the code from the e-mail we sent you' in r.text
    # Pasted by hand (with the line end a paste brings), it confirms.
    r = c.post('/signup/verify', {**f, 't': code + '\n'})
    assert r.status == 200 and 'your e-mail address is confirmed' in r.text
    assert count(instance, "SELECT count(*) FROM accounts WHERE email = ? "
                 "AND verified IS NOT NULL", addr) == 1


def test_old_verification_link_still_opens(instance):
    # A link mailed before the code moved to the fragment (?t=CODE) still
    # opens the form with the code filled in; the button still confirms.
    addr = unique_email('oldlink')
    p = patient(instance, 6, [('parent', 'Ola', 'Oldlink', addr)])
    c = Client(instance)
    signup(c, token=token(instance, p['mrn']), dob=p['dob'], given='Ola',
           family='Oldlink', email=addr)
    code = code_in(link_in(mail_to(instance, addr, 'Confirm')))
    page = c.get(f'/signup/verify?t={code}')
    assert page.status == 200
    assert forms(page.text)[0]['fields']['t'] == code
    assert count(instance, "SELECT count(*) FROM accounts WHERE email = ? "
                 "AND verified IS NOT NULL", addr) == 0
    r = c.post('/signup/verify', {**page.form_fields('verify'), 't': code})
    assert r.status == 200 and 'your e-mail address is confirmed' in r.text


def test_wrong_date_of_birth_changes_nothing(instance):
    addr = unique_email('wrongdob')
    p = patient(instance, 9, [('parent', 'Wendy', 'Wrong', addr)])
    tok = token(instance, p['mrn'])
    c = Client(instance)
    before = count(instance, 'SELECT count(*) FROM accounts')
    r = signup(c, token=tok, dob='2001-01-01', given='Wendy', family='Wrong',
               email=addr)
    assert r.status == 422
    assert 'do not match our records' in r.text
    # What was typed comes back, except the passwords.
    f = [x for x in forms(r.text) if x['id'] == 'signup'][0]['fields']
    assert f['email'] == addr and f['given'] == 'Wendy' and f['token'] == tok
    assert f.get('password', '') == ''
    assert count(instance, 'SELECT count(*) FROM accounts') == before
    assert mail_to(instance, addr, '') is None
    # The right date of birth still works: the token was not used up.
    r = signup(c, token=tok, dob=p['dob'], given='Wendy', family='Wrong',
               email=addr)
    assert r.status == 303, r.text


def test_used_token_refused(instance):
    addr1, addr2 = unique_email('first'), unique_email('second')
    p = patient(instance, 9, [('parent', 'Ann', 'Used', addr1),
                              ('parent', 'Bob', 'Used', addr2)])
    tok = token(instance, p['mrn'])
    assert signup(Client(instance), token=tok, dob=p['dob'], given='Ann',
                  family='Used', email=addr1).status == 303
    r = signup(Client(instance), token=tok, dob=p['dob'], given='Bob',
               family='Used', email=addr2)
    assert r.status == 422 and 'already been used' in r.text
    assert count(instance, 'SELECT count(*) FROM accounts WHERE email = ?',
                 addr2) == 0


def test_token_of_another_patient_refused(instance):
    addr = unique_email('other')
    mine = patient(instance, 9, [('parent', 'Olly', 'Other', addr)])
    theirs = patient(instance, 11, [('parent', 'Zed', 'Else', None)])
    r = signup(Client(instance), token=token(instance, theirs['mrn']),
               dob=mine['dob'], given='Olly', family='Other', email=addr)
    assert r.status == 422 and 'do not match our records' in r.text


def test_not_on_file_refused_with_reason(instance):
    # F-SIGNUP-1: anyone else is refused with a reason they can act on.
    p = patient(instance, 7, [('parent', 'Paula', 'Real', None)])
    r = signup(Client(instance), token=token(instance, p['mrn']), dob=p['dob'],
               given='Someone', family='Else', email=unique_email('else'))
    assert r.status == 422
    assert 'could not find you as a parent or legal guardian on file' in r.text
    assert 'call support' in r.text
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'signup.refused'") >= 1


def test_foster_parent_refused_caseworker_accepted(instance):
    # F-PROXY-5
    p = patient(instance, 10, [('dcf_caseworker', 'Dana', 'Case', None),
                               ('foster_parent', 'Fred', 'Foster', None)],
                foster=True)
    tok = token(instance, p['mrn'])
    r = signup(Client(instance), token=tok, dob=p['dob'], given='Fred',
               family='Foster', email=unique_email('foster'))
    assert r.status == 422 and 'only to the Department of Children' in r.text
    r = signup(Client(instance), token=tok, dob=p['dob'], given='Dana',
               family='Case', email=unique_email('dcf'))
    assert r.status == 303, r.text


def test_teen_needs_own_address(instance):
    # F-SIGNUP-4: a 14-year-old using a parent's address.
    parent = unique_email('mum')
    p = patient(instance, 14, [('parent', 'Mia', 'Teen', parent)], given='Tom',
                family='Teen')
    r = signup(Client(instance), who='self',
               token=self_token(instance, p['mrn'], unique_email('tom')),
               dob=p['dob'], given='Tom', family='Teen', email=parent)
    assert r.status == 422 and 'need an e-mail address of their own' in r.text
    assert count(instance, 'SELECT count(*) FROM accounts WHERE email = ?',
                 parent) == 0


def test_teen_13_account_tells_parents(instance):
    # F-SIGNUP-4: parents of 13- and 14-year-olds are e-mailed.
    parent, kid = unique_email('dad'), unique_email('kid')
    p = patient(instance, 13, [('parent', 'Dan', 'Young', parent)], given='Kim',
                family='Young')
    r = signup(Client(instance), who='self',
               token=self_token(instance, p['mrn'], kid),
               dob=p['dob'], given='Kim', family='Young', email=kid)
    assert r.status == 303, r.text
    told = mail_to(instance, parent, 'account was created')
    assert told is not None
    # Issue 15.5: which child, by first name only.
    assert 'Kim' in told.body and p['mrn'] not in told.body
    assert 'Young' not in told.body and p['dob'] not in told.body


def test_child_under_13_cannot_sign_up_alone(instance):
    p = patient(instance, 12, [('parent', 'Pam', 'Small', None)], given='Sam',
                family='Small', days_to_birthday=1)
    r = signup(Client(instance), who='self', token=token(instance, p['mrn']),
               dob=p['dob'], given='Sam', family='Small', email=unique_email('sam'))
    assert r.status == 422 and 'from age 13' in r.text


def test_adult_guardianship(instance):
    # F-PROXY-3/4: a parent of an 18-year-old is refused; a guardian with
    # papers on file is accepted.
    p = patient(instance, 18, [('parent', 'Pete', 'Grown', None)], days_to_birthday=364)
    r = signup(Client(instance), token=token(instance, p['mrn']), dob=p['dob'],
               given='Pete', family='Grown', email=unique_email('pete'))
    assert r.status == 422 and '18 or older' in r.text
    q = patient(instance, 22, [('legal_guardian', 'Gail', 'Guard', None)],
                guardianship=True)
    r = signup(Client(instance), token=token(instance, q['mrn']), dob=q['dob'],
               given='Gail', family='Guard', email=unique_email('gail'))
    assert r.status == 303, r.text


def test_weak_and_common_passwords_refused(instance):
    # F-SIGNUP-5
    p = patient(instance, 8, [('parent', 'Wes', 'Weak', None)])
    tok = token(instance, p['mrn'])
    cases = [('Short1A', 'at least 8 characters'),
             ('nocapital123', 'capital letter'),
             ('NoDigitsHere', 'at least one number'),
             ('Password1', 'too common'),
             ('Sunshine2024!', 'too common')]
    for pw, message in cases:
        r = signup(Client(instance), token=tok, dob=p['dob'], given='Wes',
                   family='Weak', email=unique_email('wes'), password=pw,
                   password2=pw)
        assert r.status == 422, (pw, r.status)
        assert message in r.text, (pw, message)
    r = signup(Client(instance), token=tok, dob=p['dob'], given='Wes',
               family='Weak', email=unique_email('wes'), password2='Other9Word')
    assert r.status == 422 and 'not the same' in r.text
    assert count(instance, "SELECT count(*) FROM accounts WHERE family = 'Weak'") == 0


def test_common_passwords_with_substitutions_refused(instance):
    # F-SIGNUP-5, issue 7 item 11: "P@ssw0rd" is "password", "Aa123456" is
    # "123456" with a capital put in front; the 128-character limit
    # counts characters, not bytes.
    p = patient(instance, 8, [('parent', 'Sue', 'Subst', None)])
    tok = token(instance, p['mrn'])
    for pw in ('P@ssw0rd', 'Aa123456', 'P4$$w0rd!', 'Qw3rty123', 'Sunsh1ne99'):
        r = signup(Client(instance), token=tok, dob=p['dob'], given='Sue',
                   family='Subst', email=unique_email('sue'), password=pw,
                   password2=pw)
        assert r.status == 422 and 'too common' in r.text, (pw, r.status)
    long_pw = 'Zebra7' + '\u00e9' * 129		# 135 characters
    r = signup(Client(instance), token=tok, dob=p['dob'], given='Sue',
               family='Subst', email=unique_email('sue'), password=long_pw,
               password2=long_pw)
    assert r.status == 422 and 'at most 128 characters' in r.text
    assert count(instance, "SELECT count(*) FROM accounts WHERE family = 'Subst'") == 0
    ok_pw = 'Zebra7' + '\u00e9' * 100		# 106 characters, 206 bytes
    addr = unique_email('sue')
    r = signup(Client(instance), token=tok, dob=p['dob'], given='Sue',
               family='Subst', email=addr, password=ok_pw, password2=ok_pw)
    assert r.status == 303, r.text
    assert confirm(Client(instance), instance, addr).status == 200
    assert login(Client(instance), addr, ok_pw).status == 303


def test_address_already_registered_reveals_nothing(instance):
    # F-SIGNUP-6: the same page as a new sign-up; the owner is told.
    c, p, addr = new_family(instance)
    q = patient(instance, 5, [('parent', 'Pat', 'Parent', None)])
    r = signup(Client(instance), token=token(instance, q['mrn']), dob=q['dob'],
               given='Pat', family='Parent', email=addr)
    assert r.status == 303 and r.location.endswith('/signup/sent')
    assert mail_to(instance, addr, 'Sign-up attempt') is not None
    assert count(instance, 'SELECT count(*) FROM accounts WHERE email = ?',
                 addr) == 1


def test_address_already_registered_keeps_the_token(instance):
    # Review of 7.4: the owner is e-mailed to use "Add a patient", so the
    # token must still work there; the page reads as for a new address.
    c, p, addr = new_family(instance)
    q = patient(instance, 5, [('parent', 'Pat', 'Parent', None)], given='Kit')
    tok = token(instance, q['mrn'])
    r = signup(Client(instance), token=tok, dob=q['dob'], given='Pat',
               family='Parent', email=addr)
    z = patient(instance, 5, [('parent', 'Pat', 'Parent', None)])
    new = signup(Client(instance), token=token(instance, z['mrn']),
                 dob=z['dob'], given='Pat', family='Parent',
                 email=unique_email('newaddr'))
    assert (r.status, r.location) == (new.status, new.location)
    assert r.body == new.body
    assert mail_to(instance, addr, 'Sign-up attempt') is not None
    page = c.get('/account/add')
    f = page.form_fields('add')
    f.update({'who': 'guardian', 'proof': 'token', 'token': tok,
              'dob': q['dob']})
    r = c.post('/account/add', f)
    assert r.status == 303, r.text
    assert 'Kit ' + q['family'] in c.get(r.location).text


def test_signup_by_mrn_through_staff_queue(instance):
    # F-SIGNUP-2b: queued, staff approve, the applicant is e-mailed.
    addr = unique_email('queue')
    p = patient(instance, 9, [('parent', 'Quinn', 'Queue', addr)])
    c = Client(instance)
    r = signup(c, proof='mrn', mrn=p['mrn'], visit_date=p['visit'],
               given='Quinn', family='Queue', email=addr)
    assert r.status == 303, r.text
    confirm(c, instance, addr)
    assert login(c, addr).status == 303
    home = c.get('/account/').text
    assert 'allow up to one business day' in home and p['mrn'] in home
    s = staff(instance, 'approver')
    q = s.get('/staff/')
    assert q.status == 200 and 'Quinn Queue' in q.text
    assert 'a visit on this date is on file' in q.text
    section = q.text[q.text.index('Quinn Queue'):]
    rid = re.search(r'name="id" value="(\d+)"', section).group(1)
    f = q.form_fields()
    f.update({'id': rid, 'decision': 'approve', 'reason': 'nomatch'})
    r = s.post('/staff/decide', f)
    assert r.status == 303, r.text
    assert mail_to(instance, addr, 'approved') is not None
    home = c.get('/account/').text
    assert 'Alex ' + p['family'] in home
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'signup_request.approved'") == 1
    # Deciding again changes nothing.
    r = s.post('/staff/decide', f, follow=True)
    assert 'already decided' in r.text


def test_mrn_request_rejected_with_reason(instance):
    addr = unique_email('reject')
    c = Client(instance)
    r = signup(c, proof='mrn', mrn='NOSUCH1', visit_date='2020-05-05',
               given='Rita', family='Reject', email=addr)
    assert r.status == 303, r.text
    s = staff(instance, 'rejecter')
    q = s.get('/staff/')
    assert 'no patient with this MRN' in q.text
    section = q.text[q.text.index('Rita Reject'):]
    rid = re.search(r'name="id" value="(\d+)"', section).group(1)
    f = q.form_fields()
    f.update({'id': rid, 'decision': 'approve'})
    r = s.post('/staff/decide', f)
    assert r.status == 422 and 'cannot be approved' in r.text
    f.update({'decision': 'reject', 'reason': 'nomatch'})
    assert s.post('/staff/decide', f).status == 303
    m = mail_to(instance, addr, 'request')
    assert m is not None and 'do not match our records' in m.body


def test_future_visit_date_refused(instance):
    future = (today() + timedelta(days=3)).isoformat()
    r = signup(Client(instance), proof='mrn', mrn='T99999', visit_date=future,
               given='Fay', family='Future', email=unique_email('fay'))
    assert r.status == 422 and 'past visit' in r.text


def test_add_a_patient(instance):
    # F-SIGNUP-7: the same proof, per patient.
    c, p, addr = new_family(instance)
    q = patient(instance, 4, [('parent', 'Pat', 'Parent', None)], given='Bea')
    page = c.get('/account/add')
    assert page.status == 200
    f = page.form_fields('add')
    f.update({'who': 'guardian', 'proof': 'token',
              'token': token(instance, q['mrn']), 'dob': q['dob']})
    r = c.post('/account/add', f)
    assert r.status == 303, r.text
    home = c.get(r.location).text
    assert 'Bea ' + q['family'] in home and 'Alex ' + p['family'] in home
    # The same patient again is refused.
    f['token'] = token(instance, q['mrn'])
    r = c.post('/account/add', f)
    assert r.status == 422 and 'already on your account' in r.text
    # Someone the hospital does not have on file for a patient.
    z = patient(instance, 4, [('parent', 'Zoe', 'Zed', None)])
    f.update({'token': token(instance, z['mrn']), 'dob': z['dob']})
    r = c.post('/account/add', f)
    assert r.status == 422 and 'on file' in r.text
    # By MRN: queued.
    f.update({'proof': 'mrn', 'mrn': z['mrn'], 'visit_date': z['visit'],
              'token': '', 'dob': ''})
    r = c.post('/account/add', f)
    assert r.status == 303 and 'queued' in r.location
