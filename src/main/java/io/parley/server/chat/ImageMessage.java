package io.parley.server.chat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The "image" message type (docs/PROTOCOL.md "Images"): the uplink {@code chat_message} carries
 * {@code image: {url, size, width?, height?}}; it is stored as that JSON in the payload column and
 * delivered as {@code {type:"image", content:"", url, size, width?, height?, ...}}.
 */
public final class ImageMessage {
    static final int MAX_URL_CHARS = 2048;
    static final int MAX_SIDE = 100_000;

    private ImageMessage() {
    }

    /** Validates the packet's 'image' object; returns the payload to store (serialized JSON). */
    static String parse(Fields packet) throws ProtocolException {
        JsonNode image = packet.optionalObject("image");
        if (image == null) {
            throw ProtocolException.invalid("field 'image' is required for msgType 'image' ({url, size, width?, height?})");
        }
        Fields f = new Fields(image, "image.");
        String url = f.requiredString("url", 1, MAX_URL_CHARS);
        if (!isHttpUrl(url)) {
            throw ProtocolException.invalid("field 'image.url' must be an absolute http(s) URL");
        }
        long size = f.requiredLong("size", 1, ChatService.MAX_SAFE_INTEGER);
        Integer width = f.optionalInt("width", 1, MAX_SIDE);
        Integer height = f.optionalInt("height", 1, MAX_SIDE);
        ObjectNode stored = Json.object();
        stored.put("url", url);
        stored.put("size", size);
        if (width != null) {
            stored.put("width", width);
        }
        if (height != null) {
            stored.put("height", height);
        }
        return Json.write(stored);
    }

    /** Adds the stored image fields (url, size, width?, height?) to a delivered message object. */
    static void writeFields(ObjectNode message, String payload) {
        JsonNode stored = payload == null ? null : Json.parse(payload);
        if (stored == null || !stored.isObject()) {
            return; // e.g. a recalled image: nothing left to show
        }
        for (String k : new String[] {"url", "size", "width", "height"}) {
            if (stored.hasNonNull(k)) {
                message.set(k, stored.get(k));
            }
        }
    }

    static boolean isHttpUrl(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7F || c == '\\' || c == '"' || c == '<' || c == '>') {
                return false;
            }
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && !u.getHost().isEmpty()
                    && u.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
