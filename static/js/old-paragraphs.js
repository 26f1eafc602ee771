// A link to a paragraph a revision removed (#p46) opens the paragraph its words went to.
// The map of old addresses to new ones is in the page (#moved-paragraphs).
(function () {
  "use strict";
  function follow() {
    var hash = window.location.hash.slice(1);
    if (!/^p\d+$/.test(hash) || document.getElementById(hash)) return;
    var data = document.getElementById("moved-paragraphs");
    if (!data) return;
    var target = JSON.parse(data.textContent)[hash.slice(1)];
    var element = target && document.getElementById("p" + target);
    if (!element) return;
    history.replaceState(null, "", "#p" + target);
    element.classList.add("moved-here");
    element.scrollIntoView();
  }
  window.addEventListener("hashchange", follow);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", follow);
  } else {
    follow();
  }
})();
