package io.parley.sdk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** ParleySDK's JS contract in a real page against a real server: globals, callbacks, errors, reconnect. */
public class SdkContractE2ETest extends SdkPage {
    @Test
    public void definesExactlyOneGlobal() {
        assertEquals(List.of("ParleySDK"), run("return await T.load();"));
        assertEquals("function", driver.executeScript("return typeof ParleySDK"));
    }

    @Test
    public void callbackRunsBeforeOpenSoHandlersInsideItSeeOpen() {
        Object r = run("""
                await T.load(); var sdk = new ParleySDK(); var token = await T.token('patient-1');
                var order = [];
                return await new Promise(function (ok) {
                  sdk.connect(T.config('patient-1', token, 'doctor-7'), function (socket) {
                    order.push('cb:' + (socket === sdk));
                    sdk.on('open', function (d) { order.push('open:' + d.pin + ':' + d.reconnected); ok(order); });
                  });
                  order.push('returned');
                });
                """);
        assertEquals(List.of("cb:true", "returned", "open:patient-1:false"), r);
    }

    @Test
    public void badArgumentsReportErrorsAndNeverThrow() {
        Object r = run("""
                await T.load(); var out = {};
                var a = new ParleySDK(); var errA = T.once(a, 'error');
                a.connect({ url: 'ws://' + location.host + '/ws', pin: 'p' }, function () {});
                out.noToken = (await errA).msg;
                var b = new ParleySDK(); var errB = T.once(b, 'error');
                b.connect('nonsense', null);
                out.notObject = (await errB).msg;
                var c = new ParleySDK(); var errC = T.once(c, 'error');
                c.connect({ url: 'ws://x/ws', token: 't', pin: 'p', appId: 'a', clientType: 'desktop' });
                out.clientType = (await errC).msg;
                var sdk = new ParleySDK(); var token = await T.token('patient-1');
                var opened = new Promise(function (ok) { sdk.connect(T.config('patient-1', token, 'doctor-7'), function () { sdk.on('open', ok); }); });
                await opened;
                var cb = function (fn) { return new Promise(function (ok) { fn(ok); }); };
                out.empty = (await cb(function (ok) { sdk.sendTextMsg('   ', ok); })).code;
                out.number = (await cb(function (ok) { sdk.sendTextMsg(42, ok); })).code;
                out.tooLong = (await cb(function (ok) { sdk.sendTextMsg('x'.repeat(5001), ok); })).msg;
                out.badType = (await cb(function (ok) { sdk.sendCustomMsg('text', {}, ok); })).code;
                out.badGid = (await cb(function (ok) { sdk.pullHistoryMsg(-1, 10, ok, 'abc'); })).msg;
                out.badCount = (await cb(function (ok) { sdk.pullHistoryMsg(-1, 1000, ok); })).msg;
                out.badGroup = (await cb(function (ok) { sdk.createGroup(null, ok); })).code;
                out.notMember = (await cb(function (ok) { sdk.pullHistoryMsg(-1, 10, ok, 999999); })).error;
                sdk.on(undefined, undefined); sdk.off(42); sdk.resendMsg('nope');
                sdk.close();
                return out;
                """);
        Map<String, Object> out = (Map<String, Object>) r;
        assertEquals("chatConfig.token or chatConfig.tokenProvider (a function) is required", out.get("noToken"));
        assertEquals("chatConfig must be an object", out.get("notObject"));
        assertEquals("chatConfig.clientType must be one of m, comet, android, iOS", out.get("clientType"));
        assertEquals(6003L, out.get("empty"));
        assertEquals(6003L, out.get("number"));
        assertEquals("text is longer than 5000 characters", out.get("tooLong"));
        assertEquals(6003L, out.get("badType"));
        assertEquals("gid must be a positive number", out.get("badGid"));
        assertEquals("count must be an integer 1..100", out.get("badCount"));
        assertEquals(6003L, out.get("badGroup"));
        assertTrue("server answers not_member, got " + out.get("notMember"),
                "not_member".equals(out.get("notMember")) || "no_such_group".equals(out.get("notMember")));
    }

    @Test
    public void oneToOneTextAndCustomMessagesReachThePeer() {
        Object r = run("""
                await T.load();
                var p = new ParleySDK(), d = new ParleySDK();
                var tp = await T.token('patient-1'), td = await T.token('doctor-7');
                var open = function (sdk, cfg) { return new Promise(function (ok) { sdk.connect(cfg, function () { sdk.on('open', ok); }); }); };
                await open(p, T.config('patient-1', tp, 'doctor-7'));
                await open(d, T.config('doctor-7', td, 'patient-1'));
                var got = [];
                var both = new Promise(function (ok) { d.on('message', function (m) { got.push(m); if (got.length === 2) ok(); }); });
                d.on('message', function () { throw new Error('a throwing host handler must not break the SDK'); });
                var acks = [];
                await new Promise(function (ok) { p.sendTextMsg('您好，医生', function (a) { acks.push(a); ok(); }); });
                await new Promise(function (ok) { p.sendCustomMsg('order', { title: 'Consultation', price: '¥30.00' }, function (a) { acks.push(a); ok(); }); });
                await both;
                p.close(); d.close();
                return { acks: acks.map(function (a) { return [a.code, a.mid, a.gid === got[0].gid, typeof a.clientMsgId]; }),
                         got: got.map(function (m) { return [m.type, m.content, m.payload ? m.payload.title : null, m.from.pin, m.clientMsgId === acks[got.indexOf(m)].clientMsgId]; }) };
                """);
        Map<String, Object> out = (Map<String, Object>) r;
        assertEquals(List.of(List.of(0L, 1L, true, "string"), List.of(0L, 2L, true, "string")), out.get("acks"));
        assertEquals(List.of(
                java.util.Arrays.asList("text", "您好，医生", null, "patient-1", true),
                java.util.Arrays.asList("order", "", "Consultation", "patient-1", true)), out.get("got"));
    }

    /** Page script: wraps WebSocket so window.wsLog lists every frame's type, "out:" and "in:", in order. */
    private static final String FRAME_LOG = """
            window.wsLog = []; var Real = window.WebSocket;
            window.WebSocket = function (u, p) { var ws = p === undefined ? new Real(u) : new Real(u, p);
              var send = ws.send.bind(ws);
              ws.send = function (d) { wsLog.push('out:' + JSON.parse(d).type); send(d); };
              ws.addEventListener('message', function (e) { wsLog.push('in:' + JSON.parse(e.data).type); });
              return ws; };
            """;

    @Test
    public void theFirstHistoryRequestGoesOutRightBehindAuth() {
        Object r = run("""
                await T.load(); var td = await T.token('doctor-7');
                var d = await T.open('doctor-7', td, 'patient-1');
                await new Promise(function (ok) { d.sendTextMsg('before the patient connects', ok); });
                d.close();
                """ + FRAME_LOG + """
                var sdk = new ParleySDK(); var token = await T.token('patient-1');
                var res = await new Promise(function (ok) {
                  sdk.connect(T.config('patient-1', token, 'doctor-7'), function () {});
                  sdk.pullHistoryMsg(-1, 20, ok);
                });
                window.WebSocket = Real; sdk.close();
                return { log: wsLog.slice(0, 4), code: res.code, text: res.msgs[0].content };
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) r;
        // one flight: history is written before auth_ok comes back, and answered after it
        assertEquals(List.of("out:auth", "out:history", "in:auth_ok", "in:history_result"), out.get("log"));
        assertEquals(0L, out.get("code"));
        assertEquals("before the patient connects", out.get("text"));
    }

    @Test
    public void requestsRightBehindARefusedAuthFailWithItsReasonAndNoData() {
        Object r = run("""
                await T.load(); var td = await T.token('doctor-7');
                var d = await T.open('doctor-7', td, 'patient-1');
                await new Promise(function (ok) { d.sendTextMsg('not for strangers', ok); });
                d.close();
                """ + FRAME_LOG + """
                var good = await T.token('patient-1');
                var tokens = { identity_mismatch: await T.token('someone-else'),
                  bad_token: good.slice(0, -3) + (good.slice(-3) === 'AAA' ? 'BBB' : 'AAA') };
                var out = {};
                for (var k in tokens) {
                  wsLog.length = 0;
                  var sdk = new ParleySDK(); var messages = [];
                  var res = await new Promise(function (ok) {
                    sdk.connect(T.config('patient-1', tokens[k], 'doctor-7'), function () {
                      sdk.on('message', function (m) { messages.push(m); });
                    });
                    sdk.pullHistoryMsg(-1, 20, ok);
                  });
                  out[k] = [wsLog.slice(0, 3).join(' '), res.code, res.error, res.msg, res.msgs === undefined, messages.length];
                }
                window.WebSocket = Real;
                return out;
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) r;
        assertEquals(List.of("out:auth out:history in:error", 6001L, "not_connected",
                "connection closed: identity_mismatch", true, 0L), out.get("identity_mismatch"));
        assertEquals(List.of("out:auth out:history in:error", 6001L, "not_connected",
                "connection closed: bad_token", true, 0L), out.get("bad_token"));
    }

    @Test
    public void aTokenForSomeoneElseIsRefusedWithoutReconnecting() {
        Object r = run("""
                await T.load(); var sdk = new ParleySDK(); var token = await T.token('someone-else');
                var events = [];
                return await new Promise(function (ok) {
                  sdk.connect(T.config('patient-1', token, 'doctor-7'), function () {
                    sdk.on('open', function () { events.push('open'); });
                    sdk.on('error', function (e) { events.push(e.error); });
                    sdk.on('reconnecting', function () { events.push('reconnecting'); });
                    sdk.on('close', function (c) { events.push('close:' + c.code + ':' + c.willReconnect);
                      setTimeout(function () { ok(events); }, 1500); });
                  });
                });
                """);
        assertEquals(List.of("identity_mismatch", "close:1008:false"), r);
    }

    @Test
    public void reconnectsAfterARestartAndDeliversWhatWasSentWhileDown() throws Exception {
        run("""
                await T.load(); var sdk = new ParleySDK(); window.sdk = sdk; window.log = [];
                var p = new ParleySDK(); window.peer = p; window.peerGot = [];
                var token = await T.token('patient-1'), tp = await T.token('doctor-7');
                await new Promise(function (ok) { p.connect(T.config('doctor-7', tp, 'patient-1'), function () { p.on('open', ok); }); });
                p.on('message', function (m) { peerGot.push(m.content); });
                await new Promise(function (ok) {
                  sdk.connect(T.config('patient-1', token, 'doctor-7'), function () {
                    sdk.on('open', function (d) { log.push('open:' + d.reconnected); ok(); });
                    sdk.on('close', function (c) { log.push('close:' + c.willReconnect); });
                    sdk.on('reconnecting', function (r) { if (log.indexOf('reconnecting') < 0) log.push('reconnecting'); window.lastRetry = r; });
                  });
                });
                """);
        int port = server.port();
        ServerConfig config = server.config();
        server.stop();
        Object whileDown = run("""
                await new Promise(function (ok) { var t = setInterval(function () { if (log.indexOf('reconnecting') >= 0) { clearInterval(t); ok(); } }, 50); });
                window.ackWhileDown = null;
                sdk.sendTextMsg('sent while the server was down', function (a) { window.ackWhileDown = a; });
                return [sdk.state, typeof lastRetry.delayMs, lastRetry.at > Date.now() - 60000];
                """);
        assertEquals(List.of("reconnecting", "number", true), whileDown);
        server = ParleyServer.start(config.toBuilder().port(port).build());
        Object after = run("""
                await new Promise(function (ok) { var t = setInterval(function () {
                  if (ackWhileDown && peer.state === 'open') { clearInterval(t); ok(); } }, 50); });
                var res = await new Promise(function (ok) { peer.pullHistoryMsg(-1, 10, ok); });
                var copies = res.msgs.filter(function (m) { return m.content === 'sent while the server was down'; });
                return [log, ackWhileDown.code, copies.length, copies[0].mid === ackWhileDown.mid];
                """);
        assertEquals(List.of(List.of("open:false", "close:true", "reconnecting", "open:true"), 0L, 1L, true), after);
    }

    @Test
    @SuppressWarnings("unchecked")
    public void uploadsAnImageWithProgressThenSendsItAsTheSourceDoes() {
        Object r = run("""
                await T.load();
                var p = await T.open('patient-1', await T.token('patient-1'), 'doctor-7');
                var d = await T.open('doctor-7', await T.token('doctor-7'), 'patient-1');
                var c = document.createElement('canvas'); c.width = 300; c.height = 200;
                var g = c.getContext('2d'); g.fillStyle = '#3a7'; g.fillRect(0, 0, 300, 200);
                for (var i = 0; i < 4000; i++) { g.fillStyle = 'hsl(' + (i % 360) + ',80%,50%)'; g.fillRect(i % 300, (i * 7) % 200, 3, 3); }
                var blob = await new Promise(function (ok) { c.toBlob(ok, 'image/png'); });
                var progress = [];
                var res = await new Promise(function (ok) { p.uploadImage(blob, function (l, t) { progress.push([l, t]); }, ok); });
                var last = progress[progress.length - 1];
                var got = new Promise(function (ok) { d.on('message', ok); });
                var ack = await new Promise(function (ok) { p.sendImageMsg({ url: res.url, size: res.size }, ok); });
                var m = await got;
                var bad = await new Promise(function (ok) { p.uploadImage(new Blob(['<svg onload=alert(1)>'], { type: 'image/png' }), null, ok); });
                var notBlob = await new Promise(function (ok) { p.uploadImage('x', null, ok); });
                var badUrl = await new Promise(function (ok) { p.sendImageMsg({ url: 'javascript:alert(1)', size: 10 }, ok); });
                return { code: res.code, w: res.width, h: res.height, mime: res.mime, full: last[0] === last[1] && last[1] === blob.size,
                         ack: ack.code, type: m.type, url: m.url === res.url, size: m.size === res.size,
                         bad: bad.error, notBlob: notBlob.code, badUrl: badUrl.code };
                """);
        Map<String, Object> out = (Map<String, Object>) r;
        assertEquals(0L, out.get("code"));
        assertEquals(300L, out.get("w"));
        assertEquals(200L, out.get("h"));
        assertEquals("image/png", out.get("mime"));
        assertEquals("progress reaches 100%", true, out.get("full"));
        assertEquals(0L, out.get("ack"));
        assertEquals("image", out.get("type"));
        assertEquals(true, out.get("url"));
        assertEquals(true, out.get("size"));
        assertEquals("unsupported_type", out.get("bad"));
        assertEquals(6003L, out.get("notBlob"));
        assertEquals(6003L, out.get("badUrl"));
    }

    /** A chatConfig without url connects to the page's own server (ws://host/ws of the page's origin). */
    @Test
    public void aConfigWithoutUrlConnectsToThePagesOwnServer() {
        Object r = run("""
                await T.load();
                var c = T.config('patient-1', await T.token('patient-1'), 'doctor-7'); delete c.url;
                var s = new ParleySDK();
                return await new Promise(function (ok) {
                  s.connect(c, function () { s.on('open', function () { ok('open'); }); s.on('error', function (e) { ok('error ' + e.code); }); });
                  setTimeout(function () { ok('no open in 8 s'); }, 8000); });
                """);
        assertEquals("open", r);
    }

    /**
     * uploadImage's handle aborts (the callback gets "aborted"), and a progress handler that throws is
     * logged while the upload still finishes and answers.
     */
    @Test
    @SuppressWarnings("unchecked")
    public void anUploadAbortsByItsHandleAndSurvivesAThrowingProgressHandler() {
        Object r = run("""
                await T.load();
                var p = await T.open('patient-1', await T.token('patient-1'), 'doctor-7');
                var c = document.createElement('canvas'); c.width = 64; c.height = 64;
                c.getContext('2d').fillRect(0, 0, 64, 64);
                var blob = await new Promise(function (ok) { c.toBlob(ok, 'image/png'); });
                var aborted = await new Promise(function (ok) { p.uploadImage(blob, null, ok).abort(); });
                var logged = [], error = console.error;
                console.error = function () { logged.push(String(arguments[arguments.length - 1])); };
                var res = await new Promise(function (ok) { p.uploadImage(blob, function () { throw new Error('host bug'); }, ok); });
                console.error = error;
                return { aborted: aborted.code, id: aborted.error, code: res.code, url: typeof res.url,
                         logged: logged.some(function (s) { return s.indexOf('host bug') >= 0; }) };
                """);
        Map<String, Object> out = (Map<String, Object>) r;
        assertEquals(6004L, out.get("aborted"));
        assertEquals("aborted", out.get("id"));
        assertEquals(0L, out.get("code"));
        assertEquals("string", out.get("url"));
        assertEquals("the throw is logged", true, out.get("logged"));
    }

    @Test
    public void pagesForwardAndAroundAMessage() {
        Object r = run("""
                await T.load();
                var p = await T.open('patient-1', await T.token('patient-1'), 'doctor-7');
                var gid;
                for (var i = 1; i <= 7; i++) { gid = (await new Promise(function (ok) { p.sendTextMsg('m' + i, ok); })).gid; }
                var page = function (fn) { return new Promise(function (ok) { fn(ok); }).then(function (res) {
                  return res.code === 0 ? res.msgs.map(function (m) { return m.content; }) : res.error; }); };
                return [
                  await page(function (ok) { p.pullMsgsAfter(4, 10, ok, gid); }),
                  await page(function (ok) { p.pullMsgsAfter(0, 2, ok, gid); }),
                  await page(function (ok) { p.pullMsgsAround(4, 3, ok, gid); }),
                  await page(function (ok) { p.pullHistoryMsg(4, 2, ok, gid); }),
                  await page(function (ok) { p.pullMsgsAround(0, 3, ok, gid); })
                ];
                """);
        assertEquals(List.of(List.of("m5", "m6", "m7"), List.of("m1", "m2"), List.of("m3", "m4", "m5"),
                List.of("m3", "m2"), "bad_argument"), r);
    }

    @Test
    public void customMessagesCarryFallbackTextAndVersion() {
        Object r = run("""
                await T.load();
                var p = await T.open('patient-1', await T.token('patient-1'), 'doctor-7');
                var d = await T.open('doctor-7', await T.token('doctor-7'), 'patient-1');
                var got = new Promise(function (ok) { d.on('message', ok); });
                var ack = await new Promise(function (ok) { p.sendCustomMsg('survey', { q: 'Rate us' }, ok, undefined,
                  { fallbackText: '[Survey] Rate your visit', version: 2 }); });
                var m = await got;
                var bad = await new Promise(function (ok) { p.sendCustomMsg('survey', {}, ok, undefined, { version: 'two' }); });
                return [ack.code, m.fallbackText, m.version, m.payload.q, bad.code];
                """);
        assertEquals(List.of(0L, "[Survey] Rate your visit", 2L, "Rate us", 6003L), r);
    }
}
