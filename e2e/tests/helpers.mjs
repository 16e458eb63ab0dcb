// What the browser tests share: the real twofold binary on a random port with its own data
// directory, Debian's Chromium through playwright-core, TOTP codes from Debian's oathtool (an
// implementation independent of ours), the API for set-up steps a test is not about, and an
// accessibility check with axe-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const PASSWORD = 'correct horse battery staple';

/** Each running server's data dir, by its URL: where its outbox is. */
const dirs = new Map();

/** The emails in the outbox under `dir` addressed to `to`, their quoted-printable undone. */
function decodedEmailsTo(dir, to) {
  let names = [];
  try { names = readdirSync(path.join(dir, 'outbox')); } catch { return []; }
  // Newest first: files are named by their message's UUIDv7, in the order they were queued.
  return names
    .filter((n) => n.endsWith('.eml'))
    .sort()
    .reverse()
    .map((n) => readFileSync(path.join(dir, 'outbox', n), 'utf8'))
    .filter((t) => t.toLowerCase().includes(`to: ${to.toLowerCase()}`))
    .map((t) => t.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
}

/** The token of the newest sign-up link emailed to `to` by the server at `base`, once `count`
 * of them were (waiting up to 10 s: the outbox delivers a moment after the request). */
export async function verifyToken(base, to, { count = 1 } = {}) {
  const dir = dirs.get(base);
  const tokens = await eventually(() => {
    const found = decodedEmailsTo(dir, to)
      .map((text) => text.match(/\/accounts\/verify\?token=([A-Za-z0-9_-]+)/)?.[1])
      .filter(Boolean);
    return found.length >= count && found;
  }, `${count} sign-up links to ${to}`);
  return tokens[0];
}

/** Starts `twofold serve` on a fresh SQLite database; resolves to {url, dir, stop}. Its public
 * URL, and `url`, is http://localhost:PORT (the default on a loopback address: WebAuthn needs a
 * domain name). */
export async function startServer(env = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'twofold-e2e-'));
  const bin = process.env.TWOFOLD_BIN || path.join(root, 'target', 'debug', 'twofold');
  const listen = '127.0.0.1:0';
  const child = spawn(bin, ['serve', '--listen', listen, '--data-dir', dir], {
    env: {
      ...process.env,
      RUST_LOG: 'warn',
      TWOFOLD_PASSWORD_HASHING__MEMORY_KIB: '1024',
      TWOFOLD_PASSWORD_HASHING__ITERATIONS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/public URL: (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`twofold exited with ${code}`)));
  });
  dirs.set(url, dir);
  return {
    url,
    dir,
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium from Debian, with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

/** The TOTP code for `secret` at `step` (Unix time / 30), as an authenticator app shows it. */
export function totp(secret, step) {
  return execFileSync('oathtool', ['--totp', '-b', '-N', `@${step * 30}`, secret]).toString().trim();
}

export const nowStep = () => Math.floor(Date.now() / 1000 / 30);

/** A JSON API call; resolves to {status, body}. */
export async function api(base, method, route, { token, body } = {}) {
  const res = await fetch(base + route, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed = null;
  try { parsed = JSON.parse(text); } catch { parsed = text; }
  return { status: res.status, body: parsed };
}

function expect(res, status, what) {
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

/** An account made and signed in over the API; with `mfa`, it has an authenticator app. */
export async function apiUser(base, email, { mfa = false, name } = {}) {
  expect(await api(base, 'POST', '/api/v1/accounts', { body: { email, password: PASSWORD, name } }), 201, 'sign-up');
  const token = await verifyToken(base, email);
  expect(await api(base, 'POST', '/api/v1/accounts/verify', { body: { token } }), 200, 'verify');
  const session = expect(await api(base, 'POST', '/api/v1/sessions', { body: { email, password: PASSWORD } }), 201, 'sign-in');
  const user = { email, token: session.token, secret: null, lastStep: 0 };
  if (mfa) {
    const e = expect(await api(base, 'POST', '/api/v1/me/mfa/totp', { token: user.token }), 201, 'enroll');
    user.secret = e.secret;
    const verify = () => api(base, 'POST', `/api/v1/me/mfa/totp/${e.id}/verify`, { token: user.token, body: { code: totp(e.secret, user.lastStep) } });
    user.lastStep = nowStep() - 1;
    let res = await verify();
    // A step that ended between reading the clock and the server's check is two behind: the
    // code of the step before the new one is then the one to send.
    if (res.status === 401 && nowStep() - 1 > user.lastStep) {
      user.lastStep = nowStep() - 1;
      res = await verify();
    }
    expect(res, 200, 'totp verify');
  }
  return user;
}

/**
 * The next code of `user`'s app that the server has not seen (steps are accepted once). The
 * server takes a step either side of its own, so the step before now leaves room for two more
 * sign-ins in the same step, but its code dies when this step ends: in a step's last seconds,
 * before a page has loaded and the code reaches the server, the current step's is sent instead.
 */
export function nextCode(user) {
  const late = (Date.now() / 1000) % 30 > 24;
  user.lastStep = Math.max(user.lastStep + 1, nowStep() - (late ? 0 : 1));
  return totp(user.secret, user.lastStep);
}

/**
 * Clicks a button that submits a form and waits until the page it leads to has loaded. A
 * click returns once a navigation has started at best; the next `goto` would cut the form's
 * answer off, and the next read could see the page before. The page before must have loaded
 * first, or its own `load` would be taken for the answer's.
 */
export async function submit(page, button) {
  await page.waitForLoadState('load');
  const landed = page.waitForEvent('load');
  await button.click();
  await landed;
}

/** Signs out from the page's navigation and waits for the signed-out page: a `goto` started
 *  before the sign-out's redirect lands is interrupted by it. */
export async function signOut(page) {
  await submit(page, page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }));
  await page.getByText('You are signed out.').waitFor();
}

export async function apiOrg(base, owner, name) {
  return expect(await api(base, 'POST', '/api/v1/orgs', { token: owner.token, body: { name } }), 201, 'org').id;
}

/** Invites `user` into `org` and has them accept, over the API. */
export async function addMember(base, org, owner, user, { role = 'member', external = false } = {}) {
  const inv = expect(await api(base, 'POST', `/api/v1/orgs/${org}/invitations`, { token: owner.token, body: { email: user.email, role, external } }), 201, 'invite');
  expect(await api(base, 'POST', `/api/v1/invitations/${inv.token}/accept`, { token: user.token }), 200, 'accept');
}

export async function enforce(base, org, owner, extra = {}) {
  return expect(await api(base, 'PUT', `/api/v1/orgs/${org}/mfa-policy`, { token: owner.token, body: { enforced: true, confirm: 'ENFORCE', ...extra } }), 200, 'enforce');
}

/**
 * Each page's weight budget (its HTML and stylesheet, in bytes): about half again what the
 * heaviest language weighs today, so that growth is a decision. Pages not named: 14 KB.
 */
const BUDGETS = [
  // The QR code is inline SVG.
  [/^\/account\/security\/(totp|push)$/, 36 * 1024],
  [/^\/account\/security(\/app-passwords)?$/, 24 * 1024],
  [/^\/orgs\/[^/]+\/(policy|members|members\/[^/]+|invitations)$/, 18 * 1024],
  [/^\/(sign-in\/second-step.*|account\/sign-in-requests|account\/sessions|account\/invitations)$/, 16 * 1024],
];

export function pageBudget(path) {
  const hit = BUDGETS.find(([re]) => re.test(path));
  return hit ? hit[1] : 14 * 1024;
}

/** Runs axe-core in the page (fails on any violation) and checks the page's weight, its HTML
 * plus the stylesheet, against its budget (printed as `page-weight PATH BYTES (budget N)`). */
export async function checkA11y(page, assert) {
  const html = Buffer.byteLength(await page.content());
  // Fetched from here, not from the page: its CSP allows no fetch.
  const href = await page.evaluate(() => document.querySelector('link[rel=stylesheet]')?.href);
  const css = href ? (await (await page.request.get(href)).body()).length : 0;
  const path = new URL(page.url()).pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}');
  const budget = pageBudget(path);
  console.log(`page-weight ${path} ${html + css} (budget ${budget})`);
  assert.ok(html + css <= budget, `${path} weighs ${html + css} bytes, over its budget of ${budget}`);
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  // No violation of any impact (the issue asks for none; all pages pass today).
  const bad = result;
  assert.deepEqual(bad, [], `accessibility violations on ${page.url()}`);
}

/** Writes a screenshot to docs/screenshots/NAME.png. */
export async function screenshot(page, name) {
  const dir = path.join(root, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** The emails to `to` in `server`'s outbox, oldest first, their quoted-printable undone. */
export function mailsTo(server, to) {
  const dir = path.join(server.dir, 'outbox');
  let names = [];
  try { names = readdirSync(dir); } catch { return []; }
  // Files are named by their message's UUIDv7: sorting the names gives the queue order.
  return names
    .filter((n) => n.endsWith('.eml'))
    .sort()
    .map((n) => readFileSync(path.join(dir, n), 'utf8'))
    .filter((t) => t.toLowerCase().includes(`to: ${to.toLowerCase()}`))
    .map((t) => t.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
}

/** The newest link to `route` emailed to `to` (waiting up to 10 s), whole, as the email has it. */
export async function emailedLink(server, to, route) {
  const re = new RegExp(`https?://[^\\s"<>]*${route.replace(/[/.?]/g, '\\$&')}[A-Za-z0-9_=-]+`);
  return eventually(
    () => mailsTo(server, to).reverse().map((text) => text.match(re)?.[0]).find(Boolean),
    `a ${route} link emailed to ${to}`,
  );
}

/**
 * What `check` gives once it gives something, asking again for up to 10 s: the outbox sends an
 * email after the request that queued it has been answered, not before.
 */
export async function eventually(check, what) {
  for (let i = 0; i < 200; i++) {
    const found = check();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never came: ${what}`);
}

export function emailsTo(server, to) {
  const dir = path.join(server.dir, 'outbox');
  let names = [];
  try { names = readdirSync(dir); } catch { return []; }
  return names
    .map((n) => readFileSync(path.join(dir, n), 'utf8'))
    .filter((t) => t.toLowerCase().includes(`to: ${to.toLowerCase()}`));
}
