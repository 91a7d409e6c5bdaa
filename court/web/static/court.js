// Page glue: HTMX requests carry the CSRF token; forms marked data-reset-on-success are cleared after a good answer.
(function () {
  "use strict";
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  window.courtCsrfToken = csrfToken;
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var xhr = event.detail.xhr;
    if (!form || !form.matches || !form.matches("form[data-reset-on-success]")) return;
    if (!event.detail.successful || (xhr && xhr.getResponseHeader("HX-Retarget"))) return;
    form.reset();
    var first = form.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  });
})();
