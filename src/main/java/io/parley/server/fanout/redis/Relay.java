package io.parley.server.fanout.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.server.auth.UserId;
import io.parley.server.chat.Json;
import io.parley.server.fanout.Frame;

/**
 * One entry of a publication on the cluster channel: a JSON header line (who sent it, what kind, to whom,
 * and for frame kinds the frame's length in bytes), then the frame's UTF-8 bytes as they go to the
 * clients, so neither node re-encodes the frame. A publication carries one or more entries back to back
 * ({@link #encodeAll}): a node publishes what queued up while its previous publication was being sent.
 *
 * @param origin   node id of the publisher (a node ignores its own publications)
 * @param kind     what to do with it
 * @param users    the addressed users (null for {@link Kind#RESYNC}: everyone on the receiving node)
 * @param except   a connection id not to deliver to (USERS), or the one to deliver to (CONNECTION)
 * @param frame    the frame (USERS, CONNECTION), else null
 */
record Relay(String origin, Kind kind, List<UserId> users, String except, Frame frame) {
    enum Kind {
        /** frame to the users' connections, except one. */
        USERS("u"),
        /** frame to one connection (its id in except). */
        CONNECTION("c"),
        /** The publisher lost publications for these users (null: any): their connections must resume. */
        RESYNC("r"),
        /** These users just connected on the publisher: forget cached "offline" answers. */
        ONLINE("o");

        final String code;

        Kind(String code) {
            this.code = code;
        }

        static Kind of(String code) {
            for (Kind k : values()) {
                if (k.code.equals(code)) {
                    return k;
                }
            }
            return null;
        }
    }

    static Relay toUsers(String origin, Collection<UserId> users, String except, Frame frame) {
        return new Relay(origin, Kind.USERS, List.copyOf(users), except, frame);
    }

    /** The wire bytes of this entry alone (a publication of one). */
    byte[] encode() {
        return encodeAll(List.of(this));
    }

    /** Entries back to back; each header line says how many frame bytes follow it. */
    static byte[] encodeAll(List<Relay> relays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * relays.size());
        for (Relay r : relays) {
            r.writeTo(out);
        }
        return out.toByteArray();
    }

    private void writeTo(ByteArrayOutputStream out) {
        ObjectNode h = Json.object();
        h.put("n", origin);
        h.put("k", kind.code);
        if (users != null) {
            ArrayNode list = h.putArray("u");
            for (UserId u : users) {
                list.addArray().add(u.pin()).add(u.appId());
            }
        }
        if (except != null) {
            h.put("x", except);
        }
        if (frame != null) {
            h.put("l", frame.size());
        }
        out.writeBytes(Json.write(h).getBytes(StandardCharsets.UTF_8)); // escaped JSON: never a raw newline
        out.write('\n');
        if (frame != null) {
            frame.writeTo(out);
        }
    }

    /** Parses a publication of one entry; null when it is not exactly one of ours. */
    static Relay decode(byte[] wire) {
        List<Relay> all = decodeAll(wire);
        return all.size() == 1 ? all.get(0) : null;
    }

    /**
     * The entries of a publication, in order. Decoding stops at the first entry that is not one of ours
     * (a foreign publisher on the channel, a cut or garbled text): what came before it stands.
     */
    static List<Relay> decodeAll(byte[] wire) {
        List<Relay> out = new ArrayList<>(1);
        int pos = 0;
        while (pos < wire.length) {
            int nl = indexOf(wire, (byte) '\n', pos);
            int headerEnd = nl < 0 ? wire.length : nl;
            JsonNode h = parse(wire, pos, headerEnd - pos);
            if (h == null || !h.isObject() || !h.path("n").isTextual()) {
                return out;
            }
            Frame frame = null;
            int next = nl < 0 ? wire.length : nl + 1;
            JsonNode l = h.get("l");
            if (l != null) {
                if (!l.canConvertToInt() || l.asInt() < 0 || nl < 0 || l.asInt() > wire.length - next) {
                    return out;
                }
                frame = Frame.ofUtf8(Arrays.copyOfRange(wire, next, next + l.asInt()));
                next += l.asInt();
            }
            Relay r = of(h, frame);
            if (r == null) {
                return out;
            }
            out.add(r);
            pos = next;
        }
        return out;
    }

    private static Relay of(JsonNode h, Frame frame) {
        Kind kind = Kind.of(h.path("k").asText());
        if (kind == null) {
            return null;
        }
        List<UserId> users = null;
        JsonNode u = h.get("u");
        if (u != null && u.isArray()) {
            users = new ArrayList<>(u.size());
            for (JsonNode pair : u) {
                if (pair.size() == 2 && pair.get(0).isTextual() && pair.get(1).isTextual()) {
                    users.add(new UserId(pair.get(0).asText(), pair.get(1).asText()));
                }
            }
        }
        JsonNode x = h.get("x");
        boolean needsFrame = kind == Kind.USERS || kind == Kind.CONNECTION;
        if (needsFrame && (frame == null || (kind == Kind.USERS && users == null) || (kind == Kind.CONNECTION && x == null))) {
            return null;
        }
        return new Relay(h.path("n").asText(), kind, users, x == null ? null : x.asText(), frame);
    }

    private static JsonNode parse(byte[] wire, int offset, int length) {
        try {
            JsonNode node = Json.MAPPER.readTree(wire, offset, length);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private static int indexOf(byte[] wire, byte b, int from) {
        for (int i = from; i < wire.length; i++) {
            if (wire[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
