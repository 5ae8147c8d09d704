// Browser test: a parent pays a billing statement (issue 14.3, 14.4)
// through the stand-in payment processor under the portal's real
// Content-Security-Policy: the statement comes in by `portalctl
// statements import`; "Bills" in the navigation lists it with the
// balance; the statement page shows its lines and the pay form; a part
// payment typed in dollars goes to the stand-in's card page and comes
// back received; the statement then shows what is due now. On a phone,
// an amount larger than due is refused with the amount typed kept. The
// portal's pages pass axe's WCAG 2.1 A/AA rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, shots, signUpAndIn, portalctl, check, nav } from './lib.mjs';

let env, info, browser;
before(async () => {
  env = await start();
  ({ info, browser } = env);
});
after(async () => { await stop(env); });

const HEADER = 'statement,guarantor_account,guarantor_name,guarantor_email,'
  + 'statement_date,due_date,balance,mrn,service_date,description,charges,'
  + 'insurance_paid,adjustments,patient_due,confidential\n';

function statement(number, email, mrn) {
  const row = (desc, ch, ins, due) => `${number},G-${number},Maria Lopez,${email},`
    + `2026-11-15,2026-12-15,150.00,${mrn},2026-10-02,${desc},${ch},${ins},0.00,${due},N\n`;
  portalctl(info, ['statements', 'import', '-'],
    HEADER + row('Office visit', '300.00', '200.00', '100.00')
    + row('Echocardiogram', '250.00', '200.00', '50.00'));
}

async function flow(width, height, child, email, number, suffix) {
  const page = await browser.newPage({ viewport: { width, height } });
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  await signUpAndIn(page, info, child, email, 'Harbor7Lantern');
  statement(number, email, child.mrn);
  await nav(page, 'Bills');
  await page.getByRole('heading', { name: 'Billing statements' }).waitFor();
  assert.match(await page.locator('#accounts tbody tr').first().textContent(), /\$150\.00/);
  await check(page, 'the statements page');
  await page.getByRole('link', { name: `Statement ${number}` }).click();
  await page.getByRole('heading', { name: `Statement ${number}` }).waitFor();
  assert.ok(await page.getByText('Echocardiogram').isVisible());
  await check(page, 'the statement page');
  await page.screenshot({ path: join(shots, `billing-statement-${suffix}.png`), fullPage: true });

  const amount = page.getByLabel(/Amount to pay in dollars/);
  if (suffix === 'p') {
    await amount.fill('200.00');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByText('The amount is more than the $150.00 due now.').waitFor();
    assert.equal(await page.getByLabel(/Amount to pay in dollars/).inputValue(), '200.00');
    await check(page, 'the refused amount');
    await page.screenshot({ path: join(shots, `billing-refused-${suffix}.png`), fullPage: true });
    await page.close();
    return;
  }
  await amount.fill('40');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.getByRole('heading', { name: 'Pay by card' }).waitFor();
  assert.equal(new URL(page.url()).origin, new URL(info.pay_url).origin);
  assert.ok(await page.getByText('Amount: $40.00 USD').isVisible());
  await page.getByLabel('Card number').fill('4111 1111 1111 1111');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.getByRole('heading', { name: 'Payment received' }).waitFor();
  assert.ok(!(await page.content()).includes('4111'), 'no card number on the portal');
  await check(page, 'the return page');
  await page.getByRole('link', { name: 'Back to the statement' }).click();
  await page.getByRole('heading', { name: `Statement ${number}` }).waitFor();
  assert.match(await page.locator('#totals').textContent(), /Due now\s*\$110\.00/);
  await page.screenshot({ path: join(shots, `billing-paid-${suffix}.png`), fullPage: true });
  assert.deepEqual(cspErrors, [], 'the CSP blocked nothing');
  await page.close();
}

test('a parent pays part of a statement on a desktop; too much on a phone', async () => {
  await flow(1280, 900, info.patients[0], 'maria.bill1@example.org', 'B1001', 'd');
  await flow(390, 844, info.patients[1], 'maria.bill2@example.org', 'B1002', 'p');
});
