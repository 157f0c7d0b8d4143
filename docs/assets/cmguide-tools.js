// The toolkit pages' buttons: copy a prompt, print the checklist. Without this script the pages work as they are
// (the prompt can be selected, the browser's menu prints); with it, the buttons appear.
(function () {
  "use strict";
  document.querySelectorAll("[data-js][hidden]").forEach(function (element) {
    if (element.querySelector("[data-copy]") && !(navigator.clipboard && navigator.clipboard.writeText)) return;
    element.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-copy], [data-print]");
    if (!button) return;
    if (button.hasAttribute("data-print")) {
      window.print();
      return;
    }
    // the prompt's wrapper carries the id (Material renames the ids of <pre> elements)
    var source = document.querySelector("#" + button.getAttribute("data-copy") + " pre");
    var status = button.parentNode.querySelector("[role=status]");
    if (!source) return;
    navigator.clipboard.writeText(source.textContent).then(function () {
      if (status) status.textContent = button.getAttribute("data-copied");
    }, function () {
      if (status) status.textContent = "";
    });
  });
})();
