// Every page of the console the way its readers see it, in English and in French: an owner's
// pages, the signed-out ones and an invitee's, each checked by axe-core and weighed against its
// budget, and photographed into docs/screenshots/ (the pages other tests do not photograph; the
// organization's main pages in French as well).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, startServer, launch, api, apiUser, apiOrg, addMember, nextCode, checkA11y, screenshot,
  emailsTo, eventually,
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

async function signIn(page, user, { label = 'Email', password = 'Password', button = 'Sign in', code = /Code from/, next = 'Continue' } = {}) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel(label).fill(user.email);
  await page.getByLabel(password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByLabel(code).fill(nextCode(user));
  await page.getByRole('button', { name: next }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/** Opens `path`, waits for its heading, checks it, and photographs it as `shot` if given. */
async function visit(page, path, heading, shot) {
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { name: heading }).first().waitFor();
  await checkA11y(page, assert);
  if (shot) await screenshot(page, shot);
}

/** Opens `path` in a browser speaking `lang`: the page is in that language (`lang`) and passes
 * axe and its budget. */
async function visitIn(page, lang, path, shot) {
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang, path);
  await checkA11y(page, assert);
  if (shot) await screenshot(page, shot);
}

test('every page of an owner, a stranger and an invitee passes axe, its budget, and is photographed', async () => {
  const base = server.url;
  const olga = await apiUser(base, 'olga@tour.example', { mfa: true, name: 'Olga Owner' });
  const org = await apiOrg(base, olga, 'Tour');
  const max = await apiUser(base, 'max@tour.example', { name: 'Max Member' });
  await addMember(base, org, olga, max);
  const invited = await api(base, 'POST', `/api/v1/orgs/${org}/invitations`, {
    token: olga.token, body: { email: 'nina@tour.example', role: 'member' },
  });
  assert.equal(invited.status, 201);
  const me = await api(base, 'GET', '/api/v1/me', { token: max.token });
  const maxId = me.body.id;

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, olga);
  const pages = [
    ['/', /Welcome/, null],
    [`/orgs/${org}`, 'Tour', 'org-overview'],
    [`/orgs/${org}/members`, /Members/, null],
    [`/orgs/${org}/members/${maxId}`, 'Max Member', 'member'],
    [`/orgs/${org}/members/${maxId}/remove`, /Remove/, 'remove-member'],
    [`/orgs/${org}/policy`, /2FA|two-factor/i, null],
    [`/orgs/${org}/invitations`, /Invit/, 'invite'],
    [`/orgs/${org}/audit`, /Audit/, 'audit-log'],
    [`/orgs/${org}/apps`, /Apps/, 'apps'],
    ['/account/security', 'Security', null],
    ['/account/security/off', /off/, 'turn-off-2fa'],
    ['/account/sessions', /signed in/, null],
    ['/account/sign-in-requests', /Sign-ins/, 'sign-in-requests'],
    ['/account/invitations', /Invitations/, null],
    ['/account/language', 'Language', 'language'],
    ['/account/delete', /Delete/, 'delete-account'],
  ];
  for (const [path, heading, shot] of pages) await visit(page, path, heading, shot);
  await context.close();

  // Every one of those pages again in French (the organization's main ones photographed).
  const fr = await browser.newContext({ locale: 'fr-FR' });
  const fp = await fr.newPage();
  await signIn(fp, olga, { label: 'Adresse e-mail', password: 'Mot de passe', button: 'Se connecter', code: /Code de/, next: 'Continuer' });
  const frShots = { [`/orgs/${org}`]: 'org-overview.fr', [`/orgs/${org}/members`]: 'members.fr', [`/orgs/${org}/policy`]: 'policy.fr' };
  for (const [path] of pages) await visitIn(fp, 'fr', path, frShots[path]);
  await fr.close();

  // Signed out: what a stranger and the invitee see, in English and in French.
  const out = await browser.newContext();
  const op = await out.newPage();
  await visit(op, '/sign-up', 'Create an account', 'sign-up');
  await visit(op, '/accounts/verify/resend', /Confirm your email/, 'resend-link');
  // The invitation's own page asks the invitee to sign in first; the newcomer's link does not.
  await visit(op, `/invitations/${invited.body.token}`, 'Sign in', null);
  const mail = await eventually(() => emailsTo(server, 'nina@tour.example')[0], 'the invitation');
  const join = mail.match(/\/join\/([A-Za-z0-9_-]+)/)[1];
  await visit(op, `/join/${join}`, 'Join Tour', null);
  await out.close();
  const outFr = await browser.newContext({ locale: 'fr-FR' });
  const ofp = await outFr.newPage();
  for (const path of ['/sign-in', '/sign-up', '/password-reset', '/accounts/verify/resend', `/join/${join}`]) {
    await visitIn(ofp, 'fr', path, null);
  }
  await outFr.close();
});

test('at 200 % zoom no page scrolls sideways, and recovery codes print alone', async () => {
  const base = server.url;
  const zed = await apiUser(base, 'zed@tour.example', { mfa: true, name: 'Zed Zoom' });
  const org = await apiOrg(base, zed, 'Zoom');
  // Half of a 1280-pixel window: what the page gets at 200 % zoom.
  const context = await browser.newContext({ viewport: { width: 640, height: 800 } });
  const page = await context.newPage();
  await signIn(page, zed);
  for (const path of ['/', '/account/security', `/orgs/${org}`, `/orgs/${org}/members`,
    `/orgs/${org}/policy`, `/orgs/${org}/invitations`, '/account/sessions']) {
    await page.goto(`${base}${path}`);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= width, `${path} scrolls sideways at 200 %: ${scroll} > ${width}`);
  }

  await page.goto(`${base}/account/security`);
  await page.getByRole('button', { name: 'Make new recovery codes' }).click();
  const list = page.getByRole('list', { name: 'Recovery codes' });
  await list.locator('li').first().waitFor();
  const codes = await list.locator('li').allTextContents();
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => document.body.innerText);
  for (const code of codes) assert.ok(printed.includes(code), `${code} is printed`);
  for (const chrome of ['Sign out', 'Security', 'Download as .txt', 'I saved them, continue', 'Language']) {
    assert.ok(!printed.includes(chrome), `"${chrome}" is not printed: ${printed}`);
  }
  await context.close();
});
