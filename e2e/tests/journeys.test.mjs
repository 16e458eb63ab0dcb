// The seed stories as a newcomer drives them (issue 20): a person setting up 2FA, an admin
// creating an organization, inviting, reminding and enforcing, a colleague stopped by the
// requirement, and a guest who leaves instead. Every page is reached by clicking: the root URL
// and the links read from emails in the outbox are the only addresses typed. Everyone uses a
// 375 px wide screen (no page may scroll sideways); sign-in, the second step and the
// invitations are driven by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, startServer, launch, apiUser, nextCode, totp, nowStep, checkA11y, screenshot,
  emailedLink as emailedLinkIn,
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

const PHONE = { width: 375, height: 740 };

const emailedLink = (to, route) => emailedLinkIn(server, to, route);

/** No page scrolls sideways on a phone. */
async function fitsTheScreen(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= PHONE.width, `${page.url()} is ${wide} px wide`);
}

/** Signs in from the root URL with the keyboard only: the email field has the focus, Tab goes
 * to the password, Enter sends; then the code, which has the focus too. */
async function signInByKeyboard(page, user) {
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.keyboard.type(user.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  if (user.secret) {
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    await page.keyboard.type(nextCode(user));
    await page.keyboard.press('Enter');
  }
}

test('a person sets up 2FA on a phone, from the root URL, by clicking only', async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const email = 'pat@example.org';
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  // The email field has the focus.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  await page.getByRole('link', { name: 'Create one' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Pat');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create the account' }).click();
  // Back on the sign-in page, with the address carried over.
  await page.getByRole('status').first().waitFor();
  assert.equal(await page.getByLabel('Email').inputValue(), email);
  await fitsTheScreen(page);
  await checkA11y(page, assert);
  await screenshot(page, 'journey-1-check-your-email');

  await page.goto(await emailedLink(email, '/accounts/verify?token='));
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await page.getByRole('heading', { name: 'Welcome, Pat' }).waitFor();
  await fitsTheScreen(page);
  await screenshot(page, 'journey-1-home');
  // The keyboard's first stop skips the header.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the content');
  await page.keyboard.press('Enter');
  assert.match(page.url(), /#main$/);

  await page.getByRole('navigation').getByRole('link', { name: 'Security' }).click();
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  const secret = (await page.locator('#manual-key').textContent()).trim();
  await fitsTheScreen(page);
  await page.getByLabel('Code from the app').fill(totp(secret, nowStep()));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  const codes = page.getByRole('list', { name: 'Recovery codes' });
  await codes.locator('li').first().waitFor();
  await fitsTheScreen(page);
  await checkA11y(page, assert);
  await screenshot(page, 'journey-1-recovery-codes');
  await page.getByRole('link', { name: 'I saved them, continue' }).click();
  await page.getByText('Default').first().waitFor();
  await fitsTheScreen(page);
  await context.close();
});

test('an admin creates an organization, invites, reminds and enforces; a colleague is stopped, a guest leaves', async () => {
  const base = server.url;
  const admin = await apiUser(base, 'ada@acme.example', { mfa: true, name: 'Ada Admin' });
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInByKeyboard(page, admin);
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();

  await page.getByLabel('Name of the organization').fill('Acme');
  await page.getByRole('button', { name: 'Create the organization' }).click();
  await page.getByRole('heading', { name: 'Acme' }).waitFor();
  await page.getByRole('link', { name: 'Invite' }).click();
  // By keyboard: the address, then Tab to the role and the checkboxes, Space to tick, Enter.
  for (const [who, guest] of [['cole@acme.example', false], ['gus@guest.example', true]]) {
    await page.getByLabel('Email').focus();
    await page.keyboard.type(who);
    if (guest) {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      assert.ok(await page.getByLabel(/external/i).isChecked(), 'Tab order: email, role, external');
    }
    await page.keyboard.press('Enter');
    await page.getByText(`The invitation was sent to ${who}.`).waitFor();
  }
  await fitsTheScreen(page);
  await checkA11y(page, assert);
  await screenshot(page, 'journey-2-invited');

  // The colleague follows the emailed link: the sign-in page says what it is and fills in the
  // address; "Create one" keeps it; the confirmation signs them in; home lists the invitation.
  const colleague = await browser.newContext({ viewport: PHONE });
  const cp = await colleague.newPage();
  await cp.goto(await emailedLink('cole@acme.example', '/invitations/'));
  await cp.getByText('You were invited to join Acme as member').waitFor();
  assert.equal(await cp.getByLabel('Email').inputValue(), 'cole@acme.example');
  await checkA11y(cp, assert);
  await screenshot(cp, 'journey-3-invited-sign-in');
  await cp.getByRole('link', { name: 'Create one' }).click();
  assert.equal(await cp.getByLabel('Email').inputValue(), 'cole@acme.example');
  await cp.getByLabel('Name', { exact: true }).fill('Cole');
  await cp.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await cp.getByRole('button', { name: 'Create the account' }).click();
  await cp.goto(await emailedLink('cole@acme.example', '/accounts/verify?token='));
  await cp.getByLabel('Your password').fill(PASSWORD);
  await cp.getByRole('button', { name: 'Confirm my address' }).click();
  await cp.getByRole('heading', { name: 'Welcome, Cole' }).waitFor();
  await fitsTheScreen(cp);
  await cp.getByRole('link', { name: 'See your invitations' }).first().click();
  await cp.getByRole('button', { name: /^Accept/ }).first().click();
  await cp.getByRole('heading', { name: 'Acme' }).waitFor();

  // The guest joins too, from the link, with an account of their own.
  const gus = await apiUser(base, 'gus@guest.example', { name: 'Gus Guest' });
  const guest = await browser.newContext({ viewport: PHONE });
  const gp = await guest.newPage();
  await gp.goto(await emailedLink('gus@guest.example', '/invitations/'));
  await gp.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await gp.getByRole('button', { name: 'Sign in', exact: true }).click();
  await gp.getByRole('button', { name: 'Accept the invitation' }).click();
  await gp.getByRole('heading', { name: 'Acme' }).waitFor();

  // Back to the organization by its breadcrumb; the members; reminders in figures.
  await page.getByRole('link', { name: 'Acme' }).first().click();
  await page.getByRole('link', { name: 'Members', exact: true }).click();
  await page.getByRole('button', { name: 'Remind everyone without 2FA' }).click();
  await page.getByText('Reminders were sent to 2 members.').waitFor();
  await page.getByRole('button', { name: 'Remind everyone without 2FA' }).click();
  await page.getByText('No reminder was sent. 2 members were skipped: reminded in the last 24 hours.').waitFor();
  // The table is wider than the phone: it scrolls in its own region, and says so.
  await page.getByText('The table scrolls sideways: the actions are on the right.').waitFor();
  await fitsTheScreen(page);
  await checkA11y(page, assert);
  await screenshot(page, 'journey-2-reminded');

  // The policy: the main choice first, ENFORCE typed, the words say it is on.
  await page.getByRole('link', { name: 'Acme' }).first().click();
  await page.getByRole('link', { name: 'Two-factor policy' }).first().click();
  await page.getByLabel('Require two-factor authentication of every member').check();
  await page.getByRole('button', { name: 'Save the policy' }).click();
  await page.getByRole('heading', { name: 'Turn on two-factor enforcement?' }).waitFor();
  await page.getByText('cole@acme.example').waitFor();
  await page.getByLabel('Type ENFORCE to confirm').fill('ENFORCE');
  await page.getByRole('button', { name: 'Turn on enforcement' }).click();
  await page.getByText('Enforcement is on.').waitFor();
  await page.getByRole('heading', { name: 'Stopped now (2)' }).waitFor();
  await fitsTheScreen(page);
  await checkA11y(page, assert);
  await screenshot(page, 'journey-2-enforced');
  // The log says it in words.
  await page.getByRole('link', { name: 'Acme' }).first().click();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('cell', { name: 'ada@acme.example turned on the 2FA requirement, at once' }).waitFor();

  // The colleague is stopped at their next page, and sets it up from there.
  await cp.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
  await cp.getByRole('alert').getByText(/Acme/).waitFor();
  await cp.getByRole('button', { name: 'Add an authenticator app' }).click();
  const secret = (await cp.locator('#manual-key').textContent()).trim();
  await cp.getByLabel('Code from the app').fill(totp(secret, nowStep()));
  await cp.getByRole('button', { name: 'Verify and turn on' }).click();
  await cp.getByRole('link', { name: 'I saved them, continue' }).click();
  await cp.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
  await cp.getByRole('heading', { name: 'Welcome, Cole' }).waitFor();

  // The guest would rather leave: the banner says how, and leaving asks first.
  await gp.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
  await gp.getByRole('alert').getByRole('link', { name: 'Or, as a guest, leave Acme instead.' }).click();
  await fitsTheScreen(gp);
  await gp.getByRole('button', { name: 'Leave Acme' }).click();
  await gp.getByText('You left the organization.').waitFor();
  assert.equal(gus.email, 'gus@guest.example');
  await guest.close();
  await colleague.close();
  await context.close();
});
