// Shared by the widget demo pages: dev tokens, query parameters, CSP violation log.
// (A real host page gets its tokens from its own backend, the same way: a tokenProvider that fetches one.)
(function () {
  'use strict';
  var q = new URLSearchParams(location.search);
  var param = function (name, fallback) { var v = q.get(name); return v === null || v === '' ? fallback : v; };
  var fetchToken = function (pin, appId) {
    return fetch('/api/dev/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pin: pin, appId: appId })
    }).then(function (r) {
      if (!r.ok) { throw new Error('token request failed: HTTP ' + r.status); }
      return r.json();
    }).then(function (t) { return t.token; });
  };
  // A page whose script tag names the user (data-pin, data-app-id) asks for the token now, while the
  // widget script downloads; the tokenProvider's first call gets it.
  var early = {};
  var ds = document.currentScript && document.currentScript.dataset;
  if (ds && ds.pin) {
    var pin0 = param('pin', ds.pin), app0 = param('appId', ds.appId);
    early[pin0 + ' ' + app0] = fetchToken(pin0, app0);
  }
  window.parleyCspViolations = [];
  window.parleyErrors = [];
  window.addEventListener('error', function (e) { window.parleyErrors.push(String(e.message)); });
  window.addEventListener('unhandledrejection', function (e) { window.parleyErrors.push(String(e.reason)); });
  document.addEventListener('securitypolicyviolation', function (e) {
    window.parleyCspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || ''));
  });
  window.parleyDemo = {
    param: param,
    // The widget's tokenProvider: the widget calls it as it opens its socket (the token's round trip
    // runs in parallel with the WebSocket handshake, not before it), before the token's exp and on reconnect;
    // the first call may get the token asked for at load.
    tokenProvider: function (pin, appId) {
      return function () {
        var t = early[pin + ' ' + appId];
        delete early[pin + ' ' + appId];
        return t || fetchToken(pin, appId);
      };
    },
    // A host-defined special type both demo pages show: the doctor's prescription, as DOM built here.
    // (on the desk page: registry = ParleyDesk, which has the same registerRenderer)
    registerPrescription: function (registry) {
      (registry || window.ParleyWidget).registerRenderer('prescription', function (msg, ctx) {
        var p = msg.payload || {};
        var box = document.createElement('div');
        var title = document.createElement('strong');
        title.textContent = (ctx.locale === 'en' ? 'Prescription: ' : '处方：') + String(p.drug || '');
        var dose = document.createElement('div');
        dose.textContent = String(p.dose || '');
        box.appendChild(title);
        box.appendChild(dose);
        return box;
      });
    },
    config: function (defaults) {
      var p = window.parleyDemo.param;
      var c = {
        url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
        pin: p('pin', defaults.pin),
        appId: p('appId', defaults.appId),
        toChat: p('toChat', defaults.toChat),
        toAppId: p('toAppId', defaults.toAppId),
        clientType: p('clientType', defaults.clientType),
        locale: p('locale', defaults.locale),
        dir: p('dir', 'ltr'),
        theme: p('theme', 'auto')
      };
      if (p('gid', null)) { c.gid = Number(p('gid', null)); }
      if (p('sendTimeoutMs', null)) { c.sendTimeoutMs = Number(p('sendTimeoutMs', null)); }
      if (p('pageSize', null)) { c.pageSize = Number(p('pageSize', null)); }
      if (p('maxLength', null)) { c.maxLength = Number(p('maxLength', null)); }
      if (p('title', null)) { c.title = p('title', null); }
      if (p('groupName', null)) { c.groupName = p('groupName', null); }
      return c;
    },
    fail: function (e) {
      var el = document.getElementById('demo-error');
      if (el) { el.textContent = String(e && e.message || e); }
    }
  };
})();
