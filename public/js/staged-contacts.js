// Progressive enhancement of the staged contacts component
// (views/macros/staged-contacts.njk, src/modules/contacts/staged.ts).
// Without JavaScript every icon button posts the outer form and the server
// shows the add/edit form or the removal question as a step of the page.
// With it, the same request is sent in the background, the component's region
// is replaced by the server's answer, and an open step is shown in a modal
// <dialog> in place. The server stays the only place with the rules.
(() => {
  const live = document.createElement('p');
  live.className = 'visually-hidden';
  live.setAttribute('aria-live', 'polite');
  document.body.appendChild(live);

  const regionOf = (prefix) => document.querySelector(`[data-staged-contacts="${CSS.escape(prefix)}"]`);

  function primaryButton(step) {
    return step.querySelector('.form-actions button');
  }

  function openStep(region) {
    const step = region.querySelector('[data-staged-step]');
    if (!step) return false;
    const dialog = document.createElement('dialog');
    dialog.className = 'dialog';
    dialog.setAttribute('aria-labelledby', step.getAttribute('aria-labelledby') || '');
    step.replaceWith(dialog);
    dialog.appendChild(step);
    // Escape closes the dialog as "Annuleren" would: the server redraws the overview.
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      const cancel = step.querySelector('button[value="cancel"]');
      if (cancel) send(cancel);
    });
    // Enter in a field submits this step, not the outer form's first button.
    dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement) || event.target.type === 'checkbox' || event.target.type === 'radio') return;
      event.preventDefault();
      const button = primaryButton(step);
      if (button) send(button);
    });
    dialog.showModal();
    const summary = step.querySelector('.error-summary');
    const first = summary || step.querySelector('input:not([type="hidden"]), button');
    if (first) first.focus();
    return true;
  }

  function restoreFocus(region) {
    const id = region.getAttribute('data-staged-focus');
    const target = (id && document.getElementById(id)) || region.querySelector('[data-staged-action]');
    if (target) target.focus();
  }

  async function send(button) {
    const form = button.form;
    const region = button.closest('[data-staged-contacts]');
    if (!form || !region) return;
    const prefix = region.getAttribute('data-staged-contacts');
    const body = new URLSearchParams(new FormData(form, button));
    let html;
    try {
      const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'text/html' } });
      html = await response.text();
    } catch {
      html = undefined;
    }
    const fresh = html && new DOMParser().parseFromString(html, 'text/html').querySelector(`[data-staged-contacts="${CSS.escape(prefix)}"]`);
    if (!fresh) {
      // Anything unexpected (a session that ended, an error page): do what the button does without JavaScript.
      button.setAttribute('data-staged-plain', '');
      form.requestSubmit(button);
      return;
    }
    const openDialog = region.querySelector('dialog');
    if (openDialog && openDialog.open) openDialog.close();
    const replacement = document.importNode(fresh, true);
    regionOf(prefix).replaceWith(replacement);
    const status = replacement.querySelector('[data-staged-status]');
    live.textContent = status ? status.textContent : '';
    if (!openStep(replacement)) restoreFocus(replacement);
  }

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-staged-action]') : null;
    if (!button || button.hasAttribute('data-staged-plain') || !button.closest('[data-staged-contacts]')) return;
    event.preventDefault();
    void send(button);
  });

  // A step the server rendered with the page (after a post without this script) opens as a dialog too.
  for (const region of document.querySelectorAll('[data-staged-contacts]')) openStep(region);
})();
