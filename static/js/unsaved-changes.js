// Warn before leaving an admin form with unsaved changes (a link, a reload, closing
// the tab). Submitting the form, by Save or a workflow button, saves first: no warning.
(function () {
  "use strict";
  function guard(form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) { return; }
      event.preventDefault();
      event.returnValue = "";  // older browsers need a value to show their prompt
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("#content-main form[method=post][id$=_form]");
    if (form) { guard(form); }
  });
})();
