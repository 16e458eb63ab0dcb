// The seed stories as a newcomer drives them (issue 20): a person setting up 2FA, an admin
// creating an organization, inviting, reminding and enforcing, a colleague stopped by the
// requirement, and a guest who leaves instead. Every page is reached by following the page:
// the root URL and the links read from emails in the outbox are the only addresses typed.
// Everyone uses a 375 px wide screen (no page may scroll sideways). Each journey runs twice:
// with a pointer, and with the keyboard alone (Enter on links and buttons, Space on boxes,
// typing into fields; the Tab order is checked where it matters: sign-in, the second step, the
// invite form, the skip link). The pointer's run photographs each step (journey-*.png).
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

/** How a journey acts: with a pointer (click, fill, check), or with the keyboard alone (the
 * focus on the control, then Enter to follow or press, Space to tick, typing to fill). */
function handsFor(mode) {
  const keys = mode === 'keyboard';
  return {
    mode,
    // A key pressed on a control, like a click, waits for the navigation it starts.
    async press(control) {
      return keys ? control.press('Enter') : control.click();
    },
    async fill(field, text) {
      if (!keys) return field.fill(text);
      await field.press('Control+A');
      return field.pressSequentially(text);
    },
    async tick(box) {
      if (!keys) return box.check();
      await box.press('Space');
      return assert.ok(await box.isChecked(), 'Space ticks it');
    },
    /** Screenshots come from the pointer's run. */
    shot(page, name) {
      return keys ? undefined : screenshot(page, name);
    },
  };
}

/** No page scrolls sideways on a phone. */
async function fitsTheScreen(page) {
  await page.waitForLoadState();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= PHONE.width, `${page.url()} is ${wide} px wide`);
}

/** Signs in from the root URL with the keyboard only: the email field has the focus, Tab goes
 * to the password, Enter sends; then the code, which has the focus too. */
async function signInByKeyboard(page, user) {
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  // The heading can be there before the browser has applied `autofocus`; typing then is lost.
  await page.waitForFunction(() => document.activeElement?.id === 'email');
  await page.keyboard.type(user.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  if (user.secret) {
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'code');
    await page.keyboard.type(nextCode(user));
    await page.keyboard.press('Enter');
  }
}

for (const mode of ['pointer', 'keyboard']) {
const hands = handsFor(mode);
const at = (name, domain) => `${name}-${mode}@${domain}`;

test(`a person sets up 2FA on a phone, from the root URL (${mode})`, async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const email = at('pat', 'example.org');
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  // The email field has the focus.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  await hands.press(page.getByRole('link', { name: 'Create one' }));
  await hands.fill(page.getByLabel('Name', { exact: true }), 'Pat');
  await hands.fill(page.getByLabel('Email'), email);
  await hands.fill(page.getByLabel('Password', { exact: true }), PASSWORD);
  await hands.shot(page, 'journey-1-sign-up');
  await hands.press(page.getByRole('button', { name: 'Create the account' }));
  // Back on the sign-in page, with the address carried over.
  await page.getByRole('status').first().waitFor();
  assert.equal(await page.getByLabel('Email').inputValue(), email);
  await fitsTheScreen(page);
  await checkA11y(page, assert);
  await hands.shot(page, 'journey-1-check-your-email');

  await page.goto(await emailedLink(email, '/accounts/verify?token='));
  await hands.fill(page.getByLabel('Your password'), PASSWORD);
  await hands.shot(page, 'journey-1-confirm');
  await hands.press(page.getByRole('button', { name: 'Confirm my address' }));
  await page.getByRole('heading', { name: 'Welcome, Pat' }).waitFor();
  await fitsTheScreen(page);
  await hands.shot(page, 'journey-1-home');
  // The keyboard's first stop skips the header.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the content');
  await page.keyboard.press('Enter');
  // The jump is the browser's own, a moment after the key: wait for it, never read at once.
  await page.waitForURL(/#main$/);

  await hands.press(page.getByRole('navigation').getByRole('link', { name: 'Security' }));
  await hands.press(page.getByRole('button', { name: 'Add an authenticator app' }));
  const secret = (await page.locator('#manual-key').textContent()).trim();
  await fitsTheScreen(page);
  await hands.shot(page, 'journey-1-add-app');
  await hands.fill(page.getByLabel('Code from the app'), totp(secret, nowStep()));
  await hands.press(page.getByRole('button', { name: 'Verify and turn on' }));
  const codes = page.getByRole('list', { name: 'Recovery codes' });
  await codes.locator('li').first().waitFor();
  await fitsTheScreen(page);
  await checkA11y(page, assert);
  await hands.shot(page, 'journey-1-recovery-codes');
  await hands.press(page.getByRole('link', { name: 'I saved them, continue' }));
  await page.getByText('Default').first().waitFor();
  await fitsTheScreen(page);
  await hands.shot(page, 'journey-1-security');
  await context.close();
});

test(`an admin creates an organization, invites, reminds and enforces; a colleague is stopped, a guest leaves (${mode})`, async () => {
  const base = server.url;
  const cole = at('cole', 'acme.example');
  const gusEmail = at('gus', 'guest.example');
  const admin = await apiUser(base, at('ada', 'acme.example'), { mfa: true, name: 'Ada Admin' });
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInByKeyboard(page, admin);
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();

  await hands.fill(page.getByLabel('Name of the organization'), 'Acme');
  await hands.press(page.getByRole('button', { name: 'Create the organization' }));
  await page.getByRole('heading', { name: 'Acme' }).waitFor();
  await hands.shot(page, 'journey-2-organization');
  await hands.press(page.getByRole('link', { name: 'Invite' }));
  await page.getByRole('heading', { name: /Invite/ }).first().waitFor();
  // By keyboard: the address, then Tab to the role and the checkboxes, Space to tick, Enter.
  for (const [who, guest] of [[cole, false], [gusEmail, true]]) {
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
  await hands.shot(page, 'journey-2-invited');

  // The colleague follows the emailed link: the sign-in page says what it is and fills in the
  // address; "Create one" keeps it; the confirmation signs them in; home lists the invitation.
  const colleague = await browser.newContext({ viewport: PHONE });
  const cp = await colleague.newPage();
  await cp.goto(await emailedLink(cole, '/invitations/'));
  await cp.getByText('You were invited to join Acme as member').waitFor();
  assert.equal(await cp.getByLabel('Email').inputValue(), cole);
  await checkA11y(cp, assert);
  await hands.shot(cp, 'journey-3-invited-sign-in');
  await hands.press(cp.getByRole('link', { name: 'Create one' }));
  assert.equal(await cp.getByLabel('Email').inputValue(), cole);
  await hands.fill(cp.getByLabel('Name', { exact: true }), 'Cole');
  await hands.fill(cp.getByLabel('Password', { exact: true }), PASSWORD);
  await hands.shot(cp, 'journey-3-sign-up');
  await hands.press(cp.getByRole('button', { name: 'Create the account' }));
  // The account's page lands before the emailed link is opened, or it would cut it off.
  await cp.getByRole('status').first().waitFor();
  await cp.goto(await emailedLink(cole, '/accounts/verify?token='));
  await hands.fill(cp.getByLabel('Your password'), PASSWORD);
  await hands.press(cp.getByRole('button', { name: 'Confirm my address' }));
  await cp.getByRole('heading', { name: 'Welcome, Cole' }).waitFor();
  await fitsTheScreen(cp);
  await hands.press(cp.getByRole('link', { name: 'See your invitations' }).first());
  await hands.shot(cp, 'journey-3-invitations');
  await hands.press(cp.getByRole('button', { name: /^Accept/ }).first());
  await cp.getByRole('heading', { name: 'Acme' }).waitFor();

  // The guest joins too, from the link, with an account of their own.
  const gus = await apiUser(base, gusEmail, { name: 'Gus Guest' });
  const guest = await browser.newContext({ viewport: PHONE });
  const gp = await guest.newPage();
  await gp.goto(await emailedLink(gusEmail, '/invitations/'));
  await hands.fill(gp.getByLabel('Password', { exact: true }), PASSWORD);
  await hands.press(gp.getByRole('button', { name: 'Sign in', exact: true }));
  await hands.press(gp.getByRole('button', { name: 'Accept the invitation' }));
  await gp.getByRole('heading', { name: 'Acme' }).waitFor();

  // Back to the organization by its breadcrumb; the members; reminders in figures.
  await hands.press(page.getByRole('link', { name: 'Acme' }).first());
  await hands.press(page.getByRole('link', { name: 'Members', exact: true }));
  await hands.press(page.getByRole('button', { name: 'Remind everyone without 2FA' }));
  await page.getByText('Reminders were sent to 2 members.').waitFor();
  await hands.press(page.getByRole('button', { name: 'Remind everyone without 2FA' }));
  await page.getByText('No reminder was sent. 2 members were skipped: reminded in the last 24 hours.').waitFor();
  // The table is wider than the phone: it scrolls in its own region, and says so.
  await page.getByText('The table scrolls sideways: the actions are on the right.').waitFor();
  await fitsTheScreen(page);
  await checkA11y(page, assert);
  await hands.shot(page, 'journey-2-reminded');

  // The policy: the main choice first, ENFORCE typed, the words say it is on.
  await hands.press(page.getByRole('link', { name: 'Acme' }).first());
  await hands.press(page.getByRole('link', { name: 'Two-factor policy' }).first());
  await hands.tick(page.getByLabel('Require two-factor authentication of every member'));
  await hands.press(page.getByRole('button', { name: 'Save the policy' }));
  await page.getByRole('heading', { name: 'Turn on two-factor enforcement?' }).waitFor();
  await page.getByText(cole).waitFor();
  await hands.shot(page, 'journey-2-enforce');
  await hands.fill(page.getByLabel('Type ENFORCE to confirm'), 'ENFORCE');
  await hands.press(page.getByRole('button', { name: 'Turn on enforcement' }));
  await page.getByText('Enforcement is on.').waitFor();
  await page.getByRole('heading', { name: 'Stopped now (2)' }).waitFor();
  await fitsTheScreen(page);
  await checkA11y(page, assert);
  await hands.shot(page, 'journey-2-enforced');
  // The log says it in words.
  await hands.press(page.getByRole('link', { name: 'Acme' }).first());
  await hands.press(page.getByRole('link', { name: 'Audit log' }));
  await page.getByRole('cell', { name: `${admin.email} turned on the 2FA requirement, at once` }).waitFor();
  await hands.shot(page, 'journey-2-audit');

  // The colleague is stopped at their next page, and sets it up from there.
  await hands.press(cp.getByRole('navigation').getByRole('link', { name: 'Home' }));
  await cp.getByRole('alert').getByText(/Acme/).waitFor();
  await hands.shot(cp, 'journey-3-stopped');
  await hands.press(cp.getByRole('button', { name: 'Add an authenticator app' }));
  const secret = (await cp.locator('#manual-key').textContent()).trim();
  await hands.fill(cp.getByLabel('Code from the app'), totp(secret, nowStep()));
  await hands.press(cp.getByRole('button', { name: 'Verify and turn on' }));
  await hands.press(cp.getByRole('link', { name: 'I saved them, continue' }));
  await hands.press(cp.getByRole('navigation').getByRole('link', { name: 'Home' }));
  await cp.getByRole('heading', { name: 'Welcome, Cole' }).waitFor();

  // The guest would rather leave: the banner says how, and leaving asks first.
  await hands.press(gp.getByRole('navigation').getByRole('link', { name: 'Home' }));
  await hands.press(gp.getByRole('alert').getByRole('link', { name: 'Or, as a guest, leave Acme instead.' }));
  await hands.shot(gp, 'journey-4-leave');
  await fitsTheScreen(gp);
  await hands.press(gp.getByRole('button', { name: 'Leave Acme' }));
  await gp.getByText('You left the organization.').waitFor();
  assert.equal(gus.email, gusEmail);
  await guest.close();
  await colleague.close();
  await context.close();
});
}
