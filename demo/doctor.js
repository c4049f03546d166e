// Doctor desk page: the widget inline in the page's layout, plus host buttons that send special types.
(function () {
  'use strict';
  var d = window.parleyDemo;
  var cfg = d.config({ pin: 'doctor-7', appId: 'parley.doctor', toChat: 'patient-1', toAppId: 'parley.patient',
    clientType: 'comet', locale: 'zh-CN' });
  document.getElementById('who').textContent = cfg.pin;
  d.registerPrescription();
  cfg.tokenProvider = d.tokenProvider(cfg.pin, cfg.appId);
  cfg.onError = function (e) { d.fail(e.msg); };
  cfg.roles = {
    'parley.doctor': { name: cfg.locale === 'en' ? 'Dr. Wang (me)' : '王医生（我）', avatar: 'avatar-doctor.svg' },
    'parley.patient': { name: cfg.locale === 'en' ? 'Ms. Zhang' : '张女士', avatar: 'avatar-patient.svg' }
  };
  var chat = window.parleyChat = ParleyWidget.mount('#chat', cfg);
  document.getElementById('send-order').addEventListener('click', function () {
    chat.sdk.sendCustomMsg('order', { title: '图文问诊 · 王医生', price: '¥30.00', orderId: 'A20261125001',
      url: location.origin + '/demo/index.html' }, function (pack) { if (pack.code !== 0) { d.fail(pack.msg); } });
  });
  document.getElementById('send-rx').addEventListener('click', function () {
    chat.sdk.sendCustomMsg('prescription', { drug: '美托洛尔缓释片 47.5mg', dose: '每日一次，每次一片' },
      function (pack) { if (pack.code !== 0) { d.fail(pack.msg); } });
  });
})();
