package io.parley.widget;

import static org.junit.Assert.assertEquals;

import io.parley.testsupport.HostSiteRule;
import java.net.URI;
import java.nio.charset.Charset;
import org.junit.ClassRule;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;

/**
 * The widget's zh-CN labels on host pages that are not UTF-8. The host self-hosts Parley's files
 * and serves them without a charset, so the browser decodes them with the page's encoding:
 * only pure-ASCII bundles read the same there.
 */
public class WidgetCharsetE2ETest extends WidgetTestBase {
    @ClassRule
    public static final HostSiteRule SITE = new HostSiteRule();

    @Test
    public void zhCnLabelsOnAGbkPage() {
        URI page = SITE.site().page("/gbk.html", hostPage("gbk", "好大夫诊所"), Charset.forName("GBK"));
        assertLabels(page, "GBK", "好大夫诊所");
    }

    @Test
    public void zhCnLabelsOnAWindows1252Page() {
        URI page = SITE.site().page("/latin.html", hostPage("windows-1252", "Café Clinic"), Charset.forName("windows-1252"));
        assertLabels(page, "windows-1252", "Café Clinic");
    }

    private static String hostPage(String charset, String heading) {
        return "<!DOCTYPE html><html><head><meta charset=" + charset + "><title>Host</title></head>"
                + "<body><h1>" + heading + "</h1><div id=chat style=\"width:420px;height:560px\"></div>"
                + "<script src=\"/parley-widget.js\"></script></body></html>";
    }

    private static void assertLabels(URI page, String documentCharset, String heading) {
        String me = uniq("gbk-patient");
        String doctor = uniq("gbk-doctor");
        driver.get(page.toString());
        assertEquals(documentCharset, js("return document.characterSet;"));
        assertEquals("the page itself decodes right", heading, js("return document.querySelector('h1').textContent;"));
        long exp = System.currentTimeMillis() / 1000 + 3600;
        js("window.parleyChat = ParleyWidget.mount('#chat', { url: arguments[0], token: arguments[1], pin: arguments[2],"
                + " appId: 'parley.demo', toChat: arguments[3], toAppId: 'parley.demo', clientType: 'comet', locale: 'zh-CN' });",
                "ws://127.0.0.1:" + server.port() + "/ws", server.tokenService().sign(me, "parley.demo", exp), me, doctor);
        awaitReady(0);
        SearchContext root = shadow();
        assertEquals("发送", root.findElement(By.cssSelector(".pw-send")).getAccessibleName());
        assertEquals("输入消息", root.findElement(By.cssSelector(".pw-input")).getAccessibleName());
        assertEquals("请输入消息…", root.findElement(By.cssSelector(".pw-input")).getAttribute("placeholder"));
        assertEquals("发送", js("return " + root(0) + ".querySelector('.pw-send-label').textContent;"));
    }
}
