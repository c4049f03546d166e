package io.parley.widget.media;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import io.parley.sdk.ParleySDK;
import java.util.HashSet;
import java.util.Set;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * demo/camera.html: the media parts wired the way the chat widget will wire them, in an open
 * shadow root under the page's strict CSP. One-to-one chat through its own ParleySDK; shows
 * received image messages as thumbnails, and my images as upload bubbles.
 */
final class MediaDemo {
    private final JSObject config;
    private final MediaStrings s;
    private final ParleySDK sdk = new ParleySDK();
    private final JSObject shadow;
    private final JSObject handle;
    private final Set<String> shown = new HashSet<>();
    private final String myPin;
    private HTMLElement list;
    private HTMLElement notice;
    private HTMLElement state;
    private HTMLElement cameraButton;
    private ImageInput input;
    private boolean historyLoaded;

    private MediaDemo(HTMLElement host, JSObject config) {
        this.config = config;
        this.s = MediaStrings.forLocale(Js.string(config, "locale"));
        this.myPin = Js.string(config, "pin");
        shadow = attachShadow(host);
        stylesheet(shadow, "/parley-media.css");
        stylesheet(shadow, "camera.css");
        handle = handle(shadow, sdk, (blob, done) -> ImagePrep.prepare(blob, done));
    }

    static JSObject start(HTMLElement host, JSObject config) {
        MediaDemo demo = new MediaDemo(host, config);
        demo.build();
        demo.connect();
        return demo.handle;
    }

    private void build() {
        HTMLElement app = Dom.add(shadow, "div", "pm-demo", null);
        Dom.attr(app, "lang", s.lang);
        HTMLElement head = Dom.add(app, "header", "pm-demo-head", null);
        Dom.add(head, "h1", null, s.lang.equals("en") ? "Photo consultation" : "图片咨询");
        HTMLElement who = Dom.add(head, "p", "pm-demo-who", myPin + " \u2192 " + Js.string(config, "toChat") + " · ");
        state = Dom.add(who, "span", "pm-demo-state", "connecting");

        HTMLElement panel = Dom.add(app, "div", "pm-demo-panel", null);
        list = Dom.add(panel, "div", "pm-demo-list", null);
        Dom.attr(list, "role", "log");
        Dom.attr(list, "aria-live", "polite");
        Dom.attr(list, "tabindex", "0");
        Dom.attr(list, "aria-label", s.lang.equals("en") ? "Messages" : "消息记录");
        notice = Dom.add(app, "p", "pm-demo-notice", null);
        Dom.attr(notice, "role", "status");

        HTMLElement bar = Dom.add(app, "div", "pm-demo-bar", null);
        HTMLElement imageButton = Dom.button(bar, "pm-btn pm-image-btn", null, s.image);
        Dom.icon(imageButton, ImageInput.ICON);
        Dom.add(imageButton, "span", "pm-demo-label", s.image);
        cameraButton = Dom.button(bar, "pm-btn pm-camera-btn", null, s.camera);
        Dom.icon(cameraButton, CameraDialog.ICON);
        Dom.add(cameraButton, "span", "pm-demo-label", s.camera);
        HTMLElement paste = Dom.add(bar, "textarea", "pm-demo-paste", null);
        Dom.attr(paste, "rows", "1");
        Dom.attr(paste, "aria-label", s.lang.equals("en") ? "Message (paste an image here)" : "输入消息（可粘贴图片）");
        Dom.attr(paste, "placeholder", s.lang.equals("en") ? "Paste or drop an image…" : "粘贴或拖入图片…");

        input = new ImageInput(app, s, new ImageInput.Listener() {
            @Override
            public void image(JSObject file) {
                ImagePrep.prepare(file, (blob, w, h) -> {
                    if (blob == null) {
                        say(s.unreadable);
                    } else {
                        sendImage(blob, w, h);
                    }
                });
            }

            @Override
            public void notice(String message) {
                say(message);
            }
        });
        input.listenPaste(app);
        input.listenDrop(panel);
        Dom.listen(imageButton, "click", e -> input.openPicker());
        Dom.listen(cameraButton, "click", e -> CameraDialog.open(shadow, s, cameraButton, this::sendImage));
    }

    private void say(String text) {
        Dom.text(notice, text);
        push(handle, "notices", Dom.js(text));
    }

    /** My image: a bubble with the local picture and progress, then upload + message. */
    private void sendImage(JSObject blob, int width, int height) {
        Dom.text(notice, "");
        UploadBubble bubble = new UploadBubble(shadow, blob, width, height, s);
        HTMLElement row = row(true, myPin);
        Dom.attr(row, "data-type", "image");
        Dom.attr(row, "data-state", "sending");
        row.appendChild(bubble.element());
        scrollDown();
        push(handle, "prepared", info(blob, width, height));
        ImageSender[] sender = new ImageSender[1];
        sender[0] = new ImageSender(sdk, Dom.undef(), new ImageSender.Listener() {
            @Override
            public void progress(double loaded, double total) {
                bubble.progress(loaded, total);
                push(handle, "progress", pair(loaded, total));
            }

            @Override
            public void sent(String url, int w, int h, JSObject ack) {
                bubble.sent(url, w, h, ack);
                Dom.attr(row, "data-state", "sent");
                double mid = Js.number(Js.get(ack, "message"), "mid");
                if (mid != mid) {
                    mid = Js.number(ack, "mid");
                }
                if (mid == mid) {
                    shown.add(Dom.numStr(mid));
                    Dom.attr(row, "data-mid", Dom.numStr(mid));
                }
                push(handle, "sent", ack);
            }

            @Override
            public void failed(String message) {
                bubble.failed(message);
                Dom.attr(row, "data-state", "failed");
                push(handle, "failures", Dom.js(message));
            }
        });
        bubble.onRetry(() -> sender[0].retry());
        sender[0].send(blob, width, height);
    }

    private void connect() {
        sdk.on(Dom.js("state"), Dom.fn(e -> Dom.text(state, Js.string(e, "state"))));
        sdk.on(Dom.js("open"), Dom.fn(e -> {
            if (!historyLoaded) {
                historyLoaded = true;
                sdk.pullHistoryMsg(Dom.jsNumber(-1), Dom.jsNumber(20), Dom.fn(res -> {
                    JSObject[] msgs = Dom.array(Js.get(res, "msgs"));
                    for (int i = msgs.length - 1; i >= 0; i--) {
                        receive(msgs[i]);
                    }
                }), Dom.undef());
            }
        }));
        sdk.on(Dom.js("message"), Dom.fn(this::receive));
        sdk.connect(config, null, Dom.undef());
    }

    private void receive(JSObject msg) {
        double mid = Js.number(msg, "mid");
        String key = mid == mid ? Dom.numStr(mid) : null;
        if (key != null && !shown.add(key)) {
            return;
        }
        JSObject from = Js.get(msg, "from");
        String pin = Js.string(from, "pin");
        String type = Js.string(msg, "type");
        HTMLElement row = row(pin != null && pin.equals(myPin), pin);
        Dom.attr(row, "data-type", type);
        if (key != null) {
            Dom.attr(row, "data-mid", key);
        }
        if ("image".equals(type)) {
            double w = Js.number(msg, "width");
            double h = Js.number(msg, "height");
            row.appendChild(Thumbnail.create(shadow, Js.string(msg, "url"), w == w ? (int) w : 0, h == h ? (int) h : 0, s));
        } else {
            String text = Js.string(msg, "content");
            Dom.add(row, "div", "pm-demo-text", text != null && !text.isEmpty() ? text : "[" + type + "]");
        }
        push(handle, "messages", msg);
        scrollDown();
    }

    private HTMLElement row(boolean self, String who) {
        HTMLElement row = Dom.add(list, "div", self ? "pm-demo-msg pm-demo-self" : "pm-demo-msg", null);
        Dom.add(row, "span", "pm-demo-from", who);
        return row;
    }

    private void scrollDown() {
        Dom.scrollToBottom(list);
    }

    // ---- JS glue ----------------------------------------------------------------------

    @org.teavm.jso.JSFunctor
    interface Prep extends JSObject {
        void prepare(JSObject blob, ImagePrep.Done done);
    }

    @JSBody(params = { "shadow", "sdk", "prep" }, script = "return { root: shadow, sdk: sdk, messages: [], sent: [],"
            + " progress: [], prepared: [], failures: [], notices: [],"
            + " prepare: function (_b, _cb) { prep(_b, function (_x, _w, _h) { _cb({ blob: _x, width: _w, height: _h }); }); } };")
    private static native JSObject handle(JSObject shadow, ParleySDK sdk, Prep prep);

    @JSBody(params = "host", script = "return host.shadowRoot || host.attachShadow({ mode: 'open' });")
    private static native JSObject attachShadow(HTMLElement host);

    @JSBody(params = { "root", "href" }, script = "var _l = document.createElement('link'); _l.rel = 'stylesheet';"
            + " _l.href = href; root.appendChild(_l);")
    private static native void stylesheet(JSObject root, String href);

    @JSBody(params = { "o", "k", "v" }, script = "o[k].push(v);")
    private static native void push(JSObject o, String k, JSObject v);

    @JSBody(params = { "b", "w", "h" }, script = "return { blob: b, type: b.type, size: b.size, width: w, height: h };")
    private static native JSObject info(JSObject b, int w, int h);

    @JSBody(params = { "a", "b" }, script = "return [a, b];")
    private static native JSObject pair(double a, double b);
}
