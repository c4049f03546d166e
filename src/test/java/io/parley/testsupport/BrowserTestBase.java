package io.parley.testsupport;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.ClassRule;
import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The one set-up of every browser test: a real Parley server in dev mode (fresh SQLite, random
 * port) and one headless Chromium, both per test class. Annotate the class with {@link FakeCamera}
 * for a camera, with {@link BrowserFlags} for other Chromium switches; call {@link #restartServer} for a server with other settings.
 */
public abstract class BrowserTestBase {
    protected static ParleyServer server;
    protected static ChromeDriver driver;
    private static final AtomicInteger IDS = new AtomicInteger();

    @ClassRule
    public static final TestRule SERVER_AND_BROWSER = (base, description) -> new Statement() {
        @Override
        public void evaluate() throws Throwable {
            try {
                server = TestServer.start();
                BrowserFlags flags = description.getTestClass() == null ? null
                        : description.getTestClass().getAnnotation(BrowserFlags.class);
                driver = Browser.start(cameraWanted(description), flags == null ? new String[0] : flags.value());
                base.evaluate();
            } finally {
                if (driver != null) {
                    driver.quit();
                    driver = null;
                }
                if (server != null) {
                    server.stop();
                    server = null;
                }
            }
        }
    };

    private static boolean cameraWanted(Description description) {
        return description.getTestClass() != null && description.getTestClass().isAnnotationPresent(FakeCamera.class);
    }

    /** Stops the current server and starts one from config (e.g. TestServer.devConfig().recallWindowMs(…)). */
    protected static void restartServer(ServerConfig.Builder config) throws IOException {
        if (server != null) {
            server.stop();
        }
        server = ParleyServer.start(config.build());
    }

    /** A fresh identity, so every test has its own conversation. */
    protected static String uniq(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + IDS.incrementAndGet();
    }

    /** An absolute URL on the server, e.g. url("/demo/patient.html?pin=a"). */
    protected static String url(String path) {
        return server.baseUri().resolve(path).toString();
    }

    protected static Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    protected static Object jsAsync(String script, Object... args) {
        return driver.executeAsyncScript(script, args);
    }

    /** Waits until a script (a "return …" body, or an expression) yields true. */
    protected static void waitTrue(String script) {
        String body = script.startsWith("return") || script.startsWith("var") ? script : "return " + script + ";";
        Browser.waitFor(driver, d -> Boolean.TRUE.equals(js(body)) ? Boolean.TRUE : null);
    }

    /** Exact CSS viewport (the window size includes browser chrome); mobile also emulates touch metrics. */
    protected static void viewport(int width, int height, boolean mobile) {
        Browser.resize(driver, Math.max(width, 500), height + 200);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Screenshot target/screenshots/NAME.png at an exact CSS viewport (mobile metrics under 600 px). */
    protected static void shot(String name, int width, int height) {
        viewport(width, height, width < 600);
        js("return document.body.offsetHeight;");
        try {
            Thread.sleep(200); // a frame or two for layout, the visualViewport listeners and images
            Browser.screenshot(driver, name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Back to a plain 1280×800 window. */
    protected static void clearViewport() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        Browser.resize(driver, 1280, 800);
    }
}
