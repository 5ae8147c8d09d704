// Browser test (issue 15.5-15.7): the front page, help and FAQ, the privacy
// policy, the contact form (a refusal keeps the multi-line text, then the
// thank-you page), the portal's 404 page and the provider FAQ, each with the
// configuration's names and numbers, checked by axe-core at a phone's width
// (375 px) and a desktop's (1280 px), without sideways scrolling; the
// manifest linked from the page; sign-out's Clear-Site-Data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, axe, shots, signUpAndIn, nav } from './lib.mjs';

const CONF = {
  hospital_name: 'Quillfeather Valley Hospital for Children',
  portal_name: 'KidLink Zeta',
  support_phone: '555-0142-9871',
  support_hours: 'Tuesdays 7:15 to 9:45 only',
};

let env, info, browser;

before(async () => {
  env = await start(CONF);
  ({ info, browser } = env);
});

after(async () => { await stop(env); });

async function noSidewaysScroll(page, what) {
  const [sw, cw] = await page.evaluate(() =>
    [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw <= cw, `${what}: ${sw} px wide in a ${cw} px window`);
}

async function carriesConf(page, what) {
  const text = await page.locator('body').innerText();
  for (const v of Object.values(CONF)) assert.ok(text.includes(v), `${what}: ${v}`);
}

for (const width of [375, 1280]) {
  test(`public pages at ${width} px`, async () => {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    for (const [path, heading] of [
      ['/', /health information/],
      ['/help/', 'Help and frequently asked questions'],
      ['/help/privacy', 'Privacy policy'],
      ['/help/contact', /Contact KidLink Zeta Support/],
      ['/no-such-page', 'Page not found'],
    ]) {
      await page.goto(new URL(path, info.url).href);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await carriesConf(page, path);
      await noSidewaysScroll(page, `${path} at ${width}`);
      await axe(page, `${path} at ${width} px`);
    }
    await page.goto(new URL('/', info.url).href);
    assert.equal(await page.locator('link[rel=manifest]').getAttribute('href'),
      '/help/manifest.webmanifest');
    await page.screenshot({ path: join(shots, `front-${width}.png`), fullPage: true });
    await page.goto(new URL('/provider/help', info.url).href);
    await page.getByRole('heading', { level: 1, name: 'Provider portal help' }).waitFor();
    await noSidewaysScroll(page, `/provider/help at ${width}`);
    await axe(page, `/provider/help at ${width} px`);
    await page.close();
  });
}

test('the contact form keeps what was typed, then thanks', async () => {
  for (const width of [375, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.goto(new URL('/help/contact', info.url).href);
    const message = `Hello,\n\nthe sign-in page at ${width} px\nsays my password is wrong.`;
    await page.getByLabel('Your name').fill('Robin Example');
    await page.getByLabel(/Your e-mail address/).fill('robin-at-example');
    await page.getByLabel('What is it about?').selectOption('account');
    await page.getByLabel('Your message').fill(message);
    await page.getByRole('button', { name: 'Send to Support' }).click();
    await page.getByRole('heading', { name: 'Please correct the following' }).waitFor();
    assert.equal(await page.getByLabel('Your message').inputValue(), message);
    assert.equal(await page.getByLabel('What is it about?').inputValue(), 'account');
    await noSidewaysScroll(page, `contact refused at ${width}`);
    await axe(page, `contact refused at ${width} px`);
    await page.getByLabel(/Your e-mail address/).fill(`robin${width}@example.org`);
    await page.getByRole('button', { name: 'Send to Support' }).click();
    await page.getByRole('heading', { name: 'Thank you for writing' }).waitFor();
    await carriesConf(page, 'thank you');
    await axe(page, `contact sent at ${width} px`);
    await page.close();
  }
});

test('signed-in pages carry the names; sign-out clears the site', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await signUpAndIn(page, info, info.patients[0], 'help.parent@example.org', 'Harbor7Lantern');
  await carriesConf(page, 'account');
  await page.goto(new URL('/help/', info.url).href);
  // Signed in, the help page has the header's menu with "Sign out" (on a
  // phone behind the Menu button).
  assert.equal(await page.locator('header nav.menu').getByText('Sign out', { exact: true }).count(), 1);
  await axe(page, 'help signed in at 375 px');
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/login/out')),
    nav(page, 'Sign out'),
  ]);
  assert.equal((await resp.allHeaders())['clear-site-data'], '"cache", "cookies", "storage"');
  await page.getByRole('heading', { name: /Sign in/ }).first().waitFor();
  // The browser did it: no cookie of the portal is left.
  assert.deepEqual(await page.context().cookies(info.url), []);
  await page.close();
});
