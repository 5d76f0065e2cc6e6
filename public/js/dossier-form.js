// Progressive enhancement of the Meting dagprijzen form: "Indienen" asks
// OK / Annuleer in a dialog (without JavaScript the server asks it as a step),
// and the nettoprijs of a Luik 2 line follows the brutoprijs as it is typed
// (the server computes it again on every page it shows).
(() => {
  const form = document.querySelector('form.dossier-form');
  if (!form) return;
  const korting = Number(form.getAttribute('data-korting-cents'));

  // "6,29" / "1.234,5" -> cents, or null; the same format the server accepts.
  const toCents = (text) => {
    const match = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(text.replace(/\s|€/g, ''));
    if (!match) return null;
    return Number(match[1].replace(/\./g, '')) * 100 + Number((match[2] || '').padEnd(2, '0'));
  };
  const format = (cents) => {
    const sign = cents < 0 ? '-' : '';
    const abs = Math.abs(cents);
    const whole = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    return `${sign}${whole},${String(abs % 100).padStart(2, '0')}`;
  };

  form.addEventListener('input', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement)) return;
    const output = form.querySelector(`output[data-netto-of="${CSS.escape(input.id)}"]`);
    if (!output) return;
    const cents = toCents(input.value);
    output.textContent = cents === null ? '' : format(cents - korting);
  });

  form.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const opener = target && target.closest('[data-confirm-dialog]');
    if (opener) {
      const dialog = document.getElementById(opener.getAttribute('data-confirm-dialog'));
      if (dialog && typeof dialog.showModal === 'function') {
        event.preventDefault();
        dialog.showModal();
      }
      return;
    }
    const closer = target && target.closest('[data-close-dialog]');
    if (closer) closer.closest('dialog').close();
  });
})();
