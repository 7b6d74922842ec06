// Interview drafts: sent to the server a moment after the interviewer stops typing and when
// the page is left, so a closed browser loses nothing; kept in this browser too until the
// server has them (offline, server down), and restored from there on the next visit.
(function () {
  "use strict";
  var form = document.getElementById("interview-form");
  if (!form || form.dataset.autosave !== "on") return;
  var key = "parcours-interview-draft:" + window.location.pathname;
  var url = form.dataset.autosaveUrl;
  var status = form.querySelector(".autosave-status");
  function fields() { return form.querySelectorAll("textarea, select, input:not([type=hidden])"); }
  var dirty = false;

  function say(text) { if (status && text) status.textContent = text; }

  try {
    var stored = JSON.parse(window.localStorage.getItem(key) || "null");
    if (stored) {
      fields().forEach(function (field) {
        if (Object.prototype.hasOwnProperty.call(stored, field.name)) field.value = stored[field.name];
      });
      dirty = true;
    }
  } catch (error) { /* private mode or bad JSON: start from the server's draft */ }

  function keepLocally() {
    var draft = {};
    fields().forEach(function (field) { draft[field.name] = field.value; });
    try { window.localStorage.setItem(key, JSON.stringify(draft)); } catch (error) { /* full */ }
  }

  function send(leaving) {
    if (!dirty || !url) return;
    dirty = false;
    say(status && status.dataset.saving);
    window.fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      keepalive: Boolean(leaving),
    }).then(function (response) {
      return response.json().then(function (body) {
        say(body.message);
        if (response.ok) window.localStorage.removeItem(key);
        else dirty = true;
        if (status) status.classList.toggle("autosave-error", !response.ok);
      });
    }).catch(function () {
      dirty = true;
      say(status && status.dataset.offline);
    });
  }

  var timer = null;
  function changed() {
    dirty = true;
    say(status && status.dataset.unsaved);
    keepLocally();
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { send(false); }, 1500);
  }
  form.addEventListener("input", changed);
  form.addEventListener("rows:changed", changed);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") send(true);
  });
  window.addEventListener("pagehide", function () { send(true); });
  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
    dirty = false;
    window.localStorage.removeItem(key);
  });
  if (dirty) send(false);
})();

// The stakeholder page's editors: an invalid form comes back with 422 and replaces the
// editor's content all the same; an opened form gets the focus, on its first error if any;
// after a change the refreshed sections replace the old ones and the notice gets the focus.
(function () {
  "use strict";
  if (!document.getElementById("stakeholder-parts")) return;

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && target.classList && target.classList.contains("part-editor")) {
      var field = target.querySelector("[aria-invalid=true], input:not([type=hidden]), select, textarea, button");
      if (field) field.focus();
      target.scrollIntoView({ block: "nearest" });
      return;
    }
    var notice = document.querySelector("[data-part-notice]");
    if (notice) notice.focus();
  });

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest("[data-part-cancel]");
    if (!cancel) return;
    var editor = cancel.closest(".part-editor");
    var section = editor && editor.closest("section");
    if (editor) editor.replaceChildren();
    var opener = section && section.querySelector("[hx-get]");
    if (opener) opener.focus();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var editor = event.target.closest && event.target.closest(".part-editor");
    if (editor) editor.replaceChildren();
  });
})();

// KPI and incentive rows of the interview form (Django formsets): "Add" copies the row
// template, "Remove" takes a row out; the rows are renumbered so the formset stays whole.
(function () {
  "use strict";
  function renumber(group) {
    var prefix = group.dataset.rows;
    var rows = group.querySelectorAll(".interview-rows-list > [data-row]");
    var pattern = new RegExp(prefix + "-(\\d+|__prefix__)-", "g");
    rows.forEach(function (row, index) {
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (node) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
          var value = node.getAttribute(attribute);
          if (value) node.setAttribute(attribute, value.replace(pattern, prefix + "-" + index + "-"));
        });
      });
      var legend = row.querySelector("legend");
      if (legend) legend.textContent = legend.textContent.replace(/\d+|__number__/, String(index + 1));
    });
    group.querySelector("input[name=" + prefix + "-TOTAL_FORMS]").value = String(rows.length);
    group.dispatchEvent(new CustomEvent("rows:changed", { bubbles: true }));
  }
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-row-add]");
    var remove = event.target.closest("[data-row-remove]");
    var group = (add || remove) && (add || remove).closest("[data-rows]");
    if (!group) return;
    var list = group.querySelector(".interview-rows-list");
    if (add) {
      var template = group.querySelector("template[data-row-template]");
      list.appendChild(template.content.cloneNode(true));
      renumber(group);
      var rows = list.querySelectorAll("[data-row]");
      var first = rows[rows.length - 1].querySelector("input, select");
      if (first) first.focus();
    } else {
      remove.closest("[data-row]").remove();
      renumber(group);
      add = group.querySelector("[data-row-add]");
      if (add) add.focus();
    }
  });
})();
