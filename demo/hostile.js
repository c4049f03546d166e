// Hostile page: the widget inline in a section and floating, under CSS that attacks both.
(function () {
  'use strict';
  var d = window.parleyDemo;
  var cfg = d.config({ pin: 'visitor-1', appId: 'parley.demo', toChat: 'agent-1', toAppId: 'parley.demo',
    clientType: 'comet', locale: 'en' });
  cfg.tokenProvider = d.tokenProvider(cfg.pin, cfg.appId);
  window.parleyChat = ParleyWidget.mount('#chat', cfg);
  var floating = {};
  for (var k in cfg) { floating[k] = cfg[k]; }
  window.parleyFloating = ParleyWidget.mount(null, floating);
})();
