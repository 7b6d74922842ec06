// DPIA screening: counts the ticked criteria as the DPO goes, and says whether a DPIA is
// required (two or more). The server computes the same count when the form is saved.
(function () {
  "use strict";
  var form = document.querySelector(".screening-form");
  if (!form) return;
  var output = form.querySelector(".criteria-count");
  var boxes = form.querySelectorAll(".criterion input[type=checkbox]");
  var threshold = parseInt(output.dataset.threshold, 10);

  function update() {
    var met = 0;
    boxes.forEach(function (box) { if (box.checked) met += 1; });
    var required = met >= threshold;
    output.textContent = met + " " + (required ? output.dataset.required : output.dataset.notRequired);
    output.classList.toggle("dpia-required", required);
  }

  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
