// Progressive enhancement of "Hulp nodig?": the link to /hulp becomes a button
// that opens the same content in place (fetched from /hulp/paneel), and the
// helpdesk form in it answers in place. Escape or "Sluiten" closes the panel
// and returns focus to the button. Without JavaScript the link leads to /hulp.
(() => {
  const link = document.querySelector('.help-button');
  const panel = document.getElementById('help-panel');
  if (!(link instanceof HTMLAnchorElement) || !panel || !window.fetch) return;

  const target = new URL(link.href);
  const panelUrl = new URL('/hulp/paneel', target);
  target.searchParams.forEach((value, key) => panelUrl.searchParams.set(key, value));
  panelUrl.searchParams.set('pagina', window.location.pathname);

  const button = document.createElement('button');
  button.type = 'button';
  button.className = link.className;
  button.textContent = link.textContent;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'help-panel');
  link.replaceWith(button);

  let loaded = false;

  const focusIn = (selector) => {
    const element = panel.querySelector(selector);
    if (element instanceof HTMLElement) element.focus();
  };

  const open = async () => {
    if (!loaded) {
      button.setAttribute('aria-busy', 'true');
      try {
        const response = await fetch(panelUrl, { headers: { 'X-Help-Panel': '1' }, credentials: 'same-origin' });
        if (!response.ok) throw new Error(`help panel: ${response.status}`);
        panel.innerHTML = await response.text();
        loaded = true;
      } catch {
        // The page still works: go there.
        window.location.assign(target.href);
        return;
      } finally {
        button.removeAttribute('aria-busy');
      }
    }
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    focusIn('#help-panel-title');
  };

  const close = () => {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };

  button.addEventListener('click', () => {
    if (panel.hidden) void open();
    else close();
  });

  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      event.preventDefault();
      close();
    }
  });

  panel.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-help-close]')) close();
  });

  // The helpdesk form answers inside the panel: the confirmation, or the errors with what was typed.
  panel.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-help-form')) return;
    event.preventDefault();
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { 'X-Help-Panel': '1', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
      });
      if (![200, 400, 429].includes(response.status)) throw new Error(`helpdesk: ${response.status}`);
      panel.innerHTML = await response.text();
      if (panel.querySelector('.error-summary')) focusIn('.error-summary');
      else focusIn('#helpdesk-sent');
    } catch {
      form.submit();
    }
  });
})();
