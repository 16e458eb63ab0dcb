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
