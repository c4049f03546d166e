package io.parley.server.fanout;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** One downlink text frame, encoded to UTF-8 once however many connections it goes to. */
public final class Frame {
    /** Decoded lazily for a frame built from bytes: only a relay to other nodes or a test reads it. */
    private String text;
    private final ByteBuffer utf8;
    private final byte[] bytes;

    private Frame(String text, byte[] utf8) {
        this.text = text;
        this.bytes = utf8;
        this.utf8 = ByteBuffer.wrap(utf8).asReadOnlyBuffer();
    }

    public static Frame of(String json) {
        return new Frame(json, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A frame from JSON already encoded as UTF-8 (hot packets are written as bytes); json is not copied. */
    public static Frame ofUtf8(byte[] json) {
        return new Frame(null, json);
    }

    /** The JSON text. */
    public String text() {
        String t = text;
        if (t == null) { // a benign race: every thread decodes the same immutable String
            ByteBuffer b = utf8.duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            t = new String(bytes, StandardCharsets.UTF_8);
            text = t;
        }
        return t;
    }

    /** A fresh read-only view of the UTF-8 bytes (each sender gets its own position). */
    public ByteBuffer utf8() {
        return utf8.duplicate();
    }

    /** Appends the UTF-8 bytes to out (a relay to other nodes sends them as they are). */
    public void writeTo(ByteArrayOutputStream out) {
        out.write(bytes, 0, bytes.length);
    }

    public int size() {
        return utf8.remaining();
    }
}
