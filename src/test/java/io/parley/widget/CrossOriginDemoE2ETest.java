package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.parley.server.http.CrossOriginExample;
import io.parley.testsupport.Browser;
import io.parley.testsupport.FakeCamera;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.Test;
import org.openqa.selenium.By;

/**
 * docs/EMBEDDING.md's clinic page (demo/cross-origin/), served by the --dev server on its second port:
 * another origin than Parley's, under the guide's strict CSP sent as a header. The page's lines are
 * the guide's own (read from the guide, so the two cannot drift), and a patient chats through it with
 * the doctor's demo page: text, the image button (picker, then upload) and the fake camera, with no
 * CSP violation and no page error.
 */
@FakeCamera
public class CrossOriginDemoE2ETest extends WidgetTestBase {
    private static final Path DOC = Path.of("docs", "EMBEDDING.md");
    private static final Path DEMO = Path.of("demo", "cross-origin");

    private static String find(String regex) throws Exception {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(Files.readString(DOC));
        assertTrue(regex + " in " + DOC, m.find());
        return m.group(1);
    }

    @Test
    public void theDemoPageIsTheGuidesTextLineForLine() throws Exception {
        String page = Files.readString(DEMO.resolve("index.html"));
        String html = find("## 3\\. The widget.*?```html\\n(.*?)```");
        assertTrue("demo/cross-origin/index.html holds the guide's html block verbatim:\n" + html, page.contains(html));
        String js = find("```js\\n(.*?)```");
        assertTrue("demo/cross-origin/clinic-chat.js holds the guide's clinic-chat.js verbatim:\n" + js,
                Files.readString(DEMO.resolve("clinic-chat.js")).contains(js));
        assertTrue(html.contains("src=\"clinic-chat.js\""));
        assertEquals(find("## 4\\. Content-Security-Policy.*?```\\nContent-Security-Policy: ([^\\n]*)\\n```"),
                CrossOriginExample.CSP);
    }

    /**
     * The guide's tokenProvider example (section 2), mounted on the clinic page under the guide's CSP:
     * it fetches the clinic's own token endpoint, which the policy must allow, and the chat opens.
     */
    @Test
    public void theGuidesTokenProviderWorksUnderTheGuidesPolicy() throws Exception {
        String provider = find("`tokenProvider` instead of.*?e\\.g\\.\\s*`([^`]*)`");
        assertTrue(provider, provider.contains("fetch('" + CrossOriginExample.TOKEN_PATH + "'"));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.parleyCspViolations = []; document.addEventListener('securitypolicyviolation', function (e) {"
                        + " window.parleyCspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });"));
        driver.get(server.exampleUri().toString());
        awaitReady(0);
        // the page's own inline mount used a rendered token; mount again with the guide's provider instead
        js("chat.destroy(); window.viaProvider = ParleyWidget.mount('#chat', { url: 'ws://localhost:"
                + server.port() + "/ws', tokenProvider: " + provider + ", pin: 'patient-1', appId: 'clinic.web',"
                + " toChat: 'doctor-7', toAppId: 'clinic.web', locale: 'en' });"
                + " window.viaProviderErrors = []; viaProvider.sdk.on('error', function (e) { viaProviderErrors.push(e.error); });");
        Browser.waitFor(driver, d -> "open".equals(js("return viaProvider.sdk.state;"))
                || !"[]".equals(js("return JSON.stringify(viaProviderErrors);")) ? Boolean.TRUE : null);
        assertEquals("[]", js("return JSON.stringify(window.parleyCspViolations);"));
        assertEquals("[]", js("return JSON.stringify(viaProviderErrors);"));
        assertEquals("open", js("return viaProvider.sdk.state;"));
        js("viaProvider.destroy();");
    }

    @Test
    public void aPatientChatsThroughTheClinicPageWithTextImageAndCamera() throws Exception {
        URI clinic = server.exampleUri();
        assertNotNull("--dev serves the clinic page on a second port", clinic);
        // as served: the guide's policy, with Parley's real origin in place of https://chat.example.com
        HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(clinic).build(),
                HttpResponse.BodyHandlers.ofString());
        String parley = "http://localhost:" + server.port();
        assertEquals(200, got.statusCode());
        assertEquals(CrossOriginExample.CSP.replace("https://chat.example.com", parley)
                .replace("wss://chat.example.com", "ws://localhost:" + server.port()),
                got.headers().firstValue("Content-Security-Policy").orElse(null));
        assertTrue(got.body().contains("<script src=\"" + parley + "/parley-widget.js\"></script>"));
        assertTrue(clinic.getPort() != server.port());

        // what the page does, recorded before its own scripts run (DevTools scripts are not subject to its CSP)
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.parleyCspViolations = []; window.parleyErrors = []; window.__picks = 0;"
                        + "document.addEventListener('securitypolicyviolation', function (e) {"
                        + " window.parleyCspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });"
                        + "window.addEventListener('error', function (e) { window.parleyErrors.push(String(e.message)); });"
                        + "window.addEventListener('unhandledrejection', function (e) { window.parleyErrors.push(String(e.reason)); });"
                        + "var _click = HTMLInputElement.prototype.click; HTMLInputElement.prototype.click = function () {"
                        + " if (this.type === 'file') { window.__picks++; return; } return _click.apply(this, arguments); };"));
        String[] tabs = openPatientAndDoctor(clinic.toString(),
                url("/demo/doctor.html?pin=doctor-7&appId=clinic.web&toChat=patient-1&toAppId=clinic.web&locale=en"));
        String patientTab = tabs[0];
        String doctorTab = tabs[1];
        try {
            driver.switchTo().window(patientTab);
            String r = root(0);
            sendText(0, "Hello from the clinic's page");
            awaitLastBubble(0, "Hello from the clinic's page");

            // the image button opens the picker; the file chosen there is uploaded to Parley and sent
            js(r + ".querySelector('.pw-attach').click();");
            assertEquals(1L, js("return window.__picks;"));
            Path png = Files.createTempFile("clinic", ".png");
            ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
            shadow().findElement(By.cssSelector(".pw-composer input[type=file]")).sendKeys(png.toString());
            waitTrue("var rows = " + r + ".querySelectorAll('.pw-msg.pw-self a.pw-image');"
                    + " return rows.length === 1 && !rows[0].closest('.pw-msg').classList.contains('pw-sending');");
            Files.delete(png);

            // the camera: the media chunk and its stylesheet come from Parley's origin
            js(r + ".querySelector('.pw-cam').click();");
            waitTrue("var t = " + r + ".querySelector('.pm-take'); return !!t && !t.disabled;");
            js(r + ".querySelector('.pm-take').click();");
            waitTrue("var i = " + r + ".querySelector('.pm-snapshot'); return !!i && !i.hidden && i.naturalWidth === 640;");
            shot("cross-origin-camera-1280", 1280, 800);
            clearViewport();
            js(r + ".querySelector('.pm-send').click();");
            waitTrue("var rows = " + r + ".querySelectorAll('.pw-msg.pw-self a.pw-image');"
                    + " return rows.length === 2 && !rows[1].closest('.pw-msg').classList.contains('pw-sending');");
            assertEquals(parley + "/parley-media.js", js("return performance.getEntriesByType('resource').map(function (e) {"
                    + " return e.name; }).filter(function (n) { return /parley-media\\.js$/.test(n); })[0];"));
            shot("cross-origin-clinic-1280", 1280, 800);
            shot("cross-origin-clinic-375", 375, 667);
            clearViewport();
            assertEquals("[]", js("return JSON.stringify(window.parleyCspViolations);"));
            assertEquals("[]", js("return JSON.stringify(window.parleyErrors);"));

            // the doctor, on Parley's origin, got all three, the images as URLs on Parley's origin
            driver.switchTo().window(doctorTab);
            waitTrue("return " + r + ".querySelectorAll('.pw-msg:not(.pw-self) a.pw-image img').length === 2;");
            assertTrue(String.valueOf(js("return " + r + ".querySelector('.pw-msg:not(.pw-self) .pw-bubble').textContent;"))
                    .contains("Hello from the clinic's page"));
            assertEquals(Boolean.TRUE, js("var p = arguments[0]; return Array.from(" + r
                    + ".querySelectorAll('.pw-msg:not(.pw-self) a.pw-image img'))"
                    + ".every(function (i) { return i.src.indexOf(p + '/files/') === 0; });", parley));
        } catch (RuntimeException | AssertionError e) {
            System.out.println("[cross-origin] csp: " + js("return JSON.stringify(window.parleyCspViolations)")
                    + " errors: " + js("return JSON.stringify(window.parleyErrors)") + " rows: "
                    + js("return Array.from(" + root(0) + ".querySelectorAll('.pw-msg')).map(function (m) {"
                    + " return m.className + ' ' + m.textContent; }).join(' | ');"));
            throw e;
        } finally {
            closeTab(doctorTab, patientTab);
        }
    }
}
