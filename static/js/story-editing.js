// A story's open change form: keep what its editor types and has not saved (the
// autosave, apart from the story's versions), say who else has the story open, and
// warn as soon as someone else saves it, before a save of this form would be refused.
// The rules are the server's (services/editing.py); this only reports and shows.
(function () {
  "use strict";
  var QUIET_MS = 2000; // after the last keystroke, before the changes are sent

  function start(box) {
    var form = box.closest("form");
    var url = box.dataset.url;
    var every = Number(box.dataset.interval) || 15000;
    var fields = box.dataset.fields.split(" ");
    var notice = document.getElementById("editing-notice");
    var status = document.getElementById("autosave-status");
    var pending = null;
    var stopped = false;

    function values(extra) {
      var data = new FormData();
      new FormData(form).forEach(function (value, name) {
        var wanted = name === "csrfmiddlewaretoken" || name === "expected_version";
        if (wanted || fields.indexOf(name) >= 0) { data.append(name, value); }
      });
      if (extra) { data.append(extra, "1"); }
      return data;
    }

    function written(data) {
      var parts = [];
      data.forEach(function (value, name) { parts.push(name + "=" + value); });
      return parts.join("&");
    }

    // Until its editor changes something, a form only says it is open: an autosave
    // kept from an earlier visit stays to be restored. (Compared as a whole, since an
    // autocomplete box's choice reaches no input or change listener.)
    var opened = written(values());
    function typed(data) { return written(data) !== opened; }

    function time(at) { return at ? " at " + at : ""; }

    function show(answer) {
      var said = [];
      if (answer.others.length) {
        var who = answer.others.join(", ");
        said.push(who + (answer.others.length === 1 ? " is" : " are") + " also editing this story.");
      }
      if (answer.saved_by) {
        said.push(answer.saved_by + " saved this story" + time(answer.saved_since) +
          ", after you opened it: saving this form would be refused. Copy your changes, " +
          "then reload the page to see theirs.");
      }
      if (notice.textContent !== said.join(" ")) { notice.textContent = said.join(" "); }
      status.textContent = answer.saved_at
        ? "Unsaved changes to " + answer.changed.join(", ") + " autosaved" + time(answer.saved_at) + "."
        : "";
    }

    function report() {
      pending = null;
      if (stopped) { return; }
      var data = values();
      if (typed(data)) { data.append("typed", "1"); }
      fetch(url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 403 || response.status === 404) {
            stopped = true;
            throw new Error("refused");
          }
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(show)
        .catch(function () {
          status.textContent = "Could not autosave just now; your changes are still in this form.";
        });
    }

    function soon() {
      if (pending) { clearTimeout(pending); }
      pending = setTimeout(report, Math.min(QUIET_MS, every));
    }

    form.addEventListener("input", soon);
    form.addEventListener("change", soon);
    form.addEventListener("submit", function () { stopped = true; });
    setInterval(report, every);
    window.addEventListener("pagehide", function () {
      if (!stopped && navigator.sendBeacon) { navigator.sendBeacon(url, values("leave")); }
    });
    report();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("editing");
    if (box) { start(box); }
  });
})();
