// Passkeys in the browser (issue 19), with Chromium's virtual authenticator keeping discoverable
// credentials and verifying its user: add a passkey from the security page, sign out, sign in
// with it alone (the button, then the email field's autofill); and an organization allowing
// only phishing-resistant factors stops a member with only an app until they add a passkey.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, startServer, launch, apiUser, apiOrg, addMember, nextCode, checkA11y, screenshot,
  api, signOut, submit,
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

/**
 * A browser context with a platform authenticator: a phone's or laptop's passkeys. Chromium's
 * virtual authenticator answers an autofill (conditional) request as soon as the page makes
 * it, as a person picking the suggestion would; `autofill: false` is a browser without that
 * feature, where the button is the way.
 */
async function withPasskeys({ autofill = false } = {}) {
  const context = await browser.newContext();
  if (!autofill) {
    await context.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  return { context, page, cdp, authenticatorId };
}

async function signIn(page, email, next = '/account/security') {
  await page.goto(`${server.url}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

async function addPasskey(page) {
  // The next page's button needs its script: the page has loaded when `submit` returns.
  await submit(page, page.getByRole('button', { name: 'Add a passkey' }));
  await page.getByRole('button', { name: 'Create my passkey' }).click();
}

test('add a passkey, sign out, sign in with it alone', async () => {
  const base = server.url;
  await apiUser(base, 'lea@example.org', { name: 'Lea' });
  const { context, page, cdp, authenticatorId } = await withPasskeys();
  await signIn(page, 'lea@example.org');
  await addPasskey(page);
  await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
  await page.getByRole('link', { name: 'I saved them, continue' }).click();
  await page.getByRole('row', { name: /Passkey \(passkey\)/ }).waitFor();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].isResidentCredential, true, 'discoverable: it can sign in alone');

  await signOut(page);
  await page.goto(`${base}/sign-in?next=/account/security`);
  // Offered first, email and password still there.
  const button = page.getByRole('button', { name: 'Sign in with a passkey' });
  await button.waitFor();
  await page.getByRole('textbox', { name: 'Password' }).waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'sign-in-with-passkey');
  await button.click();
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account/security');
  const session = await api(base, 'GET', '/api/v1/sessions/current', {
    token: (await context.cookies()).find((c) => c.name === 'twofold_session').value,
  });
  assert.equal(session.body.aal, 'aal2', JSON.stringify(session.body));
  await context.close();
});

test('the email field offers the passkey through autofill', async () => {
  const base = server.url;
  await apiUser(base, 'max@example.org', { name: 'Max' });
  const { context, page } = await withPasskeys({ autofill: true });
  await signIn(page, 'max@example.org');
  await addPasskey(page);
  await page.getByRole('link', { name: 'I saved them, continue' }).click();
  await page.getByRole('row', { name: /Passkey \(passkey\)/ }).waitFor();
  // Not the Sign out button: the signed-out page has the email field too, and the virtual
  // authenticator would sign straight back in from it, racing the page below. A browser whose
  // session is gone is the same start.
  await context.clearCookies();
  // The page asks with mediation "conditional" as it loads; the virtual authenticator answers
  // it as a person picking the passkey from the email field's suggestions would.
  await page.goto(`${base}/sign-in?next=/account/security`);
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account/security');
  await context.close();
});

test('a phishing-resistant-only organization stops an app-only member until they add a passkey', async () => {
  const base = server.url;
  const owner = await apiUser(base, 'owner@pr.example', { mfa: true, name: 'Olive' });
  const org = await apiOrg(base, owner, 'Phish Proof');
  const mo = await apiUser(base, 'mo@pr.example', { mfa: true, name: 'Mo' });
  await addMember(base, org, owner, mo);
  const res = await api(base, 'PUT', `/api/v1/orgs/${org}/mfa-policy`, {
    token: owner.token,
    body: { enforced: true, allowed_methods: ['webauthn'], confirm: 'ENFORCE' },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));

  const { context, page } = await withPasskeys();
  await signIn(page, mo.email, `/orgs/${org}`);
  await page.getByLabel(/Code from/).fill(nextCode(mo));
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  assert.match(page.url(), /\/setup-required/);
  await page.getByRole('link', { name: 'Set up two-factor authentication' }).click();
  await addPasskey(page);
  await page.getByRole('heading', { name: 'Phish Proof' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/orgs/${org}`);

  // Next time the passkey alone lets him in.
  await signOut(page);
  await page.goto(`${base}/sign-in?next=/orgs/${org}`);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await page.getByRole('heading', { name: 'Phish Proof' }).waitFor();
  await context.close();
});

test('after a sign-in with a code, a passkey is offered once', async () => {
  const base = server.url;
  const nia = await apiUser(base, 'nia@example.org', { mfa: true, name: 'Nia' });
  const ola = await apiUser(base, 'ola@example.org', { mfa: true, name: 'Ola' });
  const { context, page } = await withPasskeys();
  // Nia says "Not now": the offer goes, and does not come back at her next sign-in.
  await signIn(page, nia.email, '/account/sessions');
  await page.getByLabel(/Code from/).fill(nextCode(nia));
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  const offer = page.getByRole('status').filter({ hasText: 'Sign in faster next time' });
  await offer.waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'passkey-offer');
  await offer.getByRole('button', { name: 'Not now' }).click();
  await offer.waitFor({ state: 'hidden' });
  await page.reload();
  assert.equal(await offer.isVisible(), false, 'once: a reload does not bring it back');
  await signOut(page);
  await signIn(page, nia.email, '/account/sessions');
  await page.getByLabel(/Code from/).fill(nextCode(nia));
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  await page.getByRole('heading', { name: "Where you're signed in" }).waitFor();
  assert.equal(await offer.isVisible(), false, 'offered once per account');
  await signOut(page);

  // Ola takes it: a passkey, and she is back where she was.
  await signIn(page, ola.email, '/account/sessions');
  await page.getByLabel(/Code from/).fill(nextCode(ola));
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  await submit(page, offer.getByRole('button', { name: 'Add a passkey' }));
  await page.getByRole('button', { name: 'Create my passkey' }).click();
  await page.waitForURL((u) => u.pathname === '/account/sessions');
  const methods = await api(base, 'GET', '/api/v1/me/mfa', { token: ola.token });
  assert.ok(
    methods.body.methods.some((m) => m.webauthn && m.webauthn.passkey),
    JSON.stringify(methods.body),
  );
  await context.close();
});
