// Orbita's small behaviours. Loaded on every page after htmx and Bootstrap.
(function () {
  "use strict";
  // Auto-submit filter forms when a select changes (the button stays for keyboards).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("form[data-autosubmit] select")) {
      el.form.requestSubmit();
    }
  });
  // Once the page is being left through a form, polling stops: a poll answered with
  // «reload the page» (HX-Refresh) must not cancel the submission that is on its way.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented || event.target.hasAttribute("hx-post")) {
      return;
    }
    document.querySelectorAll("[hx-trigger*='every']").forEach(function (el) {
      el.remove();
    });
  });
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.getResponseHeader("HX-Refresh") === "true" && !document.body.contains(event.detail.elt)) {
      event.preventDefault();
    }
  });
})();
