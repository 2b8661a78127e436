// Small behaviours without inline scripts (a strict CSP holds).
document.addEventListener("DOMContentLoaded", () => {
  // Error summaries take focus so screen readers announce them.
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
  // Banners can be closed.
  document.querySelectorAll("[data-dismiss]").forEach((button) => {
    button.addEventListener("click", () => button.closest(".banner").remove());
  });
  // Long text shows how many characters are left: <textarea maxlength data-count-left="残り{n}文字"
  // data-count-over="{n}文字超過しています">.
  document.querySelectorAll("textarea[data-count-left]").forEach((area) => {
    const limit = Number(area.getAttribute("maxlength") || area.dataset.countLimit);
    if (!limit) return;
    const counter = document.createElement("p");
    counter.className = "field-help char-count";
    counter.setAttribute("aria-live", "polite");
    const update = () => {
      const left = limit - area.value.length;
      counter.textContent = left >= 0
        ? area.dataset.countLeft.replace("{n}", left)
        : area.dataset.countOver.replace("{n}", -left);
    };
    area.insertAdjacentElement("afterend", counter);
    area.addEventListener("input", update);
    update();
  });
  // Destructive actions ask first: <form data-confirm="…">.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
