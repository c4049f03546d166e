// The clinic's own script (docs/EMBEDDING.md section 3, line for line).
const tokenFromYourBackend = document.getElementById('chat').dataset.token;
const chat = ParleyWidget.mount('#chat', {             // inline, in the element #chat
  url: 'wss://chat.example.com/ws', token: tokenFromYourBackend,
  pin: 'patient-1', appId: 'clinic.web', toChat: 'doctor-7', toAppId: 'clinic.web',
  clientType: 'comet', locale: 'en' });
// or ParleyWidget.mount(null, {...}) for the floating launcher button at the corner of the page
