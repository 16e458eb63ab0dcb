// The security page: app passwords (shown once, then usable by a sync tool, then revoked),
// remembered devices (forgotten from the page), new recovery codes, and turning 2FA off
// after a confirmation; at a phone's width too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, startServer, launch, apiUser, nextCode, totp, nowStep, checkA11y, screenshot, submit, signOut,
} from './helpers.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('app passwords, remembered devices, new recovery codes and turning 2FA off', async () => {
  const base = server.url;
  const ada = await apiUser(base, 'ada@example.org', { mfa: true, name: 'Ada' });
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in?next=/account/security`);
  await page.getByLabel('Email').fill(ada.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.getByLabel(/Code from/).fill(nextCode(ada));
  await page.getByLabel('Remember this device').check();
  await page.getByLabel('On this network only').check();
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  // The remembered browser says which network it belongs to, bound there by Ada's choice.
  const remembered = page.getByRole('row', { name: /this network only/ });
  await remembered.getByText('127.0.0.0/24').waitFor();

  // Nothing is wider than the phone's screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await screenshot(page, 'security-phone');

  await page.getByLabel('Name of the new app password').fill('Thunderbird');
  await page.getByRole('button', { name: 'Create an app password' }).click();
  const password = (await page.locator('#new-app-password').textContent()).trim();
  assert.ok(password.length >= 20);
  const basic = `Basic ${Buffer.from(`${ada.email}:${password}`).toString('base64')}`;
  const whoami = () => fetch(`${base}/api/v1/sync/whoami`, { headers: { authorization: basic } });
  assert.equal((await whoami()).status, 200);
  await page.getByRole('row', { name: /Thunderbird/ }).waitFor();
  await checkA11y(page, assert);

  await page.getByRole('button', { name: 'Revoke Thunderbird' }).click();
  await page.getByText('The app password was revoked.').waitFor();
  assert.equal((await whoami()).status, 401);

  await page.getByRole('button', { name: /^Forget/ }).click();
  await page.getByText('The device was forgotten').waitFor();
  assert.equal(await page.getByRole('button', { name: /^Forget/ }).count(), 0);

  await submit(page, page.getByRole('button', { name: 'Make new recovery codes' }));
  const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allTextContents();
  assert.equal(codes.length, 10);
  await page.getByRole('link', { name: 'I saved them, continue' }).click();

  // A second app, made the default, then removed after a confirmation.
  await page.getByLabel('Name of the new authenticator app').fill('Backup phone');
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  const secret = (await page.locator('#manual-key').textContent()).trim();
  await page.getByLabel('Code from the app').fill(totp(secret, nowStep()));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await page.getByText('Two-factor authentication is on').waitFor();
  await page.getByRole('button', { name: 'Make default Backup phone' }).click();
  await page.getByText('The default method was changed.').waitFor();
  await page.getByRole('row', { name: /Backup phone/ }).getByText('Default').waitFor();
  await page.getByRole('link', { name: 'Remove Backup phone' }).click();
  await page.getByRole('button', { name: 'Remove Backup phone' }).waitFor();
  await checkA11y(page, assert);
  await page.getByRole('button', { name: 'Remove Backup phone' }).click();
  await page.getByText('The method was removed.').waitFor();
  assert.equal(await page.getByRole('row', { name: /Backup phone/ }).count(), 0);

  // Signing in with a recovery code instead ("use another method").
  await signOut(page);
  await page.getByLabel('Email').fill(ada.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.getByRole('link', { name: 'A recovery code' }).click();
  await page.getByLabel('Recovery code').fill(codes[0]);
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  // Signed in without a page to return to, one lands on home.
  await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
  await page.getByRole('link', { name: 'Security', exact: true }).click();
  await page.getByText('9 recovery codes left').waitFor();

  await page.getByRole('link', { name: 'Turn two-factor authentication off' }).click();
  await page.getByRole('button', { name: 'Turn it off' }).waitFor();
  await checkA11y(page, assert);
  await page.getByRole('button', { name: 'Turn it off' }).click();
  await page.getByText('Two-factor authentication is off.').waitFor();
  await page.getByText('Your account is protected by its password alone.').waitFor();
  await context.close();
});
