// Comment threads: the dialog the map opens them in (focus goes in, and back to the button
// that opened it), and the @ autocomplete of the comment fields (a listbox: arrows, Enter or
// Tab to pick, Escape to close).
(() => {
  let opener = null;

  // A refused comment (empty, too long) comes back with 422: the thread shows its error.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (event.detail.xhr.status === 422 && target && target.classList.contains("comment-thread")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-comment-opener]");
    if (button) opener = button;
    if (event.target.closest("[data-close-dialog]")) {
      event.target.closest("dialog").close();
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const dialog = document.getElementById("comment-dialog");
    if (dialog && event.detail.target.id === "comment-panel" && !dialog.open) {
      dialog.showModal();
      dialog.addEventListener("close", () => opener && opener.focus(), { once: true });
    }
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    // A thread loaded with its page leaves the focus where the page put it.
    const trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (trigger && trigger.classList.contains("comment-thread-placeholder")) return;
    const thread = event.detail.elt.closest ? event.detail.elt.closest(".comment-thread") : null;
    const swapped = thread || event.detail.elt.querySelector?.(".comment-thread");
    if (!swapped || swapped.contains(document.activeElement)) return;
    const field = swapped.querySelector("[autofocus]") || swapped.querySelector("h2");
    field.focus();
  });

  // The @ autocomplete.
  const MENTION = /(^|\s)@([\w.+-]*)$/;
  let listbox = null;
  let field = null;
  let active = -1;

  function close() {
    if (listbox) listbox.remove();
    if (field) {
      field.setAttribute("aria-expanded", "false");
      field.removeAttribute("aria-activedescendant");
    }
    listbox = null;
    active = -1;
  }

  function pick(option) {
    const before = field.value.slice(0, field.selectionStart);
    const after = field.value.slice(field.selectionStart);
    const start = before.lastIndexOf("@");
    const text = `${before.slice(0, start)}@${option.dataset.username} `;
    field.value = text + after;
    field.setSelectionRange(text.length, text.length);
    close();
    field.focus();
  }

  function highlight(index) {
    const options = listbox.querySelectorAll("[role=option]");
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    field.setAttribute("aria-activedescendant", options[index].id);
  }

  function show(target, users) {
    close();
    field = target;
    if (!users.length) return;
    listbox = document.createElement("ul");
    listbox.id = `${target.id}-mentions`;
    listbox.className = "mention-list";
    listbox.setAttribute("role", "listbox");
    users.forEach((user, index) => {
      const option = document.createElement("li");
      option.id = `${listbox.id}-${index}`;
      option.setAttribute("role", "option");
      option.dataset.username = user.username;
      option.textContent = `${user.name} (@${user.username})`;
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        pick(option);
      });
      listbox.append(option);
    });
    target.setAttribute("role", "combobox");
    target.setAttribute("aria-autocomplete", "list");
    target.setAttribute("aria-controls", listbox.id);
    target.setAttribute("aria-expanded", "true");
    target.after(listbox);
    highlight(0);
  }

  document.addEventListener("input", (event) => {
    const target = event.target;
    if (!target.matches("textarea[data-mentions]")) return;
    const match = MENTION.exec(target.value.slice(0, target.selectionStart));
    if (!match) {
      close();
      return;
    }
    const url = `${target.dataset.mentions}?q=${encodeURIComponent(match[2])}`;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { users: [] }))
      .then((body) => show(target, body.users));
  });

  document.addEventListener("keydown", (event) => {
    if (!listbox || event.target !== field) return;
    const options = listbox.querySelectorAll("[role=option]");
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % options.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight((active - 1 + options.length) % options.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === "Escape") {
      // The list closes, not the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });

  document.addEventListener("focusout", (event) => {
    if (event.target === field) close();
  });
})();
