package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import io.parley.testsupport.FakeCamera;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Images in the widget: the image and camera buttons, paste, the lazily imported parley-media.js
 * (an ES module: no new globals, allowed by script-src 'self'), upload progress, the thumbnail
 * box reserved from width × height on the other side, and the viewer.
 */
@FakeCamera
public class WidgetImagesE2ETest extends WidgetTestBase {
    private static String patientTab;
    private static String doctorTab;

    private static void openPair(String p, String dr, String patientQuery) {
        Browser.resize(driver, 1280, 800);
        String[] tabs = openPatientAndDoctor(url("/demo/patient.html?open=1&pin=" + p + "&toChat=" + dr + patientQuery),
                url("/demo/doctor.html?pin=" + dr + "&toChat=" + p));
        patientTab = tabs[0];
        doctorTab = tabs[1];
        driver.switchTo().window(patientTab);
        // the page's globals before any image code ran, and the highest progress shown
        js("window.__keys = Object.keys(window); window.__maxProgress = -1;"
                + " new MutationObserver(function (ms) { ms.forEach(function (m) {"
                + " var v = +m.target.getAttribute('aria-valuenow'); if (v > window.__maxProgress) window.__maxProgress = v; }); })"
                + ".observe(" + root(0) + ", { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });");
    }

    private static void closeDoctorTab() {
        closeTab(doctorTab, patientTab);
    }

    private static void assertCleanPage() {
        assertEquals("[]", js("return JSON.stringify(window.parleyCspViolations || []);"));
        assertEquals("[]", js("return JSON.stringify(window.parleyErrors || []);"));
    }

    @Test
    public void cameraPhotoGoesToTheOtherWidgetWithItsSizeAndOpensInTheViewer() throws Exception {
        String p = uniq("imgp");
        String dr = uniq("imgd");
        openPair(p, dr, "");
        try {
            String r = root(0);
            assertEquals("拍照", js("return " + r + ".querySelector('.pw-cam').getAttribute('aria-label');"));
            assertEquals("发送图片", js("return " + r + ".querySelector('.pw-attach').getAttribute('aria-label');"));
            assertEquals("image/*", js("return " + r + ".querySelector('.pw-composer input[type=file]').accept;"));
            assertEquals("the chunk is not loaded up front", 0L,
                    js("return performance.getEntriesByType('resource').filter(function (e) {"
                            + " return /parley-media\\.js/.test(e.name); }).length;"));
            js(r + ".querySelector('.pw-cam').click();");
            waitTrue("var t = " + r + ".querySelector('.pm-take'); return !!t && !t.disabled;");
            assertEquals("dialog", js("return " + r + ".querySelector('.pm-camera .pm-dialog').getAttribute('role');"));
            // the chunk's stylesheet sits in the widget's shadow root
            assertEquals(1L, js("return " + r + ".querySelectorAll('link[href$=\"parley-media.css\"]').length;"));
            js(r + ".querySelector('.pm-take').click();");
            waitTrue("var i = " + r + ".querySelector('.pm-snapshot'); return !!i && !i.hidden && i.naturalWidth === 640;");
            shot("widget-camera-1280", 1280, 800);
            shot("widget-camera-375", 375, 667);
            clearViewport();
            js(r + ".querySelector('.pm-send').click();");
            waitTrue("return " + r + ".querySelectorAll('.pm-modal').length === 0;");
            assertEquals(Boolean.TRUE, js("return " + r + ".activeElement === " + r + ".querySelector('.pw-cam');"));
            waitTrue("var rows = " + r + ".querySelectorAll('.pw-msg.pw-self');"
                    + " var last = rows[rows.length - 1]; return !!last && !!last.querySelector('a.pw-image')"
                    + " && !last.classList.contains('pw-sending');");
            assertEquals(100L, ((Number) js("return window.__maxProgress;")).longValue());
            shot("widget-image-own-375", 375, 667);
            clearViewport();
            // ES module: no new globals after the chunk loaded
            assertEquals("[]", js("var k = window.__keys; return JSON.stringify(Object.keys(window).filter(function (n) {"
                    + " return k.indexOf(n) < 0 && n !== '__keys' && n !== '__maxProgress'; }));"));
            assertCleanPage();

            driver.switchTo().window(doctorTab);
            waitTrue("return !!" + r + ".querySelector('.pw-msg:not(.pw-self) a.pw-image img');");
            @SuppressWarnings("unchecked")
            Map<String, Object> img = (Map<String, Object>) js("var i = " + r
                    + ".querySelector('.pw-msg:not(.pw-self) a.pw-image img'); var b = i.getBoundingClientRect();"
                    + " return { w: i.getAttribute('width'), h: i.getAttribute('height'), bw: b.width, bh: b.height,"
                    + " loading: i.getAttribute('loading'), src: i.src };");
            assertEquals("640", img.get("w"));
            assertEquals("480", img.get("h"));
            assertEquals("lazy", img.get("loading"));
            double bw = ((Number) img.get("bw")).doubleValue();
            double bh = ((Number) img.get("bh")).doubleValue();
            assertTrue("box reserved: " + img, bw > 0);
            assertEquals(bw * 480 / 640, bh, 1.0);
            assertTrue(String.valueOf(img.get("src")).contains("/files/"));

            // the viewer: click opens it, Esc closes it, focus returns to the thumbnail
            js(r + ".querySelector('.pw-msg:not(.pw-self) a.pw-image').click();");
            waitTrue("return !!" + r + ".querySelector('.pm-viewer .pm-viewer-img');");
            assertEquals(1, driver.getWindowHandles().size() - 1); // no new tab
            js("var d = " + r + ".activeElement; d.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape',"
                    + " code: 'Escape', keyCode: 27, bubbles: true, cancelable: true, composed: true }));");
            waitTrue("return " + r + ".querySelectorAll('.pm-modal').length === 0;");
            assertEquals(Boolean.TRUE, js("return " + r + ".activeElement === " + r
                    + ".querySelector('.pw-msg:not(.pw-self) a.pw-image');"));
            assertCleanPage();
            shot("widget-image-1280", 1280, 800);
            shot("widget-image-375", 375, 667);
            clearViewport();
        } finally {
            closeDoctorTab();
        }
    }

    @Test
    public void pastedPngIsSentAndShownOnTheOtherSide() throws Exception {
        String p = uniq("pastep");
        String dr = uniq("pasted");
        openPair(p, dr, "");
        try {
            String r = root(0);
            // a 40×30 PNG drawn on a canvas, pasted as a File
            js("var c = document.createElement('canvas'); c.width = 40; c.height = 30; var g = c.getContext('2d');"
                    + " g.fillStyle = '#e33'; g.fillRect(0, 0, 40, 30);"
                    + " c.toBlob(function (b) { var f = new File([b], 'shot.png', { type: 'image/png' });"
                    + " var dt = new DataTransfer(); dt.items.add(f); var t = " + r + ".querySelector('.pw-input'); t.focus();"
                    + " window.__pasteDefault = t.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt,"
                    + " bubbles: true, cancelable: true, composed: true })); }, 'image/png');");
            waitTrue("var rows = " + r + ".querySelectorAll('.pw-msg.pw-self');"
                    + " var last = rows[rows.length - 1]; return !!last && !!last.querySelector('a.pw-image')"
                    + " && !last.classList.contains('pw-sending');");
            assertEquals(Boolean.FALSE, js("return window.__pasteDefault;"));
            assertEquals(100L, ((Number) js("return window.__maxProgress;")).longValue());
            assertEquals("", js("return " + r + ".querySelector('.pw-input').value;"));
            assertCleanPage();
            driver.switchTo().window(doctorTab);
            waitTrue("return !!" + r + ".querySelector('.pw-msg:not(.pw-self) a.pw-image img');");
            @SuppressWarnings("unchecked")
            List<Object> wh = (List<Object>) js("var i = " + r + ".querySelector('.pw-msg:not(.pw-self) a.pw-image img');"
                    + " return [i.getAttribute('width'), i.getAttribute('height')];");
            assertEquals(List.of("40", "30"), wh);
            assertCleanPage();
        } finally {
            closeDoctorTab();
        }
    }

    @Test
    public void failedUploadShowsRetryAndRetrySends() throws Exception {
        String p = uniq("retryp");
        String dr = uniq("retryd");
        openPair(p, dr, "");
        try {
            String r = root(0);
            // the next upload goes to a path that does not exist (HTTP 404)
            js("var o = XMLHttpRequest.prototype.open; XMLHttpRequest.prototype.open = function (m, u) {"
                    + " XMLHttpRequest.prototype.open = o; arguments[1] = '/api/no-such-upload'; return o.apply(this, arguments); };");
            js("var c = document.createElement('canvas'); c.width = 20; c.height = 10;"
                    + " c.getContext('2d').fillRect(0, 0, 20, 10);"
                    + " c.toBlob(function (b) { var dt = new DataTransfer(); dt.items.add(new File([b], 'a.png', { type: 'image/png' }));"
                    + " " + r + ".querySelector('.pw-panel').dispatchEvent(new DragEvent('drop', { dataTransfer: dt,"
                    + " bubbles: true, cancelable: true, composed: true })); }, 'image/png');");
            waitTrue("var f = " + r + ".querySelector('.pw-msg.pw-failed'); return !!f && !!f.querySelector('.pw-resend')"
                    + " && !!f.querySelector('[role=progressbar]');");
            assertEquals("图片", js("return " + r + ".querySelector('.pw-msg.pw-failed [role=progressbar]').getAttribute('aria-label');"));
            shot("widget-image-failed-375", 375, 667);
            shot("widget-image-failed-1280", 1280, 800);
            clearViewport();
            js(r + ".querySelector('.pw-msg.pw-failed .pw-resend').click();");
            waitTrue("var rows = " + r + ".querySelectorAll('.pw-msg.pw-self');"
                    + " var last = rows[rows.length - 1]; return !!last && !!last.querySelector('a.pw-image')"
                    + " && !last.classList.contains('pw-sending') && !last.classList.contains('pw-failed');");
            assertEquals(1L, count(0, ".pw-msg.pw-self"));
            assertEquals(100L, ((Number) js("return window.__maxProgress;")).longValue());
            assertCleanPage();
            driver.switchTo().window(doctorTab);
            waitTrue("return " + r + ".querySelectorAll('.pw-msg:not(.pw-self) a.pw-image img').length === 1;");
        } finally {
            closeDoctorTab();
        }
    }
    /**
     * An image whose message (not its upload) failed, restored after a reload, is resent as an
     * image, not as an empty text.
     */
    @Test
    public void aFailedImageMessageIsResentAsAnImage() throws Exception {
        String p = uniq("resendp");
        String dr = uniq("resendd");
        openPair(p, dr, "&sendTimeoutMs=1500");
        try {
            String r = root(0);
            // the first image message is lost on the way (a dead path that reports nothing): it times out
            js("var s = WebSocket.prototype.send; window.__dropped = 0; WebSocket.prototype.send = function (d) {"
                    + " if (!window.__dropped && d.indexOf('\"msgType\":\"image\"') >= 0) { window.__dropped = 1; return; }"
                    + " return s.call(this, d); };");
            js("var c = document.createElement('canvas'); c.width = 20; c.height = 10;"
                    + " c.getContext('2d').fillRect(0, 0, 20, 10);"
                    + " c.toBlob(function (b) { var dt = new DataTransfer(); dt.items.add(new File([b], 'a.png', { type: 'image/png' }));"
                    + " " + r + ".querySelector('.pw-panel').dispatchEvent(new DragEvent('drop', { dataTransfer: dt,"
                    + " bubbles: true, cancelable: true, composed: true })); }, 'image/png');");
            waitTrue("var f = " + r + ".querySelector('.pw-msg.pw-failed'); return window.__dropped === 1 && !!f && !!f.querySelector('.pw-resend');");
            // the durable outbox holds this user's failed record before the reload (IndexedDB commits
            // asynchronously; other tests on this origin may have left failed records of their own users)
            new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(jsAsync(
                    "var done = arguments[arguments.length - 1]; var q = indexedDB.open('parley', 1);"
                    + " q.onerror = function () { done(false); };"
                    + " q.onsuccess = function () { try { var g = q.result.transaction('outbox', 'readonly').objectStore('outbox').getAll();"
                    + "  g.onsuccess = function () { q.result.close(); done(g.result.some(function (x) {"
                    + "   return x.status === 'failed' && x.owner === '" + p + "\\u001fparley.patient'; })); };"
                    + "  g.onerror = function () { done(false); }; } catch (e) { done(false); } };")));
            // after a reload the failed image comes back from the durable outbox, offered for resend; the
            // reloaded page has the default send timeout, so a slow machine cannot fail the resend itself
            driver.get(driver.getCurrentUrl().replace("&sendTimeoutMs=1500", ""));
            awaitReady(0);
            waitTrue("var f = " + r + ".querySelector('.pw-msg.pw-failed'); return !!f && !!f.querySelector('.pw-resend');");
            js(r + ".querySelector('.pw-msg.pw-failed .pw-resend').click();");
            try {
                waitTrue("var rows = " + r + ".querySelectorAll('.pw-msg.pw-self');"
                        + " var last = rows[rows.length - 1]; return !!last && !!last.querySelector('a.pw-image')"
                        + " && !last.classList.contains('pw-sending') && !last.classList.contains('pw-failed');");
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("the resent image did not arrive; rows: " + js("return Array.prototype.map.call("
                        + r + ".querySelectorAll('.pw-msg'), function (m) { return m.className + ' ' + m.innerHTML; }).join(' | ');"), e);
            }
            assertEquals(1L, count(0, ".pw-msg.pw-self"));
            driver.switchTo().window(doctorTab);
            waitTrue("return " + r + ".querySelectorAll('.pw-msg:not(.pw-self) a.pw-image img').length === 1;");
            assertEquals("the image arrived once, as an image", 1L, count(0, ".pw-msg:not(.pw-self)"));
        } finally {
            closeDoctorTab();
        }
    }
}
