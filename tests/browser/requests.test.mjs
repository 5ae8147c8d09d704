// Browser test: a provider asked to see Lily's record (the request row is
// made here, as the provider pages make it); her parent signs in, follows
// "Requests to see a record" from the home page (with its count), reads
// who asked (the provider directory loaded from the NPPES sample file),
// and approves with the keyboard -- on a phone-sized screen, in Debian's
// headless Chromium, through nginx; the page passes axe's WCAG 2.1 A/AA
// rules before and after. Issue 12.3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { start, stop, root, shots, signUpAndIn } from './lib.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
let env, info, browser;

before(async () => {
  env = await start();
  ({ info, browser } = env);
});

after(async () => { await stop(env); });

function portalctl(args, input) {
  return execFileSync(join(root, 'bin', 'portalctl'), args,
    { env: { ...process.env, PORTAL_CONF: info.conf }, input });
}

// Runs SQL on the portal's database (SQLite: the browser tests' engine).
function sql(statement, ...args) {
  const db = readFileSync(info.conf, 'utf8').match(/^database\s*=\s*(.+)$/m)[1].trim();
  execFileSync('python3', ['-c',
    'import sqlite3, sys, json\n'
    + 'c = sqlite3.connect(sys.argv[1])\n'
    + 'c.execute(sys.argv[2], json.loads(sys.argv[3]))\n'
    + 'c.commit()', db, statement, JSON.stringify(args)]);
}

async function axe(page) {
  await page.addScriptTag({ path: axePath });
  const r = await page.evaluate(async () => {
    const res = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return {
      passes: res.passes.length,
      violations: res.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`),
    };
  });
  assert.ok(r.passes > 5, `axe ran (${r.passes} rules passed)`);
  return r.violations;
}

test('a parent answers a provider\'s request from the home page', async () => {
  const [lily] = info.patients;
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  await signUpAndIn(page, info, lily, 'maria.lopez@example.org', 'Harbor7Lantern');

  portalctl(['providers', 'import', join(root, 'tests', 'import', 'nppes_sample.csv')]);
  portalctl(['provider', 'add', '--email', 'linh.nguyen@clinic.example.org',
    '--given', 'Linh', '--family', 'Nguyen'], 'Referral8Clinic\n');
  sql("UPDATE provider_accounts SET provider_id = (SELECT id FROM providers "
    + "WHERE npi = '1987654328') WHERE email = 'linh.nguyen@clinic.example.org'");
  sql('INSERT INTO access_requests (patient_id, account_id, provider_id, kind, created) '
    + 'SELECT p.id, a.id, a.provider_id, \'share\', ? FROM patients p, provider_accounts a '
    + 'WHERE p.mrn = ? AND a.email = \'linh.nguyen@clinic.example.org\'',
  Math.floor(Date.now() / 1000), lily.mrn);

  await page.goto(new URL('/account/', info.url).href);
  await page.getByText('1 request is waiting for your answer').waitFor();
  await page.getByRole('link', { name: 'Requests to see a record' }).click();
  const heading = page.getByRole('heading', { name: /Linh Nguyen, M.D. asks to see Lily Lopez/ });
  await heading.waitFor();
  assert.ok(await page.getByText('Pediatrics', { exact: true }).isVisible());
  assert.ok(await page.getByText('Boston, MA').isVisible());
  assert.deepEqual(await axe(page), [], 'the requests page passes axe');
  await page.screenshot({ path: join(shots, 'requests.png'), fullPage: true });

  // The keyboard: Approve is reachable and works with Enter.
  const approve = page.getByRole('button', { name: 'Approve' });
  await approve.focus();
  await page.keyboard.press('Enter');
  await page.getByText('Approved: the provider can now see the record').waitFor();
  assert.ok(await page.getByText('No provider is waiting for an answer.').isVisible());
  assert.deepEqual(await axe(page), [], 'the page after the answer passes axe');
  await page.close();
});
