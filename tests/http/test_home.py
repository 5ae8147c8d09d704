"""The family's home page after sign-in (issue 15.1): the cards of one
patient (unread messages, upcoming visits with time and place in words,
new results, things to do), switching patient, the patient remembered for
the session and used by /record/, /messages/, /messages/new and /visits/
without ?p=, a teen's confidential visit, result and message never counted
for the parent, "access ends on" for a parent of a 17-year-old only, a
remembered patient later removed from the account, a malformed ?p= and
another family's patient (one answer, audited), and the page's audit
rows."""

import re
from datetime import datetime, timedelta

import visitdata as vd
from family import (TZ, confirm, count, ctl, login, new_family, patient,
                    self_token, signup, token, today, unique_email)
from harness import Client, forms

INSTANCE = {'conf': {'scrypt_n': 1024}}


def pid(instance, mrn):
    return count(instance, 'SELECT id FROM patients WHERE mrn = ?', mrn)


def main_text(r):
    t = r.text.split('<main', 1)[1].split('</main>', 1)[0]
    return re.sub(r'<code>[0-9a-f]+</code>', '', t)	# the reference differs


def words_when(t):
    """How the family's pages write a moment: "26 Dec 2010, 10:00"."""
    d = datetime.fromtimestamp(t, TZ)
    return f"{d.day} {d.strftime('%b %Y, %H:%M')}"


def words_day(d):
    return f"{d.day} {d.strftime('%B %Y')}"


def audits(instance, action, patient=None):
    if patient is None:
        return count(instance, 'SELECT count(*) FROM audit WHERE action = ?',
                     action)
    return count(instance, 'SELECT count(*) FROM audit WHERE action = ? AND '
                 'patient_id = ?', action, patient)


def remembered(instance, addr):
    return count(instance, 'SELECT s.patient_id FROM sessions s JOIN accounts '
                 "a ON a.id = s.principal WHERE s.kind = 'family' AND "
                 'a.email = ? ORDER BY s.id DESC', addr)


def lab(instance, patient_id, name, days_ago, confidential=0,
        kind='lab'):
    instance.execute('INSERT INTO results (patient_id, kind, name, value, '
                     'unit, resulted, confidential) VALUES (?, ?, ?, ?, ?, '
                     '?, ?)', patient_id, kind, name, '13.1', 'g/dL',
                     vd.now() - days_ago * 86400, confidential)


def thread(instance, account_id, patient_id, clinic_id, subject, unread=1):
    t = vd.now()
    instance.execute('INSERT INTO threads (patient_id, clinic_id, account_id, '
                     'by_patient, topic, subject, status, unread_family, '
                     'created, updated) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)',
                     patient_id, clinic_id, account_id, 'general', subject,
                     'answered', unread, t, t)


def account_id(instance, addr):
    return count(instance, 'SELECT id FROM accounts WHERE email = ?', addr)


def family_of_two(instance, years=(15, 12)):
    """A parent holding two patients, Ana and Ben (signed up with Ana's
    token, Ben added with his); returns (client, ana, ben, address)."""
    addr = unique_email('parent')
    ana = patient(instance, years[0], [('parent', 'Pat', 'Parent', addr)],
                  given='Ana')
    ben = patient(instance, years[1], [('parent', 'Pat', 'Parent', addr)],
                  given='Ben')
    c = Client(instance)
    assert signup(c, token=token(instance, ana['mrn']), dob=ana['dob'],
                  given='Pat', family='Parent', email=addr).status == 303
    assert confirm(c, instance, addr).status == 200
    r = login(c, addr)
    assert r.status == 303 and r.location.endswith('/home/'), r.text
    f = c.get('/account/add').form_fields('add')
    f.update({'who': 'guardian', 'proof': 'token',
              'token': token(instance, ben['mrn']), 'dob': ben['dob']})
    assert c.post('/account/add', f).status == 303
    ana['id'], ben['id'] = pid(instance, ana['mrn']), pid(instance, ben['mrn'])
    ana['name'] = f"Ana {ana['family']}"
    ben['name'] = f"Ben {ben['family']}"
    return c, ana, ben, addr


def about(r):
    m = re.search(r'<p class="about">About: <strong>([^<]*)</strong>'
                  r'(?:, ([^<]*))?</p>', r.text)
    return m.groups() if m else None


def test_sign_in_lands_on_home(instance):
    c, p, addr = new_family(instance)		# asserts the 303 to /home/
    r = c.get('/home/')
    assert r.status == 200, r.text
    # The nav's first signed-in link is Home, marked as the page shown.
    nav = r.text.split('<nav aria-label="Account" class="menu">', 1)[1]
    links = re.findall(r'<a href="([^"]*)"([^>]*)>([^<]*)</a>', nav)
    assert links[0] == ('/home/', ' aria-current="page"', 'Home'), links[:2]
    assert about(r) == (f"{p['given']} {p['family']}", '8 years')
    # Two-step sign-in is off: the reminder; contact details never saved.
    assert 'Turn on two-step sign-in' in r.text
    assert 'Check your contact details' in r.text


def test_cards_switch_and_the_remembered_patient(instance):
    c, ana, ben, addr = family_of_two(instance)
    cid = vd.clinic(instance, name='General Pediatrics ' + ana['mrn'],
                    location='Main campus, floor 3')
    va = vd.visit(instance, ana['mrn'], cid, vd.now() + 5 * vd.DAY,
                  type_name='Check-up', location='Building B, room 4')
    vb = vd.visit(instance, ben['mrn'], cid, vd.now() + 7 * vd.DAY,
                  type_name='Allergy follow-up')
    va2 = vd.visit(instance, ana['mrn'], cid, vd.now() + 9 * vd.DAY,
                   type_name='Eye test')
    lab(instance, ana['id'], 'ANA-HEMOGLOBIN', 2)
    lab(instance, ana['id'], 'ANA-OLD-LAB', 90)
    lab(instance, ben['id'], 'BEN-LEAD-LEVEL', 3)
    lab(instance, ben['id'], 'BEN-CHEST-XRAY', 40, kind='radiology')
    me = account_id(instance, addr)
    thread(instance, me, ana['id'], cid, 'About the rash')
    thread(instance, me, ben['id'], cid, 'Read already', unread=0)

    before = audits(instance, 'home.view', ana['id'])
    r = c.get(f"/home/?p={ana['id']}")
    assert r.status == 200, r.text
    assert audits(instance, 'home.view', ana['id']) == before + 1
    assert about(r) == (ana['name'], '15 years')
    assert '1 conversation has a new answer' in r.text
    assert f'/visits/visit?v={va}' in r.text and f'v={vb}' not in r.text
    # Each upcoming visit once (the list was once repeated per visit).
    for v in (va, va2):
        assert r.text.count(f'/visits/visit?v={v}"') == 1, r.text
    assert words_when(vd.now() + 5 * vd.DAY)[:6] in r.text
    assert 'Building B, room 4' in r.text and 'General Pediatrics' in r.text
    assert 'ANA-HEMOGLOBIN' in r.text and 'ANA-OLD-LAB' not in r.text
    assert 'BEN-LEAD-LEVEL' not in r.text
    assert '1 new result' in r.text
    # Things to do: pre-check-in is open for the visit in 5 days.
    assert f'href="/visits/checkin/?v={va}"' in r.text
    assert 'Pre-check-in is open for the visit on' in r.text
    # Each card links to its page: the result to its item.
    item = re.search(r'href="(/record/labs\?p=\d+&amp;id=\d+)"', r.text)
    assert item, r.text
    one = c.get(item.group(1).replace('&amp;', '&'))
    assert one.status == 200 and 'ANA-HEMOGLOBIN' in one.text
    for link in (f"/messages/?p={ana['id']}", f"/visits/?p={ana['id']}",
                 f"/record/?p={ana['id']}"):
        assert link in r.text, link

    # Switching: Ben's cards, and Ben is remembered for the session.
    r = c.get(f"/home/?p={ben['id']}")
    assert r.status == 200
    assert about(r) == (ben['name'], '12 years')
    assert 'No new answers.' in r.text
    assert f'/visits/visit?v={vb}' in r.text and f'v={va}' not in r.text
    assert 'BEN-LEAD-LEVEL' in r.text and 'ANA-HEMOGLOBIN' not in r.text
    assert 'BEN-CHEST-XRAY' not in r.text		# 40 days: not new
    assert remembered(instance, addr) == ben['id']

    # The pages without ?p= open on Ben, never the first by name (Ana).
    assert ben['name'] in c.get('/record/').text.split('<h1>', 1)[1][:80]
    assert about(c.get('/messages/')) == (ben['name'], '12 years')
    assert about(c.get('/messages/new')) == (ben['name'], '12 years')
    v = c.get('/visits/')
    assert v.status == 200 and f'visit-{vb}' in v.text and f'visit-{va}' not in v.text
    assert about(c.get('/home/')) == (ben['name'], '12 years')
    # Sharing and "who has seen" are about Ben too.
    h1 = r'<h1>([^<]*)</h1>'
    assert ben['name'] in re.search(h1, c.get('/account/share/').text)[1]
    assert ben['name'] in re.search(h1, c.get('/account/viewers/').text)[1]
    # A page for Ana remembers Ana, the sharing page too.
    assert c.get(f"/account/share/?p={ana['id']}").status == 200
    assert remembered(instance, addr) == ana['id']
    assert ana['name'] in c.get('/record/').text.split('<h1>', 1)[1][:80]
    assert c.get(f"/record/labs?p={ana['id']}").status == 200
    assert remembered(instance, addr) == ana['id']
    assert about(c.get('/messages/new')) == (ana['name'], '15 years')


def test_compose_a_parent_of_several_picks(instance):
    c, ana, ben, addr = family_of_two(instance)
    fresh = Client(instance)
    assert login(fresh, addr).status == 303	# a new session: nothing remembered
    r = fresh.get('/messages/new')
    assert r.status == 200, r.text
    assert 'Choose a patient' in r.text and 'id="compose"' not in r.text
    assert about(r) is None
    assert '<option value="" selected>Choose a patient</option>' in r.text
    assert 'selected>Ana' not in r.text and 'selected>Ben' not in r.text
    r = fresh.get(f"/messages/new?p={ben['id']}")
    assert about(r) == (ben['name'], '12 years')
    assert f'<option value="{ben["id"]}" selected>' in r.text


def compose_form(r, form_id='compose'):
    return [x for x in forms(r.text) if x['id'] == form_id][0]['fields']


def test_compose_another_patient_keeps_what_was_typed(instance):
    """A parent of two who chose the other child in the compose form after
    writing gets the page again for that child, with their care teams and
    everything typed, and nothing sent; then sends it. Another family's
    patient or a malformed one: refused, the text kept; a child without a
    care team: the text shown to copy."""
    c, ana, ben, addr = family_of_two(instance)
    teams = {}
    for who in (ana, ben):
        teams[who['mrn']] = 'Team ' + who['mrn']
        ctl(instance, 'clinic', 'add', '--clinic', teams[who['mrn']])
        ctl(instance, 'clinic', 'patient', '--clinic', teams[who['mrn']],
            '--mrn', who['mrn'])
    messages = 'SELECT count(*) FROM messages'
    before = count(instance, messages)
    r = c.get(f"/messages/new?p={ana['id']}")
    assert about(r) == (ana['name'], '15 years')
    f = compose_form(r)
    assert f['shown'] == str(ana['id']) and f['p'] == str(ana['id'])
    typed = {'subject': 'Rash <b>cream</b> & more',
             'body': 'Line one\n\nLine two with <script>x</script>',
             'topic': 'prescription'}
    f.update(typed, p=str(ben['id']))
    r = c.post('/messages/new', f)
    assert r.status == 200, r.text
    assert about(r) == (ben['name'], '12 years')
    assert 'Nothing was sent: check the care team' in r.text
    assert teams[ben['mrn']] in r.text and teams[ana['mrn']] not in r.text
    assert 'aria-invalid' not in r.text and 'field-error' not in r.text
    g = compose_form(r)
    assert (g['subject'], g['body'], g['topic']) == \
        (typed['subject'], typed['body'], typed['topic'])
    assert g['shown'] == g['p'] == str(ben['id'])
    assert '<script>x</script>' not in r.text
    assert count(instance, messages) == before
    assert count(instance, "SELECT count(*) FROM audit WHERE action = "
                 "'messages.compose' AND patient_id = ?", ben['id']) >= 1
    # Sent from that page, it is Ben's.
    r = c.post('/messages/new', g)
    assert r.status == 303, r.text
    tid = int(re.search(r'id=(\d+)', r.location).group(1))
    assert count(instance, 'SELECT patient_id FROM threads WHERE id = ?',
                 tid) == ben['id']
    assert count(instance, messages) == before + 1
    # A send refused for its input (no subject) keeps the choice of child.
    f = compose_form(c.get(f"/messages/new?p={ben['id']}"))
    f.update(typed, subject='')
    r = c.post('/messages/new', f)
    assert r.status == 422, r.status
    g = compose_form(r)
    assert g['shown'] == g['p'] == str(ben['id']) and g['body'] == typed['body']
    assert f'<option value="{ana["id"]}">' in r.text
    assert count(instance, messages) == before + 1
    # Another family's patient, or a malformed one: refused, text kept.
    other = patient(instance, 9, [('parent', 'Other', 'Family',
                                   unique_email('other'))], given='Olga')
    for bad in (str(pid(instance, other['mrn'])), '12x', '-1'):
        f = compose_form(c.get(f"/messages/new?p={ana['id']}"))
        f.update(typed, p=bad)
        r = c.post('/messages/new', f)
        assert r.status == 404, (bad, r.status)
        assert 'Olga' not in r.text
        u = compose_form(r, 'unsent')
        assert (u['subject'], u['body']) == (typed['subject'], typed['body'])
    assert count(instance, messages) == before + 1
    # A child without a care team: the page says so, the text to copy.
    instance.execute('DELETE FROM patient_clinics WHERE patient_id = ?',
                     ben['id'])
    f = compose_form(c.get(f"/messages/new?p={ana['id']}"))
    f.update(typed, p=str(ben['id']))
    r = c.post('/messages/new', f)
    assert r.status == 200 and 'has no care team you can message' in r.text
    assert 'id="compose"' not in r.text
    assert 'Line two with &lt;script&gt;x&lt;/script&gt;' in r.text
    assert 'Rash &lt;b&gt;cream&lt;/b&gt; &amp; more' in r.text
    topic = re.search(r'<input id="kept-topic" readonly value="([^"]+)"',
                      r.text)
    assert topic, r.text
    # Sent straight to that child (the care team gone after the page was
    # shown): refused, and the text (topic too) comes back to copy.
    f = dict(f, shown=str(ben['id']), p=str(ben['id']))
    r = c.post('/messages/new', f)
    assert r.status == 422, r.status
    assert 'has no care team you can message' in r.text
    assert 'Rash &lt;b&gt;cream&lt;/b&gt; &amp; more' in r.text
    assert 'Line two with &lt;script&gt;x&lt;/script&gt;' in r.text
    assert re.search(r'<input id="kept-topic" readonly value="([^"]+)"',
                     r.text).group(1) == topic.group(1)
    assert count(instance, messages) == before + 1


def test_teen_confidential_never_counted_for_the_parent(instance):
    parent, teen = unique_email('wei'), unique_email('sofia')
    p = patient(instance, 15, [('parent', 'Wei', 'Chen', parent)],
                given='Sofia')
    p_id = pid(instance, p['mrn'])
    c = Client(instance)
    assert signup(c, token=token(instance, p['mrn']), dob=p['dob'], given='Wei',
                  family='Chen', email=parent).status == 303
    confirm(c, instance, parent)
    assert login(c, parent).status == 303
    t = Client(instance)
    assert signup(t, who='self', token=self_token(instance, p['mrn'], teen),
                  dob=p['dob'], given='Sofia', family=p['family'],
                  email=teen).status == 303
    confirm(t, instance, teen)
    assert login(t, teen).status == 303
    cid = vd.clinic(instance, name='Adolescent Medicine')
    secret = vd.visit(instance, p['mrn'], cid, vd.now() + 4 * vd.DAY,
                      confidential=1, type_name='PRIVATE-VISIT')
    plain = vd.visit(instance, p['mrn'], cid, vd.now() + 6 * vd.DAY,
                     type_name='Sports physical')
    lab(instance, p_id, 'SECRET-LAB', 1, confidential=1)
    lab(instance, p_id, 'PLAIN-LAB', 2)
    thread(instance, account_id(instance, teen), p_id, cid, 'Private question')

    r = c.get('/home/')
    assert r.status == 200, r.text
    assert f'v={plain}' in r.text and f'v={secret}' not in r.text
    assert 'PRIVATE-VISIT' not in r.text and 'SECRET-LAB' not in r.text
    assert 'PLAIN-LAB' in r.text and '1 new result' in r.text
    assert 'No new answers.' in r.text
    # The teen's own home page has them (the card can count them).
    r = t.get('/home/')
    assert r.status == 200, r.text
    assert f'v={secret}' in r.text and 'SECRET-LAB' in r.text
    assert '1 conversation has a new answer' in r.text
    assert '2 new results' in r.text


def test_access_ends_for_a_parent_of_a_17_year_old_only(instance):
    c, old, young, addr = family_of_two(instance, years=(17, 12))
    birthday = today() + timedelta(days=100)	# birth_date's default
    words = words_day(birthday)
    r = c.get(f"/home/?p={old['id']}")
    assert r.status == 200
    assert f'Your access ends on {words}' in r.text, r.text
    r = c.get(f"/home/?p={young['id']}")
    assert 'access ends' not in r.text
    acct = c.get('/account/')
    item = [li for li in acct.text.split('<li>') if old['name'] in li][0]
    assert '17 years' in item and f'Your access ends on {words}' in item
    item = [li for li in acct.text.split('<li>') if young['name'] in li][0]
    assert '12 years' in item and 'access ends' not in item


def test_remembered_patient_removed_from_the_account(instance):
    c, ana, ben, addr = family_of_two(instance)
    assert c.get(f"/home/?p={ben['id']}").status == 200
    assert remembered(instance, addr) == ben['id']
    instance.execute('DELETE FROM account_patients WHERE account_id = ? AND '
                     'patient_id = ?', account_id(instance, addr), ben['id'])
    # The default is no longer seen: the first the account sees, and the
    # session forgets it.
    r = c.get('/record/')
    assert r.status == 200 and ana['name'] in r.text and ben['name'] not in r.text
    assert remembered(instance, addr) in (None, 0)
    assert about(c.get('/home/')) == (ana['name'], '15 years')
    assert about(c.get('/messages/new')) == (ana['name'], '15 years')


def test_malformed_and_another_familys_patient(instance):
    c, p, addr = new_family(instance)
    other, q, _ = new_family(instance)
    mine = pid(instance, p['mrn'])
    theirs_id = pid(instance, q['mrn'])
    assert c.get(f'/home/?p={mine}').status == 200
    before = audits(instance, 'home.refused')
    theirs = c.get(f'/home/?p={theirs_id}')
    missing = c.get('/home/?p=987654')
    junk = c.get('/home/?p=1%20OR%201=1')
    huge = c.get('/home/?p=' + '9' * 40)
    assert theirs.status == missing.status == junk.status == huge.status == 404
    assert main_text(theirs) == main_text(missing) == main_text(junk)
    assert q['family'] not in theirs.text
    assert audits(instance, 'home.refused') == before + 4
    assert audits(instance, 'home.refused', theirs_id) == 1
    # A refused page is never remembered.
    assert remembered(instance, addr) == mine
    assert about(c.get('/home/'))[0] == f"{p['given']} {p['family']}"
