// twofold's one script, progressive: buttons that need the browser (printing, security keys)
// are hidden or inert until it runs. Everything else works without it.
document.querySelectorAll('[data-print]').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});

// Security keys: the server renders the WebAuthn options (JSON) on the form; the browser asks
// the key, and the form posts the key's answer (JSON) back.
document.querySelectorAll('form[data-webauthn]').forEach((form) => {
  form.addEventListener('submit', async (event) => {
    if (form.elements.credential.value) return;
    event.preventDefault();
    const error = form.querySelector('[data-webauthn-error]');
    try {
      const options = JSON.parse(form.dataset.options).publicKey;
      const credential = form.dataset.webauthn === 'create'
        ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
        : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
      form.elements.credential.value = JSON.stringify(credential.toJSON());
      form.submit();
    } catch (e) {
      // The sentence is the page's, in its language, with `{name}` for the browser's error.
      error.textContent = (error.dataset.webauthnError || '{name}').replace('{name}', e.name);
      error.hidden = false;
    }
  });
});

// Signing in with a passkey: offered first (a button), and in the email field's autofill
// (conditional mediation) where the browser has it. Each attempt asks the API for a fresh
// challenge; the form posts the challenge and the passkey's answer. Without WebAuthn in the
// browser the form stays hidden and email and password remain.
const passkeyForm = document.querySelector('form[data-passkey]');
if (passkeyForm && window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON) {
  passkeyForm.hidden = false;
  const error = passkeyForm.querySelector('[data-webauthn-error]');
  // The autofill request under way, and whether the button took over from it.
  let autofill = null;
  let buttonUsed = false;
  const ask = async (conditional) => {
    const res = await fetch(passkeyForm.dataset.passkey, {
      method: 'POST', credentials: 'omit', headers: { 'content-type': 'application/json' }, body: '{}',
    });
    if (!res.ok) throw new DOMException('no challenge', 'NetworkError');
    const started = await res.json();
    // The button was pressed while this autofill challenge was on its way: it is not used.
    if (conditional && buttonUsed) return;
    const controller = new AbortController();
    let renew = null;
    if (conditional) {
      autofill = controller;
      // A challenge lasts minutes: one left waiting in the email field is replaced before it
      // expires, so that a passkey picked later still signs in.
      const left = Date.parse(started.expires_at) - Date.now() - 15000;
      renew = setTimeout(() => {
        controller.abort();
        if (!buttonUsed) ask(true).catch(() => {});
      }, Math.max(left, 5000));
    }
    let credential;
    try {
      credential = await navigator.credentials.get({
        publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(started.options.publicKey),
        mediation: conditional ? 'conditional' : 'optional',
        signal: controller.signal,
      });
    } finally {
      clearTimeout(renew);
    }
    passkeyForm.elements.challenge_id.value = started.challenge_id;
    passkeyForm.elements.credential.value = JSON.stringify(credential.toJSON());
    const remember = document.getElementById('remember');
    passkeyForm.elements.remember.disabled = !(remember && remember.checked);
    passkeyForm.elements.remember.value = 'on';
    passkeyForm.submit();
  };
  passkeyForm.addEventListener('submit', async (event) => {
    if (passkeyForm.elements.credential.value) return;
    event.preventDefault();
    buttonUsed = true;
    autofill?.abort();
    try {
      await ask(false);
    } catch (e) {
      error.textContent = (error.dataset.webauthnError || '{name}').replace('{name}', e.name);
      error.hidden = false;
    }
  });
  if (PublicKeyCredential.isConditionalMediationAvailable) {
    PublicKeyCredential.isConditionalMediationAvailable().then((available) => {
      // Aborted when the button is used instead; any other failure leaves the form as it is.
      if (available) ask(true).catch(() => {});
    });
  }
}

// The offer of a passkey, once, after a sign-in with a code: the server sets a cookie for the
// page it sends the person on to; the offer is shown there, and the cookie removed.
const offer = document.querySelector('[data-passkey-offer]');
const offered = document.cookie.split('; ').find((c) => /^(__Host-)?twofold_offer=passkey$/.test(c));
if (offer && offered) {
  const name = offered.split('=')[0];
  document.cookie = `${name}=; Path=/; Max-Age=0; SameSite=Strict${location.protocol === 'https:' ? '; Secure' : ''}`;
  offer.querySelector('input[name="next"]').value = location.pathname + location.search;
  offer.hidden = false;
  offer.querySelector('[data-offer-dismiss]').addEventListener('click', () => { offer.hidden = true; });
}

// Waiting for a push approval: ask every second and a half; once it is answered, the page
// (reloaded) carries the form that finishes the second step. Without the script, "Check again".
const waiting = document.querySelector('[data-push-wait]');
if (waiting) {
  const tick = setInterval(async () => {
    try {
      const res = await fetch(waiting.dataset.pushWait, { credentials: 'same-origin' });
      if (res.ok && (await res.json()).status !== 'pending') {
        clearInterval(tick);
        location.reload();
      }
    } catch {
      // Offline for a moment: try again at the next tick.
    }
  }, 1500);
}

// A push approval that came in: finish the second step without a click.
document.querySelectorAll('form[data-autosubmit]').forEach((form) => form.submit());

// Sign-ins waiting for this account's approval: a prompt on every signed-in page (checked
// every few seconds; the sign-in requests page answers them, and works without this).
const approvals = document.body.dataset.approvals;
const prompt = document.querySelector('[data-approval-prompt]');
if (approvals && prompt && location.pathname !== '/account/sign-in-requests') {
  const check = async () => {
    try {
      const res = await fetch(approvals, { credentials: 'same-origin' });
      const body = res.ok ? await res.json() : { requests: [] };
      prompt.hidden = body.requests.length === 0;
    } catch {
      // Offline for a moment: try again at the next tick.
    }
  };
  check();
  setInterval(check, 3000);
}
