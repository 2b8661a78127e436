// Small behaviours without inline scripts (a strict CSP holds).
document.addEventListener("DOMContentLoaded", () => {
  // Error summaries take focus so screen readers announce them.
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
  // Banners can be closed.
  document.querySelectorAll("[data-dismiss]").forEach((button) => {
    button.addEventListener("click", () => button.closest(".banner").remove());
  });
  // Destructive actions ask first: <form data-confirm="…">.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
