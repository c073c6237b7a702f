/* The meeting form's format suggestion: when the officer picks an audience, the hint above
   the formats says which ones fit it and why (the municipality's communication strategy),
   and the fitting formats are marked "Suggested". Without JavaScript the page shows the
   suggestion for the audience last saved, and the whole table under "Which format fits which
   audience"; the back office warns after saving either way. */
(function () {
  "use strict";
  var audience = document.getElementById("audience");
  var hint = document.getElementById("format-advice");
  var list = document.getElementById("format-advice-list");
  if (!audience || !hint || !list) { return; }
  var badges = document.querySelectorAll(".format-suggested");

  function show() {
    var item = list.querySelector('li[data-audience="' + audience.value + '"]');
    var fitting = item ? item.getAttribute("data-formats").split(" ") : [];
    var text = item ? item.querySelector(".advice-text") : null;
    hint.textContent = text ? text.textContent : "";
    for (var i = 0; i < badges.length; i += 1) {
      badges[i].hidden = fitting.indexOf(badges[i].getAttribute("data-format")) < 0;
    }
  }

  audience.addEventListener("change", show);
})();
