// Browser test: issue 15's "Done when", end to end on a 375 px phone. A
// parent of two children (Lily, 9, and Leo, 6) whose records came from
// the hospital's EHR as C-CDA documents through `portalctl import`: a
// real document of the shared corpus each (ccda-samples, Amrita's CCDs,
// the patient's identity turned into the child's: the hospital's MRN
// root, name and birth date, as this hospital's EHR would send it), plus
// three results documents for Lily (a repeated hemoglobin: a trend).
// The parent
//   - finds what is new for Lily on the home page (an unread answer, new
//     results, an upcoming visit), and sees it change when switching to
//     Leo;
//   - opens a new result from the home page and reads it in the lab
//     table (value, unit, range, the flag in words), then its trend chart;
//   - writes to Lily's care team: the compose page names Lily and has her
//     preselected (remembered from the home page); a message with line
//     breaks is refused once (an attachment of a refused type) and comes
//     back with every line, then is sent, and the thread shows it.
// Every state passes check() (axe-core at 375 and 1280 px, no sideways
// scroll at 375 px). Screenshots of the home page and of record sections
// at both widths go to var/screenshots/ for people to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  start, stop, check, nav, root, portalctl, sql, signUpAndIn, PHONE, DESKTOP,
} from './lib.mjs';

const screens = join(root, 'var', 'screenshots');
const CORPUS = join(root, '..', 'shared', 'ccda', 'ccda-samples', 'Amrita');
const REAL = {	// a real CCD of the corpus for each child
  lily: 'Banks_Tyler_Owen_31561051_CCD_201709180916.xml',
  leo: 'Bee_Donna_Victoria_177993_CCD_201709180916.xml',
};
const HOSPITAL = '2.16.840.1.113883.3.7777';	// the tests' mrn_root (harness.py)
const DAY = 86400;
const now = () => Math.floor(Date.now() / 1000);

let env, info, browser, dir;

// The real document with the patient's identity made the child's: the
// first id of patientRole under the hospital's MRN root, the patient's
// name and birth date. Everything else is the document as its EHR wrote it.
function asChild(xml, child) {
  return xml.replace(/<patientRole\b[\s\S]*?<\/patientRole>/, (role) => role
    .replace(/<id\b[^>]*\/>/, `<id root="${HOSPITAL}" extension="${child.mrn}"/>`)
    .replace(/<name\b[^>]*>[\s\S]*?<\/name>/,
      `<name><given>${child.given}</given><family>${child.family}</family></name>`)
    .replace(/<birthTime\b[^>]*\/>/, `<birthTime value="${child.dob.replace(/-/g, '')}"/>`));
}

function importReal(child, file) {
  const path = join(dir, `${child.given}-real.xml`);
  writeFileSync(path, asChild(readFileSync(join(CORPUS, file), 'utf8'), child));
  const out = portalctl(info, ['import', path]).toString();
  assert.match(out, / 1 imported/, `the real document for ${child.given}: ${out}`);
}

// Three results documents for the child (hemoglobin 10.2, 11.0, 12.4 g/dL
// 21, 14 and 7 days ago, with a high glucose in the first), written by
// the HTTP tests' builder (as record.test.mjs does).
function importLabs(child) {
  const script = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(join(root, 'tests', 'http'))})`,
    'from datetime import datetime, timedelta, timezone',
    'import test_record_readable as t',
    'p = json.loads(sys.argv[1])',
    'base = datetime.now(timezone.utc).replace(hour=15, minute=0, second=0, microsecond=0)',
    'for i, (d, v, f) in enumerate(((21, "10.2", "L"), (14, "11.0", "L"), (7, "12.4", "N"))):',
    '    w = base - timedelta(days=d)',
    '    obs = [t.obs(0, w, *t.HGB, v, "g/dL", "11.5", "15.5", f)]',
    '    if i == 0:',
    '        obs.append(t.obs(1, w, "2345-7", "Glucose [Mass/volume] in Serum or Plasma", None, "150", "mg/dL", "70", "99", "H"))',
    '    open(f"{sys.argv[2]}/labs{i}.xml", "w").write(t.results_doc(p, w, obs))',
  ].join('\n');
  execFileSync('python3', ['-c', script, JSON.stringify(child), dir]);
  for (const i of [0, 1, 2]) portalctl(info, ['import', join(dir, `labs${i}.xml`)]);
}

// An upcoming visit of the child at General Pediatrics (as the scheduling
// system's SIU message leaves it).
function visit(child, days, type, location) {
  const pid = sql(info, 'SELECT id FROM patients WHERE mrn = ?', [child.mrn]);
  const clinic = sql(info, "SELECT id FROM clinics WHERE name = 'General Pediatrics'");
  sql(info, 'INSERT INTO visits (patient_id, clinic_id, type_name, provider, location, start_at, '
    + "minutes, status, source, room, created, updated) VALUES (?, ?, ?, 'Dr Ada Park', ?, ?, 30, "
    + "'booked', 'siu', ?, ?, ?)",
  [Number(pid), Number(clinic), type, location, now() + days * DAY, `room-${child.mrn}`, now(), now()]);
}

// An answered conversation about the child the parent has not read: the
// care team's answer to a question asked before.
function answered(child, email, subject) {
  const pid = Number(sql(info, 'SELECT id FROM patients WHERE mrn = ?', [child.mrn]));
  const clinic = Number(sql(info, "SELECT id FROM clinics WHERE name = 'General Pediatrics'"));
  const acct = Number(sql(info, 'SELECT id FROM accounts WHERE email = ?', [email]));
  const nurse = Number(sql(info, "SELECT id FROM staff WHERE username = 'nurse'"));
  const t = now() - 3600;
  const thread = Number(sql(info, 'INSERT INTO threads (patient_id, clinic_id, account_id, by_patient, '
    + "topic, subject, status, unread_family, created, updated) VALUES (?, ?, ?, 0, 'general', ?, "
    + "'answered', 1, ?, ?) RETURNING id", [pid, clinic, acct, subject, t - 3600, t]));
  sql(info, 'INSERT INTO messages (thread_id, from_staff, author_id, body, html, sent) '
    + 'VALUES (?, 0, ?, ?, ?, ?)', [thread, acct, 'Is the school trip safe?',
    '<p>Is the school trip safe?</p>', t - 3600]);
  sql(info, 'INSERT INTO messages (thread_id, from_staff, author_id, body, html, sent) '
    + 'VALUES (?, 1, ?, ?, ?, ?)', [thread, nurse, 'Yes, with the inhaler.',
    '<p>Yes, with the inhaler.</p>', t]);
}

// Both widths of the page as it stands, full length: name-375.png and
// name-1280.png under var/screenshots/.
async function screenshots(page, name) {
  const own = page.viewportSize();
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(screens, `${name}-${size.width}.png`), fullPage: true });
  }
  await page.setViewportSize(own);
}

async function about(page) {
  return (await page.locator('p.about').textContent()).trim();
}

async function show(page, name) {
  await page.getByLabel('Show', { exact: true }).selectOption({ label: name });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/\/home\/\?p=\d+$/);
}

before(async () => {
  mkdirSync(screens, { recursive: true });
  env = await start();
  ({ info, browser } = env);
  dir = mkdtempSync(join(tmpdir(), 'parent-of-two-'));
  portalctl(info, ['staff', 'add', '--username', 'nurse', '--name', 'Nora Nurse'], 'Answer4Tests!\n');
  portalctl(info, ['clinic', 'staff', '--clinic', 'General Pediatrics', '--username', 'nurse']);
});

after(async () => { await stop(env); });

test('a parent of two on a phone: what is new, a lab and its trend, the right care team',
  { skip: !existsSync(CORPUS) && 'no ../shared/ccda corpus' }, async () => {
    const [lily, leo] = info.patients;
    const email = 'maria.two@example.org';
    importReal(lily, REAL.lily);
    importReal(leo, REAL.leo);
    importLabs(lily);
    visit(lily, 5, 'Asthma check-up', 'Building B, room 4');
    visit(leo, 12, 'Allergy follow-up', 'Main campus, floor 3');

    const page = await browser.newPage({ viewport: PHONE });
    await signUpAndIn(page, info, lily, email, 'Harbor7Lantern');
    // Leo added with his own token, from the home page.
    await page.getByRole('link', { name: 'Add a patient' }).first().click();
    await page.getByLabel("The patient's parent or legal guardian").check();
    await page.getByLabel(/Activation token and date of birth/).check();
    await page.getByLabel('Activation token', { exact: true }).fill(leo.token);
    await page.getByLabel("Patient's date of birth").fill(leo.dob);
    await page.getByRole('button', { name: 'Add the patient' }).click();
    await page.getByText('The patient was added to your account.').waitFor();
    answered(lily, email, 'School trip');

    // What is new for Lily.
    await nav(page, 'Home');
    await show(page, 'Lily Lopez');
    assert.equal(await about(page), 'About: Lily Lopez, 9 years');
    const card = (id) => page.locator(`section.card:has(#card-${id})`);
    assert.match(await card('messages').innerText(), /1 conversation has a new answer/);
    assert.match(await card('visits').innerText(), /Asthma check-up, General Pediatrics, Building B, room 4/);
    assert.doesNotMatch(await card('visits').innerText(), /Allergy follow-up/);
    const results = await card('results').innerText();
    assert.match(results, /4 new results in the last 30 days/);
    assert.match(results, /Hemoglobin/);
    assert.doesNotMatch(results, /Hemoglobin \[Mass/, "the lab's own name, not LOINC's long one");
    assert.doesNotMatch(results, /\d{4}-\d\d-\d\d/, 'dates in words');
    await check(page, "the home page, Lily's");
    await screenshots(page, 'home');

    // Switching to Leo changes every card.
    await show(page, 'Leo Lopez');
    assert.equal(await about(page), 'About: Leo Lopez, 6 years');
    assert.match(await card('messages').innerText(), /No new answers\./);
    assert.match(await card('visits').innerText(), /Allergy follow-up/);
    assert.doesNotMatch(await card('visits').innerText(), /Asthma check-up/);
    assert.match(await card('results').innerText(), /No new results in the last 30 days\./);
    await check(page, "the home page, Leo's");
    await screenshots(page, 'home-leo');

    // Back to Lily: her newest result, from the home page, in the table.
    await show(page, 'Lily Lopez');
    await card('results').getByRole('link', { name: /Hemoglobin/ }).first().click();
    await page.waitForURL(/\/record\/labs\?/);
    await page.getByRole('heading', { name: 'Lily Lopez', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: /Lab results of Lily Lopez/ });
    const hgb = table.getByRole('row', { name: /^Hemoglobin/ }).first();
    const hgbText = await hgb.innerText();
    assert.match(hgbText, /12\.4/);
    assert.match(hgbText, /g\/dL/);
    assert.match(hgbText, /11\.5\s*[-–]\s*15\.5/);
    const all = await page.goto(new URL(`/record/labs?p=${new URL(page.url()).searchParams.get('p')}`, info.url).href);
    assert.equal(all.status(), 200);
    const glucose = page.getByRole('table', { name: /Lab results of Lily Lopez/ })
      .getByRole('row', { name: /Glucose/ });
    assert.match(await glucose.innerText(), /150/);
    assert.match(await glucose.innerText(), /mg\/dL/);
    assert.match(await glucose.locator('strong.flag').innerText(), /High/, 'the flag in words');
    await check(page, "Lily's lab results");
    await screenshots(page, 'record-labs');

    // Its trend: the server's chart, three dots, and the values as a table.
    await page.getByRole('table', { name: /Lab results of Lily Lopez/ })
      .getByRole('row', { name: /^Hemoglobin/ }).first()
      .getByRole('link', { name: /See the trend \(3 results\)/ }).click();
    await page.getByRole('heading', { name: 'Trend: Hemoglobin' }).waitFor();
    await page.getByRole('img', { name: 'Hemoglobin over time' }).waitFor();
    assert.equal(await page.locator('svg.chart circle.dot').count(), 3);
    const values = await page.getByRole('table', { name: /Every result of Hemoglobin/ })
      .locator('tbody tr td:first-of-type').allTextContents();
    assert.deepEqual(values, ['10.2', '11.0', '12.4']);
    await check(page, "the trend of Lily's hemoglobin");
    await screenshots(page, 'record-trend');

    // A section of the real document: the immunizations, in words.
    const sections = page.getByRole('navigation', { name: 'Record sections' });
    await sections.getByRole('link', { name: 'Immunizations' }).click();
    await page.waitForURL(/\/record\/immunizations/);
    assert.doesNotMatch(await page.locator('main').innerText(), /\b\d{4}-\d\d-\d\dT/, 'no raw ISO times');
    await check(page, "Lily's immunizations");
    await screenshots(page, 'record-immunizations');

    // The unread answer, read.
    await nav(page, 'Messages');
    assert.match(await about(page), /^About: Lily Lopez/);
    await page.getByRole('link', { name: 'School trip' }).click();
    await page.getByText('Yes, with the inhaler.').waitFor();
    await check(page, 'the answered thread');

    // Write to Lily's care team: the compose page names Lily, preselected.
    await nav(page, 'Messages');
    await page.getByRole('link', { name: 'New message' }).click();
    assert.equal(await about(page), 'About: Lily Lopez, 9 years');
    const lilyId = sql(info, 'SELECT id FROM patients WHERE mrn = ?', [lily.mrn]);
    assert.equal(await page.locator('#compose select#p').inputValue(), lilyId);
    await check(page, 'the compose page for Lily');
    const body = 'Her cough is back since Sunday.\n\nNights:\n  - Sunday: 3 puffs\n  - Monday: 4 puffs\n\nShould we come in?';
    await page.getByLabel('Subject').fill('Cough again');
    await page.getByLabel('Message', { exact: true }).fill(body);
    const bad = join(dir, 'cough-video.exe');
    writeFileSync(bad, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]));
    await page.getByLabel('Attachments (optional)').setInputFiles(bad);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#errors, #refusal, #problem').first().waitFor();
    assert.equal((await page.getByLabel('Message', { exact: true }).inputValue()).replace(/\r\n/g, '\n'),
      body, 'every line of the message comes back');
    assert.equal(await page.getByLabel('Subject').inputValue(), 'Cough again');
    assert.equal(await about(page), 'About: Lily Lopez, 9 years');
    assert.equal(await page.locator('#compose [name=p]').inputValue(), lilyId,
      'still about Lily');
    await check(page, 'the compose page with a refused attachment');

    // Sent without the file: the thread shows every line.
    await page.getByLabel('Attachments (optional)').setInputFiles([]);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Your message was sent to the care team.').waitFor();
    await page.getByRole('heading', { name: 'Cough again' }).waitFor();
    for (const line of ['Her cough is back since Sunday.', 'Sunday: 3 puffs', 'Monday: 4 puffs',
      'Should we come in?']) {
      assert.ok(await page.locator('main').getByText(line).first().isVisible(), line);
    }
    assert.match(await page.locator('main').innerText(), /Lily Lopez/, 'the thread names Lily');
    await check(page, 'the thread sent');
    // To Lily's care team: her record's, General Pediatrics.
    assert.equal(sql(info, 'SELECT p.given || \'/\' || c.name FROM threads t JOIN patients p ON p.id = t.patient_id '
      + "JOIN clinics c ON c.id = t.clinic_id WHERE t.subject = 'Cough again'"), 'Lily/General Pediatrics');
    await page.close();
  });
