// An account's life in the browser: a forgotten password chosen anew from the emailed link
// (the second factor still asked afterwards), a new email address confirmed from the link sent
// to it, the list of where one is signed in (another browser signed out from it), and a
// manager's side of invitations (sent, listed, revoked: the link then leads nowhere).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, startServer, launch, apiUser, apiOrg, api, nextCode, checkA11y, screenshot,
  mailsTo as mailsIn, submit,
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

const mailsTo = (to) => mailsIn(server, to);

/** The token of the newest link to `route` + token emailed to `to` (waiting up to 10 s). */
async function linkToken(to, route) {
  const re = new RegExp(`${route.replace(/[/.]/g, '\\$&')}([A-Za-z0-9_-]+)`);
  for (let i = 0; i < 200; i++) {
    for (const text of mailsTo(to).reverse()) {
      const m = text.match(re);
      if (m) return m[1];
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${route} link emailed to ${to}`);
}

/** Waits (up to 10 s) for an email to `to` whose text matches `re`; resolves to its text. */
async function mailMatching(to, re) {
  for (let i = 0; i < 200; i++) {
    const found = mailsTo(to).find((t) => re.test(t));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no email to ${to} matching ${re}`);
}

async function signIn(page, email, password = PASSWORD) {
  await page.goto(`${server.url}/sign-in?next=/account/security`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

const WRONG = 'The email or password is wrong. Check both and try again.';

test('a forgotten password is chosen anew from the emailed link; the second factor stays', async () => {
  const base = server.url;
  const pia = await apiUser(base, 'pia@reset.example', { name: 'Pia Reset' });
  const context = await browser.newContext();
  const page = await context.newPage();

  await page.goto(`${base}/sign-in?next=/account/security`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { name: 'Forgot your password' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/password-reset');
  await checkA11y(page, assert);
  await page.getByLabel('Email').fill(pia.email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await page.getByText('an email with a link to choose a new password is on its way').waitFor();

  const token = await linkToken(pia.email, '/password-reset/');
  await page.goto(`${base}/password-reset/${token}`);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'password-reset');

  // A weak password is refused with a message, on the same page, and the link still works.
  await page.getByLabel('New password').fill('aaaaaaaaaaaa');
  const weak = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  assert.equal((await weak).status(), 422);
  await page.getByRole('alert').waitFor();
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await checkA11y(page, assert);

  const fresh = 'a brand new tandem bicycle';
  await page.getByLabel('New password').fill(fresh);
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await page.getByRole('status').filter({ hasText: 'Your password is changed.' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/sign-in');

  // Every session ended: the one the API held too; the holder is told.
  assert.equal((await api(base, 'GET', '/api/v1/me', { token: pia.token })).status, 401);
  await mailMatching(pia.email, /password of your twofold account was reset/);

  // The link works once.
  const again = await api(base, 'POST', `/api/v1/password-reset/${token}`, { body: { new_password: 'yet another long phrase' } });
  assert.equal(again.status, 404);

  // The old password no longer signs in; the new one does.
  await signIn(page, pia.email);
  await page.getByRole('alert').filter({ hasText: WRONG }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  await signIn(page, pia.email, fresh);
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account/security');
  await context.close();

  // With an authenticator app, the new password still leads to the second step.
  const max = await apiUser(base, 'max@reset.example', { mfa: true, name: 'Max Reset' });
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(`${base}/password-reset`);
  await p2.getByLabel('Email').fill(max.email);
  await p2.getByRole('button', { name: 'Email me a link' }).click();
  await p2.getByText('is on its way').waitFor();
  await p2.goto(`${base}/password-reset/${await linkToken(max.email, '/password-reset/')}`);
  await p2.getByLabel('New password').fill(fresh);
  await p2.getByRole('button', { name: 'Set the new password' }).click();
  await p2.getByText('Your password is changed.').waitFor();
  await signIn(p2, max.email, fresh);
  await p2.getByRole('heading', { name: "Confirm it's you" }).waitFor();
  assert.match(p2.url(), /\/sign-in\/second-step/);
  // Not signed in yet: the security page is out of reach until the code is given.
  const denied = await p2.request.get(`${base}/account/security`, { maxRedirects: 0 });
  assert.equal(denied.status(), 303, `the security page answered ${denied.status()}`);
  await p2.getByLabel(/Code from/).fill(nextCode(max));
  await submit(p2, p2.getByRole('button', { name: 'Continue' }));
  await p2.getByRole('heading', { name: 'Security' }).waitFor();
  await other.close();
});

test('a new email address, asked on the security page and confirmed from its link', async () => {
  const base = server.url;
  const oldAddress = 'cora@old-mail.example';
  const newAddress = 'cora@new-mail.example';
  await apiUser(base, oldAddress, { name: 'Cora Mover' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, oldAddress);
  await page.getByRole('heading', { name: 'Security' }).waitFor();

  // Without two-factor authentication, the current password is asked: a wrong one changes nothing.
  await page.getByLabel('New email address').fill(newAddress);
  await page.getByLabel(/^Your password/).fill('not my password at all');
  const refused = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Change the address' }).click();
  assert.equal((await refused).status(), 401);
  await page.getByText(/password is wrong/i).waitFor();
  assert.equal(await page.getByText('A link is on its way').count(), 0);
  assert.equal(mailsTo(newAddress).length, 0, 'no link went out');

  await page.goto(`${base}/account/security`);
  await page.getByLabel('New email address').fill(newAddress);
  await page.getByLabel(/^Your password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Change the address' }).click();
  await page.getByRole('status').filter({ hasText: 'A link is on its way to the new address' }).waitFor();
  // Until the link is opened, the account still signs in with the old address.
  assert.equal((await api(base, 'POST', '/api/v1/sessions', { body: { email: newAddress, password: PASSWORD } })).status, 401);
  await mailMatching(oldAddress, new RegExp(`change of your twofold account's address to ${newAddress}`));

  const token = await linkToken(newAddress, '/account/email/confirm/');
  await page.goto(`${base}/account/email/confirm/${token}`);
  await page.getByRole('heading', { name: 'Confirm your new address' }).waitFor();
  await checkA11y(page, assert);
  // Opening the link changed nothing yet (mail scanners open links).
  assert.equal((await api(base, 'POST', '/api/v1/sessions', { body: { email: newAddress, password: PASSWORD } })).status, 401);
  await page.getByRole('button', { name: 'Use the new address' }).click();
  await page.getByRole('status').filter({ hasText: 'Your address is changed' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account/security');

  // The old address was told.
  const notice = await mailMatching(oldAddress, /this one no longer signs in/);
  assert.ok(notice.includes(newAddress), 'the notice names the new address');

  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.getByText('You are signed out.').waitFor();
  await signIn(page, oldAddress);
  await page.getByRole('alert').filter({ hasText: WRONG }).waitFor();
  await signIn(page, newAddress);
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account/security');

  // The link worked once.
  await page.goto(`${base}/account/email/confirm/${token}`);
  await page.getByRole('button', { name: 'Use the new address' }).click();
  await page.getByText('this confirmation link does not exist').waitFor();
  await context.close();
});

test('where you are signed in: another browser is signed out from the list', async () => {
  const base = server.url;
  const dan = await apiUser(base, 'dan@sessions.example', { name: 'Dan Sessions' });
  const here = await browser.newContext();
  const page = await here.newPage();
  // The other browser says it is Firefox, so that the list tells the two apart.
  const there = await browser.newContext({
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  });
  const far = await there.newPage();
  await signIn(page, dan.email);
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  await signIn(far, dan.email);
  await far.getByRole('heading', { name: 'Security' }).waitFor();

  await page.getByRole('link', { name: 'See every browser and app signed in to your account' }).click();
  await page.getByRole('heading', { name: "Where you're signed in" }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account/sessions');
  const table = page.getByRole('table', { name: "Where you're signed in" });
  // This browser (Chromium), the other (Firefox) and the API's session.
  assert.equal(await table.locator('tbody tr').count(), 3);
  const mine = table.getByRole('row').filter({ hasText: '(this browser)' });
  assert.equal(await mine.count(), 1);
  assert.match(await mine.textContent(), /Chrome on Linux/);
  const firefox = table.getByRole('row', { name: /Firefox on Linux/ });
  assert.equal(await firefox.count(), 1);
  assert.doesNotMatch(await firefox.textContent(), /this browser/);
  await checkA11y(page, assert);
  await screenshot(page, 'sessions');

  await firefox.getByRole('button', { name: /^Sign out Firefox on Linux/ }).click();
  await page.getByRole('status').filter({ hasText: 'That session is signed out.' }).waitFor();
  assert.equal(await table.getByRole('row', { name: /Firefox on Linux/ }).count(), 0);
  assert.equal(await table.locator('tbody tr').count(), 2);
  await checkA11y(page, assert);

  // The other browser is signed out; this one and the API's session are not.
  await far.goto(`${base}/account/security`);
  assert.equal(new URL(far.url()).pathname, '/sign-in');
  await far.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.goto(`${base}/account/security`);
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  assert.equal((await api(base, 'GET', '/api/v1/me', { token: dan.token })).status, 200);
  await there.close();
  await here.close();
});

test('a manager sends an invitation, sees it waiting, and revokes it: its link no longer works', async () => {
  const base = server.url;
  const owner = await apiUser(base, 'olaf@delta.example', { name: 'Olaf Owner' });
  const org = await apiOrg(base, owner, 'Delta');
  const ivy = await apiUser(base, 'ivy@elsewhere.example', { name: 'Ivy Invitee' });

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, owner.email);
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  await page.goto(`${base}/orgs/${org}`);
  await page.getByRole('link', { name: 'Invite' }).click();
  await page.getByRole('heading', { name: 'Invite someone to Delta' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/orgs/${org}/invitations`);
  await page.getByText('No invitation is waiting.').waitFor();
  await checkA11y(page, assert);

  await page.getByLabel('Email').fill(ivy.email);
  await page.getByLabel('Role').selectOption('admin');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await page.getByRole('status').filter({ hasText: `The invitation was sent to ${ivy.email}.` }).waitFor();
  const waiting = page.getByRole('table', { name: 'Invitations waiting to be accepted' });
  const row = waiting.getByRole('row', { name: new RegExp(ivy.email.replace(/\./g, '\\.')) });
  await row.waitFor();
  assert.match(await row.textContent(), /admin/);
  await checkA11y(page, assert);

  // The emailed link works for the invitee, until it is revoked.
  const token = await linkToken(ivy.email, '/invitations/');
  const guest = await browser.newContext();
  const gp = await guest.newPage();
  await signIn(gp, ivy.email);
  await gp.getByRole('heading', { name: 'Security' }).waitFor();
  await gp.goto(`${base}/invitations/${token}`);
  await gp.getByRole('heading', { name: 'Join Delta' }).waitFor();
  await gp.getByRole('button', { name: 'Accept the invitation' }).waitFor();

  await row.getByRole('button', { name: `Revoke the invitation of ${ivy.email}` }).click();
  await page.getByRole('status').filter({ hasText: 'The invitation was revoked: its link no longer works.' }).waitFor();
  await page.getByText('No invitation is waiting.').waitFor();
  assert.equal(await page.getByRole('table', { name: 'Invitations waiting to be accepted' }).count(), 0);

  // The invitee's page, still open, cannot accept it any more; nor can a fresh visit or the API.
  await gp.getByRole('button', { name: 'Accept the invitation' }).click();
  await gp.getByRole('heading', { name: 'That did not work' }).waitFor();
  await gp.getByText('this invitation does not exist, has expired or was already used').waitFor();
  const fresh = await gp.goto(`${base}/invitations/${token}`);
  assert.equal(fresh.status(), 404);
  await gp.getByRole('heading', { name: 'That did not work' }).waitFor();
  assert.equal(await gp.getByRole('button', { name: 'Accept the invitation' }).count(), 0);
  const accept = await api(base, 'POST', `/api/v1/invitations/${token}/accept`, { token: ivy.token });
  assert.equal(accept.status, 404, JSON.stringify(accept.body));
  const mine = await api(base, 'GET', '/api/v1/me/invitations', { token: ivy.token });
  assert.equal(mine.status, 200);
  assert.ok(!JSON.stringify(mine.body).includes('Delta'), JSON.stringify(mine.body));
  const members = await api(base, 'GET', `/api/v1/orgs/${org}/members`, { token: owner.token });
  assert.ok(!JSON.stringify(members.body).includes(ivy.email), JSON.stringify(members.body));
  await guest.close();
  await context.close();
});

test('invitations to me are accepted or declined from one page, and the account is deleted from its own', async () => {
  const base = server.url;
  const owner = await apiUser(base, 'olivia@epsilon.example', { name: 'Olivia Owner' });
  const epsilon = await apiOrg(base, owner, 'Epsilon');
  const zeta = await apiOrg(base, owner, 'Zeta');
  const pat = await apiUser(base, 'pat@epsilon.example', { name: 'Pat' });
  for (const org of [epsilon, zeta]) {
    const inv = await api(base, 'POST', `/api/v1/orgs/${org}/invitations`, { token: owner.token, body: { email: pat.email, role: 'member' } });
    assert.equal(inv.status, 201);
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, pat.email);
  await page.getByRole('link', { name: 'Invitations to you' }).click();
  await page.getByRole('heading', { name: 'Zeta' }).waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'invitations-to-me');
  await page.getByRole('button', { name: 'Decline the invitation to Zeta' }).click();
  await page.getByText('The invitation was declined').waitFor();
  await page.getByRole('button', { name: 'Accept the invitation to Epsilon' }).click();
  await page.waitForURL(`${base}/orgs/${epsilon}`);
  const members = await api(base, 'GET', `/api/v1/orgs/${epsilon}/members`, { token: owner.token });
  assert.ok(JSON.stringify(members.body).includes(pat.email));

  await page.goto(`${base}/account/security`);
  await page.getByRole('link', { name: 'delete your account' }).click();
  await page.getByRole('button', { name: 'Delete my account for good' }).waitFor();
  await checkA11y(page, assert);
  await page.getByLabel('Your password').fill('not the password at all');
  await page.getByRole('button', { name: 'Delete my account for good' }).click();
  await page.getByText('nothing was deleted').waitFor();
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete my account for good' }).click();
  await page.getByText('Your account is deleted').waitFor();
  const gone = await api(base, 'POST', '/api/v1/sessions', { body: { email: pat.email, password: PASSWORD } });
  assert.equal(gone.status, 401);
  await context.close();
});

test('home says what to do next, lists my organizations and creates one', async () => {
  const base = server.url;
  const quinn = await apiUser(base, 'quinn@eta.example', { name: 'Quinn' });
  const context = await browser.newContext();
  const page = await context.newPage();
  // Signed in from the sign-in page itself, one lands on home.
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(quinn.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.getByRole('heading', { name: 'Welcome, Quinn' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.getByText('protected by its password alone').waitFor();
  await checkA11y(page, assert);
  await page.getByLabel('Name of the organization').fill('Eta');
  await page.getByRole('button', { name: 'Create the organization' }).click();
  await page.getByRole('heading', { name: 'Eta' }).waitFor();
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Eta' }).waitFor();
  assert.equal(await page.getByRole('row', { name: /Eta owner/ }).count(), 1);
  await screenshot(page, 'home');
  await context.close();
});

test("a manager gives a member a deadline of their own and resets a managed member's 2FA", async () => {
  const base = server.url;
  const owner = await apiUser(base, 'rita@theta.example', { mfa: true, name: 'Rita Owner' });
  const org = await apiOrg(base, owner, 'Theta');
  const sam = await apiUser(base, 'sam@theta.example', { mfa: true, name: 'Sam Member' });
  const inv = await api(base, 'POST', `/api/v1/orgs/${org}/invitations`, { token: owner.token, body: { email: sam.email, role: 'member', manage_account: true } });
  assert.equal(inv.status, 201);
  const joined = await api(base, 'POST', `/api/v1/invitations/${inv.body.token}/accept`, { token: sam.token, body: { accept_management: true } });
  assert.equal(joined.status, 200);
  const enforced = await api(base, 'PUT', `/api/v1/orgs/${org}/mfa-policy`, { token: owner.token, body: { enforced: true, confirm: 'ENFORCE', enforce_from: new Date(Date.now() + 30 * 86400e3).toISOString() } });
  assert.equal(enforced.status, 200);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, owner.email);
  await page.getByLabel(/Code from/).fill(nextCode(owner));
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  await page.getByRole('heading', { name: 'Security' }).waitFor();
  const me = await api(base, 'GET', '/api/v1/me', { token: sam.token });
  await page.goto(`${base}/orgs/${org}/members/${me.body.id}`);
  await checkA11y(page, assert);
  const day = new Date(Date.now() + 60 * 86400e3).toISOString().slice(0, 10);
  await page.getByLabel("Sam Member's own deadline").fill(day);
  await page.getByRole('button', { name: 'Set the deadline' }).click();
  await page.getByText("The member's deadline was changed.").waitFor();
  assert.equal(await page.getByLabel("Sam Member's own deadline").inputValue(), day);

  await page.getByRole('link', { name: "Reset Sam Member's two-factor authentication" }).click();
  await page.getByRole('button', { name: 'Reset their two-factor authentication' }).waitFor();
  await checkA11y(page, assert);
  await page.getByRole('button', { name: 'Reset their two-factor authentication' }).click();
  await page.getByText('Their two-factor authentication was reset').waitFor();
  const gone = await api(base, 'GET', '/api/v1/me', { token: sam.token });
  assert.equal(gone.status, 401, 'the member was signed out everywhere');
  await context.close();
});

test('dark mode: the main pages follow the system and keep their contrast', async () => {
  const base = server.url;
  const uma = await apiUser(base, 'uma@iota.example', { name: 'Uma' });
  const org = await apiOrg(base, uma, 'Iota');
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in?next=/account/security`);
  await checkA11y(page, assert);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(13, 17, 23)', 'a dark background');
  await signIn(page, uma.email);
  for (const [path, shot] of [['/', 'home-dark'], ['/account/security', 'security-dark'], [`/orgs/${org}/members`, null], [`/orgs/${org}/policy`, null]]) {
    await page.goto(`${base}${path}`);
    await checkA11y(page, assert);
    if (shot) await screenshot(page, shot);
  }
  // Keyboard focus shows.
  await page.goto(`${base}/`);
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid');
  await context.close();
});
