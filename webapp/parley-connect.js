// Optional, for a fast first paint: opens Parley's WebSocket while the widget or SDK script still
// downloads; the SDK takes this socket over when its url is the same. Load it early and async:
// <script async src="https://chat.example.com/parley-connect.js"></script>
// The socket goes to /ws on this script's own host (wss: when the script came over https:).
(function (s) {
  if ('parleySocket' in window) {
    return; // the SDK has dialed already (this script came late)
  }
  try {
    var u = new URL('/ws', s.src);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    window.parleySocket = new WebSocket(u.href);
  } catch (e) { /* no early socket: the SDK opens its own */ }
})(document.currentScript);
