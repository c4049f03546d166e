package io.parley.server.fanout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** One downlink text frame, encoded to UTF-8 once however many connections it goes to. */
public final class Frame {
    private final String text;
    private final ByteBuffer utf8;

    private Frame(String text) {
        this.text = text;
        this.utf8 = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    public static Frame of(String json) {
        return new Frame(json);
    }

    /** The JSON text. */
    public String text() {
        return text;
    }

    /** A fresh read-only view of the UTF-8 bytes (each sender gets its own position). */
    public ByteBuffer utf8() {
        return utf8.duplicate();
    }

    public int size() {
        return utf8.remaining();
    }
}
