// Browser test: a parent reads Lily's lab results and the trend of a
// repeated one (issue 15.2): the table with its flags in words, the
// current section marked, the server-drawn chart with its table, on a
// phone (375 px) and a desktop (1280 px), each page passing axe-core's
// WCAG 2.1 A/AA rules with nothing scrolling sideways; then the download
// named after the patient and the day. In Debian's headless Chromium,
// through nginx.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, stop, axe, portalctl, root, shots, signUpAndIn } from './lib.mjs';

let env, info, browser;

before(async () => {
  env = await start();
  ({ info, browser } = env);
});

after(async () => { await stop(env); });

// Three results documents for the child (hemoglobin 10.2, 11.0, 12.4 g/dL
// three weeks apart, with a glucose), written by the HTTP tests' builder
// and imported as hospital IT would.
function importLabs(child) {
  const dir = mkdtempSync(join(tmpdir(), 'record-labs-'));
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

async function noSidewaysScroll(page, what) {
  const [sw, w] = await page.evaluate(() =>
    [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= w, `${what}: ${sw} px wide in a ${w} px window`);
}

test('a parent reads a lab result and its trend, on a phone and a desktop', async () => {
  const lily = info.patients[0];
  importLabs(lily);
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await signUpAndIn(page, info, lily, 'maria.labs@example.org', 'Harbor7Lantern');

  await page.getByRole('link', { name: 'Health record' }).click();
  await page.getByRole('heading', { name: 'Lily Lopez', level: 1 }).waitFor();
  assert.match(await page.locator('.rec-head .hint').textContent(),
    /^Born \d{1,2} [A-Z][a-z]+ \d{4} \(age 9 years\)\./);
  const nav = page.getByRole('navigation', { name: 'Record sections' });
  await nav.getByRole('link', { name: 'Lab results' }).click();
  await page.getByRole('table', { name: /Lab results of Lily Lopez/ }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Lab results' })
    .getAttribute('aria-current'), 'page');
  assert.equal(await nav.locator('[aria-current="page"]').count(), 1);

  const table = page.getByRole('table', { name: /Lab results/ });
  const glucose = table.getByRole('row', { name: /Glucose/ });
  assert.match(await glucose.textContent(), /High/);
  assert.equal(await glucose.locator('strong.flag').count(), 1);
  const newest = table.getByRole('row', { name: /^Hemoglobin/ }).first();
  assert.match(await newest.textContent(), /12\.4/);
  assert.doesNotMatch(await table.textContent(), /\[Mass\/volume\] in Blood/);

  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await axe(page, `lab results at ${width} px`);
    await noSidewaysScroll(page, `lab results at ${width} px`);
  }
  await page.screenshot({ path: join(shots, 'record-labs.png'), fullPage: true });

  await page.setViewportSize({ width: 375, height: 812 });
  await newest.getByRole('link', { name: /See the trend \(3 results\)/ }).click();
  await page.getByRole('heading', { name: 'Trend: Hemoglobin' }).waitFor();
  const chart = page.getByRole('img', { name: 'Hemoglobin over time' });
  await chart.waitFor();
  assert.equal(await page.locator('svg.chart circle.dot').count(), 3);
  const values = await page.getByRole('table', { name: /Every result of Hemoglobin/ })
    .locator('tbody tr td:first-of-type').allTextContents();
  assert.deepEqual(values, ['10.2', '11.0', '12.4']);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await axe(page, `the trend at ${width} px`);
    await noSidewaysScroll(page, `the trend at ${width} px`);
  }
  await page.screenshot({ path: join(shots, 'record-trend.png'), fullPage: true });

  await nav.getByRole('link', { name: 'Summary' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download (C-CDA)' }).click(),
  ]);
  assert.match(download.suggestedFilename(),
    /^health-record-Lily-Lopez-\d{4}-\d\d-\d\d\.xml$/);
  await page.close();
});
