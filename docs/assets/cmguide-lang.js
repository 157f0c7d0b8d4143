// The language switch leads to the same place in the other language: it carries the current #anchor, which is
// the same in every language (headings and items have ids taken from the content's stable ids, not from text).
(function () {
  "use strict";
  function links() {
    return document.querySelectorAll(".md-select__link[hreflang]");
  }
  function sync() {
    links().forEach(function (link) {
      var href = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", href + location.hash);
    });
  }
  sync();
  window.addEventListener("hashchange", sync);
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest(".md-select__link[hreflang]");
    if (link) sync();
  }, true);
})();
