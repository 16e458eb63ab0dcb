// twofold as an OpenID Connect provider behind a real relying party: a tiny web app started here
// with npm's openid-client (discovery, the code flow with PKCE S256, state and nonce, the ID
// token's signature checked against the JWKS, userinfo, RP-initiated logout), driven by Chromium
// through twofold's sign-in, second step and setup-required pages and back to the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import {
  PASSWORD, startServer, launch, api, apiUser, apiOrg, addMember, enforce, nextCode, totp, nowStep,
  checkA11y, submit,
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

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><title>Wiki</title><main>${body}</main></html>`);
}

/** A relying party as a web app would be written with openid-client: its own session cookie
 * (`wiki_sid`, beside twofold's cookies on 127.0.0.1) holds the verifier, state and nonce of a
 * sign-in under way, then the ID token. `register` gets its callback and post-logout URIs and
 * resolves to the client twofold issued ({client_id, client_secret}). */
async function startWiki(issuer, register) {
  const sessions = new Map();
  let config;
  let url;

  async function route(req, res) {
    const at = new URL(req.url, url);
    const sid = /(?:^|;\s*)wiki_sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const session = sessions.get(sid);
    if (at.pathname === '/login') {
      const flow = {
        verifier: oidc.randomPKCECodeVerifier(),
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
      };
      const id = randomBytes(16).toString('hex');
      sessions.set(id, { flow });
      const to = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${url}/cb`,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      res.writeHead(302, { location: to.href, 'set-cookie': `wiki_sid=${id}; Path=/; HttpOnly; SameSite=Lax` });
      return res.end();
    }
    if (at.pathname === '/cb') {
      if (!session?.flow) return reply(res, 400, '<p>No sign-in under way.</p>');
      const { flow } = session;
      delete session.flow;
      let tokens;
      try {
        tokens = await oidc.authorizationCodeGrant(config, at, {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
      } catch (e) {
        if (e instanceof oidc.AuthorizationResponseError) {
          return reply(res, 403, `<p role="alert">Sign-in refused: ${escape(e.error)}</p>`);
        }
        throw e;
      }
      const claims = tokens.claims();
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      session.idToken = tokens.id_token;
      session.line = `Signed in as ${claims.email}, acr=${claims.acr}, amr=${(claims.amr ?? []).join(',')}`;
      session.userinfo = info.email;
      res.writeHead(303, { location: '/' });
      return res.end();
    }
    if (at.pathname === '/logout') {
      if (!session?.idToken) return reply(res, 400, '<p>Not signed in.</p>');
      const state = oidc.randomState();
      sessions.set(sid, { logoutState: state });
      const to = oidc.buildEndSessionUrl(config, {
        id_token_hint: session.idToken,
        post_logout_redirect_uri: `${url}/bye`,
        state,
      });
      res.writeHead(302, { location: to.href });
      return res.end();
    }
    if (at.pathname === '/bye') {
      const ok = session?.logoutState && at.searchParams.get('state') === session.logoutState;
      sessions.delete(sid);
      return reply(res, 200, `<p>${ok ? 'Signed out of the wiki.' : 'Unexpected logout state.'}</p>`);
    }
    if (at.pathname === '/' && session?.line) {
      return reply(res, 200, `<p id="who">${escape(session.line)}</p>
        <p id="userinfo">userinfo email=${escape(session.userinfo)}</p><p><a href="/logout">Sign out</a></p>`);
    }
    if (at.pathname === '/') return reply(res, 200, '<p>Not signed in. <a href="/login">Sign in</a></p>');
    return reply(res, 404, '<p>Not found.</p>');
  }

  const srv = http.createServer((req, res) => {
    route(req, res).catch((e) => reply(res, 500, `<pre role="alert">wiki error: ${escape(e.stack ?? e)}</pre>`));
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${srv.address().port}`;
  const { client_id: clientId, client_secret: secret } = await register({
    redirect: `${url}/cb`, postLogout: `${url}/bye`,
  });
  config = await oidc.discovery(new URL(issuer), clientId, secret, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
  // Over plain http the ID token's signature is all that vouches for it: check it with the JWKS.
  oidc.enableNonRepudiationChecks(config);
  return {
    url,
    stop() {
      srv.closeAllConnections();
      srv.close();
    },
  };
}

/** Acme (owner `ann@NAME.example` with an authenticator app) and its wiki, registered over the API. */
async function acmeWithWiki(t, name) {
  const base = server.url;
  const ann = await apiUser(base, `ann@${name}.example`, { mfa: true, name: 'Ann Owner' });
  const org = await apiOrg(base, ann, `Acme ${name}`);
  const wiki = await startWiki(base, async ({ redirect, postLogout }) => {
    const res = await api(base, 'POST', `/api/v1/orgs/${org}/clients`, {
      token: ann.token,
      body: { name: 'Wiki', type: 'confidential', kind: 'web', redirect_uris: [redirect], post_logout_redirect_uris: [postLogout] },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  });
  t.after(() => wiki.stop());
  return { ann, org, wiki };
}

/** A fresh browser; `seen` lists every URL it navigated to, redirects included, and the console's
 * errors (a navigation the page's Content-Security-Policy blocks shows only there). */
async function openBrowser(t) {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const seen = [];
  page.on('request', (r) => { if (r.isNavigationRequest() && r.frame() === page.mainFrame()) seen.push(`${r.method()} ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') seen.push(`console error: ${m.text()}`); });
  return { page, seen };
}

const on = (origin, pathname) => (u) => u.origin === origin && u.pathname === pathname;

/** Waits until the page is at `origin` + `pathname`; fails with every URL the browser saw. */
async function arrive(page, seen, origin, pathname) {
  try {
    await page.waitForURL(on(origin, pathname), { timeout: 10_000 });
  } catch {
    assert.fail(`expected ${origin}${pathname}, the browser is at ${page.url()} after:\n${seen.join('\n')}`);
  }
}

/** From the wiki's /login to twofold's sign-in page, where `user` types email and password. */
async function signInFromWiki(page, seen, wiki, user, { a11y = false } = {}) {
  await page.goto(`${wiki.url}/login`);
  await arrive(page, seen, server.url, '/sign-in');
  const next = new URL(page.url()).searchParams.get('next');
  assert.match(next, /^\/oidc\/authorize\?/, 'the sign-in page goes back to the authorization');
  if (a11y) await checkA11y(page, assert);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

test('a member signs in to the app with the second step and the app sees aal2, otp and mfa', async (t) => {
  const { org, ann, wiki } = await acmeWithWiki(t, 'one');
  const bob = await apiUser(server.url, 'bob@one.example', { mfa: true, name: 'Bob Member' });
  await addMember(server.url, org, ann, bob);
  const { page, seen } = await openBrowser(t);

  await signInFromWiki(page, seen, wiki, bob, { a11y: true });
  await arrive(page, seen, server.url, '/sign-in/second-step');
  await checkA11y(page, assert);
  await page.getByLabel(/Code from/).fill(nextCode(bob));
  await submit(page, page.getByRole('button', { name: 'Continue' }));

  await arrive(page, seen, wiki.url, '/');
  const who = await page.locator('#who').textContent();
  const [, email, acr, amr] = /^Signed in as (\S+), acr=(\S+), amr=(\S*)$/.exec(who) ?? [];
  assert.equal(email, bob.email, who);
  assert.equal(acr, 'aal2', who);
  assert.ok(amr.split(',').includes('otp') && amr.split(',').includes('mfa'), who);
  assert.equal(await page.locator('#userinfo').textContent(), `userinfo email=${bob.email}`);
  // No consent screen: the only twofold pages on the way were the two sign-in steps.
  const pages = seen.filter((s) => s.startsWith(`GET ${server.url}`)).map((s) => new URL(s.slice(4)).pathname);
  assert.deepEqual([...new Set(pages)].sort(), ['/oidc/authorize', '/sign-in', '/sign-in/second-step'], seen.join('\n'));
  // The code came back with the issuer (RFC 9207), which openid-client checked.
  const cb = seen.find((s) => s.startsWith(`GET ${wiki.url}/cb?`));
  assert.equal(new URL(cb.slice(4)).searchParams.get('iss'), server.url);
});

test('a member the organization stops sets up an authenticator app on the way and reaches the app', async (t) => {
  const { org, ann, wiki } = await acmeWithWiki(t, 'two');
  const eve = await apiUser(server.url, 'eve@two.example', { name: 'Eve Member' });
  await addMember(server.url, org, ann, eve);
  await enforce(server.url, org, ann);
  const { page, seen } = await openBrowser(t);

  await signInFromWiki(page, seen, wiki, eve);
  await arrive(page, seen, server.url, '/setup-required');
  assert.match(new URL(page.url()).searchParams.get('next'), /^\/oidc\/authorize\?/);
  await page.getByText(`Acme two requires two-factor authentication`).waitFor();
  await checkA11y(page, assert);

  await page.getByRole('link', { name: 'Set up two-factor authentication' }).click();
  await arrive(page, seen, server.url, '/account/security');
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  await page.getByRole('button', { name: 'Verify and turn on' }).waitFor();
  const secret = (await page.locator('#manual-key').textContent()).trim();
  await page.getByLabel('Code from the app').fill(totp(secret, nowStep()));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
  await checkA11y(page, assert);

  await page.getByRole('link', { name: 'I saved them, continue' }).click();
  await arrive(page, seen, wiki.url, '/');
  const who = await page.locator('#who').textContent();
  assert.match(who, /^Signed in as eve@two\.example, acr=aal2, amr=\S*otp\S*$/, who);
});

test('a stranger to the organization comes back to the app with access_denied', async (t) => {
  const { wiki } = await acmeWithWiki(t, 'three');
  const carl = await apiUser(server.url, 'carl@elsewhere.example', { name: 'Carl Stranger' });
  const { page, seen } = await openBrowser(t);

  await signInFromWiki(page, seen, wiki, carl);
  await arrive(page, seen, wiki.url, '/cb');
  const back = new URL(page.url()).searchParams;
  assert.equal(back.get('error'), 'access_denied', page.url());
  assert.equal(back.get('code'), null);
  await page.getByText('Sign-in refused: access_denied').waitFor();
});

test('signed in at twofold, the app signs in without a page; signing out of it ends both', async (t) => {
  const { org, ann, wiki } = await acmeWithWiki(t, 'four');
  const dan = await apiUser(server.url, 'dan@four.example', { mfa: true, name: 'Dan Member' });
  await addMember(server.url, org, ann, dan);
  const { page, seen } = await openBrowser(t);
  await page.goto(`${server.url}/sign-in?next=/account/security`);
  await page.getByLabel('Email').fill(dan.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await arrive(page, seen, server.url, '/sign-in/second-step');
  await page.getByLabel(/Code from/).fill(nextCode(dan));
  await submit(page, page.getByRole('button', { name: 'Continue' }));
  await arrive(page, seen, server.url, '/account/security');

  // Single sign-on: twofold answers the app at once, with what the session passed.
  const from = seen.length;
  await page.goto(`${wiki.url}/login`);
  await arrive(page, seen, wiki.url, '/');
  await page.getByText(`Signed in as ${dan.email}, acr=aal2`).waitFor();
  const twofold = seen.slice(from).filter((s) => s.startsWith(`GET ${server.url}`));
  assert.deepEqual(twofold.map((s) => new URL(s.slice(4)).pathname), ['/oidc/authorize'], seen.join('\n'));

  await page.getByRole('link', { name: 'Sign out' }).click();
  await arrive(page, seen, wiki.url, '/bye');
  await page.getByText('Signed out of the wiki.').waitFor();
  const endSession = seen.find((s) => s.startsWith(`GET ${server.url}/oidc/end_session?`));
  assert.ok(endSession, seen.join('\n'));
  const asked = new URL(endSession.slice(4)).searchParams;
  assert.ok(asked.get('id_token_hint'), endSession);
  assert.equal(asked.get('post_logout_redirect_uri'), `${wiki.url}/bye`);

  // twofold's session is gone: its console asks to sign in again.
  await page.goto(`${server.url}/account/security`);
  await arrive(page, seen, server.url, '/sign-in');
});
