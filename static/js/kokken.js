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
  // A table wider than the screen scrolls in its box: keyboard users reach that box with
  // Tab and scroll it with the arrow keys (WCAG 2.1.1); a box that fits stays out of the
  // tab order.
  const scrollable = () => document.querySelectorAll(".table-wrap").forEach((box) => {
    if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
  });
  scrollable();
  window.addEventListener("resize", scrollable);
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

// Autosave of the answer form (#section-form[data-autosave-url]).
// - One save at a time per sheet: changes wait in a queue, and a field that changes
//   again while waiting is sent once, with its latest value.
// - Each answer carries the sheet version at which this page last synchronised it
//   (hidden input v-<code>); the server only reports a conflict when another person
//   changed that same answer since then.
// - A failed save (server error, network, timeout) is shown at the field and in the
//   page notice, and retried with a growing delay.
// - Posting the whole form first waits for pending saves; leaving the page while
//   something is unsaved asks first.
function setupAutosave(form) {
  const url = form.dataset.autosaveUrl;
  if (!url) return null;
  const csrfInput = form.querySelector("[name=csrfmiddlewaretoken]");
  const csrf = csrfInput ? csrfInput.value : "";
  const notice = document.getElementById("autosave-notice");
  const noticeText = document.getElementById("autosave-notice-text");
  const TEXT_DELAY = 1500;
  const TIMEOUT = 15000;
  const fields = new Map(); // code -> {timer, dirty, failed, conflict, invalid, attempts}
  const queue = [];
  let busy = false;
  let submitting = false;
  let idleWaiters = [];

  const field = (code) => {
    if (!fields.has(code)) {
      fields.set(code, { timer: null, dirty: false, failed: false, conflict: false,
                         invalid: false, attempts: 0 });
    }
    return fields.get(code);
  };
  const statusOf = (code) => document.getElementById(`status-${code}`);
  const baseOf = (code) => form.querySelector(`[data-base-for="${code}"]`);
  const inputsOf = (code) => form.querySelectorAll(`[name="q-${code}"]`);
  const valueOf = (code) => Array.from(inputsOf(code))
    .filter((input) => (input.type === "radio" || input.type === "checkbox") ? input.checked : true)
    .map((input) => input.value);
  const setStatus = (code, html, isError) => {
    const status = statusOf(code);
    if (!status) return;
    status.innerHTML = html;
    const box = document.getElementById(`field-${code}`);
    if (box) box.classList.toggle("field-invalid", Boolean(isError));
  };
  const setStatusText = (code, text, isError) => {
    const span = document.createElement("span");
    span.className = isError ? "field-error" : "muted";
    span.textContent = isError ? `＊${text}` : text;
    const status = statusOf(code);
    if (status) status.replaceChildren(span);
    const box = document.getElementById(`field-${code}`);
    if (box) box.classList.toggle("field-invalid", Boolean(isError));
  };

  const unsaved = () => busy || queue.length > 0 || Array.from(fields.values()).some(
    (f) => f.dirty || f.failed || f.invalid || f.conflict || f.timer);
  const updateNotice = () => {
    if (!notice) return;
    const all = Array.from(fields.values());
    if (all.some((f) => f.failed)) {
      noticeText.textContent = form.dataset.msgNotice;
      notice.hidden = false;
    } else if (all.some((f) => f.conflict)) {
      noticeText.textContent = form.dataset.msgConflictNotice;
      notice.hidden = false;
    } else {
      notice.hidden = true;
    }
  };
  const settle = () => {
    if (busy || queue.length) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  };

  function schedule(code, delay) {
    const f = field(code);
    f.dirty = true;
    f.conflict = false;
    f.invalid = false;
    clearTimeout(f.timer);
    f.timer = null;
    if (delay > 0) {
      f.timer = setTimeout(() => enqueue(code), delay);
      setStatusText(code, form.dataset.msgWaiting, false);
    } else {
      enqueue(code);
    }
  }

  function enqueue(code) {
    const f = field(code);
    clearTimeout(f.timer);
    f.timer = null;
    if (!queue.includes(code)) queue.push(code);
    pump();
  }

  function pump() {
    if (busy) return;
    const code = queue.shift();
    if (code === undefined) { settle(); return; }
    busy = true;
    send(code).finally(() => { busy = false; updateNotice(); pump(); });
  }

  async function send(code) {
    const f = field(code);
    const sent = JSON.stringify(valueOf(code));
    f.dirty = false; // a change made while this save is on its way sets it again
    setStatusText(code, form.dataset.msgSaving, false);
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    body.append("code", code);
    body.append("version", baseOf(code) ? baseOf(code).value : "");
    valueOf(code).forEach((value) => body.append(`q-${code}`, value));
    if (valueOf(code).length === 0 && inputsOf(code).length && inputsOf(code)[0].type !== "checkbox") {
      body.append(`q-${code}`, "");
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT);
    let response = null;
    let html = "";
    try {
      response = await fetch(url, { method: "POST", body, credentials: "same-origin",
                                    headers: { "X-CSRFToken": csrf }, signal: controller.signal });
      html = await response.text();
    } catch (error) {
      response = null;
    } finally {
      clearTimeout(timer);
    }
    const version = response ? response.headers.get("X-Answer-Version") : null;
    const changedSince = JSON.stringify(valueOf(code)) !== sent;
    if (response && response.status === 200) {
      if (version && baseOf(code)) baseOf(code).value = version;
      f.failed = false;
      f.attempts = 0;
      setStatus(code, html, false);
      if (changedSince || f.dirty) { f.dirty = true; if (!f.timer) enqueue(code); }
    } else if (response && response.status === 409) {
      // Another person changed this answer: say who and when; the person decides.
      if (version && baseOf(code)) baseOf(code).value = version;
      f.failed = false;
      f.attempts = 0;
      f.conflict = true;
      clearTimeout(f.timer);
      f.timer = null;
      setStatus(code, html, true);
    } else if (response && (response.status === 422 || response.status === 403)) {
      f.failed = false;
      f.attempts = 0;
      f.invalid = true;
      setStatus(code, html, true);
      if (changedSince) schedule(code, TEXT_DELAY);
    } else {
      // 5xx, 4xx without our status line, network error or timeout: keep and retry.
      f.failed = true;
      f.dirty = true;
      f.attempts += 1;
      setStatusText(code, form.dataset.msgRetrying, true);
      const delay = Math.min(30000, 1000 * 2 ** Math.min(f.attempts, 5));
      clearTimeout(f.timer);
      f.timer = setTimeout(() => enqueue(code), delay);
    }
    updateNotice();
  }

  const codeOf = (target) => {
    const box = target.closest ? target.closest("[data-code]") : null;
    return box && target.name === `q-${box.dataset.code}` ? box.dataset.code : null;
  };
  form.addEventListener("input", (event) => {
    const code = codeOf(event.target);
    if (!code) return;
    const t = event.target.type;
    if (t === "radio" || t === "checkbox" || t === "date") return; // "change" sends those
    schedule(code, TEXT_DELAY);
  });
  form.addEventListener("change", (event) => {
    const code = codeOf(event.target);
    if (code) schedule(code, 0);
  });

  // Posting the whole form: send what is waiting, wait for the queue, then post.
  form.addEventListener("submit", (event) => {
    if (submitting) return;
    event.preventDefault();
    const submitter = event.submitter;
    fields.forEach((f, code) => {
      if (f.timer && !f.failed) enqueue(code);
    });
    const waited = new Promise((resolve) => { idleWaiters.push(resolve); settle(); });
    const limit = new Promise((resolve) => setTimeout(resolve, TIMEOUT + 5000));
    // Posted from a new task: while this submit event is still being dispatched (nothing
    // was waiting, so the promise settles at once) the browser ignores requestSubmit, and
    // 一時保存する did nothing on its first press.
    Promise.race([waited, limit]).then(() => setTimeout(() => {
      submitting = true;
      if (submitter && form.requestSubmit) form.requestSubmit(submitter);
      else if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    }, 0));
  });

  window.addEventListener("beforeunload", (event) => {
    if (submitting || !unsaved()) return;
    event.preventDefault();
    event.returnValue = form.dataset.msgUnsaved || "";
  });
  return { unsaved, whenIdle: () => new Promise((resolve) => { idleWaiters.push(resolve); settle(); }) };
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("section-form");
  if (form) window.kokkenAutosave = setupAutosave(form);
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

// The 年 / 月 / 日 boxes of a date question: keep the hidden q-CODE joined (YYYY-MM-DD, or
// what was typed, for the server to judge) and tell the autosave it changed.
document.addEventListener("change", (event) => {
  const part = event.target;
  if (!(part instanceof HTMLInputElement) || !part.dataset.datePart) return;
  const code = part.dataset.datePart;
  const joined = document.querySelector(`input[data-date-joined="${CSS.escape(code)}"]`);
  if (!joined) return;
  const parts = ["year", "month", "day"].map(
    (p) => (document.querySelector(`input[name="q-${CSS.escape(code)}-${p}"]`) || {}).value || "");
  const digits = parts.every((p) => /^[0-9]+$/.test(p.trim()));
  joined.value = parts.every((p) => !p.trim()) ? "" : digits
    ? `${parts[0].trim().padStart(4, "0")}-${parts[1].trim().padStart(2, "0")}-${parts[2].trim().padStart(2, "0")}`
    : parts.map((p) => p.trim()).join("-");
  joined.dispatchEvent(new Event("change", { bubbles: true }));
});
