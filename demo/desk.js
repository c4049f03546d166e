// The doctor's desk: all of doctor-7's consultations (patients write from patient.html) in one page.
(function () {
  'use strict';
  var d = window.parleyDemo;
  var cfg = d.config({ pin: 'doctor-7', appId: 'parley.doctor', clientType: 'comet', locale: 'zh-CN' });
  var en = cfg.locale === 'en';
  document.getElementById('who').textContent = cfg.pin;
  if (en) {
    document.documentElement.lang = 'en';
    document.title = 'Parley - Doctor desk';
    document.getElementById('title').textContent = 'Doctor desk';
  }
  d.registerPrescription(window.ParleyDesk);
  cfg.tokenProvider = d.tokenProvider(cfg.pin, cfg.appId);
  cfg.onError = function (e) { d.fail(e.msg); };
  cfg.roles = {
    'parley.doctor': { name: en ? 'Dr. Wang (me)' : '王医生（我）', avatar: 'avatar-doctor.svg' },
    // no name: each patient is named by their own token (or pin); the avatar also shows in the list
    'parley.patient': { avatar: 'avatar-patient.svg' }
  };
  cfg.quickReplies = en
    ? ['Hello, I am Dr. Wang. How can I help?', 'Please send a photo of the affected area.',
       'Take the medicine once a day after breakfast.', 'If it gets worse, please go to the emergency room.']
    : ['您好，我是王医生，请问有什么可以帮您？', '请拍一张患处的照片发给我。', '每天早饭后服用一次。', '如果症状加重，请及时去急诊。'];
  window.parleyDesk = ParleyDesk.mount('#desk', cfg);
})();
