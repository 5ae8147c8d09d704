// What the browser tests share: the portal started by serve.py (nginx,
// the programs, a database with two children of one parent), Debian's
// Chromium, the captured e-mails, and signing up through the pages.
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
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
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
  await page.getByText('your e-mail address is confirmed').waitFor();
  await page.getByRole('link', { name: 'sign in', exact: true }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.getByRole('heading', { name: 'Welcome, Maria' }).waitFor();
}
