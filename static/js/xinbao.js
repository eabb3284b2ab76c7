// xinbao: small behaviours without inline scripts (the CSP forbids them).
// - <form data-confirm="…"> asks before submitting (destructive actions).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);

// - <button data-xb-toggle="#id"> opens and closes the element (the collapsed menu on a phone screen).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-xb-toggle]");
  if (!button) {
    return;
  }
  var target = document.querySelector(button.getAttribute("data-xb-toggle"));
  if (target) {
    var open = target.classList.toggle("show");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
});
