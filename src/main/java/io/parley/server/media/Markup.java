package io.parley.server.media;

/**
 * Markup that has no business in an image's text metadata (a polyglot's HTML half). Scanned in
 * each text-bearing part (PNG text/EXIF chunks, JPEG APPn/COM, GIF comments, WebP EXIF/XMP), and
 * {@code <script>} anywhere in the file.
 */
final class Markup {
    private static final String[] NEEDLES = {"<html", "<script", "<body", "<iframe", "<svg", "<!doctype", "<object",
        "<embed", "javascript:"};

    private Markup() {
    }

    static void rejectIn(byte[] d, int from, int to, String where) throws UploadException {
        for (String m : NEEDLES) {
            if (Bytes.indexOfIgnoreCase(d, from, to, m) != -1) {
                throw UploadException.bad("the " + where + " contains markup ('" + m + "')");
            }
        }
    }

    static void rejectScript(byte[] d) throws UploadException {
        if (Bytes.indexOfIgnoreCase(d, 0, d.length, "<script") != -1) {
            throw UploadException.bad("the image contains a <script> tag");
        }
    }
}
