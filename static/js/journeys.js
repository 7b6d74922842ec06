// The journey map's editing: htmx fragments, move buttons and drag and drop (SortableJS).
// Loaded only by the journeys pages; kept out of the HTML so the CSP needs no 'unsafe-inline'.

// An invalid form comes back with 422 and must replace the editor's content all the same.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// The map body is replaced after every change: give the focus back to the button that was
// used (the move buttons keep their id), else to the editor's first field when one opens.
let focusedId = null;
document.addEventListener("htmx:beforeRequest", () => {
  focusedId = document.activeElement ? document.activeElement.id : null;
});
document.addEventListener("htmx:afterSettle", (event) => {
  const editor = document.getElementById("map-editor");
  if (event.detail.target === editor && editor.querySelector("form")) {
    const field = editor.querySelector("[aria-invalid=true], input, select, textarea");
    if (field) field.focus();
    editor.scrollIntoView({ block: "nearest" });
    return;
  }
  const previous = focusedId && document.getElementById(focusedId);
  if (previous) previous.focus();
});

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-editor-close]")) {
    document.getElementById("map-editor").replaceChildren();
  }
});

// Where the dragged item goes, in the 1..n positions of its stage (or journey): the place
// of the neighbour it now stands next to.
function droppedPosition(item) {
  const from = Number(item.dataset.position);
  const next = item.nextElementSibling;
  const previous = item.previousElementSibling;
  if (next && next.dataset.position && Number(next.dataset.position) < from) {
    return Number(next.dataset.position);
  }
  if (previous && previous.dataset.position) {
    const before = Number(previous.dataset.position);
    return before > from ? before : before + 1;
  }
  return 1;
}

function sendMove(item) {
  const position = droppedPosition(item);
  if (position === Number(item.dataset.position)) return;
  htmx.ajax("POST", item.dataset.moveUrl, {
    target: "#map-editor",
    values: { position: position },
  });
}

function makeSortable(root) {
  if (typeof Sortable === "undefined") return;
  root.querySelectorAll("[data-sortable]").forEach((list) => {
    if (list.dataset.sortableReady) return;
    list.dataset.sortableReady = "true";
    Sortable.create(list, {
      draggable: list.dataset.sortable === "stages" ? ".stage-head" : ".touchpoint",
      filter: "button",
      preventOnFilter: false,
      animation: 150,
      onEnd: (event) => {
        if (event.oldIndex !== event.newIndex) sendMove(event.item);
      },
    });
  });
}

document.addEventListener("htmx:load", (event) => makeSortable(event.detail.elt));
document.addEventListener("DOMContentLoaded", () => makeSortable(document));

// The cross matrix's "Turn into an action" opens the map with the action form in the editor.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector("#map-editor form input:not([type=hidden]), #map-editor form select");
  if (field) field.focus();
});
