/* The ballot's running total, redrawn as projects are ticked. The page works without this:
   "Check my choice" asks the server, which writes the same sentences. */
(function () {
  "use strict";
  var total = document.querySelector(".ballot-total");
  if (!total) { return; }
  var form = total.closest("form");
  var budget = Number(total.getAttribute("data-budget"));
  var money = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    style: "currency", currency: total.getAttribute("data-currency") || "EUR",
    maximumFractionDigits: 0
  });
  function redraw() {
    var spent = 0;
    Array.prototype.forEach.call(form.querySelectorAll("input[data-cost]:checked"), function (box) {
      spent += Number(box.getAttribute("data-cost"));
    });
    var left = budget - spent;
    var second = left >= 0 ? total.getAttribute("data-left-text") : total.getAttribute("data-over-text");
    total.textContent = total.getAttribute("data-spent-text").replace("{spent}", money.format(spent)) +
      " " + second.replace("{amount}", money.format(Math.abs(left)));
  }
  form.addEventListener("change", function (event) {
    if (event.target.hasAttribute("data-cost")) { redraw(); }
  });
})();
