package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/**
 * Forced colours (Windows high contrast, emulated through CDP; {@link WidgetHighContrastE2ETest} runs
 * Chromium in the real mode): the launcher's chat icon and the
 * composer's picture/camera icons are painted with backgrounds and gradients, which forced colours
 * drop; they keep their shapes in the system's button-text colour. Screenshots in forced colours,
 * and of the dark theme forced by the host's theme option, at 1280x800 and 375x667.
 */
public class WidgetForcedColorsE2ETest extends WidgetTestBase {

    @After
    public void reset() {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        clearViewport();
    }

    private static void forced(String value) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "forced-colors", "value", value))));
    }

    /** The painted colour of an icon part: its own background (or border) once forced colours apply. */
    private static Map<String, Object> paint(String selector, String pseudo) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) js("var e = " + root(0) + ".querySelector(arguments[0]);"
                + " var cs = getComputedStyle(e, arguments[1] || null);"
                + " return { adjust: cs.forcedColorAdjust, bg: cs.backgroundColor, image: cs.backgroundImage,"
                + "   color: cs.color, border: cs.borderTopColor };", selector, pseudo);
        return m;
    }

    /**
     * On a page with the closed launcher in forced colours: the launcher's icon, then (opened) the composer's
     * picture icon keep their shapes; screenshots NAME-launcher-1280x800, NAME-1280x800 and NAME-375x667.
     */
    static void iconsKeepTheirShapes(String name) {
        assertEquals(Boolean.TRUE, js("return matchMedia('(forced-colors: active)').matches;"));
        Map<String, Object> icon = paint(".pw-launcher-icon", null);
        assertEquals(icon.toString(), "none", icon.get("adjust"));
        assertTrue("the chat bubble icon is filled: " + icon, !String.valueOf(icon.get("bg")).equals("rgba(0, 0, 0, 0)"));
        assertEquals("filled with the button text colour: " + icon, icon.get("color"), icon.get("bg"));
        shot(name + "-launcher-1280x800", 1280, 800);

        js(root(0) + ".querySelector('.pw-launcher').click();");
        awaitReady(0);
        Map<String, Object> attach = paint(".pw-attach", "::before");
        assertEquals(attach.toString(), "none", attach.get("adjust"));
        assertTrue("the picture icon keeps its sun and mountain: " + attach,
                String.valueOf(attach.get("image")).contains("gradient"));
        shot(name + "-1280x800", 1280, 800);
        shot(name + "-375x667", 375, 667);
    }

    @Test
    public void iconsKeepTheirShapesInForcedColours() throws Exception {
        driver.get(url("/demo/patient.html?locale=en&pin=" + uniq("patient") + "&toChat=" + uniq("doctor")));
        waitTrue("var r = " + root(0) + "; return !!(r && r.querySelector('.pw-launcher'))"
                + " && getComputedStyle(r.querySelector('.pw')).fontSize === '14px';");
        forced("active");
        iconsKeepTheirShapes("widget-forced-colors");

        // the host's theme: 'dark' forces the dark colours whatever the user's preference
        forced("none");
        driver.get(url("/demo/patient.html?locale=en&open=1&theme=dark&pin=" + uniq("patient") + "&toChat=" + uniq("doctor")));
        awaitReady(0);
        assertEquals("dark", js("return document.querySelector('parley-widget').getAttribute('data-theme');"));
        assertEquals("rgb(23, 25, 30)", js("return getComputedStyle(" + root(0) + ".querySelector('.pw-composer')).backgroundColor;"));
        shot("widget-theme-dark-forced-1280x800", 1280, 800);
        shot("widget-theme-dark-forced-375x667", 375, 667);
    }
}
