// twofold's one script, progressive: buttons that need the browser (printing) are hidden
// until it runs. Everything else works without it.
document.querySelectorAll('[data-print]').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});
