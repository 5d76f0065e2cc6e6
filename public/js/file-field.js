// Progressive enhancement of the file fields (views/macros/file-field.njk):
// the native input is hidden visually but stays focusable and keeps working
// for keyboards and screen readers; the portal's button and the chosen names
// show in Dutch instead of the browser's "Choose Files / No file chosen".
// Without JavaScript the native input shows as it is.
(() => {
  for (const field of document.querySelectorAll('[data-file-field]')) {
    const input = field.querySelector('input[type="file"]');
    const control = field.querySelector('.file-field__control');
    const names = field.querySelector('[data-file-names]');
    if (!(input instanceof HTMLInputElement) || !control || !names) continue;
    const none = field.getAttribute('data-none-text') || '';
    const show = () => {
      const files = Array.from(input.files || []);
      names.textContent = files.length ? files.map((f) => f.name).join(', ') : none;
    };
    input.addEventListener('change', show);
    control.hidden = false;
    field.classList.add('file-field--enhanced');
    show();
  }
})();
