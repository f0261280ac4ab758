// Bedside's own script, served from this origin: the Content-Security-Policy
// allows no inline script, so behaviour the templates need lives here.

// <form data-confirm="Delete X?">: ask before submitting.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
