package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.server.limits.Limit;
import io.parley.testsupport.Browser;
import io.parley.testsupport.TestServer;
import org.junit.Test;

/**
 * Looks and touch: a long press opens the Copy/Recall menu (TouchMenu) on touch screens (not on a
 * moved, short or mouse press; synthetic pointer events here, real CDP touches in WidgetTouchMenuE2ETest); the inline panel draws no second border inside a bordered host
 * box; the attach button shows a picture icon.
 */
public class WidgetLooksE2ETest extends WidgetTestBase {

    /** pointerdown on the last bubble with the given pointer type; then moves by dx after 50 ms. */
    private static void press(String pointerType, int dx) {
        js("var b = " + root(0) + ".querySelector('.pw-msg:last-child .pw-bubble'); var r = b.getBoundingClientRect();"
                + " var o = { pointerType: arguments[0], pointerId: 7, isPrimary: true, bubbles: true, composed: true,"
                + " clientX: r.left + 5, clientY: r.top + 5 };"
                + " document.activeElement && document.activeElement.blur && document.activeElement.blur();"
                + " var a = " + root(0) + ".activeElement; if (a) a.blur();"
                + " b.dispatchEvent(new PointerEvent('pointerdown', o));"
                + " if (arguments[1]) setTimeout(function () { o.clientX += arguments[1] || 0;"
                + "   b.dispatchEvent(new PointerEvent('pointermove', Object.assign({}, o, { clientX: r.left + 5 + " + dx + " }))); }, 50);",
                pointerType, dx);
    }

    /** The focused item of the open long-press menu (null: no menu). */
    private static String focusedAction() {
        return (String) js("var m = " + root(0) + ".querySelector('.pw-menu'); var a = " + root(0) + ".activeElement;"
                + " return m && !m.hidden && a && a.parentNode === m && a.getAttribute('role') === 'menuitem' ? a.textContent : null;");
    }

    private static void release() {
        js("var b = " + root(0) + ".querySelector('.pw-msg:last-child .pw-bubble');"
                + " b.dispatchEvent(new PointerEvent('pointerup', { pointerType: 'touch', pointerId: 7, bubbles: true, composed: true }));");
    }

    @Test
    public void longTouchPressOpensCopyAndRecallButNotAMovedShortOrMousePress() throws Exception {
        String p = uniq("patient");
        viewport(375, 667, true);
        driver.get(url("/demo/patient.html?open=1&pin=" + p + "&toChat=" + uniq("doctor")));
        awaitReady(0);
        sendText(0, "长按我");
        awaitLastBubble(0, "长按我");
        Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var u = " + root(0) + ".querySelector('.pw-msg:last-child .pw-act');"
                + " return !!u && !u.hidden && getComputedStyle(u).opacity === '0';")));

        press("mouse", 0);
        Thread.sleep(800);
        assertEquals("a mouse press keeps hover", null, focusedAction());

        press("touch", 40);
        Thread.sleep(800);
        assertEquals("a press that moves is a scroll", null, focusedAction());
        release();

        press("touch", 0);
        Thread.sleep(150);
        release();
        Thread.sleep(650);
        assertEquals("a short tap is not a long press", null, focusedAction());

        press("touch", 0);
        Browser.waitFor(driver, d -> "复制".equals(focusedAction()));
        release();
        assertTrue("Recall is offered too", Boolean.TRUE.equals(js("var a = " + root(0)
                + ".querySelectorAll('.pw-menu [role=menuitem]'); return a.length === 2 && !a[1].hidden"
                + " && a[1].textContent === '撤回';")));
        shot("widget-longpress-375x667", 375, 667);
        clearViewport();
    }

    @Test
    public void inlinePanelDrawsNoSecondBorderInABorderedHostBox() throws Exception {
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/doctor.html?pin=" + uniq("doctor") + "&toChat=" + uniq("patient")));
        awaitReady(0);
        js("var c = document.getElementById('chat'); c.style.border = '2px solid #1e3a8a'; c.style.borderRadius = '0';");
        String panel = "getComputedStyle(" + root(0) + ".querySelector('.pw-panel'))";
        assertEquals("0px", js("return " + panel + ".borderTopWidth;"));
        shot("widget-bordered-host-1280x800", 1280, 800);
        shot("widget-bordered-host-375x667", 375, 667);
        clearViewport();
        // a host without a frame asks for one through the theme's custom property
        js("document.querySelector('parley-widget').style.setProperty('--pw-panel-border', '1px solid rgb(221, 221, 221)');");
        assertEquals("1px", js("return " + panel + ".borderTopWidth;"));
        // the attach button draws a picture (frame, mountain, sun), not a half-filled "contrast" square
        String bg = (String) js("return getComputedStyle(" + root(0) + ".querySelector('.pw-attach'), '::before').backgroundImage;");
        assertTrue(bg, bg.contains("radial-gradient") && bg.contains("conic-gradient"));
    }

    /** Drops a 20×10 PNG made on a canvas onto the panel. */
    private static void dropImage() {
        js("var c = document.createElement('canvas'); c.width = 20; c.height = 10;"
                + " c.getContext('2d').fillRect(0, 0, 20, 10);"
                + " c.toBlob(function (b) { var dt = new DataTransfer(); dt.items.add(new File([b], 'a.png', { type: 'image/png' }));"
                + " " + root(0) + ".querySelector('.pw-panel').dispatchEvent(new DragEvent('drop', { dataTransfer: dt,"
                + " bubbles: true, cancelable: true, composed: true })); }, 'image/png');");
    }

    @Test
    public void aRefusedUploadShowsFailedWithResendNotAFullBarAndThePreviewIsABlobUrl() throws Exception {
        // the server reads the upload, then refuses it (429: over a 1-byte daily upload allowance); not a
        // pixel or byte cap: the widget fits images to those before uploading (UploadCapsE2ETest)
        restartServer(TestServer.devConfig().limit(Limit.UPLOAD_BYTES_PER_USER_DAY, 1));
        try {
            Browser.resize(driver, 1280, 800);
            driver.get(url("/demo/patient.html?open=1&pin=" + uniq("patient") + "&toChat=" + uniq("doctor")));
            awaitReady(0);
            js("window.__xhr = []; var o = XMLHttpRequest.prototype.send; XMLHttpRequest.prototype.send = function (b) {"
                    + " var x = this; x.addEventListener('loadend', function () { window.__xhr.push(x.status); });"
                    + " return o.apply(this, arguments); };");
            dropImage();
            waitTrue("var f = " + root(0) + ".querySelector('.pw-msg.pw-failed'); return !!f && !!f.querySelector('.pw-resend');");
            assertEquals("a 4xx from the real server", 429L, ((Number) js("return window.__xhr[0];")).longValue());
            assertEquals("no bar left standing at 100 % beside the failure", "none", js("return getComputedStyle("
                    + root(0) + ".querySelector('.pw-msg.pw-failed [role=progressbar]')).display;"));
            String src = (String) js("return " + root(0) + ".querySelector('.pw-msg.pw-failed .pw-image img').src;");
            assertTrue(src, src.startsWith("blob:"));
            waitTrue("return " + root(0) + ".querySelector('.pw-msg.pw-failed .pw-image img').complete;");
            Object after = jsAsync("var done = arguments[arguments.length - 1];"
                    + " fetch(arguments[0]).then(function () { done('live'); }, function () { done('revoked'); });", src);
            assertEquals("the blob: URL is revoked once shown", "revoked", after);
            shot("widget-upload-refused-375x667", 375, 667);
            clearViewport();
        } finally {
            restartServer(TestServer.devConfig());
        }
    }

    @Test
    public void filesDraggedOverHighlightTheDropZoneAndANonImageIsRefusedClearly() throws Exception {
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/patient.html?open=1&locale=en&pin=" + uniq("patient") + "&toChat=" + uniq("doctor")));
        awaitReady(0);
        String panel = root(0) + ".querySelector('.pw-panel')";
        js("window.__dt = new DataTransfer(); __dt.items.add(new File(['%PDF-1.4'], 'report.pdf', { type: 'application/pdf' }));"
                + " var p = " + panel + "; p.dispatchEvent(new DragEvent('dragenter', { dataTransfer: __dt, bubbles: true, composed: true }));"
                + " p.querySelector('.pw-list').dispatchEvent(new DragEvent('dragover', { dataTransfer: __dt, bubbles: true,"
                + " cancelable: true, composed: true }));");
        assertEquals(Boolean.TRUE, js("var p = " + panel + "; return p.classList.contains('pw-drop')"
                + " && getComputedStyle(p).outlineStyle === 'dashed';"));
        shot("widget-drop-highlight-1280x800", 1280, 800);
        clearViewport();
        // moving onto a child is not leaving; leaving the panel ends the highlight
        js("var p = " + panel + "; p.dispatchEvent(new DragEvent('dragleave', { dataTransfer: __dt, bubbles: true, composed: true,"
                + " relatedTarget: p.querySelector('.pw-list') }));");
        assertEquals(Boolean.TRUE, js("return " + panel + ".classList.contains('pw-drop');"));
        js("var p = " + panel + "; p.dispatchEvent(new DragEvent('dragleave', { dataTransfer: __dt, bubbles: true, composed: true }));");
        assertEquals(Boolean.FALSE, js("return " + panel + ".classList.contains('pw-drop');"));
        // a PDF dropped: a clear message, nothing sent
        js("var p = " + panel + "; p.dispatchEvent(new DragEvent('dragover', { dataTransfer: __dt, bubbles: true, cancelable: true, composed: true }));"
                + " p.dispatchEvent(new DragEvent('drop', { dataTransfer: __dt, bubbles: true, cancelable: true, composed: true }));");
        waitTrue("var t = " + root(0) + ".querySelector('.pw-toast'); return t.textContent === 'Only images can be sent.'"
                + " && t.className.indexOf('pw-on') >= 0;");
        assertEquals(Boolean.FALSE, js("return " + panel + ".classList.contains('pw-drop');"));
        Thread.sleep(500);
        assertEquals(0L, count(0, ".pw-msg"));
    }
}
