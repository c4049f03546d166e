package io.parley.server.chat;

import io.parley.protocol.Field;
import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.server.ws.Peer;

/**
 * The "image" message type (docs/PROTOCOL.md "Images"): the uplink {@code chat_message} carries
 * {@code image: {url, size, width?, height?}}; it is stored as that JSON in the payload column and
 * delivered as {@code {type:"image", content:"", url, size, width?, height?, ...}}.
 */
public final class ImageMessage {
    static final int MAX_SIDE = 100_000;
    private static final String[] FIELDS = {Field.URL, Field.SIZE, Field.WIDTH, Field.HEIGHT};

    private ImageMessage() {
    }

    /** Validates the packet's 'image' object; returns the payload to store (serialized JSON). */
    static String parse(Fields packet, ContentPolicy policy, Peer peer) throws ProtocolException {
        JsonNode image = packet.optionalObject(Field.IMAGE);
        if (image == null) {
            throw ProtocolException.invalid("field 'image' is required for msgType 'image' ({url, size, width?, height?})");
        }
        Fields f = new Fields(image, Field.IMAGE + ".");
        String url = policy.imageUrl(f.requiredString(Field.URL, 1, MediaUrlPolicy.MAX_URL_CHARS), peer);
        long size = f.requiredLong(Field.SIZE, 1, ChatService.MAX_SAFE_INTEGER);
        Integer width = f.optionalInt(Field.WIDTH, 1, MAX_SIDE);
        Integer height = f.optionalInt(Field.HEIGHT, 1, MAX_SIDE);
        ObjectNode stored = Json.object();
        stored.put(Field.URL, url);
        stored.put(Field.SIZE, size);
        if (width != null) {
            stored.put(Field.WIDTH, width);
        }
        if (height != null) {
            stored.put(Field.HEIGHT, height);
        }
        return Json.write(stored);
    }

    /** Writes the stored image fields (url, size, width?, height?) into a delivered message object. */
    static void writeFields(JsonGenerator g, String payload) throws IOException {
        JsonNode stored = payload == null ? null : Json.parse(payload);
        if (stored == null || !stored.isObject()) {
            return; // e.g. a recalled image: nothing left to show
        }
        for (String k : FIELDS) {
            JsonNode v = stored.get(k);
            if (v != null && !v.isNull()) {
                g.writeFieldName(k);
                g.writeTree(v);
            }
        }
    }
}
