// The console in the languages of its users (issue 17): a French browser gets French pages from
// sign-up to recovery codes, driven by French labels; an English browser whose account chose
// German gets German. Every page passes axe in that language, and the main ones are
// photographed in French, light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, startServer, launch, apiUser, totp, nowStep, checkA11y, screenshot, emailsTo,
  verifyToken, submit, eventually,
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

const lang = (page) => page.evaluate(() => document.documentElement.lang);

async function signInFr(page, email) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Se connecter', exact: true }));
}

test('French: a newcomer signs up, confirms, signs in and sets up an authenticator app', async () => {
  const base = server.url;
  const email = 'camille@exemple.fr';
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();

  await page.goto(`${base}/sign-up`);
  assert.equal(await lang(page), 'fr');
  await page.getByRole('heading', { name: 'Créer un compte' }).waitFor();
  await checkA11y(page, assert);
  await page.getByLabel('Nom', { exact: true }).fill('Camille');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await page.getByRole('status').first().waitFor();
  await checkA11y(page, assert);

  // The confirmation email is French too: the account keeps its browser's language.
  const token = await verifyToken(base, email);
  const mail = emailsTo(server, email)[0];
  assert.match(mail, /Content-Language: fr|lang="fr"|Bonjour/, 'the email speaks French');
  await page.goto(`${base}/accounts/verify?token=${token}`);
  await page.getByRole('heading', { name: 'Confirmer votre adresse e-mail' }).waitFor();
  await checkA11y(page, assert);
  await page.getByLabel('Votre mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  // Signed in at once, at home; signed out again to sign in as people do next time.
  await page.getByRole('heading', { name: 'Bienvenue, Camille' }).waitFor();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByText('Vous êtes déconnecté.').waitFor();

  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'sign-in.fr');
  await signInFr(page, email);
  await page.getByRole('heading', { name: 'Bienvenue, Camille' }).waitFor();
  assert.equal(await lang(page), 'fr');
  await checkA11y(page, assert);
  await screenshot(page, 'home.fr');

  await page.getByRole('navigation').getByRole('link', { name: 'Sécurité' }).click();
  await page.getByRole('heading', { name: 'Sécurité', exact: true }).waitFor();
  await checkA11y(page, assert);
  await page.getByRole('button', { name: 'Ajouter une application d’authentification' }).click();
  await page.getByRole('button', { name: 'Vérifier et activer' }).waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'add-authenticator-app.fr');
  const secret = (await page.locator('#manual-key').textContent()).trim();
  await page.getByLabel('Code de l’application').fill('000000');
  await page.getByRole('button', { name: 'Vérifier et activer' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /code/i);
  await page.getByLabel('Code de l’application').fill(totp(secret, nowStep()));
  await page.getByRole('button', { name: 'Vérifier et activer' }).click();
  const list = page.getByRole('list', { name: 'Codes de récupération' });
  await list.locator('li').first().waitFor();
  assert.equal((await list.locator('li').allTextContents()).length, 10);
  await checkA11y(page, assert);
  await page.getByRole('link', { name: 'Je les ai enregistrés, continuer' }).click();

  await page.goto(`${base}/account/security`);
  await page.getByText('Par défaut').first().waitFor();
  await checkA11y(page, assert);
  await screenshot(page, 'security.fr');
  // The security notice about the new method is French as well.
  await eventually(() => emailsTo(server, email).length >= 2, 'the notice of the new method');
  await context.close();

  // The same pages in the dark, in French.
  const dark = await browser.newContext({ locale: 'fr-FR', colorScheme: 'dark' });
  const dp = await dark.newPage();
  await signInFr(dp, email);
  await dp.getByRole('heading', { name: 'Confirmez votre identité' }).waitFor();
  assert.equal(await lang(dp), 'fr');
  await checkA11y(dp, assert);
  // The step after the one the app was set up with: each code is accepted once.
  await dp.locator('#code').fill(totp(secret, nowStep() + 1));
  await dp.getByRole('button', { name: 'Continuer' }).click();
  await dp.getByRole('heading', { name: 'Bienvenue, Camille' }).waitFor();
  for (const [path, shot] of [['/', 'home-dark.fr'], ['/account/security', 'security-dark.fr']]) {
    await dp.goto(`${base}${path}`);
    assert.equal(await lang(dp), 'fr');
    await checkA11y(dp, assert);
    await screenshot(dp, shot);
  }
  await dark.close();
});

test('German: an account that chose German gets German pages from an English browser', async () => {
  const base = server.url;
  const otto = await apiUser(base, 'otto@beispiel.de', { name: 'Otto' });
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in?next=/account/language`);
  await page.getByLabel('Email').fill(otto.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.getByRole('heading', { name: 'Language' }).waitFor();
  assert.equal(await lang(page), 'en');
  await checkA11y(page, assert);

  await page.getByLabel('Deutsch').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Ihre Sprache ist gespeichert.').waitFor();
  assert.equal(await lang(page), 'de');
  await page.getByRole('heading', { name: 'Sprache' }).waitFor();
  assert.ok(await page.getByLabel('Deutsch').isChecked());
  await checkA11y(page, assert);

  await page.getByRole('link', { name: 'Sprache: Deutsch' }).waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Sicherheit' }).click();
  await page.getByRole('heading', { name: 'Sicherheit', exact: true }).waitFor();
  assert.equal(await lang(page), 'de');
  await checkA11y(page, assert);

  // Back to the browser's language.
  await page.goto(`${base}/account/language`);
  await page.getByLabel('Die Sprache meines Browsers').check();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.getByText('Your language is saved.').waitFor();
  assert.equal(await lang(page), 'en');
  await context.close();
});
