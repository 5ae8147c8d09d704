/*
 * The page that hands a payment to the processor's hosted page
 * (templates/pay_go.html): sends its signed form at once, so the family
 * goes straight to the card page. Without JavaScript the page's
 * "Continue to payment" button sends the same form.
 */
(function () {
  'use strict';
  var form = document.getElementById('pay-go');

  if (form && !form.dataset.sent) {
    form.dataset.sent = '1';
    form.submit();
  }
}());
