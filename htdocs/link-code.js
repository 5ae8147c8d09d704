/*
 * The verification and password-reset pages: the e-mailed link carries its
 * code in the fragment (/signup/verify#t=CODE), which a browser never sends
 * to the server, so the code reaches no server, proxy or log. This copies
 * it into the form's code field (id "t"), and takes the fragment (or an
 * older link's ?t=) out of the address bar, history and bookmarks. Without
 * JavaScript the person pastes the code, which the e-mail shows too.
 *
 * A form marked data-check="1" is then sent at once with check=1: the
 * server only says whether the link still works (nothing is used up), so
 * a used or expired link says so on arrival, with the next step, instead
 * of after the person has filled the form in (issue 15.4). The page that
 * comes back marks its form data-checked="1" (no check again).
 */
(function () {
  'use strict';
  var loc = window.location;
  var m = /^#t=([A-Za-z0-9_.-]+)$/.exec(loc.hash);
  var field = document.getElementById('t');

  var form = field ? field.form : null;
  var check = null;

  if (m && field && field.value === '') {
    field.value = m[1];
    if (form && form.getAttribute('data-check') === '1') {
      check = document.createElement('input');
      check.type = 'hidden';
      check.name = 'check';
      check.value = '1';
      form.appendChild(check);
    }
  }
  if ((loc.hash !== '' || /[?&]t=/.test(loc.search)) && window.history &&
      window.history.replaceState) {
    window.history.replaceState(null, '', loc.pathname);
  }
  if (check !== null) {
    form.submit();
  }
}());
