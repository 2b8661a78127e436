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

// Conditional questions: show a question only while its parent has one of the given answers.
function applyConditions(root) {
  root.querySelectorAll("[data-show-if]").forEach((field) => {
    const name = field.dataset.showIf;
    const wanted = field.dataset.showValues.split(",");
    const chosen = Array.from(root.querySelectorAll(`[name="${name}"]`))
      .filter((input) => (input.type === "radio" || input.type === "checkbox") ? input.checked : true)
      .map((input) => input.value);
    const parent = root.querySelector(`#field-${name.slice(2)}`);
    const parentShown = !parent || !parent.hidden;
    field.hidden = !(parentShown && chosen.some((value) => wanted.includes(value)));
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("section-form");
  if (!form) return;
  applyConditions(form);
  form.addEventListener("change", () => applyConditions(form));
  // Copy last year's answer into the input, then let autosave pick it up.
  document.querySelectorAll("[data-copy-previous]").forEach((button) => {
    button.addEventListener("click", () => {
      const name = button.dataset.copyPrevious;
      const value = button.dataset.value;
      const inputs = form.querySelectorAll(`[name="${name}"]`);
      let changed = null;
      inputs.forEach((input) => {
        if (input.type === "radio") { input.checked = input.value === value; if (input.checked) changed = input; }
        else if (input.type === "checkbox") { input.checked = value.split(",").includes(input.value); changed = input; }
        else { input.value = value; changed = input; }
      });
      if (changed) changed.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
});

// An exclusive option (「参照していない」) clears the others, and another option clears it:
// <input type="checkbox" data-exclusive>. The server refuses the combination anyway.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox" || !box.checked) return;
  const group = document.querySelectorAll(`input[type=checkbox][name="${CSS.escape(box.name)}"]`);
  if (!Array.from(group).some((other) => other.hasAttribute("data-exclusive"))) return;
  group.forEach((other) => {
    if (other !== box && (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive"))) {
      other.checked = false;
    }
  });
}, true);
