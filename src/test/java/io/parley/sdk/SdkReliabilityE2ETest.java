package io.parley.sdk;

import static org.junit.Assert.assertEquals;

import io.parley.server.ServerConfig;
import io.parley.testsupport.FaultProxy;
import io.parley.testsupport.HostSite;
import io.parley.testsupport.LiveListeners;
import io.parley.testsupport.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The SDK on a bad network: durable outbox across a reload, browser online/offline events. */
public class SdkReliabilityE2ETest extends SdkPage {
    /** The doctor connected: its SDK in d, the contents of the messages it is given in got. */
    private static final String CONNECT_DOCTOR = """
                    var d = new ParleySDK(); var got = [];
                    await new Promise(function (ok) { d.connect(T.config('doctor-7', sessionStorage.td, 'patient-1'), function () {
                      d.on('open', ok); d.on('message', function (m) { got.push(m.content); }); }); });
            """;
    /** Before a reload: the doctor connected, then the patient's SDK opened (p). */
    private static final String DOCTOR_THEN_PATIENT = "await T.load();\n" + CONNECT_DOCTOR
            + "var p = await T.open('patient-1', sessionStorage.tp, 'doctor-7');\n";
    /**
     * After a reload: every packet sent is recorded in frames as [pin, packet], within(pred, what) waits
     * up to 8 s, and the patient's SDK is open (p); the doctor connects later (its first sync is checked).
     */
    private static final String RELOADED_PATIENT = """
                    window.frames = [];
                    var send = WebSocket.prototype.send;
                    WebSocket.prototype.send = function (data) { var pk = JSON.parse(data);
                      if (pk.type === 'auth') this.__pin = pk.pin; frames.push([this.__pin, pk]); return send.call(this, data); };
                    var within = function (pred, what) { return new Promise(function (ok, bad) { var t0 = Date.now();
                      var t = setInterval(function () { if (pred()) { clearInterval(t); ok(); }
                        else if (Date.now() - t0 > 8000) { clearInterval(t); bad(new Error('timed out waiting for ' + what)); } }, 25); }); };
                    await T.load();
                    var p = await T.open('patient-1', sessionStorage.tp, 'doctor-7');
            """;
    /** Returns [got, the afterMid of the doctor's first sync (-1: none)] once the page is quiet. */
    private static final String FIRST_SYNC_AFTER = """
                    await new Promise(function (ok) { setTimeout(ok, 300); });
                    var syncs = frames.filter(function (f) { return f[0] === 'doctor-7' && f[1].type === 'sync'; });
                    return [got, syncs.length > 0 ? syncs[0][1].afterMid : -1];
            """;

    /**
     * The page after a reload: the patient sends (whileAway), the doctor connects and waits (thenDoctor);
     * returns [the contents the doctor got, the afterMid of its first sync].
     */
    private Object afterReload(String whileAway, String thenDoctor) {
        return run(RELOADED_PATIENT + whileAway + CONNECT_DOCTOR + thenDoctor + FIRST_SYNC_AFTER);
    }

    /** Opens the host site's page (another origin) pointed at the Parley server, with tokens from the server's key. */
    private void openHostPage(HostSite site, boolean firstTime) {
        driver.get(site.uri().toString());
        prepare(driver);
        driver.executeScript("window.PARLEY_WS = arguments[0];", "ws://127.0.0.1:" + parleyPort + "/ws");
        if (firstTime) {
            long exp = System.currentTimeMillis() / 1000 + 3600;
            driver.executeScript("sessionStorage.tp = arguments[0]; sessionStorage.td = arguments[1];",
                    server.tokenService().sign("patient-1", "parley.demo", exp),
                    server.tokenService().sign("doctor-7", "parley.demo", exp));
        }
    }

    @Test
    public void aMessageInTheOutboxSurvivesAReloadAndIsDeliveredOnce() throws Exception {
        try (HostSite site = HostSite.start()) {
            reloadScenario(site);
        }
    }

    private void reloadScenario(HostSite site) throws Exception {
        openHostPage(site, true);
        run("""
                await T.load();
                window.sdk = await T.open('patient-1', sessionStorage.tp, 'doctor-7');
                """);
        ServerConfig config = server.config();
        server.stop();
        Object queued = run("""
                await T.until(function () { return sdk.state === 'reconnecting'; });
                sessionStorage.cmid = sdk.sendTextMsg('survives a reload', function () {});
                await new Promise(function (ok) { setTimeout(ok, 300); }); // let IndexedDB commit
                return sdk.pendingMessages().map(function (m) { return [m.content, m.status, m.clientMsgId === sessionStorage.cmid]; });
                """);
        assertEquals(List.of(List.of("survives a reload", "sending", true)), queued);

        openHostPage(site, false); // reload while the Parley server is down
        Object restored = run("""
                await T.load(); window.sdk = new ParleySDK(); window.acks = [];
                var restored = new Promise(function (ok) {
                  sdk.connect(T.config('patient-1', sessionStorage.tp, 'doctor-7'), function () {
                    sdk.on('outbox_restored', ok);
                    sdk.on('chat_message_ack', function (a) { acks.push(a.clientMsgId); });
                  });
                });
                var list = await restored;
                return list.map(function (m) { return [m.content, m.status, m.clientMsgId === sessionStorage.cmid]; });
                """);
        assertEquals(List.of(List.of("survives a reload", "sending", true)), restored);

        restartServer(config.toBuilder().port(parleyPort));
        Object delivered = run("""
                await T.until(function () { return acks.length > 0; });
                await new Promise(function (ok) { setTimeout(ok, 300); });
                var doctor = await T.open('doctor-7', sessionStorage.td, 'patient-1');
                var res = await new Promise(function (ok) { doctor.pullHistoryMsg(-1, 10, ok); });
                return [acks, res.msgs.map(function (m) { return m.content; }), sdk.pendingMessages().length];
                """);
        assertEquals(List.of(List.of(driver.executeScript("return sessionStorage.cmid")),
                List.of("survives a reload"), 0L), delivered);

        // acked messages are gone from durable storage: another reload restores nothing
        openHostPage(site, false);
        Object after = run("""
                await T.load(); var restored = 0;
                var sdk = new ParleySDK();
                await new Promise(function (ok) { sdk.connect(T.config('patient-1', sessionStorage.tp, 'doctor-7'), function () {
                  sdk.on('outbox_restored', function () { restored++; }); sdk.on('open', ok); }); });
                await new Promise(function (ok) { setTimeout(ok, 500); });
                return [restored, sdk.pendingMessages().length];
                """);
        assertEquals(List.of(0L, 0L), after);
    }

    /** Where IndexedDB is missing (some private modes, sandboxed frames) the localStorage mirror keeps the outbox. */
    @Test
    public void withoutIndexedDbTheOutboxSurvivesAReloadInLocalStorage() throws Exception {
        Object mirrored = outboxAcrossAReload(
                "Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });");
        assertEquals(List.of("one", "two", "three"), mirrored);
    }

    /**
     * IndexedDB refuses one write (a full quota): that record goes to the mirror, and the reload merges
     * both stores back into sending order (IndexedDB returns its records by key, not by age).
     */
    @Test
    public void aWriteIndexedDbRefusesIsMirroredAndTheReloadMergesBothInOrder() throws Exception {
        Object mirrored = outboxAcrossAReload("""
                var put = IDBObjectStore.prototype.put, puts = 0;
                IDBObjectStore.prototype.put = function () {
                  if (++puts === 2) throw new DOMException('quota', 'QuotaExceededError'); return put.apply(this, arguments); };
                """);
        assertEquals(List.of("two"), mirrored);
    }

    /**
     * Three messages queued while the server is down (storage patched by prelude first), a reload,
     * then the server back: they are restored in sending order, delivered once in that order, and the
     * mirror is empty afterwards. Returns the contents the mirror held before the reload.
     */
    private Object outboxAcrossAReload(String prelude) throws Exception {
        String mirror = "JSON.parse(localStorage.getItem('parley.outbox.patient-1\\u001fparley.demo') || '{}')";
        try (HostSite site = HostSite.start()) {
            openHostPage(site, true);
            run(prelude + """
                    await T.load();
                    window.sdk = await T.open('patient-1', sessionStorage.tp, 'doctor-7');
                    """);
            ServerConfig config = server.config();
            server.stop();
            Object mirrored = run("""
                    await T.until(function () { return sdk.state === 'reconnecting'; });
                    for (var t of ['one', 'two', 'three']) {
                      sdk.sendTextMsg(t, function () {}); await new Promise(function (ok) { setTimeout(ok, 20); }); }
                    await new Promise(function (ok) { setTimeout(ok, 300); }); // let IndexedDB commit
                    var m = MIRROR;
                    return Object.keys(m).map(function (k) { return JSON.parse(m[k].packet).content; });
                    """.replace("MIRROR", mirror));

            openHostPage(site, false); // the reload, while the Parley server is down
            Object restored = run(prelude + """
                    await T.load(); window.sdk = new ParleySDK(); window.acks = 0;
                    var list = await new Promise(function (ok) {
                      sdk.connect(T.config('patient-1', sessionStorage.tp, 'doctor-7'), function () {
                        sdk.on('outbox_restored', ok); sdk.on('chat_message_ack', function () { acks++; }); });
                    });
                    return list.map(function (m) { return m.content + ' ' + m.status; });
                    """);
            assertEquals(List.of("one sending", "two sending", "three sending"), restored);

            restartServer(config.toBuilder().port(parleyPort));
            Object delivered = run("""
                    await T.until(function () { return acks === 3; });
                    await new Promise(function (ok) { setTimeout(ok, 300); });
                    var doctor = await T.open('doctor-7', sessionStorage.td, 'patient-1');
                    var res = await new Promise(function (ok) { doctor.pullHistoryMsg(-1, 10, ok); });
                    return [res.msgs.map(function (m) { return m.content; }), Object.keys(MIRROR).length];
                    """.replace("MIRROR", mirror));
            assertEquals(List.of(List.of("three", "two", "one"), 0L), delivered); // history is newest first
            return mirrored;
        }
    }

    @Test
    public void browserOfflineAndOnlineEventsDriveTheConnection() {
        Object r = run("""
                await T.load(); var sdk = await T.open('patient-1', await T.token('patient-1'), 'doctor-7');
                var states = []; sdk.on('state', function (s) { states.push(s.state); });
                var reopened = T.once(sdk, 'open');
                window.dispatchEvent(new Event('offline'));
                var whileOffline = sdk.state;
                window.dispatchEvent(new Event('online'));
                var info = await reopened;
                return [whileOffline, info.reconnected, sdk.state, states.indexOf('offline') >= 0];
                """);
        assertEquals(List.of("offline", true, "open", true), r);
    }

    @Test
    public void messagesMissedDuringACutArriveOnceAndInOrderAfterTheReconnect() throws Exception {
        try (FaultProxy proxy = new FaultProxy(parleyPort)) {
            run("""
                    await T.load();
                    window.tp = await T.token('patient-1'); window.td = await T.token('doctor-7');
                    window.sender = await T.open('patient-1', tp, 'doctor-7');
                    var cfg = T.config('doctor-7', td, 'patient-1');
                    cfg.url = 'ws://127.0.0.1:' + arguments_port + '/ws';
                    window.receiver = new ParleySDK(); window.got = []; window.resyncs = 0;
                    await new Promise(function (ok) { receiver.connect(cfg, function () {
                      receiver.on('open', ok);
                      receiver.on('message', function (m) { got.push(m.content); });
                      receiver.on('resync', function () { resyncs++; });
                    }); });
                    var send = function (t) { return new Promise(function (ok) { sender.sendTextMsg(t, ok); }); };
                    await send('before 1'); await send('before 2');
                    await T.until(function () { return got.length === 2; });
                    """.replace("arguments_port", String.valueOf(proxy.port())));
            proxy.cut();
            run("""
                    await T.until(function () { return receiver.state !== 'open'; });
                    for (var i = 1; i <= 5; i++) { await new Promise(function (ok) { sender.sendTextMsg('missed ' + i, ok); }); }
                    """);
            proxy.resume();
            Object r = run("""
                    await T.until(function () { return got.length >= 7 && receiver.state === 'open'; });
                    await new Promise(function (ok) { sender.sendTextMsg('after', ok); });
                    await T.until(function () { return got.length >= 8; });
                    await new Promise(function (ok) { setTimeout(ok, 300); });
                    return [got, resyncs];
                    """);
            assertEquals(List.of(List.of("before 1", "before 2", "missed 1", "missed 2", "missed 3", "missed 4",
                    "missed 5", "after"), 0L), r);
        }
    }

    /**
     * Resume state (epoch and cursors) survives a reload: the first sync after it starts after the
     * last mid seen before it, and what was sent in between arrives once, without a history call.
     */
    @Test
    @SuppressWarnings("unchecked")
    public void aReloadResumesFromThePersistedCursor() throws Exception {
        try (HostSite site = HostSite.start()) {
            openHostPage(site, true);
            Object before = run(DOCTOR_THEN_PATIENT + """
                    var last;
                    for (var i = 1; i <= 2; i++) { last = await new Promise(function (ok) { p.sendTextMsg('seen ' + i, ok); }); }
                    await T.until(function () { return got.length === 2; });
                    return [got, last.mid];
                    """);
            long lastMid = (Long) ((List<Object>) before).get(1);
            assertEquals(List.of("seen 1", "seen 2"), ((List<Object>) before).get(0));

            openHostPage(site, false); // the reload
            Object r = afterReload("""
                    for (var i = 1; i <= 3; i++) { await new Promise(function (ok) { p.sendTextMsg('missed ' + i, ok); }); }
                    """, """
                    await within(function () { return got.length >= 3; }, 'the missed messages').catch(function () {});
                    await new Promise(function (ok) { p.sendTextMsg('after', ok); });
                    await within(function () { return got.length >= 4; }, 'the live message').catch(function () {});
                    await new Promise(function (ok) { d.pullHistoryMsg(-1, 10, ok); });
                    """);
            assertEquals(List.of(List.of("missed 1", "missed 2", "missed 3", "after"), lastMid), r);
        }
    }

    /**
     * A burst, then a reload at once: resume state is written to localStorage at most every 500 ms,
     * so it is the pagehide of the reload that persists the burst's last mid; the first sync after
     * the reload starts there (not before the burst), and what was sent in between arrives once.
     */
    @Test
    @SuppressWarnings("unchecked")
    public void aReloadRightAfterABurstResumesAfterItsLastMessage() throws Exception {
        try (HostSite site = HostSite.start()) {
            openHostPage(site, true);
            Object before = run(DOCTOR_THEN_PATIENT + """
                    var acks = [];
                    for (var i = 1; i <= 40; i++) { acks.push(new Promise(function (ok) { p.sendTextMsg('burst ' + i, ok); })); }
                    acks = await Promise.all(acks);
                    await T.until(function () { return got.length === 40; });
                    return [got.length, Math.max.apply(null, acks.map(function (a) { return a.mid; }))];
                    """);
            long lastMid = (Long) ((List<Object>) before).get(1);
            assertEquals(40L, ((List<Object>) before).get(0));

            openHostPage(site, false); // the reload, right after the burst
            Object r = afterReload("""
                    await new Promise(function (ok) { p.sendTextMsg('missed', ok); });
                    """, """
                    await within(function () { return got.length >= 1; }, 'the missed message').catch(function () {});
                    """);
            assertEquals(List.of(List.of("missed"), lastMid), r);
        }
    }

    /**
     * Host handlers registered first that throw: each throw is logged with console.error, the later
     * handlers still run, a whole sync batch is delivered, and chat_message_ack is still emitted.
     */
    @Test
    public void aThrowingHandlerRegisteredFirstIsLoggedAndTheSdkCarriesOn() throws Exception {
        try (FaultProxy proxy = new FaultProxy(parleyPort)) {
            run("""
                    await T.load();
                    window.logged = [];
                    console.error = function () { logged.push(Array.prototype.map.call(arguments, String).join(' ')); };
                    window.within = function (pred, what) { return new Promise(function (ok, bad) { var t0 = Date.now();
                      var t = setInterval(function () { if (pred()) { clearInterval(t); ok(); }
                        else if (Date.now() - t0 > 8000) { clearInterval(t); bad(new Error('timed out waiting for ' + what)); } }, 25); }); };
                    var tp = await T.token('patient-1'), td = await T.token('doctor-7');
                    window.sender = await T.open('patient-1', tp, 'doctor-7');
                    sender.on('chat_message_ack', function () { throw new Error('first ack handler throws'); });
                    window.acked = []; sender.on('chat_message_ack', function (a) { acked.push(a.clientMsgId); });
                    var cfg = T.config('doctor-7', td, 'patient-1');
                    cfg.url = 'ws://127.0.0.1:' + arguments_port + '/ws';
                    window.receiver = new ParleySDK(); window.got = [];
                    await new Promise(function (ok) { receiver.connect(cfg, function () {
                      receiver.on('message', function () { throw new Error('first message handler throws'); });
                      receiver.on('open', ok);
                      receiver.on('message', function (m) { got.push(m.content); });
                    }); });
                    window.send = function (t) { return new Promise(function (ok) {
                      sender.sendTextMsg(t, function (a) { ok(a); throw new Error('send callback throws'); }); }); };
                    await send('before');
                    await within(function () { return got.length === 1; }, 'the live message');
                    """.replace("arguments_port", String.valueOf(proxy.port())));
            proxy.cut();
            run("""
                    await within(function () { return receiver.state !== 'open'; }, 'the cut');
                    for (var i = 1; i <= 3; i++) { await send('missed ' + i); }
                    """);
            proxy.resume();
            Object r = run("""
                    await within(function () { return got.length >= 4 && receiver.state === 'open'; }, 'the sync batch');
                    await send('after');
                    await within(function () { return got.length >= 5 && acked.length >= 5; }, 'the last message');
                    return [got, acked.length, logged.filter(function (l) { return l.indexOf('[parley] callback threw Error: first') === 0; }).length > 0,
                            logged.some(function (l) { return l.indexOf('ReferenceError') >= 0; })];
                    """);
            assertEquals(List.of(List.of("before", "missed 1", "missed 2", "missed 3", "after"), 5L, true, false), r);
        }
    }

    /** sdk.resendMsg of a timed-out custom message sends it again as that type with its payload, not as empty text. */
    @Test
    public void aResentCustomMessageArrivesWithItsTypeAndPayload() {
        Object r = run("""
                await T.load();
                var tp = await T.token('patient-1'), td = await T.token('doctor-7');
                var d = await T.open('doctor-7', td, 'patient-1'); var got = [];
                d.on('message', function (m) { got.push(m); });
                // the first 'order' frame is lost on the way: the send times out and is kept as failed
                var real = WebSocket.prototype.send, dropped = 0;
                WebSocket.prototype.send = function (f) {
                  if (!dropped && f.indexOf('"msgType":"order"') >= 0) { dropped = 1; return; } return real.call(this, f); };
                var p = new ParleySDK(); var cfg = T.config('patient-1', tp, 'doctor-7'); cfg.sendTimeoutMs = 1000;
                await new Promise(function (ok) { p.connect(cfg, function () { p.on('open', ok); }); });
                var first = await new Promise(function (ok) { p.sendCustomMsg('order', { title: 'Consultation', price: '¥30.00' }, ok); });
                var again = await new Promise(function (ok) { p.resendMsg(first.clientMsgId, ok); });
                await T.until(function () { return got.length === 1; });
                p.close(); d.close(); WebSocket.prototype.send = real;
                return [dropped, first.error, again.code, again.clientMsgId === first.clientMsgId,
                        got[0].type, got[0].content, got[0].payload.title, got[0].payload.price];
                """);
        assertEquals(List.of(1L, "timeout", 0L, true, "order", "", "Consultation", "¥30.00"), r);
    }

    @Test
    @SuppressWarnings("unchecked")
    public void recallReadReceiptsUnreadAndTypingReachTheOtherSide() {
        Object r = run("""
                await T.load();
                var p = await T.open('patient-1', await T.token('patient-1'), 'doctor-7');
                var d = await T.open('doctor-7', await T.token('doctor-7'), 'patient-1');
                var ev = { unread: [], receipts: [], recalled: [], typing: [] };
                d.on('unread', function (u) { ev.unread.push(u.count); });
                p.on('read_receipt', function (x) { ev.receipts.push(x.mid); });
                d.on('recalled', function (x) { ev.recalled.push(x.mid); });
                d.on('typing', function (x) { ev.typing.push(x.from.pin); });
                var ack = await new Promise(function (ok) { p.sendTextMsg('first', ok); });
                var ack2 = await new Promise(function (ok) { p.sendTextMsg('second', ok); });
                var gid = ack.gid;
                await T.until(function () { return ev.unread.length >= 2; });
                var unread = await new Promise(function (ok) { d.getUnread(ok); });
                d.markRead(ack.mid, gid);
                await T.until(function () { return ev.receipts.length >= 1; });
                var state = await new Promise(function (ok) { p.getReadState(ok, gid); });
                var recall = await new Promise(function (ok) { p.recallMsg(ack2.mid, ok, gid); });
                var notMine = await new Promise(function (ok) { d.recallMsg(ack.mid, ok, gid); });
                await T.until(function () { return ev.recalled.length >= 1; });
                p.sendTyping(gid); p.sendTyping(gid);
                await T.until(function () { return ev.typing.length >= 1; });
                await new Promise(function (ok) { setTimeout(ok, 300); });
                var hist = await new Promise(function (ok) { d.pullHistoryMsg(-1, 10, ok, gid); });
                var doctorRead = state.members.filter(function (m) { return m.pin === 'doctor-7'; })[0];
                return { unreadTotal: unread.total, lastUnreadPush: ev.unread[ev.unread.length - 1],
                         receipts: ev.receipts.length > 0 && ev.receipts[0] === ack.mid, doctorRead: doctorRead.lastReadMid === ack.mid,
                         recall: recall.code, notMine: notMine.error, recalled: ev.recalled[0] === ack2.mid,
                         typing: ev.typing, history: hist.msgs.map(function (m) { return m.type + ':' + m.content; }) };
                """);
        Map<String, Object> out = (Map<String, Object>) r;
        assertEquals(2L, out.get("unreadTotal"));
        assertEquals(0L, out.get("lastUnreadPush"));
        assertEquals(true, out.get("receipts"));
        assertEquals(true, out.get("doctorRead"));
        assertEquals(0L, out.get("recall"));
        assertEquals("not_sender", out.get("notMine"));
        assertEquals(true, out.get("recalled"));
        assertEquals(List.of("patient-1"), out.get("typing"));
        assertEquals(List.of("recall:", "text:first"), out.get("history"));
    }

    @Test
    public void aSilentConnectionIsDetectedByServerPingsAndReplaced() throws Exception {
        restartServer(TestServer.devConfig().heartbeatMs(300));
        parleyPort = server.port();
        driver.get(server.baseUri().resolve("/demo/index.html").toString());
        prepare(driver);
        try (FaultProxy proxy = new FaultProxy(parleyPort)) {
            run("""
                    await T.load();
                    var cfg = T.config('patient-1', await T.token('patient-1'), 'doctor-7');
                    cfg.url = 'ws://127.0.0.1:' + arguments_port + '/ws';
                    window.sdk = new ParleySDK(); window.log = [];
                    await new Promise(function (ok) { sdk.connect(cfg, function () {
                      sdk.on('open', function (d) { log.push('open:' + d.reconnected); ok(); });
                      sdk.on('close', function (c) { log.push('close:' + c.code + ':' + c.willReconnect); });
                    }); });
                    """.replace("arguments_port", String.valueOf(proxy.port())));
            proxy.freeze();
            Object r = run("""
                    await T.until(function () { return log.length >= 3; });
                    return log;
                    """);
            assertEquals(List.of("open:false", "close:4000:true", "open:true"), r);
        }
    }

    /**
     * Listeners the SDK adds to window and document (page lifecycle, resume-state saving) and to its
     * sockets, counted live by wrapping EventTarget.prototype's add/removeEventListener before the SDK
     * loads: the same after 5 socket-level reconnects (offline → online) and 5 connect() calls as after
     * the first connect, and none left after close(). Only one socket is ever open.
     */
    @Test
    @SuppressWarnings("unchecked")
    public void reconnectsLeaveNoListenersBehindAndCloseRemovesThemAll() {
        Object r = run("""
                """ + LiveListeners.INSTALL + """
                var count = window.__listeners;
                var base = count();
                await T.load();
                var cfg = T.config('patient-1', await T.token('patient-1'), 'doctor-7');
                var sdk = await T.open('patient-1', cfg.token, 'doctor-7');
                var first = count();
                for (var i = 0; i < 5; i++) {
                  var back = T.once(sdk, 'open');
                  window.dispatchEvent(new Event('offline')); window.dispatchEvent(new Event('online'));
                  await back;
                }
                var afterDrops = count();
                for (var j = 0; j < 5; j++) {
                  var reopened = T.once(sdk, 'open');
                  sdk.connect(cfg);
                  await reopened;
                }
                var afterConnects = count();
                sdk.close();
                return [base, first, afterDrops, afterConnects, count()];
                """);
        List<Object> counts = (List<Object>) r;
        List<Object> first = (List<Object>) counts.get(1);
        assertEquals("before the SDK: nothing counted on window, document or sockets", List.of(0L, 0L, 0L, 0L), counts.get(0));
        assertEquals("one open socket with its listeners", 1L, first.get(3));
        assertEquals("after 5 socket reconnects", first, counts.get(2));
        assertEquals("after 5 connect() calls", first, counts.get(3));
        List<Object> closed = (List<Object>) counts.get(4);
        assertEquals("after close(): nothing on window or document", List.of(0L, 0L), closed.subList(0, 2));
        assertEquals("after close(): no open socket", 0L, closed.get(3));
    }
}
