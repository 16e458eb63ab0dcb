// SMS codes and push approval in the browser: a sign-in approved from a second browser where
// the account is signed in (the prompt appears on its page, the number is picked there), a
// phone number added with the texted code (read from the outbox's .json files) and used at
// sign-in, and an authenticator device (`twofold authenticator`, a separate process) added from
// the security page and approving a sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  PASSWORD, root, startServer, launch, apiUser, nextCode, checkA11y, screenshot, submit, signOut,
} from './helpers.mjs';

const run = promisify(execFile);
const bin = process.env.TWOFOLD_BIN || path.join(root, 'target', 'debug', 'twofold');

let server;
let browser;

before(async () => {
  server = await startServer({ TWOFOLD_SMS__RESEND_SECONDS: '0' });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function signIn(page, email) {
  await page.goto(`${server.url}/sign-in?next=/account/security`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

/** The codes texted to `e164` so far, oldest first (files are named by time-ordered ids). */
function textedCodes(e164) {
  const dir = path.join(server.dir, 'outbox');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8')))
    .filter((m) => m.to === e164)
    .map((m) => m.text.slice(0, 6));
}

async function waitForCode(e164, n) {
  for (let i = 0; i < 200; i += 1) {
    const codes = textedCodes(e164);
    if (codes.length >= n) return codes[n - 1];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no text number ${n} to ${e164}`);
}

test('a sign-in is approved from another browser where the account is signed in', async () => {
  const base = server.url;
  const ada = await apiUser(base, 'ada@example.org', { mfa: true, name: 'Ada' });
  const first = await browser.newContext();
  const trusted = await first.newPage();
  await signIn(trusted, ada.email);
  await trusted.getByLabel(/Code from/).fill(nextCode(ada));
  await submit(trusted, trusted.getByRole('button', { name: 'Continue' }));
  await trusted.getByRole('heading', { name: 'Security' }).waitFor();

  const second = await browser.newContext();
  const page = await second.newPage();
  await signIn(page, ada.email);
  await page.getByRole('link', { name: /Approve on your device or in a signed-in browser/ }).click();
  await page.getByRole('button', { name: 'Send an approval request' }).click();
  const number = (await page.locator('.big-number').textContent()).trim();
  assert.match(number, /^[1-9][0-9]$/);
  await checkA11y(page, assert);
  await screenshot(page, 'push-waiting');

  // The trusted browser's page shows the prompt by itself, and the request lists three numbers.
  await trusted.getByRole('link', { name: /waiting for your approval/ }).click();
  await trusted.getByRole('heading', { name: 'Sign-ins waiting for you' }).waitFor();
  const buttons = trusted.getByRole('button', { name: /^[0-9]{2}$/ });
  assert.equal(await buttons.count(), 3);
  await checkA11y(trusted, assert);
  await screenshot(trusted, 'push-approve');
  await trusted.getByRole('button', { name: number, exact: true }).click();
  await trusted.getByText('Approved: the sign-in continues.').waitFor();

  // The waiting page notices within a few seconds and goes on, signed in.
  await page.getByRole('heading', { name: 'Security' }).waitFor({ timeout: 15000 });
  assert.equal(new URL(page.url()).pathname, '/account/security');
  await first.close();
  await second.close();
});

test('a phone number is added with the texted code and signs in', async () => {
  const base = server.url;
  await apiUser(base, 'sam@example.org', { name: 'Sam' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'sam@example.org');
  await page.getByLabel('Mobile number for SMS codes').fill('+33 6 12 34 56 78');
  await page.getByRole('button', { name: 'Add a phone number' }).click();
  await page.getByText('We texted a code to +33').waitFor();
  await checkA11y(page, assert);
  await page.getByLabel('Code from the text').fill(await waitForCode('+33612345678', 1));
  await page.getByRole('button', { name: 'Add the phone' }).click();
  await page.getByRole('link', { name: 'I saved them, continue' }).click();
  await page.getByRole('row', { name: /Phone \+33/ }).waitFor();

  await signOut(page);
  await signIn(page, 'sam@example.org');
  await page.getByRole('button', { name: 'Text me a code' }).click();
  await page.getByText(/We texted a code to \+33/).waitFor();
  await page.getByLabel(/Code from the text/).fill(await waitForCode('+33612345678', 2));
  await checkA11y(page, assert);
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  await context.close();
});

test('an authenticator device is added from the security page and approves a sign-in', async () => {
  const base = server.url;
  await apiUser(base, 'dev@example.org', { name: 'Dev' });
  const state = path.join(server.dir, 'device.json');
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'dev@example.org');
  await page.getByLabel('Name of the new authenticator device').fill('Laptop');
  await page.getByRole('button', { name: 'Add an authenticator device' }).click();
  const command = (await page.locator('pre code').textContent()).trim();
  const link = command.match(/'([^']+)'/)[1];
  await checkA11y(page, assert);
  await run(bin, ['authenticator', 'enroll', link, '--name', 'Laptop', '--state', state]);
  const { stdout } = await run(bin, ['authenticator', 'code', '--state', state]);
  await page.getByLabel('Code from the device').fill(stdout.trim());
  await page.getByRole('button', { name: 'Add the device' }).click();
  await page.getByRole('link', { name: 'I saved them, continue' }).click();
  await page.getByRole('row', { name: /Laptop/ }).waitFor();

  await signOut(page);
  await signIn(page, 'dev@example.org');
  await page.getByRole('button', { name: 'Send an approval request' }).click();
  const number = (await page.locator('.big-number').textContent()).trim();
  const approved = await run(bin, [
    'authenticator', 'watch', '--once', '--pick', number, '--timeout', '20', '--state', state,
  ]);
  assert.match(approved.stdout, /approved/);
  await page.getByRole('heading', { name: 'Security' }).waitFor({ timeout: 15000 });
  await context.close();
});
