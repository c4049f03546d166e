package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import io.parley.testsupport.HostSite;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/**
 * parley-media.js cannot be loaded (the host copied the widget but not the chunk): the image and
 * camera buttons say so in the widget, the console names the URL once, and nothing is thrown into
 * the host page (no window error, no unhandled rejection from import()).
 */
public class WidgetMediaChunkFailureE2ETest extends WidgetTestBase {
    @Test
    public void anUnreachableMediaChunkShowsAMessageAndThrowsNothing() throws Exception {
        String pin = uniq("patient");
        String token = server.tokenService().sign(pin, "clinic.web", System.currentTimeMillis() / 1000 + 600);
        try (HostSite site = HostSite.start()) {
            site.hide("/parley-media.js");
            String html = watchedClinicPage(pin, token);
            driver.get(site.page("/no-media.html", html, StandardCharsets.UTF_8).toString());
            awaitReady(0);
            js(root(0) + ".querySelector('.pw-cam').click();");
            Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var t = " + root(0) + ".querySelector('.pw-toast.pw-on');"
                    + " return !!t && t.textContent.length > 0;")));
            assertEquals("Couldn't load the image tools. Check your connection and try again.",
                    js("return " + root(0) + ".querySelector('.pw-toast').textContent;"));
            shot("widget-media-chunk-failed-375x667", 375, 667);
            clearViewport();
            assertMediaChunkFailureContained();
        }
    }
}
