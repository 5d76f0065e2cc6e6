// Submits the SAML POST form of the development identity provider at once,
// as identity providers do; without JavaScript the user presses "Doorgaan".
const form = document.querySelector('form[data-auto-submit]');
if (form) form.submit();
