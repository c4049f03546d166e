package io.parley.server.http;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

import io.parley.testsupport.Browser;
import io.parley.testsupport.BrowserTestBase;
import io.parley.testsupport.HostSite;

/**
 * In Chromium: a host page on another origin (HostSite, a second port) under a strict CSP imports
 * the real parley-media.js module from Parley's origin, as the widget's image button does. Without
 * the bundles' CORS header the browser refuses the module ("Failed to fetch dynamically imported module").
 */
public class StaticCorsE2ETest extends BrowserTestBase {
    @Test
    public void aPageOnAnotherOriginImportsTheMediaChunkFromParleysOrigin() throws Exception {
        String parley = "http://localhost:" + server.port();
        try (HostSite site = HostSite.start()) {
            String html = "<!DOCTYPE html><html><head><meta charset=utf-8>"
                    + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'nonce-h0st' "
                    + parley + "; style-src " + parley + "\">"
                    + "<script nonce=\"h0st\">window.__violations = [];"
                    + "document.addEventListener('securitypolicyviolation', function (e) {"
                    + " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });"
                    + "import('" + parley + "/parley-media.js').then("
                    + " function (m) { window.__result = 'ok ' + typeof m.prepare + ' ' + typeof m.camera; },"
                    + " function (e) { window.__result = 'failed ' + e; });"
                    + "</script></head><body><h1>A clinic</h1></body></html>";
            URI page = site.page("/strict.html", html, StandardCharsets.UTF_8);
            driver.get(page.toString());
            Object result = Browser.waitFor(driver, d -> js("return window.__result || null;"));
            assertEquals("ok function function", result);
            assertEquals("[]", String.valueOf(js("return JSON.stringify(window.__violations);")));
        }
    }
}
