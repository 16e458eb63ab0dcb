// Security keys in the browser, with Chromium's virtual authenticator (DevTools protocol
// WebAuthn.addVirtualAuthenticator): register a key from the security page, sign out, sign in
// with it, remove it; and a keys-only organization stops a member with only an app until they
// add a key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, startServer, launch, apiUser, apiOrg, addMember, nextCode, checkA11y, screenshot,
  api, submit, signOut,
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

/** A browser context with a virtual security key plugged in. */
async function withKey() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'usb', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true,
    },
  });
  return { context, page };
}

async function signIn(page, email) {
  await page.goto(`${server.url}/sign-in?next=/account/security`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

test('register a security key, sign in with it, remove it', async () => {
  const base = server.url;
  await apiUser(base, 'kai@example.org', { name: 'Kai' });
  const { context, page } = await withKey();
  await signIn(page, 'kai@example.org');
  await page.getByLabel('Name of the new security key').fill('Blue key');
  // The next page's button needs its script: the page has loaded when `submit` returns.
  await submit(page, page.getByRole('button', { name: 'Add a security key' }));
  await checkA11y(page, assert);
  await page.getByRole('button', { name: 'Use my security key' }).click();
  await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
  const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allTextContents();
  assert.equal(codes.length, 10, 'the first method brings recovery codes');
  await page.getByRole('link', { name: 'I saved them, continue' }).click();
  await page.getByRole('row', { name: /Blue key/ }).waitFor();

  await signOut(page);
  await signIn(page, 'kai@example.org');
  assert.match(page.url(), /\/sign-in\/second-step/);
  await checkA11y(page, assert);
  await screenshot(page, 'second-step-security-key');
  await page.getByRole('button', { name: 'Use my security key' }).click();
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account/security');

  await page.getByRole('link', { name: 'Remove Blue key' }).click();
  await page.getByRole('button', { name: 'Remove Blue key' }).click();
  await page.getByText('Your account is protected by its password alone.').waitFor();
  await context.close();
});

test('a keys-only organization stops an app-only member until they add a key', async () => {
  const base = server.url;
  const owner = await apiUser(base, 'owner@keys.example', { mfa: true, name: 'Olive' });
  const org = await apiOrg(base, owner, 'Keys Only');
  const mo = await apiUser(base, 'mo@keys.example', { mfa: true, name: 'Mo' });
  await addMember(base, org, owner, mo);
  const res = await api(base, 'PUT', `/api/v1/orgs/${org}/mfa-policy`, {
    token: owner.token,
    body: { enforced: true, allowed_methods: ['webauthn'], confirm: 'ENFORCE' },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));

  const { context, page } = await withKey();
  await signIn(page, mo.email);
  await page.getByLabel(/Code from/).fill(nextCode(mo));
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  await page.goto(`${base}/orgs/${org}`);
  assert.match(page.url(), /\/setup-required/);
  await page.getByRole('link', { name: 'Set up two-factor authentication' }).click();
  await submit(page, page.getByRole('button', { name: 'Add a security key' }));
  await page.getByRole('button', { name: 'Use my security key' }).click();
  // Back where he was going, now let in.
  await page.getByRole('heading', { name: 'Keys Only' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/orgs/${org}`);
  await context.close();
});
