// The three seed stories of organization-wide enforcement, done by clicking and typing in the
// web console (set-up steps the story is not about go through the API).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, startServer, launch, api, apiUser, apiOrg, addMember, nextCode, totp, nowStep,
  checkA11y, screenshot, emailsTo, submit, signOut,
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

async function signIn(page, email, { code } = {}) {
  await page.goto(`${server.url}/sign-in?next=/account/security`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  if (code) {
    // Read after the first step: a code read before it may belong to a step that has ended.
    await page.getByLabel(/Code from/).fill(code());
    await submit(page, page.getByRole('button', { name: 'Continue' }));
  }
}

/** An admin's browser, signed in with the second step. */
async function adminPage(admin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, admin.email, { code: () => nextCode(admin) });
  assert.equal(new URL(page.url()).pathname, '/account/security');
  return { context, page };
}

async function savePolicy(page, org, set) {
  await page.goto(`${server.url}/orgs/${org}/policy`);
  // Everything but the requirement and its date is folded under "More options".
  await page.getByText('More options').click();
  await set(page);
  await page.getByRole('button', { name: 'Save the policy' }).click();
}

test('Infomaniak: the admin types ENFORCE, a member is stopped on the web while apps keep working', async () => {
  const base = server.url;
  const admin = await apiUser(base, 'admin@infomaniak.example', { mfa: true, name: 'Ines Admin' });
  const org = await apiOrg(base, admin, 'Infomaniak');
  const max = await apiUser(base, 'max@infomaniak.example', { name: 'Max Member' });
  await addMember(base, org, admin, max);
  const app = await api(base, 'POST', '/api/v1/sessions', { body: { email: max.email, password: PASSWORD, client: 'native' } });
  const appPassword = await api(base, 'POST', '/api/v1/me/app-passwords', { token: max.token, body: { label: 'Mail' } });
  assert.equal(appPassword.status, 201);

  const { context, page } = await adminPage(admin);
  await savePolicy(page, org, async (p) => {
    await p.getByLabel('Require two-factor authentication of every member').check();
  });
  // The confirmation names who will be stopped and wants the word typed.
  await page.getByRole('heading', { name: 'Turn on two-factor enforcement?' }).waitFor();
  await page.getByText(max.email).waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'enforce-dialog');
  await page.getByLabel('Type ENFORCE to confirm').fill('enforce');
  await page.getByRole('button', { name: 'Turn on enforcement' }).click();
  await page.getByText('Type ENFORCE exactly').waitFor();
  await page.getByLabel('Type ENFORCE to confirm').fill('ENFORCE');
  await page.getByRole('button', { name: 'Turn on enforcement' }).click();
  await page.getByText('The policy was saved.').waitFor();
  await page.getByText('Enforcement is on').waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'policy');

  // Max's browser is stopped; his desktop app and his mail client are not.
  const mc = await browser.newContext();
  const mp = await mc.newPage();
  await signIn(mp, max.email);
  await mp.goto(`${base}/orgs/${org}`);
  assert.match(mp.url(), /\/setup-required/);
  assert.equal((await api(base, 'GET', '/api/v1/me', { token: app.body.token })).status, 200);
  const basic = Buffer.from(`${max.email}:${appPassword.body.password}`).toString('base64');
  const sync = await fetch(`${base}/api/v1/sync/whoami`, { headers: { authorization: `Basic ${basic}` } });
  assert.equal(sync.status, 200);

  // The admin's audit log shows the change.
  await page.goto(`${base}/orgs/${org}/audit`);
  await page.getByRole('cell', { name: `${admin.email} turned on the 2FA requirement, at once` }).waitFor();
  await checkA11y(page, assert);
  await mc.close();
  await context.close();
});

test('Informer: a remembered device skips the second step until the admin forbids it', async () => {
  const base = server.url;
  const admin = await apiUser(base, 'admin@informer.example', { mfa: true, name: 'Ida Admin' });
  const org = await apiOrg(base, admin, 'Informer');
  const una = await apiUser(base, 'una@informer.example', { mfa: true, name: 'Una User' });
  await addMember(base, org, admin, una);

  const uc = await browser.newContext();
  const up = await uc.newPage();
  await up.goto(`${base}/sign-in?next=/account/security`);
  await up.getByLabel('Email').fill(una.email);
  await up.getByLabel('Password').fill(PASSWORD);
  await submit(up, up.getByRole('button', { name: 'Sign in', exact: true }));
  await up.getByLabel(/Code from/).fill(nextCode(una));
  await up.getByLabel('Remember this device').check();
  await submit(up, up.getByRole('button', { name: 'Continue' }));
  assert.ok((await uc.cookies()).some((c) => c.name === 'twofold_device'));
  await signOut(up);
  await signIn(up, una.email);
  assert.equal(new URL(up.url()).pathname, '/account/security', 'no second step on this device');

  const { context, page } = await adminPage(admin);
  await savePolicy(page, org, async (p) => {
    await p.getByLabel('Members may have a device remembered').uncheck();
  });
  await page.getByText('The policy was saved.').waitFor();

  // Her open session, let in by the device, must pass the step again (and is not sent round
  // in circles).
  await up.goto(`${base}/account/security`);
  assert.match(up.url(), /\/sign-in\/second-step/);
  await up.getByLabel(/Code from/).waitFor();
  await signOut(up);
  await signIn(up, una.email);
  assert.match(up.url(), /\/sign-in\/second-step/, 'the remembered device no longer counts');
  await context.close();
  await uc.close();
});

test('Scaleway: strict mode lists who is missing, reminders, enforce, invitees enable MFA first, STOP', async () => {
  const base = server.url;
  const owner = await apiUser(base, 'owner@scaleway.example', { mfa: true, name: 'Olga Owner' });
  const org = await apiOrg(base, owner, 'Scaleway');
  const sam = await apiUser(base, 'sam@scaleway.example', { name: 'Sam Member' });
  await addMember(base, org, owner, sam);

  const { context, page } = await adminPage(owner);
  await savePolicy(page, org, async (p) => {
    await p.getByLabel('Require two-factor authentication of every member').check();
    await p.getByLabel('Strict mode: refuse to turn it on while any member lacks it').check();
  });
  await page.getByLabel('Type ENFORCE to confirm').fill('ENFORCE');
  await page.getByRole('button', { name: 'Turn on enforcement' }).click();
  await page.getByRole('alert').getByText(/Strict mode: 1 members/).waitFor();
  await page.getByRole('alert').getByText(sam.email).waitFor();

  await page.goto(`${base}/orgs/${org}/members?mfa=disabled`);
  await page.getByRole('button', { name: 'Remind everyone without 2FA' }).click();
  await page.getByText('A reminder was sent to 1 member.').waitFor();
  const deadline = Date.now() + 15000;
  while (!emailsTo(server, sam.email).some((m) => m.includes('Reminder: "Scaleway"'))) {
    assert.ok(Date.now() < deadline, 'the reminder reaches Sam');
    await new Promise((r) => setTimeout(r, 200));
  }

  // Sam enrolls (through his own browser), then strict mode lets the owner enforce.
  const sc = await browser.newContext();
  const sp = await sc.newPage();
  await signIn(sp, sam.email);
  await sp.getByRole('button', { name: 'Add an authenticator app' }).click();
  const secret = (await sp.locator('#manual-key').textContent()).trim();
  await sp.getByLabel('Code from the app').fill(totp(secret, nowStep()));
  await sp.getByRole('button', { name: 'Verify and turn on' }).click();
  await sp.getByRole('list', { name: 'Recovery codes' }).waitFor();

  await savePolicy(page, org, async (p) => {
    await p.getByLabel('Require two-factor authentication of every member').check();
    await p.getByLabel('Strict mode: refuse to turn it on while any member lacks it').check();
  });
  await page.getByLabel('Type ENFORCE to confirm').fill('ENFORCE');
  await page.getByRole('button', { name: 'Turn on enforcement' }).click();
  await page.getByText('Enforcement is on').waitFor();

  // An invitee without 2FA must set it up before joining.
  await page.goto(`${base}/orgs/${org}/invitations`);
  await page.getByLabel('Email').fill('nia@scaleway.example');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await page.getByText('The invitation was sent to nia@scaleway.example.').waitFor();
  await checkA11y(page, assert);
  const link = () => {
    const mail = emailsTo(server, 'nia@scaleway.example').find((m) => m.includes('/invitations/'));
    return mail && mail.replace(/=\r?\n/g, '').match(/\/invitations\/([A-Za-z0-9_-]{20,})/)?.[1];
  };
  const until = Date.now() + 15000;
  while (!link()) {
    assert.ok(Date.now() < until, 'the invitation email arrives');
    await new Promise((r) => setTimeout(r, 200));
  }
  const nia = await apiUser(base, 'nia@scaleway.example', { name: 'Nia Invitee' });
  const nc = await browser.newContext();
  const np = await nc.newPage();
  await signIn(np, nia.email);
  await np.goto(`${base}/invitations/${link()}`);
  await np.getByRole('button', { name: 'Accept the invitation' }).click();
  await np.getByRole('alert').getByText(/set up a second factor/).waitFor();
  await checkA11y(np, assert);
  await np.getByRole('link', { name: 'Set up two-factor authentication' }).click();
  await np.getByRole('button', { name: 'Add an authenticator app' }).click();
  const nsecret = (await np.locator('#manual-key').textContent()).trim();
  await np.getByLabel('Code from the app').fill(totp(nsecret, nowStep()));
  await np.getByRole('button', { name: 'Verify and turn on' }).click();
  await np.getByRole('link', { name: 'I saved them, continue' }).click();
  assert.equal(new URL(np.url()).pathname, `/invitations/${link()}`);
  await np.getByRole('button', { name: 'Accept the invitation' }).click();
  await np.getByRole('heading', { name: 'Scaleway' }).waitFor();

  // STOP, typed, emails the owner.
  await savePolicy(page, org, async (p) => {
    await p.getByLabel('Require two-factor authentication of every member').uncheck();
  });
  await page.getByLabel('Type STOP to confirm').fill('STOP');
  await page.getByRole('button', { name: 'Stop enforcement' }).click();
  await page.getByText('Enforcement is off').waitFor();
  const stopBy = Date.now() + 15000;
  while (!emailsTo(server, owner.email).some((m) => m.includes('enforcement was stopped'))) {
    assert.ok(Date.now() < stopBy, 'the owner is told');
    await new Promise((r) => setTimeout(r, 200));
  }
  await nc.close();
  await sc.close();
  await context.close();
});
