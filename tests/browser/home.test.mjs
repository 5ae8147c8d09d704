// Browser test: the home page after sign-in (issue 15.1). A parent of two
// lands on it, sees the cards of one child (named with age), switches to
// the other, and the remembered child opens the record, Messages and
// "New message" without choosing again; axe at phone (375 px) and
// desktop (1280 px) width, with nothing wider than the window. Another
// child chosen in the compose form keeps what was written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, signUpAndIn, shots, axe, nav } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await stop(env); });

async function noSideways(page, what) {
  const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(w[0] <= w[1], `${what}: ${w[0]} px wide in a ${w[1]} px window`);
}

test('a parent of two: home cards, switching, the remembered child', async () => {
  const { info, browser } = env;
  const [lily, leo] = info.patients;
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await signUpAndIn(page, info, lily, 'maria.home@example.org', 'Harbor7Lantern');
  assert.equal(new URL(page.url()).pathname, '/home/');
  assert.match(await page.locator('p.about').textContent(), /^About: Lily Lopez, 9 years$/);
  for (const h of ['Messages', 'Upcoming visits', 'New results', 'Things to do']) {
    assert.ok(await page.getByRole('heading', { name: h, level: 2 }).isVisible(), h);
  }
  assert.ok(await page.getByRole('link', { name: 'Turn on two-step sign-in' }).isVisible());
  // Home is the first link of the signed-in navigation.
  // (On a phone the links sit behind the Menu: read the markup's order.)
  const first = page.locator('header nav[aria-label="Account"] a').first();
  assert.equal((await first.textContent()).trim(), 'Home');

  // Add the second child from the home page.
  await page.getByRole('link', { name: 'Add a patient' }).click();
  await page.getByLabel("The patient's parent or legal guardian").check();
  await page.getByLabel(/Activation token and date of birth/).check();
  await page.getByLabel('Activation token', { exact: true }).fill(leo.token);
  await page.getByLabel("Patient's date of birth").fill(leo.dob);
  await page.getByRole('button', { name: 'Add the patient' }).click();
  await page.getByText('The patient was added to your account.').waitFor();
  // My account: each child with age.
  assert.match(await page.locator('ul.patients').textContent(), /Leo Lopez, 6 years/);

  for (const [width, height] of [[375, 812], [1280, 900]]) {
    await page.setViewportSize({ width, height });
    await nav(page, 'Home');
    await page.getByRole('heading', { name: 'Welcome, Maria', level: 1 }).waitFor();
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Leo Lopez' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/home\/\?p=\d+$/);
    assert.match(await page.locator('p.about').textContent(), /^About: Leo Lopez, 6 years$/);
    await axe(page, `home at ${width} px`);
    await noSideways(page, `home at ${width} px`);
    await page.screenshot({ path: join(shots, `home-${width}.png`), fullPage: true });

    // Leo is remembered: the record, Messages and the compose page.
    await nav(page, 'Health record');
    await page.getByRole('heading', { name: 'Leo Lopez', level: 1 }).waitFor();
    await nav(page, 'Messages');
    assert.match(await page.locator('p.about').textContent(), /Leo Lopez/);
    await page.getByRole('link', { name: 'New message' }).click();
    assert.match(await page.locator('p.about').textContent(), /^About: Leo Lopez, 6 years$/);
    assert.equal(await page.getByLabel('Message about').inputValue(),
      new URL(page.url()).searchParams.get('p'));
    await axe(page, `compose at ${width} px`);
    await noSideways(page, `compose at ${width} px`);
    // Back to Lily for the next round.
    await nav(page, 'Home');
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Lily Lopez' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/home\/\?p=\d+$/);
  }
  await page.close();

  // A new sign-in remembers nobody yet: "New message" asks which child,
  // with none chosen, and shows no form until one is.
  for (const [width, height] of [[375, 812], [1280, 900]]) {
    const p2 = await browser.newPage({ viewport: { width, height } });
    await p2.goto(new URL('/login/', info.url).href);
    await p2.getByLabel('E-mail address').fill('maria.home@example.org');
    await p2.getByLabel('Password', { exact: true }).fill('Harbor7Lantern');
    await p2.getByLabel('Password', { exact: true }).press('Enter');
    await p2.getByRole('heading', { name: 'Welcome, Maria', level: 1 }).waitFor();
    await p2.goto(new URL('/messages/new', info.url).href);
    assert.equal(await p2.getByLabel('Message about').inputValue(), '');
    assert.equal(await p2.locator('#compose').count(), 0);
    await axe(p2, `compose, choose the child, at ${width} px`);
    await noSideways(p2, `compose, choose the child, at ${width} px`);
    await p2.getByLabel('Message about').selectOption({ label: 'Leo Lopez' });
    await p2.getByRole('button', { name: 'Continue' }).click();
    await p2.locator('#compose').waitFor();
    assert.match(await p2.locator('p.about').textContent(), /^About: Leo Lopez, 6 years$/);
    // Written, then another child chosen in the form: the page again for
    // Lily with what was written, nothing sent.
    await p2.getByLabel('Subject').fill('About the cough');
    await p2.getByLabel('Message', { exact: true }).fill('It started on Monday.\nStill there.');
    await p2.getByLabel('Message about').selectOption({ label: 'Lily Lopez' });
    await p2.getByRole('button', { name: 'Send' }).click();
    await p2.getByText(/^Nothing was sent: check the care team/).waitFor();
    assert.match(await p2.locator('p.about').textContent(), /^About: Lily Lopez, 9 years$/);
    assert.equal(await p2.getByLabel('Subject').inputValue(), 'About the cough');
    assert.equal(await p2.getByLabel('Message', { exact: true }).inputValue(),
      'It started on Monday.\nStill there.');
    await axe(p2, `compose, another child chosen, at ${width} px`);
    await noSideways(p2, `compose, another child chosen, at ${width} px`);
    await p2.close();
  }
});
