package io.parley.server.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The server's one Jackson configuration: strict parsing (no trailing junk, no duplicate keys). */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a frame; null when it is not valid JSON. */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize JSON tree", e); // cannot happen for trees
        }
    }

    /** A streaming generator into a string, for hot packets built without a tree. */
    static Writer writer() {
        try {
            return new Writer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Writer implements AutoCloseable {
        private final SegmentedStringWriter out = new SegmentedStringWriter(MAPPER.getFactory()._getBufferRecycler());
        private final JsonGenerator generator;

        private Writer() throws IOException {
            generator = MAPPER.getFactory().createGenerator(out);
        }

        JsonGenerator generator() {
            return generator;
        }

        /** Flushes the generator and returns the text written. */
        String finish() throws IOException {
            generator.flush();
            return out.getAndClear();
        }

        @Override
        public void close() throws IOException {
            generator.close();
        }
    }

    public static int utf8Length(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8).length;
    }

    /** UTF-8 size of s without allocating a byte array (a lone surrogate counts 3 bytes: an upper bound). */
    public static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
