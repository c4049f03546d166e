// demo/camera.html: dev token (a real host gets it from its own backend), then the media demo.
(function () {
  'use strict';
  var q = new URLSearchParams(location.search);
  var param = function (name, fallback) { var v = q.get(name); return v === null || v === '' ? fallback : v; };
  window.parleyCspViolations = [];
  window.parleyErrors = [];
  window.addEventListener('error', function (e) { window.parleyErrors.push(String(e.message)); });
  window.addEventListener('unhandledrejection', function (e) { window.parleyErrors.push(String(e.reason)); });
  document.addEventListener('securitypolicyviolation', function (e) {
    window.parleyCspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || ''));
  });
  var config = {
    url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
    pin: param('pin', 'patient-1'),
    appId: param('appId', 'parley.demo'),
    toChat: param('toChat', 'doctor-1'),
    toAppId: param('toAppId', 'parley.demo'),
    clientType: param('clientType', 'comet'),
    locale: param('locale', 'zh-CN')
  };
  fetch('/api/dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ pin: config.pin, appId: config.appId })
  }).then(function (r) {
    if (!r.ok) { throw new Error('token request failed: HTTP ' + r.status); }
    return r.json();
  }).then(function (t) {
    config.token = t.token;
    window.parleyMedia = window.parleyMediaDemo(document.getElementById('app'), config);
  }).catch(function (e) {
    window.parleyErrors.push(String(e));
    var p = document.createElement('p');
    p.textContent = 'Could not start the demo: ' + e.message;
    document.body.appendChild(p);
  });
}());
