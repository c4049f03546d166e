package io.parley.testsupport;

/**
 * A page script that counts the event listeners that are live (added and not removed) on window,
 * document and open WebSockets, by wrapping EventTarget.prototype's add/removeEventListener. Run it
 * before the bundle under test loads; then {@code __listeners()} returns
 * {@code [window, document, on open sockets, open sockets with listeners]}.
 */
public final class LiveListeners {
    private LiveListeners() {
    }

    public static final String INSTALL = """
            (function () {
              var live = [], add = EventTarget.prototype.addEventListener, remove = EventTarget.prototype.removeEventListener;
              var cap = function (o) { return typeof o === 'boolean' ? o : !!(o && o.capture); };
              var find = function (t, type, fn, c) { for (var i = 0; i < live.length; i++) { var l = live[i];
                if (l[0] === t && l[1] === type && l[2] === fn && l[3] === c) return i; } return -1; };
              EventTarget.prototype.addEventListener = function (type, fn, o) {
                if (find(this, type, fn, cap(o)) < 0) live.push([this, type, fn, cap(o)]); return add.apply(this, arguments); };
              EventTarget.prototype.removeEventListener = function (type, fn, o) {
                var i = find(this, type, fn, cap(o)); if (i >= 0) live.splice(i, 1); return remove.apply(this, arguments); };
              window.__listeners = function () { var w = 0, d = 0, s = 0, sockets = [];
                live.forEach(function (l) { if (l[0] === window) w++; else if (l[0] === document) d++;
                  else if (l[0] instanceof WebSocket && l[0].readyState < 2) { s++; if (sockets.indexOf(l[0]) < 0) sockets.push(l[0]); } });
                return [w, d, s, sockets.length]; };
            })();
            """;
}
