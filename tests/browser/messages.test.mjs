// Browser test: a parent writes to the care team with a photo attached,
// sees the emergency notice, and finds the message in the list with the
// time the answer is due (F-MSG 1-3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import zlib from 'node:zlib';
import { start, stop, signUpAndIn, shots, nav, check } from './lib.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await stop(env); });

// A real 1x1 PNG.
function png() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0))]);
}

test('a parent sends a message with a photo and sees when the answer is due', async () => {
  const { info, browser } = env;
  const photo = join(tmpdir(), `rash-${process.pid}.png`);
  writeFileSync(photo, png());
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await signUpAndIn(page, info, info.patients[0], 'maria.msg@example.org', 'Harbor7Lantern');

  await nav(page, 'Messages');
  await page.getByRole('link', { name: 'New message' }).click();
  assert.ok(await page.getByText('In an emergency, call 911', { exact: true }).isVisible());
  await page.getByLabel('Kind of question').selectOption({ label: 'A medical question (not urgent)' });
  await page.getByLabel('Subject').fill('Rash on the arm');
  await page.getByLabel('Message').fill('The rash is *smaller* today. Photo attached.');
  await page.getByLabel('Attachments (optional)').setInputFiles(photo);
  await page.screenshot({ path: join(shots, 'compose.png'), fullPage: true });
  await check(page, 'the compose form');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Your message was sent to the care team.').waitFor();
  const due = (await page.locator('#due').textContent()).trim();
  assert.match(due, /^(Monday|Tuesday|Wednesday|Thursday|Friday), \w+ \d+, \d{4}, 5:00 p\.m\.$/);
  assert.ok(await page.getByRole('link', { name: 'rash-' }).first().isVisible());
  assert.equal(await page.locator('.md em').textContent(), 'smaller');
  await check(page, 'the thread');

  await page.getByRole('link', { name: 'Back to messages' }).click();
  const item = page.getByRole('listitem').filter({ hasText: 'Rash on the arm' });
  await item.waitFor();
  assert.match(await item.textContent(), new RegExp(`answer expected by ${due}`));
  await page.screenshot({ path: join(shots, 'messages.png'), fullPage: true });
  await check(page, 'the messages list');
  await page.close();
});
