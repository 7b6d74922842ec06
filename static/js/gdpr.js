// DPIA screening: counts the ticked criteria as the DPO goes, and says whether a DPIA is
// required (two or more). The server computes the same count when the form is saved.
(function () {
  "use strict";
  var form = document.querySelector(".screening-form");
  if (!form) return;
  var output = form.querySelector(".criteria-count");
  var boxes = form.querySelectorAll(".criterion input[type=checkbox]");
  var threshold = parseInt(output.dataset.threshold, 10);
  var messages = JSON.parse(document.getElementById("criteria-messages").textContent);

  function update() {
    var met = 0;
    boxes.forEach(function (box) { if (box.checked) met += 1; });
    output.textContent = messages[met];
    output.classList.toggle("dpia-required", met >= threshold);
  }

  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
