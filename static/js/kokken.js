// Small behaviours without inline scripts (a strict CSP holds).
document.addEventListener("DOMContentLoaded", () => {
  // Error summaries take focus so screen readers announce them.
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
  // Banners can be closed.
  document.querySelectorAll("[data-dismiss]").forEach((button) => {
    button.addEventListener("click", () => button.closest(".banner").remove());
  });
  // Copy a value to the clipboard: <button data-copy="input-id" data-copied="Copied">.
  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", () => {
      const input = document.getElementById(button.dataset.copy);
      input.select();
      const done = () => { button.textContent = button.dataset.copied; };
      if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, () => {});
      else if (document.execCommand("copy")) done();
    });
  });
  document.querySelectorAll("[data-select-on-focus]").forEach((input) => {
    input.addEventListener("focus", () => input.select());
  });
  // Destructive actions ask first: <form data-confirm="…">.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
