package io.parley.sdk;

import static org.junit.Assert.assertEquals;

import io.parley.protocol.Release;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.testsupport.Browser;
import io.parley.testsupport.HostSite;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.openqa.selenium.By;

/**
 * The ES-module build chats end to end: a page on another origin imports {@code { ParleySDK }} from Parley's
 * {@code /v/VERSION/parley-sdk.mjs} in a {@code <script type="module">} (a cross-origin module fetch, so CORS
 * must allow it), two clients talk both ways, and the page gains no global.
 */
public class SdkModuleE2ETest extends SdkPage {
    @Test
    @SuppressWarnings("unchecked")
    public void aModuleScriptImportsTheSdkChatsBothWaysAndLeaksNoGlobal() throws Exception {
        long exp = System.currentTimeMillis() / 1000 + 3600;
        String parley = "http://127.0.0.1:" + parleyPort;
        String module = """
                import { ParleySDK } from '%s/v/%s/parley-sdk.mjs';
                const config = (pin, token, to) => ({ url: '%s', token, pin, appId: 'parley.demo',
                  toChat: to, toAppId: 'parley.demo', clientType: 'comet' });
                const open = (pin, token, to) => new Promise((ok) => { const s = new ParleySDK();
                  s.connect(config(pin, token, to), () => s.on('open', () => ok(s))); });
                const next = (s) => new Promise((ok) => s.on('message', ok));
                const a = await open('mod-a', '%s', 'mod-b');
                const b = await open('mod-b', '%s', 'mod-a');
                let got = next(b);
                a.sendTextMsg('hello from a module');
                const first = await got;
                got = next(a);
                b.sendTextMsg('and back');
                const second = await got;
                const result = { version: ParleySDK.version, got: [first.content, first.from.pin, second.content, second.from.pin],
                  leaked: Object.keys(window).filter((k) => !window.__before.includes(k)
                  && k !== 'ret_nodes' && !(k === 'parleySocket' && window.parleySocket === null)),
                  global: typeof window.ParleySDK };
                a.close(); b.close();
                document.getElementById('result').textContent = JSON.stringify(result);
                document.title = 'done';
                """.formatted(parley, Release.VERSION, "ws://127.0.0.1:" + parleyPort + "/ws",
                server.tokenService().sign("mod-a", "parley.demo", exp), server.tokenService().sign("mod-b", "parley.demo", exp));
        try (HostSite site = HostSite.start()) {
            String page = "<!DOCTYPE html><meta charset=utf-8><title>module</title>"
                    + "<script>window.__before = Object.keys(window).concat(['__before']);</script>"
                    + "<pre id=result></pre><script type=module>" + module + "</script>";
            driver.get(site.page("/module.html", page, StandardCharsets.UTF_8).toString());
            // polled by title; chromedriver's own page scripts (it answers getTitle with one) leave a sloppy-mode
            // global ret_nodes, which the module's check ignores: it is not ours. window.parleySocket is the
            // documented hand-off with parley-connect.js (EMBEDDING.md), emptied by the SDK when it dials
            Browser.waitFor(driver, d -> "done".equals(d.getTitle()));
            Map<String, Object> r = new ObjectMapper().readValue(driver.findElement(By.id("result")).getText(), Map.class);
            assertEquals(Release.VERSION, r.get("version"));
            assertEquals(List.of("hello from a module", "mod-a", "and back", "mod-b"), r.get("got"));
            assertEquals("no global from the module build", List.of(), r.get("leaked"));
            assertEquals("undefined", r.get("global"));
        }
    }
}
