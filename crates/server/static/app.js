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
      error.textContent = `The security key did not answer (${e.name}). Try again, or use another method.`;
      error.hidden = false;
    }
  });
});
