// Names for the admin's own widgets that have none, so that a screen reader (and axe)
// can tell what each control is for:
// - the autocomplete boxes (select2) take the label of the <select> they stand for;
// - a date and time pair takes its field's name and "date" or "time";
// - a control in an inline table takes its column's heading and its row;
// - the empty headings of an inline table (the saved item, its removal) get words;
// - the list of a multiple autocomplete box holds only list items (its "remove all"
//   control is one of them).
(function () {
  "use strict";
  function labelOf(element) {
    var label = element.id && document.querySelector('label[for="' + element.id + '"]');
    var legend = element.closest("fieldset") && element.closest("fieldset").querySelector("legend");
    var text = (label || legend || {}).textContent || element.name || "";
    return text.replace(/[:*]\s*$/, "").replace(/\s+/g, " ").trim();
  }
  function name(node, text) {
    if (text && !node.getAttribute("aria-label")) { node.setAttribute("aria-label", text); }
  }
  function mend(root) {
    root.querySelectorAll("select + .select2-container").forEach(function (box) {
      var text = labelOf(box.previousElementSibling);
      box.querySelectorAll(".select2-selection, span.select2-selection__rendered, .select2-search__field")
        .forEach(function (node) { name(node, text); });
    });
    root.querySelectorAll("ul.select2-selection__rendered > :not(li)").forEach(function (node) {
      node.setAttribute("role", "listitem");
    });
    // A table of inline rows labels its columns in the heading only.
    root.querySelectorAll(".tabular tbody tr.form-row").forEach(function (row, index) {
      row.querySelectorAll("td :is(input, select, textarea)").forEach(function (control) {
        if (control.type === "hidden" || (control.id && document.querySelector('label[for="' + control.id + '"]'))) { return; }
        var cell = control.closest("td");
        var column = [...cell.classList].find(function (c) { return c.startsWith("field-"); });
        var heading = column && row.closest("table").querySelector("th.column-" + column.slice(6));
        var words = heading ? heading.textContent.replace(/\s+/g, " ").trim() : (column ? column.slice(6) : "Delete");
        name(control, words + ", row " + (index + 1));
      });
    });
    root.querySelectorAll("input.vDateField, input.vTimeField").forEach(function (input) {
      if (input.id && document.querySelector('label[for="' + input.id + '"]')) { return; }
      name(input, labelOf(input) + (input.classList.contains("vDateField") ? ", date" : ", time"));
    });
    root.querySelectorAll("thead th:empty").forEach(function (th) {
      var words = th.classList.contains("original") ? "Saved item" : "Remove";
      th.innerHTML = '<span class="visually-hidden">' + words + "</span>";
    });
  }
  function start() {
    mend(document);
    // Autocomplete boxes are made after the page loads, again for each inline row added
    // and each choice made: mend them as they appear, once a frame however many changed.
    var due = false;
    new MutationObserver(function () {
      if (due) { return; }
      due = true;
      requestAnimationFrame(function () { due = false; mend(document); });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
