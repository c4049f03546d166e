package io.parley.widget.media;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import io.parley.testsupport.BrowserTestBase;
import io.parley.testsupport.FakeCamera;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

/**
 * The media parts end to end on demo/camera.html: a real server, headless Chromium with the fake
 * camera (--use-fake-device-for-media-stream --use-fake-ui-for-media-stream: a 640×480 test
 * pattern, permission granted). "Denied" and "no camera API" are produced by overriding
 * navigator.mediaDevices in the page, since the fake-UI flag always grants.
 */
@FakeCamera
public class MediaE2ETest extends BrowserTestBase {
    private static final String R = "window.parleyMedia.root";

    /** Back to one tab at 1280×800 for the next test. */
    @After
    public void oneTab() {
        String first = driver.getWindowHandles().iterator().next();
        for (String h : driver.getWindowHandles()) {
            if (!h.equals(first)) {
                driver.switchTo().window(h);
                driver.close();
            }
        }
        driver.switchTo().window(first);
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    // ---- tests ------------------------------------------------------------------------

    @Test
    public void cameraPhotoReachesTheOtherPageWithItsSize() throws Exception {
        String patient = uniq("pat");
        String doctor = uniq("doc");
        String doctorTab = open(doctor, patient, "en", false);
        // record each thumbnail's box the moment it is inserted: before its picture can have loaded
        js("window.boxes = []; new MutationObserver(function (ms) { ms.forEach(function (m) {"
                + " m.addedNodes.forEach(function (n) { var t = n.querySelector && n.querySelector('.pm-thumb');"
                + " if (t) { var r = t.getBoundingClientRect(), i = t.querySelector('img');"
                + " boxes.push({ w: r.width, h: r.height, natural: i.naturalWidth, complete: i.complete && i.naturalWidth > 0 }); } }); });"
                + " }).observe(" + R + ", { childList: true, subtree: true });");
        String patientTab = open(patient, doctor, "en", true);
        recordStreams();
        js(R + ".querySelector('.pm-camera-btn').click();");
        waitTrue(R + ".querySelector('.pm-take') && !" + R + ".querySelector('.pm-take').disabled");
        assertEquals("dialog", js("return " + R + ".querySelector('.pm-camera .pm-dialog').getAttribute('role');"));
        assertEquals("true", js("return " + R + ".querySelector('.pm-camera .pm-dialog').getAttribute('aria-modal');"));
        assertEquals("Take a photo", js("var d = " + R + ".querySelector('.pm-camera .pm-dialog');"
                + " return " + R + ".getElementById(d.getAttribute('aria-labelledby')).textContent;"));
        assertEquals("Close", js("return " + R + ".querySelector('.pm-close').getAttribute('aria-label');"));
        assertEquals(Boolean.TRUE, js("var v = " + R + ".querySelector('.pm-video');"
                + " return v.muted && v.autoplay && v.playsInline && v.videoWidth === 640 && v.videoHeight === 480;"));
        shot("media-camera-live-1280x800", 1280, 800);
        shot("media-camera-live-375x667", 375, 667);
        clearViewport();

        js(R + ".querySelector('.pm-take').click();");
        waitTrue("var i = " + R + ".querySelector('.pm-snapshot'); return !!i && !i.hidden && i.naturalWidth === 640;");
        assertEquals(Boolean.TRUE, js("return !" + R + ".querySelector('.pm-retake').hidden && " + R
                + ".activeElement === " + R + ".querySelector('.pm-send');"));
        shot("media-camera-snapshot-1280x800", 1280, 800);
        shot("media-camera-snapshot-375x667", 375, 667);
        clearViewport();
        // retake goes back to the live picture, then a second photo is sent
        js(R + ".querySelector('.pm-retake').click();");
        waitTrue("return !" + R + ".querySelector('.pm-video').hidden && !" + R + ".querySelector('.pm-take').hidden;");
        js(R + ".querySelector('.pm-take').click();");
        waitTrue("var i = " + R + ".querySelector('.pm-snapshot'); return !!i && !i.hidden && i.naturalWidth === 640;");
        js(R + ".querySelector('.pm-send').click();");
        assertEquals(0L, js("return " + R + ".querySelectorAll('.pm-modal').length;"));
        assertEquals("focus returns to the camera button", Boolean.TRUE,
                js("return " + R + ".activeElement === " + R + ".querySelector('.pm-camera-btn');"));
        assertTracksEnded();
        waitTrue("return parleyMedia.sent.length === 1;");
        assertEquals("image/jpeg", js("return parleyMedia.prepared[0].type;"));
        assertEquals(640L, js("return parleyMedia.prepared[0].width;"));
        assertEquals(480L, js("return parleyMedia.prepared[0].height;"));
        assertProgressReached100();
        waitTrue("var r = " + R + ".querySelector('.pm-demo-msg[data-state=sent]'); return !!r && !r.querySelector('.pm-progress');");

        driver.switchTo().window(doctorTab);
        waitTrue("return parleyMedia.messages.some(function (m) { return m.type === 'image'; });");
        @SuppressWarnings("unchecked")
        Map<String, Object> msg = (Map<String, Object>) js("return parleyMedia.messages.filter(function (m) {"
                + " return m.type === 'image'; })[0];");
        assertEquals(640L, msg.get("width"));
        assertEquals(480L, msg.get("height"));
        assertTrue(String.valueOf(msg.get("url")).contains("/files/"));
        @SuppressWarnings("unchecked")
        Map<String, Object> box = (Map<String, Object>) js("return boxes[0];");
        assertNotNull("the thumbnail was inserted", box);
        assertEquals("not loaded yet when measured", Boolean.FALSE, box.get("complete"));
        double w = ((Number) box.get("w")).doubleValue();
        double h = ((Number) box.get("h")).doubleValue();
        assertEquals(240.0, w, 0.5);
        assertEquals(240.0 * 480 / 640, h, 0.5);
        // and once loaded the box has not moved
        waitTrue("var i = " + R + ".querySelector('.pm-thumb img'); return i.complete && i.naturalWidth === 640;");
        assertEquals(h, ((Number) js("return " + R + ".querySelector('.pm-thumb').getBoundingClientRect().height;"))
                .doubleValue(), 0.5);
        assertEquals("lazy", js("return " + R + ".querySelector('.pm-thumb img').getAttribute('loading');"));
        driver.switchTo().window(patientTab);
        assertNoCspViolations();
    }

    @Test
    public void escClosesTheCameraStopsTracksAndKeepsFocusInside() {
        open(uniq("pat"), uniq("doc"), "en", false);
        recordStreams();
        js(R + ".querySelector('.pm-camera-btn').focus();");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waitTrue("var t = " + R + ".querySelector('.pm-take'); return !!t && !t.disabled;");
        // Tab never leaves the dialog
        for (int i = 0; i < 5; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            assertEquals(Boolean.TRUE, js("return " + R + ".querySelector('.pm-dialog').contains(" + R + ".activeElement);"));
        }
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        assertEquals(Boolean.TRUE, js("return " + R + ".querySelector('.pm-dialog').contains(" + R + ".activeElement);"));
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        waitTrue("return " + R + ".querySelectorAll('.pm-modal').length === 0;");
        assertTracksEnded();
        assertEquals(Boolean.TRUE, js("return " + R + ".activeElement === " + R + ".querySelector('.pm-camera-btn');"));
    }

    @Test
    public void removingTheDialogFromThePageStopsTheCamera() {
        open(uniq("pat"), uniq("doc"), "en", false);
        recordStreams();
        js(R + ".querySelector('.pm-camera-btn').click();");
        waitTrue("var t = " + R + ".querySelector('.pm-take'); return !!t && !t.disabled;");
        js("document.getElementById('app').remove();");
        waitTrue("return streams.length > 0 && streams.every(function (s) { return s.getTracks().every(function (t) {"
                + " return t.readyState === 'ended'; }); });");
    }

    @Test
    public void deniedPermissionShowsTheMessageInChinese() {
        open(uniq("pat"), uniq("doc"), "zh-CN", false);
        js("navigator.mediaDevices.getUserMedia = function () {"
                + " return Promise.reject(new DOMException('Permission denied', 'NotAllowedError')); };");
        js(R + ".querySelector('.pm-camera-btn').click();");
        waitTrue("var s = " + R + ".querySelector('.pm-status.pm-error'); return !!s && !s.hidden;");
        assertEquals(MediaStrings.forLocale("zh-CN").denied, js("return " + R + ".querySelector('.pm-status').textContent;"));
        assertEquals("alert", js("return " + R + ".querySelector('.pm-status').getAttribute('role');"));
        assertEquals("拍照或选择照片", js("var f = " + R + ".querySelector('.pm-fallback'); return f.hidden ? null : f.textContent;"));
        assertEquals("关闭", js("return " + R + ".querySelector('.pm-close').getAttribute('aria-label');"));
        shot("media-camera-denied-375x667", 375, 667);
        clearViewport();
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        waitTrue("return " + R + ".querySelectorAll('.pm-modal').length === 0;");
    }

    @Test
    public void noCameraApiOffersTheCaptureInput() throws Exception {
        open(uniq("pat"), uniq("doc"), "en", false);
        js("['mediaDevices', 'getUserMedia', 'webkitGetUserMedia', 'mozGetUserMedia', 'msGetUserMedia'].forEach(function (k) {"
                + " Object.defineProperty(navigator, k, { value: undefined, configurable: true }); });");
        js(R + ".querySelector('.pm-camera-btn').click();");
        waitTrue("var s = " + R + ".querySelector('.pm-status.pm-error'); return !!s && !s.hidden;");
        assertEquals(MediaStrings.forLocale("en").unsupported, js("return " + R + ".querySelector('.pm-status').textContent;"));
        assertEquals("environment", js("return " + R + ".querySelector('.pm-camera input[type=file]').getAttribute('capture');"));
        assertEquals("image/*", js("return " + R + ".querySelector('.pm-camera input[type=file]').getAttribute('accept');"));
        assertEquals(Boolean.TRUE, js("var f = " + R + ".querySelector('.pm-fallback');"
                + " return !f.hidden && " + R + ".activeElement === f;"));
        shot("media-camera-unsupported-1280x800", 1280, 800);
        clearViewport();
        // the capture input's file is prepared and sent like a photo
        Path png = writeImage(320, 240, "png");
        driver.findElement(By.id("app")).getShadowRoot().findElement(By.cssSelector(".pm-camera input[type=file]"))
                .sendKeys(png.toString());
        waitTrue("return parleyMedia.sent.length === 1;");
        assertEquals(0L, js("return " + R + ".querySelectorAll('.pm-modal').length;"));
        assertEquals(320L, js("return parleyMedia.sent[0].message.width;"));
    }

    @Test
    public void legacyPrefixedGetUserMediaIsUsedWhenMediaDevicesIsMissing() {
        open(uniq("pat"), uniq("doc"), "en", false);
        js("var md = navigator.mediaDevices, real = md.getUserMedia.bind(md); window.streams = []; window.legacyCalls = 0;"
                + " Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });"
                + " Object.defineProperty(navigator, 'getUserMedia', { value: undefined, configurable: true });"
                + " Object.defineProperty(navigator, 'webkitGetUserMedia', { configurable: true, value: function (c, ok, bad) {"
                + " legacyCalls++; real(c).then(function (s) { streams.push(s); ok(s); }, bad); } });");
        js(R + ".querySelector('.pm-camera-btn').click();");
        waitTrue("var t = " + R + ".querySelector('.pm-take'); return !!t && !t.disabled;");
        assertEquals(1L, js("return legacyCalls;"));
        js(R + ".querySelector('.pm-close').click();");
        assertTracksEnded();
    }

    @Test
    public void pastedImageIsUploadedAndSent() {
        open(uniq("pat"), uniq("doc"), "en", false);
        js("window.makePng = function (w, h, alpha) { var c = document.createElement('canvas'); c.width = w; c.height = h;"
                + " var x = c.getContext('2d'); if (!alpha) { x.fillStyle = '#3a7'; x.fillRect(0, 0, w, h); }"
                + " x.fillStyle = 'rgba(200, 40, 40, ' + (alpha ? 0.5 : 1) + ')'; x.fillRect(w / 4, h / 4, w / 2, h / 2);"
                + " return new Promise(function (ok) { c.toBlob(function (b) { ok(new File([b], 'pic.png', { type: 'image/png' })); }, 'image/png'); }); };");
        Object r = jsAsync("var done = arguments[arguments.length - 1];"
                + " makePng(300, 200).then(function (f) { var dt = new DataTransfer(); dt.items.add(f);"
                + " var ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true, composed: true });"
                + " var t = " + R + ".querySelector('.pm-demo-paste'); t.focus(); t.dispatchEvent(ev); done(ev.defaultPrevented); });");
        assertEquals("an image paste is taken over", Boolean.TRUE, r);
        waitTrue("return parleyMedia.sent.length === 1;");
        assertEquals("image", js("return parleyMedia.sent[0].message.type;"));
        assertEquals(300L, js("return parleyMedia.sent[0].message.width;"));
        assertEquals(200L, js("return parleyMedia.sent[0].message.height;"));
        assertEquals("small PNG passes through untouched", "image/png", js("return parleyMedia.prepared[0].type;"));
        assertProgressReached100();
        // a text paste is left to the textarea
        Object text = js("var dt = new DataTransfer(); dt.setData('text/plain', 'hello');"
                + " var ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true, composed: true });"
                + R + ".querySelector('.pm-demo-paste').dispatchEvent(ev); return ev.defaultPrevented;");
        assertEquals(Boolean.FALSE, text);
    }

    @Test
    public void droppedImageIsSentAndOtherFilesAreIgnoredWithAMessage() {
        open(uniq("pat"), uniq("doc"), "en", false);
        js("var dt = new DataTransfer(); dt.items.add(new File(['x'], 'a.txt', { type: 'text/plain' }));"
                + " " + R + ".querySelector('.pm-demo-panel').dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));");
        assertEquals(Boolean.TRUE, js("var p = " + R + ".querySelector('.pm-demo-panel');"
                + " return p.classList.contains('pm-drop-active') && getComputedStyle(p, '::after').content.indexOf('Drop an image') >= 0;"));
        shot("media-drop-zone-1280x800", 1280, 800);
        clearViewport();
        Object r = jsAsync("var done = arguments[arguments.length - 1]; var c = document.createElement('canvas');"
                + " c.width = 400; c.height = 300; var x = c.getContext('2d'); x.fillStyle = '#246'; x.fillRect(0, 0, 400, 300);"
                + " c.toBlob(function (b) { var dt = new DataTransfer();"
                + " dt.items.add(new File([b], 'photo.jpg', { type: 'image/jpeg' }));"
                + " dt.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }));"
                + " var ev = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true, composed: true });"
                + " " + R + ".querySelector('.pm-demo-list').dispatchEvent(ev); done(ev.defaultPrevented); }, 'image/jpeg', 0.9);");
        assertEquals(Boolean.TRUE, r);
        assertEquals(Boolean.FALSE, js("return " + R + ".querySelector('.pm-demo-panel').classList.contains('pm-drop-active');"));
        waitTrue("return parleyMedia.sent.length === 1;");
        assertEquals(400L, js("return parleyMedia.sent[0].message.width;"));
        assertEquals("Only images can be sent.", js("return parleyMedia.notices[0];"));
    }

    @Test
    public void largePhotoFromThePickerIsScaledTo2048BeforeUpload() throws Exception {
        open(uniq("pat"), uniq("doc"), "en", false);
        js("window.uploadedBytes = []; var send = XMLHttpRequest.prototype.send;"
                + " XMLHttpRequest.prototype.send = function (b) { uploadedBytes.push(b && b.size); return send.apply(this, arguments); };");
        Path big = writeImage(4000, 3000, "jpg");
        driver.findElement(By.id("app")).getShadowRoot().findElement(By.cssSelector(".pm-demo > input.pm-file"))
                .sendKeys(big.toString());
        waitTrue("return parleyMedia.sent.length === 1;");
        assertEquals(2048L, js("return parleyMedia.prepared[0].width;"));
        assertEquals(1536L, js("return parleyMedia.prepared[0].height;"));
        assertEquals("image/jpeg", js("return parleyMedia.prepared[0].type;"));
        assertEquals("the uploaded body is the scaled blob", Boolean.TRUE,
                js("return uploadedBytes[0] === parleyMedia.prepared[0].size;"));
        assertEquals(2048L, js("return parleyMedia.sent[0].message.width;"));
        assertEquals(1536L, js("return parleyMedia.sent[0].message.height;"));
        assertProgressReached100();
    }

    @Test
    public void prepKeepsTransparencyAsPngAndAppliesExifRotation() throws Exception {
        open(uniq("pat"), uniq("doc"), "en", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> alpha = (Map<String, Object>) jsAsync("var done = arguments[arguments.length - 1];"
                + " var c = document.createElement('canvas'); c.width = 3000; c.height = 1000; var x = c.getContext('2d');"
                + " x.fillStyle = 'rgba(0, 0, 255, 0.5)'; x.fillRect(0, 0, 1500, 1000);"
                + " c.toBlob(function (b) { parleyMedia.prepare(b, function (r) { done({ type: r.blob.type, w: r.width, h: r.height }); }); }, 'image/png');");
        assertEquals("image/png", alpha.get("type"));
        assertEquals(2048L, alpha.get("w"));
        assertEquals(683L, alpha.get("h"));
        // a 300×200 JPEG tagged "rotate 90°" (EXIF orientation 6): re-encoded upright as 200×300
        String b64 = Base64.getEncoder().encodeToString(withExifOrientation(jpeg(300, 200), 6));
        @SuppressWarnings("unchecked")
        Map<String, Object> rotated = (Map<String, Object>) jsAsync("var done = arguments[arguments.length - 1];"
                + " var s = atob(arguments[0]), a = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);"
                + " var b = new Blob([a], { type: 'image/jpeg' });"
                + " parleyMedia.prepare(b, function (r) { done({ same: r.blob === b, w: r.width, h: r.height }); });", b64);
        assertEquals(Boolean.FALSE, rotated.get("same"));
        assertEquals(200L, rotated.get("w"));
        assertEquals(300L, rotated.get("h"));
        // an unrotated small JPEG is passed through as the same Blob
        String plain = Base64.getEncoder().encodeToString(jpeg(300, 200));
        Object same = jsAsync("var done = arguments[arguments.length - 1];"
                + " var s = atob(arguments[0]), a = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);"
                + " var b = new Blob([a], { type: 'image/jpeg' });"
                + " parleyMedia.prepare(b, function (r) { done(r.blob === b && r.width === 300 && r.height === 200); });", plain);
        assertEquals(Boolean.TRUE, same);
        // not an image at all
        Object bad = jsAsync("var done = arguments[arguments.length - 1];"
                + " parleyMedia.prepare(new Blob(['nope'], { type: 'image/png' }), function (r) { done(r.blob === null); });");
        assertEquals(Boolean.TRUE, bad);
    }

    @Test
    public void failedUploadOffersRetry() throws Exception {
        open(uniq("pat"), uniq("doc"), "en", false);
        js("var send = XMLHttpRequest.prototype.send; XMLHttpRequest.prototype.send = function () {"
                + " XMLHttpRequest.prototype.send = send; var x = this; setTimeout(function () { x.dispatchEvent(new ProgressEvent('error')); }, 20); };");
        Path png = writeImage(200, 150, "png");
        driver.findElement(By.id("app")).getShadowRoot().findElement(By.cssSelector(".pm-demo > input.pm-file"))
                .sendKeys(png.toString());
        waitTrue("return !!" + R + ".querySelector('.pm-demo-msg[data-state=failed] .pm-retry');");
        assertEquals("Upload failed.", js("return " + R + ".querySelector('.pm-upload-error span').textContent;"));
        assertEquals(Boolean.TRUE, js("return " + R + ".querySelector('.pm-progress').hidden;"));
        shot("media-upload-failed-375x667", 375, 667);
        clearViewport();
        js(R + ".querySelector('.pm-retry').click();");
        waitTrue("return parleyMedia.sent.length === 1;");
        waitTrue("return !!" + R + ".querySelector('.pm-demo-msg[data-state=sent]');");
        assertProgressReached100();
    }

    @Test
    public void viewerOpensOnClickAndEnterAndEscReturnsFocus() throws Exception {
        String patient = uniq("pat");
        String doctor = uniq("doc");
        String doctorTab = open(doctor, patient, "en", false);
        open(patient, doctor, "en", true);
        Path png = writeImage(1600, 1200, "png");
        driver.findElement(By.id("app")).getShadowRoot().findElement(By.cssSelector(".pm-demo > input.pm-file"))
                .sendKeys(png.toString());
        waitTrue("return parleyMedia.sent.length === 1;");
        driver.switchTo().window(doctorTab);
        waitTrue("var i = " + R + ".querySelector('.pm-thumb img'); return !!i && i.complete && i.naturalWidth > 0;");
        js(R + ".querySelector('.pm-thumb').click();");
        waitTrue("var i = " + R + ".querySelector('.pm-viewer-img'); return !!i && i.complete && i.naturalWidth === 1600;");
        assertEquals("dialog", js("return " + R + ".querySelector('.pm-viewer .pm-dialog').getAttribute('role');"));
        assertEquals(Boolean.TRUE, js("var c = " + R + ".querySelector('.pm-viewer-close'); var r = c.getBoundingClientRect();"
                + " return " + R + ".activeElement === c && r.width >= 44 && r.height >= 44;"));
        shot("media-viewer-1280x800", 1280, 800);
        assertEquals(Boolean.TRUE, js("var r = " + R + ".querySelector('.pm-viewer-img').getBoundingClientRect();"
                + " return r.bottom <= innerHeight && r.right <= innerWidth && Math.abs(r.width / r.height - 4 / 3) < 0.02;"));
        shot("media-viewer-375x667", 375, 667);
        assertEquals(Boolean.TRUE, js("var r = " + R + ".querySelector('.pm-viewer-img').getBoundingClientRect();"
                + " return r.bottom <= innerHeight && r.right <= innerWidth && Math.abs(r.width / r.height - 4 / 3) < 0.02;"));
        clearViewport();
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        waitTrue("return !" + R + ".querySelector('.pm-viewer');");
        assertEquals(Boolean.TRUE, js("return " + R + ".activeElement === " + R + ".querySelector('.pm-thumb');"));
        // keyboard: Enter on the focused thumbnail opens it again, the close button closes it
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waitTrue("return !!" + R + ".querySelector('.pm-viewer');");
        new Actions(driver).sendKeys(Keys.ENTER).perform(); // focus is on the close button
        waitTrue("return !" + R + ".querySelector('.pm-viewer');");
        assertEquals(Boolean.TRUE, js("return " + R + ".activeElement === " + R + ".querySelector('.pm-thumb');"));
        assertNoCspViolations();
    }

    // ---- helpers ----------------------------------------------------------------------

    /** Opens demo/camera.html as pin talking to peer (in a second tab: the "other page"); waits for "open". */
    private static String open(String pin, String peer, String locale, boolean newTab) {
        if (newTab) {
            driver.switchTo().newWindow(WindowType.TAB);
        }
        driver.get(server.baseUri().resolve("/demo/camera.html?pin=" + pin + "&toChat=" + peer + "&locale=" + locale)
                .toString());
        try {
            waitTrue("return !!window.parleyMedia && parleyMedia.sdk.state === 'open'"
                    + " && getComputedStyle(" + R + ".querySelector('.pm-btn')).minHeight === '44px';");
        } catch (RuntimeException e) {
            System.out.println("[media-test] errors: " + js("return JSON.stringify(window.parleyErrors || []);"));
            throw e;
        }
        return driver.getWindowHandle();
    }

    private static void recordStreams() {
        js("window.streams = window.streams || []; var md = navigator.mediaDevices, g = md.getUserMedia.bind(md);"
                + " md.getUserMedia = function (c) { return g(c).then(function (s) { streams.push(s); return s; }); };");
    }

    private static void assertTracksEnded() {
        assertEquals(Boolean.TRUE, js("return streams.length > 0 && streams.every(function (s) {"
                + " return s.getTracks().length > 0 && s.getTracks().every(function (t) { return t.readyState === 'ended'; }); });"));
    }

    private static void assertProgressReached100() {
        @SuppressWarnings("unchecked")
        List<List<Number>> p = (List<List<Number>>) js("return parleyMedia.progress;");
        assertFalse("progress events arrived", p.isEmpty());
        List<Number> last = p.get(p.size() - 1);
        assertTrue("ends at 100%: " + p, last.get(0).doubleValue() == last.get(1).doubleValue()
                && last.get(1).doubleValue() > 0);
    }

    private static void assertNoCspViolations() {
        assertEquals("[]", js("return JSON.stringify(window.parleyCspViolations);"));
        assertEquals("[]", js("return JSON.stringify(window.parleyErrors);"));
    }

    private static Path writeImage(int w, int h, String format) throws Exception {
        Path file = Files.createTempFile("parley-media", "." + format);
        Files.write(file, "jpg".equals(format) ? jpeg(w, h) : png(w, h));
        return file;
    }

    private static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 110, 235), w, h, new Color(240, 180, 60)));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return img;
    }

    private static byte[] jpeg(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture(w, h), "jpg", out);
        return out.toByteArray();
    }

    private static byte[] png(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture(w, h), "png", out);
        return out.toByteArray();
    }

    /** The JPEG with an APP1 Exif segment right after SOI holding only IFD0 Orientation (big-endian TIFF). */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
            'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation SHORT 1
            0, 0, 0, 0 // no next IFD
        };
        byte[] exif = new byte[6 + tiff.length];
        System.arraycopy(new byte[] { 'E', 'x', 'i', 'f', 0, 0 }, 0, exif, 0, 6);
        System.arraycopy(tiff, 0, exif, 6, tiff.length);
        int len = exif.length + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
