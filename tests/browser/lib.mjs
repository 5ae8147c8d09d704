// What the browser tests share: the portal started by serve.py (nginx,
// the programs, a database with two children of one parent), Debian's
// Chromium, the captured e-mails, and signing up through the pages.
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const shots = join(root, 'build', 'browser');

// conf: portal.conf settings for this portal ({ name: 'value' }).
export async function start(conf = {}) {
  mkdirSync(shots, { recursive: true });
  const settings = Object.entries(conf).map(([k, v]) => `${k}=${v}`);
  const server = spawn('python3', [join(root, 'tests', 'browser', 'serve.py'), ...settings],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  const info = await new Promise((resolve, reject) => {
    lines.once('line', (l) => resolve(JSON.parse(l)));
    server.once('exit', (code) => reject(new Error(`serve.py exited ${code}`)));
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    // playwright gives each launch a fresh, empty profile of its own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
  return { server, info, browser };
}

export async function stop(env) {
  if (env.browser) await env.browser.close();
  if (env.server) {
    env.server.stdin.end();
    const code = await new Promise((r) => env.server.once('exit', r));
    // serve.py exits 1 if a secret reached a log (it names which).
    if (code !== 0) throw new Error(`serve.py exited ${code}: see above`);
  }
}

// Delivers the outbox and returns the newest message's text to address.
export function lastMailTo(info, address) {
  execFileSync(join(root, 'bin', 'portalctl'), ['mail'],
    { env: { ...process.env, PORTAL_CONF: info.conf } });
  const files = readdirSync(info.maildir).filter((f) => f.endsWith('.eml')).sort();
  for (const f of files.reverse()) {
    const text = readFileSync(join(info.maildir, f), 'utf8');
    if (text.includes(`To: ${address}`)) return text;
  }
  throw new Error(`no mail to ${address}`);
}

// Signs up as the children's parent with child's token, confirms and
// signs in, all through the pages.
export async function signUpAndIn(page, info, child, email, password) {
  await page.goto(new URL('/signup/', info.url).href);
  await page.getByLabel("The patient's parent or legal guardian").check();
  await page.getByLabel('Your first name').fill('Maria');
  await page.getByLabel('Your last name').fill('Lopez');
  await page.getByLabel('Your e-mail address').fill(email);
  await page.getByLabel('Choose a password').fill(password);
  await page.getByLabel('Type the password again').fill(password);
  await page.getByLabel(/Activation token and date of birth/).check();
  await page.getByLabel('Activation token', { exact: true }).fill(child.token);
  await page.getByLabel("Patient's date of birth").fill(child.dob);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  const link = lastMailTo(info, email).match(/https?:\/\/\S+\/signup\/verify#t=\S+/)[0];
  await page.goto(link);
  await page.locator('form[data-checked="1"]').waitFor();	// checked on arrival (15.4)
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
  await page.getByText('your e-mail address is confirmed').waitFor();
  await page.getByRole('link', { name: 'sign in', exact: true }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.getByRole('heading', { name: 'Welcome, Maria' }).waitFor();
}

// axe-core's WCAG 2.1 A and AA rules on the page as it stands, at the
// page's present width: asserts that axe ran and found nothing (any
// violation fails; the message gives each one's impact, so a serious or
// critical one is plain to see). axe goes in through the DevTools protocol
// (evaluate), which the portal's CSP does not govern, so pages tested
// under the real CSP (a script tag would be refused) are checked alike.
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function axeRun(page, what) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(async () => {
    const res = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return {
      passes: res.passes.length,
      violations: res.violations.map((v) => `${v.impact}: ${v.id}: ${v.help} `
        + `(${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`),
    };
  });
  assert.ok(r.passes > 5, `axe ran on ${what}`);
  const grave = r.violations.filter((v) => /^(serious|critical):/.test(v));
  assert.deepEqual(grave, [], `${what} has no serious or critical axe violation`);
  assert.deepEqual(r.violations, [], `${what} passes axe`);
}

// What scrolls sideways on a page wider than the window: the elements
// that stick out past its right edge or whose content spills out of them
// (a code block that does not wrap), the widest first, to name in the
// message.
async function sideways(page) {
  return page.evaluate(() => {
    const w = window.innerWidth;
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const spills = el.scrollWidth > el.clientWidth + 1
        && getComputedStyle(el).overflowX === 'visible';
      if ((r.right > w + 0.5 && r.width > 0) || spills) {
        const right = Math.round(Math.max(r.right, r.left + el.scrollWidth));
        wide.push([right, `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`
          + `${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`
          + ` (${right} px)`]);
      }
    }
    wide.sort((x, y) => y[0] - x[0]);
    return { scroll: document.documentElement.scrollWidth, width: w,
      wide: wide.slice(0, 5).map((x) => x[1]) };
  });
}

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };

// The check every browser test makes of every page and state it visits
// (issue 15.9): at a 375 px phone's width, axe-core (above) and no
// sideways scroll (document.documentElement.scrollWidth <= innerWidth);
// at 1280 px, axe again. The page keeps its state (nothing is reloaded:
// only the window is resized) and gets back its own size afterwards.
export async function check(page, what) {
  const own = page.viewportSize();
  // The page as a person sees it: a click's navigation is done when the
  // new document commits, and a locator may find its text before the
  // stylesheet has arrived; measured then, the page has no CSS (seen in
  // CI: the payments table at its unstyled 466 px).
  await page.waitForLoadState('load');
  try {
    await page.setViewportSize(PHONE);
    const s = await sideways(page);
    assert.ok(s.scroll <= s.width,
      `${what} scrolls sideways at ${s.width} px: ${s.scroll} px wide; ${s.wide.join(', ')}`);
    await axeRun(page, `${what} (${PHONE.width} px)`);
    await page.setViewportSize(DESKTOP);
    await axeRun(page, `${what} (${DESKTOP.width} px)`);
  } finally {
    if (own) await page.setViewportSize(own);
  }
}

// The name tests written before check() use: the same check, both widths.
export const axe = check;

// Follows a link or presses a button of the header's navigation by its
// name: on a phone the signed-in links sit behind the "Menu" disclosure,
// which is opened first (as a person does).
export async function nav(page, name) {
  const menu = page.locator('header nav.menu details');
  if (await menu.count() && !(await menu.evaluate((d) => d.open))
      && await page.locator('header nav.menu summary').isVisible()) {
    await page.locator('header nav.menu summary').click();
  }
  const target = page.locator('header nav').getByRole(name === 'Sign out' ? 'button' : 'link',
    { name, exact: true });
  await target.click();
}

// portalctl on the test portal's configuration; input goes to its stdin.
export function portalctl(info, args, input) {
  return execFileSync(join(root, 'bin', 'portalctl'), args,
    { env: { ...process.env, PORTAL_CONF: info.conf }, input });
}

// One SQL statement with ? parameters on the test portal's database
// (SQLite, the browser tests' engine), committed: the first column of its
// first row as text ('' if none). Tests set up relationship data so.
export function sql(info, statement, args = []) {
  const db = readFileSync(info.conf, 'utf8').match(/^database\s*=\s*(.+)$/m)[1].trim();
  return execFileSync('python3', ['-c',
    'import sqlite3, sys, json\n'
    + 'c = sqlite3.connect(sys.argv[1])\n'
    + 'r = c.execute(sys.argv[2], json.loads(sys.argv[3])).fetchone()\n'
    + 'c.commit()\n'
    + 'print("" if r is None or r[0] is None else r[0])\n',
  db, statement, JSON.stringify(args)], { encoding: 'utf8' }).trim();
}
