package io.parley.sdk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import io.parley.testsupport.DeclaredTypes;
import io.parley.testsupport.HostSite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.Test;

/**
 * The npm package's declarations against the built SDK, both ways: the methods and statics a ParleySDK
 * really has are exactly those sdk.d.ts declares, and the events a scripted session fires (heard through
 * {@code on('*')}: login, chat, read, typing, recall, a bad call, a refused send, the server going away,
 * a reload with a waiting outbox, a server with a new store, close) are exactly the declared event names,
 * each payload with the declared fields (no undeclared field, every required one).
 */
public class SdkTypesE2ETest extends SdkPage {
    /** Records each event's name and the field names of its payload (arrays: "[]" then the first item's). */
    private static final String RECORDER = """
            window.fired = {};
            window.rec = function (data, event) {
              var keys = Array.isArray(data) ? ['[]'].concat(data.length ? Object.keys(data[0]) : [])
                  : data && typeof data === 'object' ? Object.keys(data) : ['(' + typeof data + ')'];
              (fired[event] = fired[event] || []).push(keys);
            };
            window.start = function (pin, token, to) { var s = new ParleySDK(); s.on('*', rec);
              return new Promise(function (ok) { s.connect(T.config(pin, token, to), function () { s.on('open', function () { ok(s); }); }); }); };
            """;

    @Test
    public void theBuiltSdkHasExactlyTheDeclaredMethodsAndStatics() throws Exception {
        DeclaredTypes d = DeclaredTypes.read("sdk.d.ts");
        Set<String> declared = new TreeSet<>(d.members("ChatApi", false).keySet());
        declared.addAll(d.members("ParleySDK", false).keySet());
        @SuppressWarnings("unchecked")
        Map<String, List<String>> built = (Map<String, List<String>>) run("""
                await T.load();
                var s = new ParleySDK(), names = [];
                // the prototype chain up to TeaVM's java.lang.Object (its toString is no API)
                for (var p = Object.getPrototypeOf(s); p && !Object.prototype.hasOwnProperty.call(p, '__teavm_class__');
                    p = Object.getPrototypeOf(p)) {
                  Object.getOwnPropertyNames(p).forEach(function (n) { if (n !== 'constructor') names.push(n); });
                }
                return { instance: names, statics: Object.getOwnPropertyNames(ParleySDK).filter(function (n) {
                  return ['length', 'name', 'prototype'].indexOf(n) < 0; }) };
                """);
        assertEquals("ParleySDK's methods and properties (built vs sdk.d.ts)", declared, new TreeSet<>(built.get("instance")));
        assertEquals("ParleySDK's statics", new TreeSet<>(d.members("ParleySDK", true).keySet()),
                new TreeSet<>(built.get("statics")));
    }

    @Test
    public void aScriptedSessionFiresExactlyTheDeclaredEventsWithTheDeclaredPayloads() throws Exception {
        Map<String, List<List<String>>> fired = new TreeMap<>();
        try (HostSite site = HostSite.start()) {
            // the page on another origin than Parley: it survives the server going down, so it can be reloaded
            String page = site.page("/session.html", "<!DOCTYPE html><meta charset=utf-8><title>session</title>",
                    StandardCharsets.UTF_8).toString();
            long exp = System.currentTimeMillis() / 1000 + 3600;
            String ta = server.tokenService().sign("types-a", "parley.demo", exp);
            String tb = server.tokenService().sign("types-b", "parley.demo", exp);
            String setup = "window.PARLEY_WS = 'ws://127.0.0.1:" + parleyPort + "/ws';" + RECORDER;
            driver.get(page);
            prepare(driver);
            collect(fired, run(setup + """
                    await T.load();
                    var a = await start('types-a', '%s', 'types-b'), b = await start('types-b', '%s', 'types-a');
                    window.a = a;
                    var ack = await new Promise(function (ok) { a.sendTextMsg('hello', ok); });
                    await T.until(function () { return fired.message && fired.unread; });
                    b.markRead(ack.mid, ack.gid);
                    await T.until(function () { return fired.read_receipt; });
                    b.sendTyping(ack.gid);
                    await T.until(function () { return fired.typing; });
                    await new Promise(function (ok) { a.recallMsg(ack.mid, ok, ack.gid); });
                    await T.until(function () { return fired.recalled; });
                    a.sendTextMsg(42);                                   // no callback: the error event
                    a.sendTextMsg('to a group I am not in', null, 987654);  // refused by the server
                    await T.until(function () { return fired.error && fired.send_failed; });
                    return fired;
                    """.formatted(ta, tb)));

            int port = server.port();
            ServerConfig config = server.config();
            server.stop();
            collect(fired, run("""
                    await T.until(function () { return fired.reconnecting; });
                    a.sendTextMsg('written while the server is down');
                    await new Promise(function (ok) { setTimeout(ok, 1000); });   // the outbox is saved
                    return fired;
                    """));

            // a reload while the server is down: the outbox comes back; then a server with a new store
            driver.get(page);
            prepare(driver);
            run(setup + """
                    await T.load();
                    window.a = new ParleySDK(); a.on('*', rec);
                    a.connect(T.config('types-a', '%s', 'types-b'));
                    await T.until(function () { return fired.outbox_restored; });
                    """.formatted(ta));
            server = ParleyServer.start(config.toBuilder().port(port).dataDir(Files.createTempDirectory("parley-types")).build());
            collect(fired, run("""
                    await T.until(function () { return fired.open && fired.resync && fired.chat_message_ack; });
                    a.close();
                    await T.until(function () { return fired.close; });
                    return fired;
                    """));
        }

        DeclaredTypes d = DeclaredTypes.read("sdk.d.ts");
        Map<String, String> declared = d.memberTypes("ParleySDKEvents");
        assertEquals("events fired vs sdk.d.ts's ParleySDKEvents", new TreeSet<>(declared.keySet()), fired.keySet());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, List<List<String>>> e : fired.entrySet()) {
            String type = declared.get(e.getKey());
            boolean array = type.endsWith("[]");
            String item = array ? type.substring(0, type.length() - 2) : type;
            Map<String, Boolean> fields = d.fields(item);
            for (List<String> keys : e.getValue()) {
                if (array != (!keys.isEmpty() && keys.get(0).equals("[]"))) {
                    wrong.add(e.getKey() + ": declared " + type + ", fired " + keys);
                    continue;
                }
                List<String> got = array ? keys.subList(1, keys.size()) : keys;
                if (array && got.isEmpty()) {
                    continue;
                }
                for (String k : got) {
                    if (!fields.containsKey(k) && !d.open(item)) {
                        wrong.add(e.getKey() + ": undeclared field '" + k + "' (fired " + got + ", declared " + fields.keySet() + ")");
                    }
                }
                fields.forEach((k, optional) -> {
                    if (!optional && !got.contains(k)) {
                        wrong.add(e.getKey() + ": required field '" + k + "' missing (fired " + got + ")");
                    }
                });
            }
        }
        assertEquals("payloads vs their declared types", List.of(), new ArrayList<>(new TreeSet<>(wrong)));
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, List<List<String>>> into, Object fired) {
        assertTrue(String.valueOf(fired), fired instanceof Map);
        ((Map<String, List<List<String>>>) fired).forEach((k, v) -> into.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }
}
