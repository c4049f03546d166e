package io.parley.server.fanout.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.server.auth.UserId;
import io.parley.server.chat.Json;

/**
 * One publication on the cluster channel: a JSON header line (who sent it, what kind, to whom), then
 * for frame kinds the frame's text as it goes to the clients, so a receiving node never re-encodes it.
 *
 * @param origin   node id of the publisher (a node ignores its own publications)
 * @param kind     what to do with it
 * @param users    the addressed users (null for {@link Kind#RESYNC}: everyone on the receiving node)
 * @param except   a connection id not to deliver to (USERS), or the one to deliver to (CONNECTION)
 * @param frame    the frame's text (USERS, CONNECTION), else null
 */
record Relay(String origin, Kind kind, List<UserId> users, String except, String frame) {
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

    static Relay toUsers(String origin, Collection<UserId> users, String except, String frame) {
        return new Relay(origin, Kind.USERS, List.copyOf(users), except, frame);
    }

    /** The wire text: header line, then the frame (if any). The header never holds a raw newline. */
    String encode() {
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
        String header = Json.write(h);
        return frame == null ? header : header + "\n" + frame;
    }

    /** Parses a publication; null when it is not one of ours (a foreign publisher on the channel). */
    static Relay decode(String text) {
        int nl = text.indexOf('\n');
        JsonNode h = Json.parse(nl < 0 ? text : text.substring(0, nl));
        if (h == null || !h.path("n").isTextual()) {
            return null;
        }
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
        String frame = nl < 0 ? null : text.substring(nl + 1);
        boolean needsFrame = kind == Kind.USERS || kind == Kind.CONNECTION;
        if (needsFrame && (frame == null || (kind == Kind.USERS && users == null) || (kind == Kind.CONNECTION && x == null))) {
            return null;
        }
        return new Relay(h.path("n").asText(), kind, users, x == null ? null : x.asText(), frame);
    }
}
