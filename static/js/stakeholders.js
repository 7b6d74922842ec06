// Interview drafts: saved in the browser as the interviewer types, so a closed tab loses
// nothing, and restored on the next visit if the server has not seen them yet.
(function () {
  "use strict";
  var form = document.getElementById("interview-form");
  if (!form || form.dataset.autosave !== "on") return;
  var key = "parcours-interview-draft:" + window.location.pathname;
  var fields = form.querySelectorAll("textarea, select");
  var status = form.querySelector(".autosave-status");

  try {
    var stored = JSON.parse(window.localStorage.getItem(key) || "null");
    if (stored) {
      fields.forEach(function (field) {
        if (Object.prototype.hasOwnProperty.call(stored, field.name)) field.value = stored[field.name];
      });
    }
  } catch (error) { /* private mode or bad JSON: start from the server's draft */ }

  var timer = null;
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var draft = {};
      fields.forEach(function (field) { draft[field.name] = field.value; });
      try {
        window.localStorage.setItem(key, JSON.stringify(draft));
        if (status) status.textContent = status.dataset.saved || "✓";
      } catch (error) { /* storage full or disabled */ }
    }, 500);
  });
  form.addEventListener("submit", function () { window.localStorage.removeItem(key); });
})();
