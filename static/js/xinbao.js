// xinbao: small behaviours without inline scripts (the CSP forbids them).
// - <form data-confirm="…"> asks before submitting (destructive actions).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);
