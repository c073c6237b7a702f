/* The access-code form: a link from a slip's QR code or an invitation e-mail carries the code
   in its fragment (#c=ABCD-EFGH-JKMN), which browsers never send to the server, so the code
   reaches no access log. Copy it into the code field, then take it out of the address bar and
   the history. Without JavaScript the person types the code printed on the slip or in the
   e-mail; the form posts it either way. */
(function () {
  "use strict";
  var found = /^#c=([A-Za-z0-9 -]{1,40})$/.exec(window.location.hash);
  if (!found) { return; }
  var field = document.getElementById("code");
  if (field && !field.value) { field.value = found[1]; }
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
})();
