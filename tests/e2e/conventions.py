"""The form conventions of ../shared/UX.md, checked in the browser on whatever page is open.

- ``page_convention_problems``: targets of at least 44×44 px, ``aria-sort`` on sortable
  headers.

- ``form_markup_problems``: every required control (``required`` or ``aria-required``) has
  「※必須」 ("※Required") in its label or its group's legend; every label or legend that says
  「※必須」 labels a control that carries ``required``/``aria-required``; no bare ``*``.
- ``error_state_problems``: submits each form that has ``required`` controls with them emptied
  (``required`` means the server refuses a blank; ``aria-required`` alone, as on the sheet's
  questions, means "needed before 提出" and a draft may be saved without it, so those forms are
  not submitted) and checks the page that comes back: ``aria-invalid`` on the controls, each
  linked by ``aria-describedby`` to a message beginning with 「＊」, every message linked, no
  ``aria-describedby`` naming a missing id, and an error summary that has the focus.
"""

from urllib.parse import urlsplit

BADGE = {"ja": "※必須", "en": "※Required"}

# Shared by both scripts: which controls count, and how to name one in a message.
_COMMON = """
const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
const SKIP_TYPES = ['hidden', 'submit', 'button', 'reset', 'image'];
const controls = (root) => [...root.querySelectorAll('input, select, textarea')]
  .filter((c) => !SKIP_TYPES.includes(c.type) && !c.disabled && visible(c));
const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
  (el.name ? `[name=${el.name}]` : '');
const isRequired = (c) => c.required || c.getAttribute('aria-required') === 'true';
const forms = () => [...document.querySelectorAll('main form')]
  .filter((f) => (f.getAttribute('method') || 'get').toLowerCase() === 'post');
"""

MARKUP_JS = "(badge) => {" + _COMMON + """
  const out = [];
  for (const form of forms()) {
    for (const c of controls(form)) {
      const texts = [...(c.labels || [])].map((l) => l.textContent);
      const legend = c.closest('fieldset')?.querySelector('legend');
      if (legend) texts.push(legend.textContent);
      if (isRequired(c) && !texts.some((t) => t.includes(badge)))
        out.push(`${name(c)} is required but its label does not say “${badge}”`);
    }
    for (const label of form.querySelectorAll('label, legend')) {
      const text = label.textContent;
      if (/[*＊]/.test(text)) out.push(`bare asterisk in the label “${text.trim().slice(0, 40)}”`);
      if (!text.includes(badge) || !visible(label)) continue;
      const labelled = label.tagName === 'LEGEND' ? controls(label.parentElement)
        : (label.control ? [label.control] : []);
      // A group of checkboxes cannot carry aria-required (role=group does not take it).
      if (labelled.length && labelled.every((c) => c.type === 'checkbox') && labelled.length > 1) continue;
      const group = label.tagName === 'LEGEND' && label.parentElement.getAttribute('aria-required') === 'true';
      // A select without a blank choice always sends a value (Django leaves out required).
      const neverBlank = labelled.some((c) => c.tagName === 'SELECT' && ![...c.options].some((o) => o.value === ''));
      if (!group && !neverBlank && !labelled.some(isRequired))
        out.push(`“${text.trim().slice(0, 40)}” says ${badge} but no control it labels has required/aria-required`);
    }
  }
  return out;
}"""

# Empties the required controls of the index-th POST form; false when it has none or one
# cannot be emptied (a select without a blank choice).
EMPTY_JS = "(index) => {" + _COMMON + """
  const form = forms()[index];
  const required = controls(form).filter((c) => c.required);
  if (!required.length) return false;
  for (const c of required) {
    if (c.type === 'radio' || c.type === 'checkbox') c.checked = false;
    else if (c.tagName === 'SELECT') {
      const blank = [...c.options].find((o) => o.value === '');
      if (!blank) return false;  // cannot be emptied: not submitted
      c.value = '';
    } else if (c.type !== 'file') c.value = '';
  }
  return true;
}"""

# Submits it with its first submit button (name/value included), without the browser's
# own validation; false when the page's script stopped it (a confirm() dialog, which
# Playwright dismisses, or a script that sends the form itself).
SUBMIT_JS = "(index) => {" + _COMMON + """
  const form = forms()[index];
  form.noValidate = true;
  const button = form.querySelector('button:not([type]), button[type=submit], input[type=submit]');
  let prevented = false;
  const seen = (event) => { prevented = event.defaultPrevented; };
  document.addEventListener('submit', seen);
  form.requestSubmit(button || undefined);
  document.removeEventListener('submit', seen);
  return !prevented;
}"""

ERROR_STATE_JS = "() => {" + _COMMON + """
  const out = [];
  const described = new Set();
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean)) {
      if (!document.getElementById(id)) out.push(`${name(el)}: aria-describedby names a missing id “${id}”`);
      described.add(id);
    }
  }
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length) out.push(`ids used twice: ${[...new Set(twice)].slice(0, 3)}`);
  const invalid = [...document.querySelectorAll('main [aria-invalid=true]')];
  if (!invalid.length) out.push('no control has aria-invalid="true"');
  for (const c of invalid) {
    const refs = [c, c.closest('fieldset')].filter(Boolean)
      .flatMap((el) => (el.getAttribute('aria-describedby') || '').split(/\\s+/))
      .map((id) => id && document.getElementById(id)).filter(Boolean);
    if (!refs.some((el) => el.textContent.trim().startsWith('＊')))
      out.push(`${name(c)} has aria-invalid but no message beginning with ＊ is linked by aria-describedby`);
  }
  const linked = (el) => {
    for (let n = el; n && n !== document.body; n = n.parentElement) if (n.id && described.has(n.id)) return true;
    return false;
  };
  for (const e of document.querySelectorAll('main .field-error')) {
    if (!visible(e)) continue;
    const text = e.textContent.trim();
    if (!text.startsWith('＊')) out.push(`error message “${text.slice(0, 40)}” does not begin with ＊`);
    if (!linked(e)) out.push(`error message “${text.slice(0, 40)}” is not linked by any aria-describedby`);
  }
  for (const g of document.querySelectorAll('main .field-invalid')) {
    if (!g.querySelector('[aria-invalid=true]')) out.push(`${name(g)} is marked invalid but none of its controls has aria-invalid`);
  }
  const summary = document.querySelector('.error-summary');
  if (!summary) out.push('no error summary');
  else {
    if (!summary.contains(document.activeElement)) out.push('the error summary does not have the focus');
    for (const a of summary.querySelectorAll('a[href^="#"]'))
      if (!document.getElementById(decodeURIComponent(a.hash.slice(1)))) out.push(`summary link ${a.hash} goes nowhere`);
  }
  return out;
}"""


# UX.md's look-and-feel rules that a page's markup shows: buttons (and links styled as
# buttons) at least 44×44 px; a sortable header (a link or button in a <th>) says how the
# table is sorted with aria-sort.
PAGE_JS = "() => {" + _COMMON + """
  const out = [];
  const text = (el) => (el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 30);
  for (const el of document.querySelectorAll(
      'button, input[type=submit], input[type=button], input[type=reset], a.button, [role=button]')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 44 || r.height < 44)
      out.push(`target smaller than 44×44 px (${Math.round(r.width)}×${Math.round(r.height)}): ${name(el)} “${text(el)}”`);
  }
  for (const th of document.querySelectorAll('th')) {
    if (th.querySelector('a[href*="sort="], a.sort-link, button') && !th.hasAttribute('aria-sort'))
      out.push(`sortable header “${text(th)}” has no aria-sort`);
  }
  return out;
}"""


def page_convention_problems(page) -> list[str]:
    return page.evaluate(PAGE_JS)


def form_markup_problems(page, lang: str) -> list[str]:
    return page.evaluate(MARKUP_JS, BADGE[lang])


def post_form_count(page) -> int:
    return page.evaluate("() => [...document.querySelectorAll('main form')].filter("
                         "(f) => (f.getAttribute('method') || 'get').toLowerCase() === 'post').length")


# A form's kind: where it posts (ids as N) and the names of its fields. The review page has
# one comment form per question, all of one kind.
KIND_JS = """(i) => {
  const f = [...document.querySelectorAll('main form')].filter((f) =>
    (f.getAttribute('method') || 'get').toLowerCase() === 'post')[i];
  // getAttribute: a control named "action" hides the form's own action property.
  return new URL(f.getAttribute('action') || '', location.href).pathname.replace(/\\d+/g, 'N') + ' ' +
    [...f.elements].map((e) => e.name).filter(Boolean).sort().join(',');
}"""


def error_state_problems(page, url: str, check_axe=None, kinds: set | None = None) -> list[str]:
    """Submit each POST form of ``url`` (already open in ``page``) with its required
    controls emptied and check the error state; ``check_axe(page)`` runs on each. With
    ``kinds``, a form of a kind already in it is not submitted again (and each kind
    submitted is added)."""
    problems = []
    count, dirty = post_form_count(page), False
    for index in range(count):
        if dirty:
            page.goto(url, wait_until="load")
            dirty = False
        if kinds is not None:
            kind = page.evaluate(KIND_JS, index)
            if kind in kinds:
                continue
            kinds.add(kind)
        # The error state comes back from wherever the form posts (its action).
        before = urlsplit(page.evaluate(
            "(i) => [...document.querySelectorAll('main form')].filter((f) => "
            "(f.getAttribute('method') || 'get').toLowerCase() === 'post')[i]"
            ".getAttribute('action') || location.href", index)).path
        if not page.evaluate(EMPTY_JS, index):
            continue
        try:
            with page.expect_navigation(wait_until="load", timeout=30_000) as navigation:
                if not page.evaluate(SUBMIT_JS, index):
                    raise _Stopped
        except _Stopped:
            continue
        finally:
            dirty = True
        response = navigation.value
        where = f"form {index + 1} of {urlsplit(url).path}"
        if response is None or response.status not in (200, 400, 422):
            problems.append(f"{where}: submitted empty, HTTP {response.status if response else '?'}")
            continue
        if urlsplit(page.url).path != before or response.request.redirected_from:
            problems.append(f"{where}: accepted with its required fields empty "
                            f"(went on to {urlsplit(page.url).path})")
            continue
        problems.extend(f"{where}, error state: {p}" for p in page.evaluate(ERROR_STATE_JS))
        if check_axe:
            problems.extend(f"{where}, error state: {v}" for v in check_axe(page))
    return problems


class _Stopped(Exception):
    """The page's script stopped the submission: no navigation to wait for."""
