// Brainstorm page: clear the idea box once htmx has posted the idea (the poller then shows it).
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (form && form.id === "idea-form" && event.detail.successful) {
      form.reset();
    }
  });
})();
