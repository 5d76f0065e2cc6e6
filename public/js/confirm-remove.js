// Progressive enhancement of the cross of an editable line
// (views/macros/editable-lines.njk, e.g. the Luiken of the Meting dagprijzen):
// with JavaScript the question "Bent u zeker ...?" is a dialog; without it,
// the server shows the same question as a step of the form.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[name="remove"][data-confirm]') : null;
  if (!button || !button.form) return;
  event.preventDefault();
  if (!window.confirm(button.getAttribute('data-confirm'))) return;
  const answer = document.createElement('input');
  answer.type = 'hidden';
  answer.name = 'confirmRemove';
  answer.value = button.value;
  button.form.appendChild(answer);
  button.form.submit();
});
