// Parcours' own behaviour, kept out of the HTML so the CSP needs no 'unsafe-inline'.
document.addEventListener("change", (event) => {
  if (event.target.matches(".js-autosubmit")) {
    event.target.form.requestSubmit();
  }
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copyTarget);
  navigator.clipboard.writeText(field.value).then(() => {
    button.textContent = button.dataset.copiedLabel;
  });
});

// A form marked data-confirm asks before it submits (deletes, revocations).
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A button marked data-print prints the page (the journey map has an A3 print stylesheet).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
