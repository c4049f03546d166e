// Hostile page: the widget inline in a section and floating, under CSS that attacks both.
(function () {
  'use strict';
  var d = window.parleyDemo;
  var cfg = d.config({ pin: 'visitor-1', appId: 'parley.demo', toChat: 'agent-1', toAppId: 'parley.demo',
    clientType: 'comet', locale: 'en' });
  d.token(cfg.pin, cfg.appId).then(function (token) {
    cfg.token = token;
    window.parleyChat = ParleyWidget.mount('#chat', cfg);
    var floating = {};
    for (var k in cfg) { floating[k] = cfg[k]; }
    window.parleyFloating = ParleyWidget.mount(null, floating);
  }).catch(d.fail);
})();
