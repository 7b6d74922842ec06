// Presentation mode: the journey map stage by stage, full screen, for workshops and committees.
// The slides are drawn by the server (journeys/_presentation.html); this only shows one at a
// time. Keys: arrows (and Page Up / Page Down, Space) previous and next, Home and End the
// first and last stage, Escape leaves. No inline code, so the CSP (script-src 'self') holds.
(function () {
  "use strict";

  function start() {
    var show = document.getElementById("presentation");
    var opener = document.querySelector("[data-present]");
    if (!show || !opener) {
      return;
    }
    var slides = Array.prototype.slice.call(show.querySelectorAll("[data-slide]"));
    var current = 0;

    function go(index) {
      current = Math.max(0, Math.min(slides.length - 1, index));
      slides.forEach(function (slide, number) {
        slide.hidden = number !== current;
      });
      slides[current].focus();
    }

    function open() {
      show.hidden = false;
      document.body.classList.add("presenting");
      go(0);
      if (show.requestFullscreen) {
        // Refused without a user gesture or inside some frames: the slides still fill the window.
        show.requestFullscreen().catch(function () {});
      }
    }

    function close() {
      if (show.hidden) {
        return;
      }
      show.hidden = true;
      document.body.classList.remove("presenting");
      // Leaving full screen moves the focus: give it back to the button once it is done.
      var leaving = document.fullscreenElement ? document.exitFullscreen() : Promise.resolve();
      leaving
        .catch(function () {})
        .then(function () {
          opener.focus();
        });
    }

    opener.addEventListener("click", open);
    show.querySelector("[data-slide-previous]").addEventListener("click", function () {
      go(current - 1);
    });
    show.querySelector("[data-slide-next]").addEventListener("click", function () {
      go(current + 1);
    });
    show.querySelector("[data-present-close]").addEventListener("click", close);
    // The browser leaves full screen on Escape itself, without passing the key on.
    document.addEventListener("fullscreenchange", function () {
      if (!document.fullscreenElement) {
        close();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (show.hidden || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var moves = {
        ArrowRight: current + 1,
        ArrowDown: current + 1,
        PageDown: current + 1,
        " ": current + 1,
        ArrowLeft: current - 1,
        ArrowUp: current - 1,
        PageUp: current - 1,
        Home: 0,
        End: slides.length - 1,
      };
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key in moves && !(event.key === " " && event.target.closest("button"))) {
        event.preventDefault();
        go(moves[event.key]);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
