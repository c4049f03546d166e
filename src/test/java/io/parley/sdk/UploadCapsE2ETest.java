package io.parley.sdk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.protocol.ClientError;
import io.parley.protocol.ErrorCode;
import io.parley.testsupport.TestServer;
import io.parley.widget.WidgetTestBase;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The server's upload caps from auth_ok at work in the browser: the SDK (ParleySDK, and the widget's
 * handle.sdk) refuses a Blob over maxUploadBytes without a request, and the widget scales a picture to maxUploadPixels and
 * refuses, with a message in the page's language, one still too large after scaling.
 */
public class UploadCapsE2ETest extends WidgetTestBase {
    private static final long CAP_BYTES = 40_000;
    private static final long CAP_PIXELS = 20_000;

    @BeforeClass
    public static void smallCaps() throws Exception {
        restartServer(TestServer.devConfig().maxUploadBytes(CAP_BYTES).maxUploadPixels(CAP_PIXELS));
    }

    /** Counts XHRs opened on the page (the SDK uploads with XHR). */
    private static final String COUNT_XHR = "window.__xhr = 0; var _o = XMLHttpRequest.prototype.open;"
            + " XMLHttpRequest.prototype.open = function () { window.__xhr++; return _o.apply(this, arguments); };";

    @Test
    public void theSdkRefusesABlobOverTheByteCapWithoutARequest() {
        assertEquals("the SDK's code is the server's", ErrorCode.TOO_LARGE.code, ClientError.TOO_LARGE);
        assertEquals(ErrorCode.TOO_LARGE.id, ClientError.TOO_LARGE_ID);
        driver.get(url("/demo/index.html"));
        SdkPage.prepare(driver);
        js(COUNT_XHR);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) SdkPage.run(driver, """
                await T.load();
                var p = await T.open('caps-1', await T.token('caps-1'), 'caps-2');
                var big = new Blob([new Uint8Array(%d)], { type: 'image/png' });
                var r = await new Promise(function (ok) { p.uploadImage(big, null, ok); });
                var after = window.__xhr;
                var c = document.createElement('canvas'); c.width = 20; c.height = 10;
                c.getContext('2d').fillRect(0, 0, 20, 10);
                var small = await new Promise(function (ok) { c.toBlob(ok, 'image/png'); });
                var s = await new Promise(function (ok) { p.uploadImage(small, null, ok); });
                return { code: r.code, error: r.error, msg: r.msg, requests: after, small: s.code, total: window.__xhr };
                """.formatted(CAP_BYTES + 1));
        assertEquals(out.toString(), 4103L, out.get("code"));
        assertEquals("too_large", out.get("error"));
        assertTrue(out.toString(), String.valueOf(out.get("msg")).contains("maxUploadBytes"));
        assertEquals("no HTTP request for the oversize blob", 0L, out.get("requests"));
        assertEquals("a blob within the cap still uploads", 0L, out.get("small"));
        assertEquals(1L, out.get("total"));
    }

    /** The widget's handle.sdk is the same engine: a host calling it with an oversize Blob is refused alike. */
    @Test
    public void theWidgetsSdkHandleRefusesABlobOverTheByteCapToo() {
        openPatient("en");
        js(COUNT_XHR);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) jsAsync("var done = arguments[arguments.length - 1];"
                + " var big = new Blob([new Uint8Array(" + (CAP_BYTES + 1) + ")], { type: 'image/png' });"
                + " window.parleyChat.sdk.uploadImage(big, null, function (r) {"
                + " done({ code: r.code, error: r.error, requests: window.__xhr }); });");
        assertEquals(out.toString(), 4103L, out.get("code"));
        assertEquals("too_large", out.get("error"));
        assertEquals("no HTTP request for the oversize blob", 0L, out.get("requests"));
    }

    @Test
    public void theWidgetScalesAPictureToThePixelCap() {
        openPatient("en");
        String r = root(0);
        paste(r, "var g = c.getContext('2d'); g.fillStyle = '#3a7'; g.fillRect(0, 0, 400, 300);", "image/png");
        waitTrue("var rows = " + r + ".querySelectorAll('.pw-msg.pw-self');"
                + " var last = rows[rows.length - 1]; return !!last && (last.classList.contains('pw-failed')"
                + " || !!last.querySelector('a.pw-image') && !last.classList.contains('pw-sending'));");
        @SuppressWarnings("unchecked")
        Map<String, Object> img = (Map<String, Object>) js("var rows = " + r + ".querySelectorAll('.pw-msg.pw-self');"
                + " var last = rows[rows.length - 1]; var i = last.querySelector('a.pw-image img');"
                + " return { failed: last.classList.contains('pw-failed'), w: i && i.getAttribute('width'),"
                + " h: i && i.getAttribute('height') };");
        assertEquals("the server took it: " + img, Boolean.FALSE, img.get("failed"));
        // 400 × 300 scaled by sqrt(20000 / 120000): 163 × 122 = 19,886 pixels
        assertEquals("163", img.get("w"));
        assertEquals("122", img.get("h"));
        waitTrue("var i = " + r + ".querySelector('.pw-msg.pw-self a.pw-image img'); return !!i && i.naturalWidth > 0;");
        assertEquals("the uploaded file itself is 163 wide", 163L,
                js("return " + r + ".querySelector('.pw-msg.pw-self a.pw-image img').naturalWidth;"));
    }

    @Test
    public void theWidgetRefusesAPictureStillOverTheByteCapWithAMessage() {
        assertRefused("en", "This image is too large to send (limit 39 KB).");
        assertRefused("zh-CN", "图片太大，无法发送（上限 39 KB）。");
        shot("widget-upload-too-large-375", 375, 667);
        clearViewport();
    }

    private static void assertRefused(String locale, String message) {
        openPatient(locale);
        String r = root(0);
        js(COUNT_XHR);
        // random translucent noise: PNG even after scaling, and far over 40,000 bytes at 163 × 122
        paste(r, "var g = c.getContext('2d'), d = g.createImageData(400, 300);"
                + " for (var i = 0; i < d.data.length; i++) d.data[i] = Math.random() * 255;"
                + " g.putImageData(d, 0, 0);", "image/png");
        waitTrue("var t = " + r + ".querySelector('.pw-live [role=status]'); return !!t && t.textContent.length > 0;");
        assertEquals(message, js("return " + r + ".querySelector('.pw-live [role=status]').textContent;"));
        assertEquals("nothing uploaded", 0L, js("return window.__xhr;"));
        assertEquals("no row for it", 0L, js("return " + r + ".querySelectorAll('.pw-msg.pw-self').length;"));
    }

    private static void openPatient(String locale) {
        driver.get(url("/demo/patient.html?open=1&locale=" + locale + "&pin=" + uniq("capsp") + "&toChat=" + uniq("capsd")));
        awaitReady(0);
    }

    /** Draws a 400 × 300 canvas with draw (a script using c) and pastes it as a File into the composer. */
    private static void paste(String r, String draw, String type) {
        js("var c = document.createElement('canvas'); c.width = 400; c.height = 300; " + draw
                + " c.toBlob(function (b) { var f = new File([b], 'pic.png', { type: '" + type + "' });"
                + " var dt = new DataTransfer(); dt.items.add(f); var t = " + r + ".querySelector('.pw-input'); t.focus();"
                + " t.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true,"
                + " composed: true })); }, '" + type + "');");
    }
}
