// A "Print" button works only with JavaScript: it is hidden in the page and shown here.
// Without JavaScript the browser's own print menu and the PDF download remain.
document.querySelectorAll('[data-print]').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});
