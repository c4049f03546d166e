package io.parley.sdk;

import io.parley.testsupport.BrowserTestBase;
import io.parley.testsupport.TestServer;
import org.junit.After;
import org.junit.Before;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Base of tests that drive ParleySDK from scripts inside a real page: the shared server + Chromium
 * set-up with a fresh server per test (tests here stop and restart it), the page helpers
 * (T.load, T.token, T.open, ...) installed.
 */
public abstract class SdkPage extends BrowserTestBase {
    protected int parleyPort;

    @Before
    public void freshServer() throws Exception {
        restartServer(TestServer.devConfig());
        parleyPort = server.port();
        driver.get(url("/demo/index.html"));
        prepare(driver);
    }

    @After
    public void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    /** Runs an async script body in the page; see {@link #run(ChromeDriver, String)}. */
    protected Object run(String asyncBody) {
        return run(driver, asyncBody);
    }

    /** Page helpers: load the SDK, get a dev token, wait for an event. */
    static final String PRELUDE = """
            window.T = {
              load: function () { return new Promise(function (ok, bad) {
                var before = Object.keys(window);
                var s = document.createElement('script'); s.src = '/parley-sdk.js';
                s.onload = function () { ok(Object.keys(window).filter(function (k) { return before.indexOf(k) < 0; })); };
                s.onerror = bad; document.head.appendChild(s); }); },
              token: function (pin) { return fetch('/api/dev/token', { method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ pin: pin, appId: 'parley.demo' }) }).then(function (r) { return r.json(); })
                .then(function (j) { return j.token; }); },
              config: function (pin, token, to) { return { url: window.PARLEY_WS || 'ws://' + location.host + '/ws', token: token, pin: pin,
                appId: 'parley.demo', toChat: to, toAppId: 'parley.demo', clientType: 'comet', sendTimeoutMs: 30000 }; },
              open: function (pin, token, to) { var sdk = new ParleySDK(); return new Promise(function (ok) {
                sdk.connect(T.config(pin, token, to), function () { sdk.on('open', function () { ok(sdk); }); }); }); },
              until: function (pred) { return new Promise(function (ok) { var t = setInterval(function () {
                if (pred()) { clearInterval(t); ok(); } }, 25); }); },
              once: function (sdk, ev) { return new Promise(function (ok) { var f = function (d) { sdk.off(ev, f); ok(d); }; sdk.on(ev, f); }); }
            };
            """;

    /** Installs the helpers on the current page. */
    static void prepare(ChromeDriver driver) {
        driver.executeScript(PRELUDE);
    }

    /** Runs an async script body; its return value comes back, a throw comes back as "THREW: ...". */
    static Object run(ChromeDriver driver, String asyncBody) {
        return driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "(async function () {" + asyncBody + "})().then(done, function (e) { done('THREW: ' + e); });");
    }
}
