package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.protocol.Release;
import io.parley.testsupport.Browser;
import io.parley.testsupport.DeclaredTypes;
import io.parley.testsupport.HostSiteRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The README's widget snippet as written — versioned URLs, {@code integrity} from the build's
 * integrity.json, {@code crossorigin} — on a page of another origin: the widget loads, takes its stylesheet
 * from the same /v/VERSION/ folder and chats; what it exposes (ParleyWidget's statics, the handle and its
 * SDK) is what widget.d.ts declares. With a wrong integrity value the browser refuses the script.
 */
public class WidgetSriE2ETest extends WidgetTestBase {
    @ClassRule
    public static final HostSiteRule SITE = new HostSiteRule();

    /** The README's "Embed the widget" block, pointed at this server, with integrity (or the given value). */
    private static String page(String integrity, String me, String peer) throws Exception {
        Matcher m = Pattern.compile("## Embed the widget\\s*```html\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find());
        String snippet = m.group(1);
        String versioned = "https://chat.example.com/v/" + Release.VERSION + "/parley-widget.js";
        assertTrue("the README embeds " + versioned, snippet.contains(versioned));
        assertTrue(snippet.contains("integrity=\"sha384-") && snippet.contains("crossorigin=\"anonymous\""));
        long exp = System.currentTimeMillis() / 1000 + 3600;
        String config = "<script>const chatConfig = { url: 'ws://localhost:" + server.port() + "/ws', token: '"
                + server.tokenService().sign(me, "parley.demo", exp) + "', pin: '" + me + "', appId: 'parley.demo', toChat: '"
                + peer + "', toAppId: 'parley.demo', clientType: 'comet' };</script>";
        return "<!DOCTYPE html><html><head><meta charset=utf-8><title>SRI</title></head><body>"
                + "<div id=chat style=\"width:420px;height:560px\"></div>" + config
                + snippet.replace("https://chat.example.com", "http://localhost:" + server.port())
                        .replaceAll("integrity=\"sha384-[^\"]*\"", "integrity=\"" + integrity + "\"")
                + "</body></html>";
    }

    private static String integrityOf(String file) throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(Path.of(System.getProperty("parley.webapp.dir", "target/webapp"),
                "integrity.json").toFile());
        assertEquals(Release.VERSION, manifest.get("version").asText());
        return manifest.get("files").get(file).asText();
    }

    @Test
    public void theReadmeSnippetLoadsTheWidgetWithIntegrityFromAnotherOriginAndChats() throws Exception {
        String me = uniq("sri-patient");
        driver.get(SITE.site().page("/sri.html", page(integrityOf("parley-widget.js"), me, uniq("sri-doctor")), StandardCharsets.UTF_8)
                .toString());
        awaitReady(0);
        sendText(0, "sent through a widget checked by SRI");
        awaitLastBubble(0, "sent through a widget checked by SRI");
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) js("return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
                + ".filter(function (n) { return /parley-widget\\.(js|css)$/.test(n); });");
        String base = "http://localhost:" + server.port() + "/v/" + Release.VERSION + "/";
        assertTrue(loaded.toString(), loaded.contains(base + "parley-widget.js") && loaded.contains(base + "parley-widget.css"));
        // widget.d.ts against the loaded widget: ParleyWidget's statics, the handle, the handle's SDK
        DeclaredTypes d = DeclaredTypes.read("sdk.d.ts", "widget.d.ts");
        @SuppressWarnings("unchecked")
        Map<String, List<String>> built = (Map<String, List<String>>) js("var names = [];"
                + " for (var p = Object.getPrototypeOf(chat.sdk); p && !Object.prototype.hasOwnProperty.call(p, '__teavm_class__');"
                + "   p = Object.getPrototypeOf(p)) { Object.getOwnPropertyNames(p).forEach(function (n) {"
                + "   if (n !== 'constructor') names.push(n); }); }"
                + " return { statics: Object.getOwnPropertyNames(ParleyWidget).filter(function (n) {"
                + "   return ['length', 'name', 'prototype'].indexOf(n) < 0; }), handle: Object.keys(chat), sdk: names };");
        assertEquals(new TreeSet<>(d.members("ParleyWidgetStatic", false).keySet()), new TreeSet<>(built.get("statics")));
        assertEquals(new TreeSet<>(d.members("WidgetHandle", false).keySet()), new TreeSet<>(built.get("handle")));
        assertEquals(new TreeSet<>(d.members("ChatApi", false).keySet()), new TreeSet<>(built.get("sdk")));
        shot("widget-sri-1280", 1280, 800);
        clearViewport();
    }

    @Test
    public void aWrongIntegrityValueKeepsTheScriptOut() throws Exception {
        String wrong = "sha384-" + "A".repeat(64);
        driver.get(SITE.site().page("/sri-wrong.html", page(wrong, uniq("sri-x"), uniq("sri-y")), StandardCharsets.UTF_8).toString());
        Browser.waitFor(driver, d -> "complete".equals(js("return document.readyState;")));
        assertEquals("undefined", js("return typeof window.ParleyWidget;"));
        assertEquals(0L, js("return document.querySelectorAll('parley-widget').length;"));
    }
}
