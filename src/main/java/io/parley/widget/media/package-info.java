/**
 * The chat widget's media parts: pick, paste, drop or photograph an image, shrink it in the
 * browser, upload it with progress and retry, show image messages as stable-size thumbnails and
 * open them full size. DOM only through createElement/textContent; works in an open shadow root
 * under a strict CSP (styles: webapp/parley-media.css, classes {@code pm-*}).
 *
 * <p>Wiring, as the widget would do it (root = the widget's shadow root, s = MediaStrings):
 * <pre>
 * MediaStrings s = MediaStrings.forLocale(locale);
 * ImageInput input = new ImageInput(root, s, new ImageInput.Listener() {
 *     public void image(JSObject file) {
 *         ImagePrep.prepare(file, (blob, w, h) -&gt; { if (blob != null) sendImage(blob, w, h); else showNotice(s.unreadable); });
 *     }
 *     public void notice(String message) { showNotice(message); }
 * });
 * input.listenPaste(panel);            // or the composer textarea
 * input.listenDrop(panel);             // the drop-zone state is CSS on .pm-drop-active
 * imageButton.onclick → input.openPicker();
 * cameraButton.onclick → CameraDialog.open(root, s, cameraButton, this::sendImage);
 *
 * void sendImage(JSObject blob, int w, int h) {
 *     UploadBubble bubble = new UploadBubble(root, blob, w, h, s);   // put bubble.element() in the row
 *     ImageSender sender = new ImageSender(sdk, gidOrUndefined, bubble); // or a Listener that also updates the row
 *     bubble.onRetry(sender::retry);
 *     sender.send(blob, w, h);
 * }
 * // an image message {type:"image", url, width, height} in the list:
 * bubbleElement.appendChild(Thumbnail.create(root, msg.url, msg.width, msg.height, s));
 * </pre>
 */
package io.parley.widget.media;
