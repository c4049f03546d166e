/**
 * The chat widget's media parts: photograph an image, shrink it in the browser and open images
 * full size. DOM only through createElement/textContent; works in an open shadow root
 * under a strict CSP (styles: webapp/parley-media.css, classes {@code pm-*}).
 *
 * <p>The widget loads these as the lazily imported chunk parley-media.js ({@link io.parley.widget.media.MediaChunk}).
 * The standalone demo (demo/camera.html) and its picker, upload bubble and thumbnail parts live in the
 * demo source set, src/demo/java, and are not shipped.
 */
package io.parley.widget.media;
