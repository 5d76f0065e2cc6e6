// The idle warning: two minutes before the session ends, a dialog says so and
// offers "Aangemeld blijven" (a POST to /sessie/verlengen with the page's CSRF
// token); when the time is up it says the session has ended. The layout tells
// how many seconds are left (data-session-seconds-left on <body>) and whether
// an extension can help (data-session-extendable: not once the absolute
// timeout is the nearer end). Tabs share the latest end through localStorage,
// so activity in one tab keeps the others from warning too early.
(() => {
  const body = document.body;
  const secondsLeft = Number(body.dataset.sessionSecondsLeft);
  if (!body.dataset.sessionSecondsLeft || !Number.isFinite(secondsLeft)) return;

  const WARN_BEFORE_MS = 2 * 60_000;
  const STORAGE_KEY = 'eloket-session-end';
  let session = { end: Date.now() + secondsLeft * 1000, extendable: body.dataset.sessionExtendable === 'true' };
  let timer;
  let dialog;
  let returnFocusTo;

  function share() {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Storage may be unavailable (private mode); each tab then keeps its own time.
    }
  }

  function sharedLaterEnd() {
    try {
      const shared = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
      if (shared && typeof shared.end === 'number' && shared.end > session.end) session = { end: shared.end, extendable: shared.extendable === true };
    } catch {
      // Nothing usable shared.
    }
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  }

  function buildDialog() {
    const node = element('dialog', {
      class: 'session-dialog',
      role: 'alertdialog',
      'aria-modal': 'true',
      'aria-labelledby': 'session-dialog-title',
      'aria-describedby': 'session-dialog-text',
    });
    node.append(element('h2', { id: 'session-dialog-title', class: 'session-dialog__title' }), element('p', { id: 'session-dialog-text' }), element('div', { class: 'session-dialog__actions' }));
    // Escape closes the dialog; the session still ends, and the page will say so.
    node.addEventListener('close', restoreFocus);
    document.body.append(node);
    return node;
  }

  function restoreFocus() {
    if (returnFocusTo && document.contains(returnFocusTo)) returnFocusTo.focus();
    returnFocusTo = undefined;
  }

  function show(title, text, actions) {
    dialog ??= buildDialog();
    dialog.querySelector('.session-dialog__title').textContent = title;
    dialog.querySelector('#session-dialog-text').textContent = text;
    dialog.querySelector('.session-dialog__actions').replaceChildren(...actions);
    if (!dialog.open) {
      returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
      dialog.showModal();
    }
    // Focus on the first action: a screen reader announces the alert dialog's title and text with it.
    actions[0].focus();
  }

  function button(text, onClick, variant) {
    const node = element('button', { type: 'button', class: variant ? `button ${variant}` : 'button' }, text);
    node.addEventListener('click', onClick);
    return node;
  }

  function close() {
    if (dialog?.open) dialog.close();
  }

  async function extend() {
    const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
    try {
      const response = await fetch('/sessie/verlengen', {
        method: 'POST',
        headers: { 'x-csrf-token': token, accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok) return ended();
      const answer = await response.json();
      session = { end: Date.now() + answer.secondsLeft * 1000, extendable: answer.extendable === true };
      share();
      close();
      schedule();
    } catch {
      show('Uw sessie kon niet verlengd worden', 'Er is geen verbinding met het e-loket. Probeer het opnieuw.', [button('Opnieuw proberen', extend)]);
    }
  }

  function warn() {
    if (session.extendable) {
      show(
        'Uw sessie verloopt bijna',
        'Over twee minuten wordt u automatisch afgemeld. Wat u hebt ingevuld maar nog niet bewaard, kan dan verloren gaan.',
        [button('Aangemeld blijven', extend)],
      );
    } else {
      show(
        'Uw sessie verloopt bijna',
        'Over twee minuten wordt u automatisch afgemeld. Uw sessie kan niet meer verlengd worden: u bent al de langst toegelaten tijd aangemeld. Bewaar nu wat u hebt ingevuld; daarna meldt u zich opnieuw aan.',
        [button('Sluiten', close, 'button--secondary')],
      );
    }
  }

  function ended() {
    const again = element('a', { class: 'button', href: `/auth/login?RelayState=${encodeURIComponent(location.pathname + location.search)}` }, 'Opnieuw aanmelden');
    show('Uw sessie is verlopen', 'U bent afgemeld. Meld u opnieuw aan om verder te werken.', [again, button('Sluiten', close, 'button--secondary')]);
  }

  function tick() {
    sharedLaterEnd();
    const left = session.end - Date.now();
    if (left <= 0) return ended();
    if (left <= WARN_BEFORE_MS) {
      if (!dialog?.open) warn();
      timer = setTimeout(tick, left);
      return;
    }
    // Activity elsewhere moved the end: the warning is no longer due.
    close();
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(tick, Math.max(0, session.end - Date.now() - WARN_BEFORE_MS));
  }

  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    sharedLaterEnd();
    if (dialog?.open && session.end - Date.now() > WARN_BEFORE_MS) close();
    schedule();
  });

  share();
  schedule();
})();
