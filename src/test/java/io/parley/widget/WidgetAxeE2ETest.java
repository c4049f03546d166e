package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.parley.server.ParleyServer;
import io.parley.testsupport.Browser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * axe-core (WCAG 2.1 AA: wcag2a, wcag2aa, wcag21a, wcag21aa) on the open widget in the state an
 * audit finds hardest: history from both sides, one of our messages failed with its Resend button,
 * and the reconnect banner counting down. Desktop (inline, 1280x800) and mobile (the floating panel,
 * full screen at 375x667), English and Chinese, light and dark (prefers-color-scheme through CDP).
 * Only the widget is audited (axe walks its open shadow root); the demo host pages are not ours.
 */
public class WidgetAxeE2ETest extends WidgetTestBase {
    static final List<String> WCAG21AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    @After
    public void reset() {
        scheme("light");
        clearViewport();
    }

    /** prefers-color-scheme for the current tab. */
    static void scheme(String value) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", value))));
    }

    /** Every WCAG 2.1 AA violation inside the page's widget, one line per element. */
    static List<String> violations(String where) {
        Results r = new AxeBuilder().withTags(WCAG21AA).include("parley-widget").analyze(driver);
        if (r.isErrored()) {
            throw new AssertionError(where + ": axe failed: " + r.getErrorMessage());
        }
        List<String> out = new ArrayList<>();
        for (Rule rule : r.getViolations()) {
            for (CheckedNode n : rule.getNodes()) {
                out.add(where + " " + rule.getId() + " " + n.getTarget() + ": "
                        + String.valueOf(n.getFailureSummary()).replace('\n', ' '));
            }
        }
        // axe must have looked inside the shadow root, not just at an empty host element
        assertTrue(where + ": axe saw no widget content", r.getPasses().size() + r.getViolations().size() > 5);
        return out;
    }

    /** A conversation with history from both sides: the peer writes first, then the page's user. */
    private static void conversation(String page, String me, String peer, String locale) {
        String other = page.equals("doctor") ? "patient" : "doctor";
        driver.get(url("/demo/" + other + ".html?locale=" + locale + "&open=1&pin=" + peer + "&toChat=" + me));
        awaitReady(0);
        seed("parleyChat", locale.equals("en") ? "How are you feeling today" : "今天感觉怎么样", 3);
        driver.get(url("/demo/" + page + ".html?locale=" + locale + "&open=1&sendTimeoutMs=1500&pin=" + me
                + "&toChat=" + peer));
        awaitReady(0);
        Browser.waitFor(driver, d -> count(0, ".pw-msg") == 3);
        seed("parleyChat", locale.equals("en") ? "Better, thanks" : "好多了，谢谢", 2);
        Browser.waitFor(driver, d -> count(0, ".pw-msg") == 5);
    }

    @Test
    public void theOpenWidgetHasNoWcag21AaViolations() throws Exception {
        // four tabs: inline doctor desk and floating patient panel, each in English and Chinese
        String[][] pages = { { "doctor", "en" }, { "doctor", "zh-CN" }, { "patient", "en" }, { "patient", "zh-CN" } };
        List<String> tabs = new ArrayList<>();
        for (String[] p : pages) {
            if (!tabs.isEmpty()) {
                driver.switchTo().newWindow(WindowType.TAB);
            }
            tabs.add(driver.getWindowHandle());
            conversation(p[0], uniq(p[0]), uniq(p[0].equals("doctor") ? "patient" : "doctor"), p[1]);
        }
        int port = server.port();
        server.stop();
        List<String> found = new ArrayList<>();
        try {
            for (int i = 0; i < pages.length; i++) {
                driver.switchTo().window(tabs.get(i));
                Browser.waitFor(driver, d -> "reconnecting".equals(js("return " + root(0)
                        + ".querySelector('.pw').getAttribute('data-conn');")));
                sendText(0, pages[i][1].equals("en") ? "Can I take it with food?" : "可以饭后吃吗？");
                Browser.waitFor(driver, d -> count(0, ".pw-resend") == 1);
                assertEquals(1L, count(0, ".pw-banner"));
                boolean mobile = pages[i][0].equals("patient");
                for (String sch : List.of("light", "dark")) {
                    scheme(sch);
                    String where = pages[i][0] + "/" + pages[i][1] + "/" + sch;
                    if (mobile) {
                        viewport(375, 667, true);
                        found.addAll(violations(where + "/375x667"));
                        shot("widget-axe-" + pages[i][0] + "-" + pages[i][1] + "-" + sch + "-375x667", 375, 667);
                    } else {
                        viewport(1280, 800, false);
                        found.addAll(violations(where + "/1280x800"));
                        shot("widget-axe-" + pages[i][0] + "-" + pages[i][1] + "-" + sch + "-1280x800", 1280, 800);
                    }
                }
                scheme("light");
                clearViewport();
            }
        } finally {
            server = ParleyServer.start(server.config().toBuilder().port(port).build());
            for (int i = tabs.size() - 1; i > 0; i--) {
                driver.switchTo().window(tabs.get(i));
                driver.close();
            }
            driver.switchTo().window(tabs.get(0));
        }
        assertEquals("axe WCAG 2.1 AA violations:\n" + String.join("\n", found), 0, found.size());
        new WebDriverWait(driver, Duration.ofSeconds(40)).until(d -> "open".equals(js("return " + root(0)
                + ".querySelector('.pw').getAttribute('data-conn');")));
    }
}
