// Patient page (mobile): a floating widget whose panel is full screen under 600 px.
(function () {
  'use strict';
  var d = window.parleyDemo;
  var cfg = d.config({ pin: 'patient-1', appId: 'parley.patient', toChat: 'doctor-7', toAppId: 'parley.doctor',
    clientType: 'm', locale: 'zh-CN' });
  d.registerPrescription();
  // no waiting for a token before mounting: the widget opens its socket while the provider fetches one
  cfg.tokenProvider = d.tokenProvider(cfg.pin, cfg.appId);
  cfg.onError = function (e) { d.fail(e.msg); };
  cfg.roles = {
    'parley.doctor': { name: cfg.locale === 'en' ? 'Dr. Wang' : '王医生', avatar: 'avatar-doctor.svg', side: 'left' },
    'parley.patient': { name: cfg.locale === 'en' ? 'Me' : '我', avatar: 'avatar-patient.svg', side: 'right' }
  };
  cfg.theme = { accent: '#0f766e', mode: cfg.theme };
  cfg.open = d.param('open', '') === '1';
  cfg.titleBadge = d.param('titleBadge', '1') === '1';
  window.parleyChat = ParleyWidget.mount(null, cfg);
  document.getElementById('open-chat').addEventListener('click', function () { window.parleyChat.open(); });
})();
