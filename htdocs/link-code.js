/*
 * The verification and password-reset pages: the e-mailed link carries its
 * code in the fragment (/signup/verify#t=CODE), which a browser never sends
 * to the server, so the code reaches no server, proxy or log. This copies
 * it into the form's code field (id "t"), and takes the fragment (or an
 * older link's ?t=) out of the address bar, history and bookmarks. Without
 * JavaScript the person pastes the code, which the e-mail shows too.
 */
(function () {
  'use strict';
  var loc = window.location;
  var m = /^#t=([A-Za-z0-9_.-]+)$/.exec(loc.hash);
  var field = document.getElementById('t');

  if (m && field && field.value === '') {
    field.value = m[1];
  }
  if ((loc.hash !== '' || /[?&]t=/.test(loc.search)) && window.history &&
      window.history.replaceState) {
    window.history.replaceState(null, '', loc.pathname);
  }
}());
