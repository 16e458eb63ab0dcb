// The enforcement story in the browser: a member stopped by a policy is sent to the
// setup-required page on any page they open, sets up an authenticator app there (the code
// computed from the key shown on the page), and comes back to where they were; the admin
// sees who lacks 2FA in red (with text, not colour alone) and reminds them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, startServer, launch, apiUser, apiOrg, addMember, enforce, nextCode, totp, nowStep,
  checkA11y, screenshot, emailsTo, verifyToken, api, submit, signOut, eventually,
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

async function signIn(page, email, { remember = false } = {}) {
  await page.goto(`${server.url}/sign-in?next=/account/security`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  if (remember) await page.getByLabel('Keep me signed in').check();
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

test('a stopped member sets up 2FA from the setup-required page and comes back', async () => {
  const base = server.url;
  const ann = await apiUser(base, 'ann@acme.example', { mfa: true, name: 'Ann Admin' });
  const org = await apiOrg(base, ann, 'Acme');
  const bob = await apiUser(base, 'bob@acme.example', { name: 'Bob Member' });
  const eve = await apiUser(base, 'eve@acme.example', { name: 'Eve Guest' });
  await addMember(base, org, ann, bob);
  await addMember(base, org, ann, eve, { external: true });
  await enforce(base, org, ann);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, bob.email);
  await checkA11y(page, assert);

  // Any page of the console sends him to the setup-required page, which names the organization.
  await page.goto(`${base}/orgs/${org}`);
  assert.match(page.url(), /\/setup-required\?next=/);
  await assert.doesNotReject(page.getByText('Acme requires two-factor authentication').waitFor());
  await checkA11y(page, assert);
  await screenshot(page, 'setup-required');

  await page.getByRole('link', { name: 'Set up two-factor authentication' }).click();
  assert.match(page.url(), /\/account\/security/);
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  await page.getByRole('button', { name: 'Verify and turn on' }).waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'add-authenticator-app');
  const secret = (await page.locator('#manual-key').textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);

  // A wrong code is refused with a message, and the same key is still shown.
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await page.getByRole('alert').waitFor();
  assert.equal((await page.locator('#manual-key').textContent()).trim(), secret);

  await page.getByLabel('Code from the app').fill(totp(secret, nowStep()));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  // Read the codes once the next page is there (allTextContents does not wait for it).
  await page.getByRole('list', { name: 'Recovery codes' }).locator('li').first().waitFor();
  const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allTextContents();
  assert.equal(codes.length, 10);
  const download = page.getByRole('link', { name: 'Download as .txt' });
  assert.equal(await download.getAttribute('download'), 'twofold-recovery-codes.txt');
  assert.ok(decodeURIComponent(await download.getAttribute('href')).includes(codes[0]));
  // The one script runs under the Content-Security-Policy and shows the print button.
  await page.getByRole('button', { name: 'Print' }).waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'recovery-codes');

  // Back where he was going.
  await page.getByRole('link', { name: 'I saved them, continue' }).click();
  assert.equal(new URL(page.url()).pathname, `/orgs/${org}`);
  await page.getByRole('heading', { name: 'Acme' }).waitFor();
  await checkA11y(page, assert);
  await eventually(() => emailsTo(server, bob.email).some((m) => m.includes('requires two-factor')), 'the announcement');

  // The security page shows the method as the default.
  await page.goto(`${base}/account/security`);
  await page.getByText('Default').waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'security');

  // The external member may leave instead.
  const guest = await browser.newContext();
  const gp = await guest.newPage();
  await signIn(gp, eve.email);
  // Where sign-in lands, the security page's banner offers the way out, by clicking only.
  assert.equal(new URL(gp.url()).pathname, '/account/security');
  await gp.getByRole('alert').getByRole('link', { name: 'Or, as a guest, leave Acme instead.' }).click();
  // Leaving asks first; staying goes back.
  await gp.getByRole('heading', { name: 'Leave Acme?' }).waitFor();
  await checkA11y(gp, assert);
  await screenshot(gp, 'leave-org');
  await gp.getByRole('link', { name: 'Stay' }).click();
  assert.equal(new URL(gp.url()).pathname, '/account/security');
  await gp.goto(`${base}/orgs/${org}/members`);
  assert.match(gp.url(), /\/setup-required/);
  await gp.getByRole('link', { name: 'Leave Acme' }).click();
  await gp.getByRole('button', { name: 'Leave Acme' }).click();
  await gp.getByText('You left the organization.').waitFor();
  // The reminders and announcements say so too.
  await eventually(() => emailsTo(server, eve.email).some((m) => m.replace(/=\r?\n/g, '').includes('may leave')), 'the leave hint');
  await guest.close();
  await context.close();
});

test('an admin signs in with the second step and sees who lacks 2FA, in words', async () => {
  const base = server.url;
  const kim = await apiUser(base, 'kim@beta.example', { mfa: true, name: 'Kim Owner' });
  const org = await apiOrg(base, kim, 'Beta');
  const lea = await apiUser(base, 'lea@beta.example', { name: 'Lea Member' });
  await addMember(base, org, kim, lea);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, kim.email);
  assert.match(page.url(), /\/sign-in\/second-step/);
  await checkA11y(page, assert);
  await screenshot(page, 'second-step');
  await page.getByLabel(/Code from/).fill(nextCode(kim));
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  assert.equal(new URL(page.url()).pathname, '/account/security');

  await page.goto(`${base}/orgs/${org}/members`);
  const leaRow = page.getByRole('row', { name: /Lea Member/ });
  await leaRow.getByText('Missing').waitFor();
  await page.getByRole('row', { name: /Kim Owner/ }).getByText('On', { exact: true }).waitFor();
  await page.getByText('1 of 2 members').waitFor().catch(() => {});
  await checkA11y(page, assert);
  await screenshot(page, 'members');

  // The CSV link works with the page's own session.
  const csvHref = await page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href');
  const csv = await page.request.get(`${base}${csvHref}`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /text\/csv/);
  assert.match(await csv.text(), /lea@beta\.example,Lea Member,member,false,false,/);

  await page.getByLabel('Show').selectOption('disabled');
  await submit(page, page.getByRole('button', { name: 'Filter' }));
  assert.equal(await page.getByRole('row').count(), 2, 'the header and Lea');

  await leaRow.getByRole('button', { name: /Send 2FA reminder/ }).click();
  await page.getByText('A reminder was sent to 1 member.').waitFor();
  // A second reminder the same day is skipped, and the page says why.
  await page.getByLabel('Show').selectOption('disabled');
  await submit(page, page.getByRole('button', { name: 'Filter' }));
  await leaRow.getByRole('button', { name: /Send 2FA reminder/ }).click();
  await page.getByText('No reminder was sent. 1 member was skipped: reminded in the last 24 hours.').waitFor();

  // The action menu: a security alert, a new role, then removal after a confirmation.
  await leaRow.getByRole('link', { name: `Actions for ${lea.email}` }).click();
  await page.getByRole('heading', { name: 'Lea Member' }).waitFor();
  await checkA11y(page, assert);
  await page.getByRole('button', { name: 'Send security alert' }).click();
  await page.getByText('Security alert sent.').waitFor();
  await page.getByRole('link', { name: `Actions for ${lea.email}` }).click();
  await page.getByLabel('Role').selectOption('admin');
  await page.getByRole('button', { name: 'Change role' }).click();
  await page.getByText('The role was changed.').waitFor();
  await page.getByRole('row', { name: /Lea Member/ }).getByText('admin').waitFor();
  await page.getByRole('link', { name: `Actions for ${lea.email}` }).click();
  await page.getByRole('link', { name: 'Remove from Beta' }).click();
  await page.getByRole('button', { name: `Remove ${lea.email}` }).waitFor();
  await checkA11y(page, assert);
  await page.getByRole('button', { name: `Remove ${lea.email}` }).click();
  await page.getByText('The member was removed.').waitFor();
  assert.equal(await page.getByRole('row', { name: /Lea Member/ }).count(), 0);
  await context.close();
});

test('sign-up, and a session that ends with the browser unless kept', async () => {
  const base = server.url;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/sign-up`);
  await checkA11y(page, assert);
  await page.getByLabel('Name').fill('Zoe New');
  await page.getByLabel('Email').fill('zoe@example.org');
  await page.getByLabel('Password').fill('aaaaaaaaaaaa');
  await page.getByRole('button', { name: 'Create the account' }).click();
  await page.getByRole('alert').waitFor();
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create the account' }).click();
  await page.getByText('open the link we emailed you').waitFor();
  // Until the address is proved, the right password opens nothing and says why.
  await page.getByLabel('Email').fill('zoe@example.org');
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.getByText('confirm your email address first').waitFor();
  await page.getByRole('link', { name: 'Send the confirmation link again' }).click();
  await page.getByRole('button', { name: 'Send me a new link' }).waitFor();
  await checkA11y(page, assert);
  await page.getByLabel('Email').fill('zoe@example.org');
  await page.getByRole('button', { name: 'Send me a new link' }).click();
  await page.getByText('Only the newest link works').waitFor();
  // The emailed link's page asks for a click (mail scanners open links): then the account is ready.
  await page.goto(`${base}/accounts/verify?token=${await verifyToken(base, 'zoe@example.org', { count: 2 })}`);
  await checkA11y(page, assert);
  await screenshot(page, 'verify-email');
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  // Confirmed with the password: signed in at once, at home.
  await page.getByText('Your address is confirmed, and you are signed in.').waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await checkA11y(page, assert);
  await signOut(page);
  await screenshot(page, 'sign-in');

  await signIn(page, 'zoe@example.org');
  let cookie = (await context.cookies()).find((c) => c.name === 'twofold_session');
  assert.equal(cookie.expires, -1, 'a browser-session cookie');
  await signOut(page);

  await signIn(page, 'zoe@example.org', { remember: true });
  cookie = (await context.cookies()).find((c) => c.name === 'twofold_session');
  assert.ok(cookie.expires > Date.now() / 1000 + 86400, 'kept signed in');
  assert.equal(cookie.httpOnly, true);

  // A crafted invitation link cannot aim the page's form elsewhere, and `next` only follows
  // paths on this site.
  const crafted = await page.goto(`${base}/invitations/..%2Faccount%2Fsecurity%2Foff`);
  assert.equal(crafted.status(), 404);
  for (const next of ['/%09/evil.example', '//evil.example', 'https://evil.example']) {
    await page.goto(`${base}/setup-required?next=${next}`);
    assert.equal(new URL(page.url()).host, new URL(base).host, next);
  }

  // A form posted without its token is refused.
  const res = await page.request.post(`${base}/sign-out`, { form: { csrf: 'forged' } });
  assert.equal(res.status(), 403);
  await context.close();
});

test('a newcomer creates their account and joins from the invitation link in one step', async () => {
  const base = server.url;
  const olga = await apiUser(base, 'olga@gamma.example', { name: 'Olga Owner' });
  const org = await apiOrg(base, olga, 'Gamma');
  const inv = await api(base, 'POST', `/api/v1/orgs/${org}/invitations`, { token: olga.token, body: { email: 'nina@gamma.example', role: 'member' } });
  assert.equal(inv.status, 201);
  const context = await browser.newContext();
  const page = await context.newPage();
  // The email's link for newcomers (not the invitation's token, which the inviter saw too).
  let join = null;
  for (let i = 0; i < 100 && !join; i++) {
    const mail = emailsTo(server, 'nina@gamma.example').join('\n').replace(/=\r?\n/g, '');
    join = mail.match(/\/join\/([A-Za-z0-9_-]+)/)?.[1];
    if (!join) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(join, 'the invitation email has a link for newcomers');
  await page.goto(`${base}/join/${join}`);
  await checkA11y(page, assert);
  await screenshot(page, 'invitation-join');
  assert.equal(await page.getByLabel('Email').inputValue(), 'nina@gamma.example');
  await page.getByLabel('Name').fill('Nina New');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create my account and join' }).click();
  await page.waitForURL(`${base}/orgs/${org}`);
  const members = await api(base, 'GET', `/api/v1/orgs/${org}/members`, { token: olga.token });
  assert.ok(JSON.stringify(members.body).includes('nina@gamma.example'), JSON.stringify(members.body));
  // The invitation proved the address: no link was sent, and the link is used up.
  assert.equal(emailsTo(server, 'nina@gamma.example').filter((t) => t.includes('Confirm your email address')).length, 0);
  await context.close();
});
