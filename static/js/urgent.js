// Urgent board: every [data-due] element counts down to its ISO deadline each second and turns red
// (class xb-overdue) once it has passed; the rows themselves are refreshed by htmx (hx-trigger every 30s).
// The count runs on the server's clock (data-now, when the element was rendered), not the office PC's,
// whose clock may be wrong.
(function () {
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function render(el, clientNow) {
    var due = Date.parse(el.getAttribute("data-due"));
    if (isNaN(due)) { return; }
    if (el.xbSeen === undefined) { el.xbSeen = clientNow; }
    var serverNow = Date.parse(el.getAttribute("data-now") || "");
    var now = isNaN(serverNow) ? clientNow : serverNow + (clientNow - el.xbSeen);
    var seconds = Math.round((due - now) / 1000);
    var late = seconds < 0;
    var s = Math.abs(seconds);
    var text = (s >= 3600 ? Math.floor(s / 3600) + ":" : "") + pad(Math.floor(s % 3600 / 60)) + ":" + pad(s % 60);
    el.textContent = late ? (el.getAttribute("data-late-label") || "超时") + " " + text : text;
    el.classList.toggle("xb-overdue", late);
    var row = el.closest("[data-board-row]");
    if (row) { row.classList.toggle("table-danger", late); }
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-due]").forEach(function (el) { render(el, now); });
  }
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
  setInterval(tick, 1000);
})();
