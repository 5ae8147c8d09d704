"""A patient's own account (issue 7, items 2 and 4; F-SIGNUP 1, 2, 4, 7,
F-PROXY 2): at 13-17 it rests on what a parent does not hold, a
self-access token given to the teen by clinic staff and the teen's own
address on file; the family token on the visit papers opens only a
parent's or guardian's account; one own account per patient, a second
goes to the staff queue; the teen's address is told. Refusals keep the
token usable."""

import re
import time

from family import (confirm, count, ctl, login, mail_to, patient, self_token,
                    signup, staff, token, unique_email)
from harness import Client

# Cheap password hashes: what is tested here is the rules, not the hash's
# cost, which the shipped scrypt_n makes slow (CI time).
INSTANCE = {'conf': {'scrypt_n': 1024}}

FAMILY_TOKEN_REFUSAL = 'This token is for parents and guardians'
NOT_OWN_ADDRESS = 'Use the e-mail address of your own that the clinic has on file'


def accounts(instance, addr):
    return count(instance, 'SELECT count(*) FROM accounts WHERE email = ?', addr)


def own_holders(instance, mrn):
    return count(instance, "SELECT count(*) FROM account_patients ap JOIN "
                 "patients p ON p.id = ap.patient_id WHERE p.mrn = ? AND "
                 "ap.role = 'self' AND ap.status = 'active'", mrn)


def test_demo_prints_a_self_token(instance):
    # The demo's 15-year-old has her address on file and a token of her own.
    rc, out, err = instance.portalctl('demo')
    assert rc == 0, err
    m = re.search(r'self-access token \(Sofia only, with '
                  r'sofia\.chen@example\.org\): (\S+)', out)
    assert m, out
    born = re.search(r'Sofia Chen \(.*\), born (\S+),', out).group(1)
    r = signup(Client(instance), who='self', token=m.group(1), dob=born,
               given='Sofia', family='Chen', email='sofia.chen@example.org')
    assert r.status == 303, r.text


def test_parent_cannot_open_teen_account_with_visit_papers(instance):
    # 7.2: token, date of birth and the teen's name are on the visit
    # papers; with them a parent is refused as the patient, and nothing is
    # created.
    mum = unique_email('mum')
    p = patient(instance, 15, [('parent', 'Mona', 'Papers', mum)],
                given='Tess', family='Papers')
    tok = token(instance, p['mrn'])
    fresh = unique_email('fresh')
    r = signup(Client(instance), who='self', token=tok, dob=p['dob'],
               given='Tess', family='Papers', email=fresh)
    assert r.status == 422 and FAMILY_TOKEN_REFUSAL in r.text, r.text
    assert 'self-access token' in r.text
    assert accounts(instance, fresh) == 0 and own_holders(instance, p['mrn']) == 0
    # The refusal kept the token: the parent can still sign up with it.
    r = signup(Client(instance), token=tok, dob=p['dob'], given='Mona',
               family='Papers', email=mum)
    assert r.status == 303, r.text


def test_self_token_opens_only_the_patients_own_account(instance):
    # 7.2: "a family token cannot open a self account and vice versa".
    mum, teen = unique_email('mum'), unique_email('teen')
    p = patient(instance, 16, [('parent', 'Vera', 'Versa', mum)],
                given='Val', family='Versa')
    tok = self_token(instance, p['mrn'], teen)
    r = signup(Client(instance), token=tok, dob=p['dob'], given='Vera',
               family='Versa', email=mum)
    assert r.status == 422, r.text
    assert 'cannot be used by a parent or guardian' in r.text
    assert accounts(instance, mum) == 0
    # The same token still opens the teen's own account; the teen's
    # address is told, the parents of a 16-year-old are not.
    t = Client(instance)
    r = signup(t, who='self', token=tok, dob=p['dob'], given='Val',
               family='Versa', email=teen)
    assert r.status == 303, r.text
    told = mail_to(instance, teen, 'An account for your own')
    assert told is not None and 'call us' in told.body
    assert 'Val' not in told.body and p['mrn'] not in told.body
    assert mail_to(instance, mum, 'account was created') is None
    assert confirm(t, instance, teen).status == 200
    assert login(t, teen).status == 303
    assert 'Val Versa' in t.get('/account/').text
    assert own_holders(instance, p['mrn']) == 1


def test_self_token_needs_the_teens_own_address(instance):
    # 7.2: staff issue a self-access token at 13-17 only with the
    # patient's own address on file, and never before 13.
    p = patient(instance, 14, [('parent', 'Ned', 'Noaddr', None)])
    rc, out, err = instance.portalctl('token', 'issue', '--mrn', p['mrn'],
                                      '--self')
    assert rc == 1 and "the patient's own e-mail address on file" in err
    young = patient(instance, 12, [('parent', 'Ola', 'Young', None)],
                    days_to_birthday=1)
    rc, out, err = instance.portalctl('token', 'issue', '--mrn', young['mrn'],
                                      '--self', '--email', unique_email('kid'))
    assert rc == 1 and 'from 13' in err
    assert count(instance, "SELECT count(*) FROM patients WHERE mrn = ? AND "
                 "email IS NOT NULL", young['mrn']) == 0


def test_teen_with_parents_address_refused_token_kept(instance):
    # 7.4: the parent's address is not on file and the parent has no
    # account. With the visit papers' token, and with the teen's own
    # token, the teen's account with the parent's address is refused
    # clearly, and both tokens stay usable.
    dad, teen = unique_email('dad'), unique_email('teen')
    p = patient(instance, 15, [('parent', 'Dirk', 'Same', None)],
                given='Sid', family='Same')
    family_tok = token(instance, p['mrn'])
    r = signup(Client(instance), who='self', token=family_tok, dob=p['dob'],
               given='Sid', family='Same', email=dad)
    assert r.status == 422 and FAMILY_TOKEN_REFUSAL in r.text, r.text
    own_tok = self_token(instance, p['mrn'], teen)
    r = signup(Client(instance), who='self', token=own_tok, dob=p['dob'],
               given='Sid', family='Same', email=dad)
    assert r.status == 422 and NOT_OWN_ADDRESS in r.text, r.text
    assert accounts(instance, dad) == 0
    assert mail_to(instance, dad, '') is None
    # Both tokens still work, each for its own account.
    r = signup(Client(instance), who='self', token=own_tok, dob=p['dob'],
               given='Sid', family='Same', email=teen)
    assert r.status == 303, r.text
    r = signup(Client(instance), token=family_tok, dob=p['dob'], given='Dirk',
               family='Same', email=dad)
    assert r.status == 303, r.text


def test_teen_with_address_of_parents_account_refused_token_kept(instance):
    # 7.4: the parent has an account. Before, the teen's sign-up with that
    # address was dropped in silence and the token spent; now it is
    # refused clearly and the token stays usable.
    dad, teen = unique_email('dad'), unique_email('teen')
    p = patient(instance, 14, [('parent', 'Abe', 'Acct', None)],
                given='Ada', family='Acct')
    assert signup(Client(instance), token=token(instance, p['mrn']),
                  dob=p['dob'], given='Abe', family='Acct',
                  email=dad).status == 303
    family_tok = token(instance, p['mrn'])
    r = signup(Client(instance), who='self', token=family_tok, dob=p['dob'],
               given='Ada', family='Acct', email=dad)
    assert r.status == 422 and FAMILY_TOKEN_REFUSAL in r.text, r.text
    own_tok = self_token(instance, p['mrn'], teen)
    r = signup(Client(instance), who='self', token=own_tok, dob=p['dob'],
               given='Ada', family='Acct', email=dad)
    assert r.status == 422 and NOT_OWN_ADDRESS in r.text, r.text
    # Even if the parent's address were put on file as the teen's own.
    ctl(instance, 'patient', 'email', '--mrn', p['mrn'], '--email', dad)
    r = signup(Client(instance), who='self', token=own_tok, dob=p['dob'],
               given='Ada', family='Acct', email=dad)
    assert r.status == 422 and 'not already on an account' in r.text, r.text
    assert mail_to(instance, dad, 'Sign-up attempt') is None
    assert own_holders(instance, p['mrn']) == 0
    # The token was kept: with the teen's own address on file it works.
    ctl(instance, 'patient', 'email', '--mrn', p['mrn'], '--email', teen)
    r = signup(Client(instance), who='self', token=own_tok, dob=p['dob'],
               given='Ada', family='Acct', email=teen)
    assert r.status == 303, r.text
    assert own_holders(instance, p['mrn']) == 1


def test_second_own_account_goes_to_staff_queue(instance):
    # 7.2: at most one own account per patient without staff. The teen's
    # address changes (both addresses are told); a second own account by
    # token waits for staff, who see why, and the teen's address is told.
    first, second = unique_email('first'), unique_email('second')
    p = patient(instance, 17, [('parent', 'Phil', 'Twice', None)],
                given='Tia', family='Twice', days_to_birthday=200)
    assert signup(Client(instance), who='self',
                  token=self_token(instance, p['mrn'], first), dob=p['dob'],
                  given='Tia', family='Twice', email=first).status == 303
    tok = self_token(instance, p['mrn'], second)
    assert mail_to(instance, first, 'changed') is not None
    assert mail_to(instance, second, 'changed') is not None
    c = Client(instance)
    r = signup(c, who='self', token=tok, dob=p['dob'], given='Tia',
               family='Twice', email=second)
    assert r.status == 303 and r.location.endswith('/signup/sent'), r.text
    assert own_holders(instance, p['mrn']) == 1
    assert mail_to(instance, second, 'An account for your own') is not None
    confirm(c, instance, second)
    assert login(c, second).status == 303
    assert 'allow up to one business day' in c.get('/account/').text
    # The token was used for the request.
    r = signup(Client(instance), who='self', token=tok, dob=p['dob'],
               given='Tia', family='Twice', email=unique_email('third'))
    assert r.status == 422 and 'already been used' in r.text
    s = staff(instance, 'teenclerk')
    q = s.get('/staff/')
    section = q.text[q.text.index('Tia Twice'):]
    assert 'a self-access token and the date of birth' in section
    assert 'already has an account of their own' in section
    assert 'confirming with the patient, not a parent' in section
    rid = re.search(r'name="id" value="(\d+)"', section).group(1)
    f = q.form_fields()
    f.update({'id': rid, 'decision': 'approve'})
    assert s.post('/staff/decide', f).status == 303
    assert own_holders(instance, p['mrn']) == 2
    assert 'Tia Twice' in c.get('/account/').text


def test_teen_by_mrn_waits_for_staff_to_confirm_the_address(instance):
    # 7.2: without a token, staff confirm the teen's address themselves.
    addr = unique_email('mrnteen')
    p = patient(instance, 15, [('parent', 'Mo', 'Mrn', None)], given='Max',
                family='Mrn')
    r = signup(Client(instance), who='self', proof='mrn', mrn=p['mrn'],
               visit_date=p['visit'], given='Max', family='Mrn', email=addr)
    assert r.status == 303, r.text
    assert own_holders(instance, p['mrn']) == 0
    q = staff(instance, 'mrnclerk').get('/staff/')
    section = q.text[q.text.index('Max Mrn'):]
    assert 'confirming with the patient, not a parent' in section


def test_adult_signs_up_with_the_family_token(instance):
    # An adult patient is their own person: the token on their visit
    # papers opens their own account (no self-access token needed); a
    # parent of an adult is still refused.
    addr = unique_email('adult')
    p = patient(instance, 19, [('parent', 'Paul', 'Grown', None)], given='Ann',
                family='Grown')
    tok = token(instance, p['mrn'])
    r = signup(Client(instance), token=tok, dob=p['dob'], given='Paul',
               family='Grown', email=unique_email('paul'))
    assert r.status == 422 and '18 or older' in r.text
    r = signup(Client(instance), who='self', token=tok, dob=p['dob'],
               given='Ann', family='Grown', email=addr)
    assert r.status == 303, r.text
    assert own_holders(instance, p['mrn']) == 1


def used_tokens(instance, mrn):
    return count(instance, "SELECT count(*) FROM activation_tokens t JOIN "
                 "patients p ON p.id = t.patient_id WHERE p.mrn = ? AND "
                 "t.used IS NOT NULL", mrn)


def test_parents_papers_do_not_open_the_adults_account(instance):
    # Review of 7.2: a family token a parent got while the patient was 17
    # (valid for months) does not open the patient's own account after
    # the 18th birthday; the refusal says what to do and keeps the token.
    # A family token issued once the patient is 18 (the adult's own visit
    # papers) does, and the patient's address on file is told.
    own, fresh = unique_email('ownaddr'), unique_email('fresh')
    p = patient(instance, 17, [('parent', 'Pia', 'Later', unique_email('pia'))],
                given='Ria', family='Later', days_to_birthday=5)
    ctl(instance, 'patient', 'email', '--mrn', p['mrn'], '--email', own)
    old = token(instance, p['mrn'])
    instance.restart_workers(faketime=time.time() + 10 * 86400)
    try:
        r = signup(Client(instance), who='self', token=old, dob=p['dob'],
                   given='Ria', family='Later', email=fresh)
        assert r.status == 422, r.text
        assert "issued before the patient&#39;s 18th birthday" in r.text or \
            "issued before the patient's 18th birthday" in r.text, r.text
        assert 'self-access token' in r.text and 'MRN' in r.text
        assert accounts(instance, fresh) == 0
        assert own_holders(instance, p['mrn']) == 0
        assert used_tokens(instance, p['mrn']) == 0
        assert mail_to(instance, own, 'An account for your own') is None
        new = token(instance, p['mrn'])
        c = Client(instance)
        r = signup(c, who='self', token=new, dob=p['dob'], given='Ria',
                   family='Later', email=own)
        assert r.status == 303, r.text
        assert own_holders(instance, p['mrn']) == 1
        assert mail_to(instance, own, 'An account for your own') is not None
    finally:
        instance.restart_workers()


def test_own_account_asked_for_by_mrn_tells_the_patient(instance):
    # Review of 7.2: an own account asked for with the MRN and a visit
    # date (whoever asks) is told to the patient's address on file at
    # once, not only when staff approve it.
    own, other = unique_email('adultown'), unique_email('asker')
    p = patient(instance, 20, [], given='Ivo', family='Asked')
    ctl(instance, 'patient', 'email', '--mrn', p['mrn'], '--email', own)
    r = signup(Client(instance), who='self', proof='mrn', mrn=p['mrn'],
               visit_date=p['visit'], given='Ivo', family='Asked', email=other)
    assert r.status == 303, r.text
    told = mail_to(instance, own, 'An account for your own')
    assert told is not None and 'asked for' in told.body
    assert p['mrn'] not in told.body and 'Ivo' not in told.body
    assert mail_to(instance, other, 'An account for your own') is None


def test_policy_printout_states_the_rule(instance):
    rc, out, _ = instance.portalctl('policy')
    assert rc == 0
    text = ' '.join(out.split())
    for rule in ('A self-access token (portalctl token issue --self), given to '
                 'the patient privately by clinic staff, opens only the '
                 "patient's own account",
                 '4. 13-17, proved with the family token (the one on the visit '
                 'papers): refused',
                 "7. 13-17, proved with a self-access token, and the address is "
                 "not the patient's own on file: refused",
                 'as themselves (or asked to): to the staff queue',
                 '2. proved with a self-access token: refused',
                 'A refusal changes nothing: the token stays usable',
                 '9. 18 or older, proved with a family token issued before the '
                 '18th birthday (or at an unknown time): refused',
                 'the own account of a patient 18 or older only if it was '
                 'issued on or after the 18th birthday'):
        assert rule in text, rule
