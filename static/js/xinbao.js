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

// - forms marked data-xb-next carry the "then go to the next pending item" choice of the page's
//   checkbox (data-xb-then) in their hidden "then" field when they are submitted.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute || !form.hasAttribute("data-xb-next")) {
    return;
  }
  var choice = document.querySelector("[data-xb-then]");
  var field = form.querySelector("input[name=then]");
  if (choice && field) {
    field.value = choice.checked ? "next" : "";
  }
});

// - <select multiple data-xb-units> becomes a searchable unit picker (Tom Select): type to filter, options
//   grouped by their parent unit (县/区), and buttons that pick a whole group or assessment class at once.
function xbUnitPicker(select) {
  if (select.tomselect || typeof TomSelect === "undefined") {
    return;
  }
  var groups = [], classes = [];
  Array.prototype.forEach.call(select.options, function (option) {
    var data = JSON.parse(option.getAttribute("data-data") || "{}");
    if (data.group && groups.indexOf(data.group) < 0) { groups.push(data.group); }
    if (data.klass && classes.indexOf(data.klass) < 0) { classes.push(data.klass); }
  });
  var picker = new TomSelect(select, {
    plugins: ["remove_button", "clear_button"],
    optgroupField: "group",
    optgroups: groups.map(function (g) { return { value: g, label: g }; }),
    maxOptions: 1000,
    hidePlaceholder: true,
    placeholder: select.getAttribute("data-placeholder") || "",
  });
  if (groups.length < 2 && classes.length === 0) {
    return;
  }
  var pickAll = select.getAttribute("data-pick-all") || "";
  var bar = document.createElement("div");
  bar.className = "xb-pick-groups small mt-1";
  function addButton(label, test) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm p-0 me-2";
    button.textContent = label;
    button.addEventListener("click", function () {
      Object.keys(picker.options).forEach(function (value) {
        if (test(picker.options[value])) { picker.addItem(value, true); }
      });
      picker.refreshItems();
    });
    bar.appendChild(button);
  }
  groups.forEach(function (g) { addButton(pickAll + g, function (o) { return o.group === g; }); });
  classes.forEach(function (c) { addButton(pickAll + c, function (o) { return o.klass === c; }); });
  select.parentNode.appendChild(bar);
}

// - <tbody data-xb-sortable="form-id"> rows (data-entry="id") can be dragged into a new order; the form's
//   "order" field receives the ids and the form is sent (the ↑/↓ buttons do the same by keyboard).
function xbSortable(body) {
  if (typeof Sortable === "undefined") {
    return;
  }
  Sortable.create(body, {
    handle: "[data-xb-handle]",
    onEnd: function () {
      var form = document.getElementById(body.getAttribute("data-xb-sortable"));
      var ids = Array.prototype.map.call(body.querySelectorAll("[data-entry]"), function (row) {
        return row.getAttribute("data-entry");
      });
      form.querySelector("input[name=order]").value = ids.join(",");
      form.submit();
    },
  });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-xb-units]").forEach(xbUnitPicker);
  document.querySelectorAll("[data-xb-sortable]").forEach(xbSortable);
});
