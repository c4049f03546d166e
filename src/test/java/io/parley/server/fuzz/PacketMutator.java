package io.parley.server.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.Limits;

/**
 * Makes invalid packets for the protocol fuzzer: a valid template (every uplink type, aimed at a
 * group the sender is in) with exactly one mutation that the protocol must refuse, so every answer
 * must be an error and nothing may be stored. Mutations cover structure, types, numbers, nesting,
 * Unicode, long strings, binary frames and protocol violations. Raw JSON fragments (huge numbers,
 * lone-surrogate escapes, deep nesting) are spliced in through placeholders after serialization.
 */
final class PacketMutator {
    static final long MAX_SAFE = 9_007_199_254_740_991L;

    /** One fuzz input: a text frame (or binary), its category, and whether the server must close the connection after it. */
    record Fuzz(String category, String text, byte[] binary, boolean mayClose) {
        @Override
        public String toString() {
            String t = text == null ? "<binary " + binary.length + " bytes>" : text;
            return category + ": " + (t.length() > 300 ? t.substring(0, 300) + "…(" + t.length() + ")" : t);
        }
    }

    private enum Kind { STR, INT, OBJ, ARR, ENUM }

    /** A field a template checks: its path (dotted), kind, bounds and whether it is required. */
    private record Field(String path, Kind kind, long min, long max, boolean required) {
    }

    private record Template(ObjectNode packet, List<Field> fields) {
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Strings that are edge cases of Unicode handling; used only where they make a packet invalid. */
    private static final String[] UNICODE = {"\\ud800", "\\udfff", "\\udbff\\udfff", "\\u0000", "\\u202e", "\\u200b",
        "\\ufeff", "\\uffff", "\\ufffe", "e\\u0301", "\\ud83d\\ude00", "\\u2028", "\\u0085", "\u00ff", "\u4e2d\u6587",
        "\u0645\u0631\u062d\u0628\u0627", "\ud83d\udc69\u200d\u2695\ufe0f", "\\u001b[31m", "%00", "\\\\x00", "\u0441"};
    private static final String[] SPACES = {" ", "\\t", "\\n", "\\r", "\\u00a0", "\\u3000", "\\u2028", "\\u2029",
        "\\u000b", "\\u000c", "\\u001c"};

    private final Random r;
    private final long gid;
    private final long foreignGid;
    private final String ownFile;
    private final List<String> raws = new ArrayList<>();
    private int seq;

    PacketMutator(Random r, long gid, long foreignGid, String ownFile) {
        this.r = r;
        this.gid = gid;
        this.foreignGid = foreignGid;
        this.ownFile = ownFile;
    }

    /** An input for an authenticated connection. */
    Fuzz next() {
        int dice = r.nextInt(100);
        if (dice < 5) {
            return binary();
        }
        if (dice < 18) {
            return structure();
        }
        if (dice < 23) {
            return nesting();
        }
        if (dice < 28) {
            return typeField();
        }
        if (dice < 32) {
            return idField();
        }
        if (dice < 40) {
            return protocol();
        }
        if (dice < 48) {
            return unicode();
        }
        if (dice < 53) {
            return longStrings();
        }
        return fieldMutation(dice < 78 ? "types" : "numbers");
    }

    /** An input for a connection that has not authenticated: anything but a valid auth. */
    Fuzz beforeAuth() {
        int dice = r.nextInt(10);
        if (dice < 2) {
            return new Fuzz("protocol", authWith(badToken()), null, true);
        }
        if (dice < 3) {
            return binary();
        }
        if (dice < 5) {
            return structure();
        }
        Template t = template();
        return new Fuzz("protocol", render(t.packet()), null, false); // any valid request before auth
    }

    // ---- templates: valid packets, never sent as they are ----

    private Template template() {
        String id = "f" + (seq++);
        ObjectNode p = F.objectNode();
        List<Field> fields = new ArrayList<>();
        switch (r.nextInt(11)) {
            case 0 -> {
                p.put("type", "chat_message").put("id", id).put("clientMsgId", "c" + id).put("gid", gid)
                        .put("msgType", "text").put("content", "hello " + id);
                fields.add(new Field("clientMsgId", Kind.STR, 1, Limits.MAX_ID_CHARS, true));
                fields.add(new Field("content", Kind.STR, 1, Limits.MAX_TEXT_CHARS, true));
            }
            case 1 -> {
                p.put("type", "chat_message").put("id", id).put("clientMsgId", "c" + id).put("gid", gid)
                        .put("msgType", "image");
                p.putObject("image").put("url", ownFile).put("size", 1000).put("width", 64).put("height", 48);
                fields.add(new Field("image", Kind.OBJ, 0, 0, true));
                fields.add(new Field("image.url", Kind.STR, 1, 2048, true));
                fields.add(new Field("image.size", Kind.INT, 1, MAX_SAFE, true));
                fields.add(new Field("image.width", Kind.INT, 1, 100_000, false));
                fields.add(new Field("image.height", Kind.INT, 1, 100_000, false));
            }
            case 2 -> {
                p.put("type", "chat_message").put("id", id).put("clientMsgId", "c" + id).put("gid", gid)
                        .put("msgType", "survey").put("fallbackText", "[Survey]").put("version", 2);
                p.putObject("payload").put("q", 1);
                fields.add(new Field("payload", Kind.OBJ, 0, 0, true));
                fields.add(new Field("fallbackText", Kind.STR, 0, Limits.MAX_FALLBACK_TEXT_CHARS, false));
                fields.add(new Field("version", Kind.INT, 1, Limits.MAX_MESSAGE_VERSION, false));
            }
            case 3 -> {
                p.put("type", "history").put("id", id).put("gid", gid).put("startMid", -1).put("count", 20);
                fields.add(new Field("startMid", Kind.INT, -1, MAX_SAFE, false));
                fields.add(new Field("count", Kind.INT, 1, Limits.MAX_HISTORY_COUNT, false));
                fields.add(new Field("direction", Kind.ENUM, 0, 0, false));
            }
            case 4 -> {
                p.put("type", "sync").put("id", id).put("gid", gid).put("afterMid", 0).put("limit", 50);
                fields.add(new Field("afterMid", Kind.INT, 0, MAX_SAFE, true));
                fields.add(new Field("limit", Kind.INT, 1, Limits.MAX_SYNC_LIMIT, false));
            }
            case 5 -> {
                p.put("type", "recall").put("id", id).put("gid", gid).put("mid", 1);
                fields.add(new Field("mid", Kind.INT, 1, MAX_SAFE, true));
            }
            case 6 -> {
                p.put("type", "read").put("id", id).put("gid", gid).put("mid", 1);
                fields.add(new Field("mid", Kind.INT, 1, MAX_SAFE, true));
            }
            case 7 -> p.put("type", "read_state").put("id", id).put("gid", gid);
            case 8 -> p.put("type", "typing").put("id", id).put("gid", gid);
            case 9 -> {
                p.put("type", "create_group").put("id", id);
                ObjectNode g = p.putObject("group");
                g.put("name", "fuzz " + id).put("modifyFiled", 1).put("max", 10).put("canSearch", 0).put("kind", 512);
                g.putArray("invitees").addObject().put("pin", "someone").put("app", "parley.test");
                g.putObject("bizExt").put("k", "v");
                fields.add(new Field("group", Kind.OBJ, 0, 0, true));
                fields.add(new Field("group.name", Kind.STR, 1, Limits.MAX_NAME_CHARS, true));
                fields.add(new Field("group.max", Kind.INT, 1, Limits.MAX_GROUP_MAX, false));
                fields.add(new Field("group.canSearch", Kind.INT, 0, 1, false));
                fields.add(new Field("group.invitees", Kind.ARR, 0, 0, false));
                fields.add(new Field("group.bizExt", Kind.OBJ, 0, 0, false));
            }
            default -> p.put("type", "heartbeat").put("id", id);
        }
        if (p.has("gid")) {
            fields.add(new Field("gid", Kind.INT, 1, MAX_SAFE, true));
        }
        return new Template(p, fields);
    }

    // ---- categories ----

    private Fuzz fieldMutation(String category) {
        Template t = template();
        List<Field> fields = t.fields();
        if (fields.isEmpty()) {
            return typeField();
        }
        Field f = fields.get(r.nextInt(fields.size()));
        ObjectNode parent = parent(t.packet(), f.path());
        String name = leaf(f.path());
        if (f.required() && r.nextInt(6) == 0) {
            if (r.nextBoolean()) {
                parent.remove(name);
            } else {
                parent.putNull(name);
            }
            return new Fuzz(category, render(t.packet()), null, false);
        }
        if (f.path().equals("gid") && r.nextInt(3) == 0) {
            // in range, but not a group the sender is in (another's, or none): not_member either way
            parent.put(name, r.nextBoolean() ? foreignGid : gid + 1_000 + r.nextInt(1_000_000));
            return new Fuzz("protocol", render(t.packet()), null, false);
        }
        parent.set(name, category.equals("numbers") && f.kind() == Kind.INT ? badNumber(f) : wrongValue(f));
        return new Fuzz(category, render(t.packet()), null, false);
    }

    private JsonNode wrongValue(Field f) {
        return switch (f.kind()) {
            case STR -> switch (r.nextInt(f.min() >= 1 ? 7 : 6)) {
                case 0 -> F.numberNode(r.nextInt(1000));
                case 1 -> F.booleanNode(r.nextBoolean());
                case 2 -> F.objectNode().put("s", "x");
                case 3 -> F.arrayNode().add("x");
                case 4 -> F.numberNode(1.5);
                case 5 -> F.textNode(longString((int) f.max() + 1 + r.nextInt(1000)));
                default -> F.textNode("");
            };
            case INT -> switch (r.nextInt(6)) {
                case 0 -> F.textNode(String.valueOf(f.min()));
                case 1 -> F.booleanNode(true);
                case 2 -> F.objectNode();
                case 3 -> F.arrayNode().add(f.min());
                case 4 -> F.numberNode(f.min() + 0.5);
                default -> badNumber(f);
            };
            case OBJ -> switch (r.nextInt(4)) {
                case 0 -> F.textNode("{}");
                case 1 -> F.numberNode(0);
                case 2 -> F.arrayNode();
                default -> F.booleanNode(false);
            };
            case ARR -> switch (r.nextInt(4)) {
                case 0 -> F.objectNode();
                case 1 -> F.textNode("[]");
                case 2 -> F.arrayNode().add(7); // an element that is not an object
                default -> F.arrayNode().addObject().put("app", "no-pin");
            };
            case ENUM -> r.nextBoolean() ? F.textNode("sideways") : F.numberNode(1);
        };
    }

    /** A number the field must refuse: out of range, fractional, or beyond a long. */
    private JsonNode badNumber(Field f) {
        return switch (r.nextInt(8)) {
            case 0 -> F.numberNode(f.min() - 1 - r.nextInt(1000));
            case 1 -> F.numberNode(f.max() == Long.MAX_VALUE ? Long.MIN_VALUE : f.max() + 1 + r.nextInt(1000));
            case 2 -> F.numberNode(Long.MIN_VALUE);
            case 3 -> F.numberNode(f.max() + 0.25);
            case 4 -> raw("123456789012345678901234567890");
            case 5 -> raw("1e400");
            case 6 -> raw("-1e-400");
            default -> raw(r.nextBoolean() ? "4.0" : "1E2");
        };
    }

    private Fuzz structure() {
        String valid = render(template().packet());
        return switch (r.nextInt(9)) {
            case 0 -> new Fuzz("structure", valid.substring(0, r.nextInt(valid.length())), null, false);
            case 1 -> new Fuzz("structure", valid + (r.nextBoolean() ? "}" : " x"), null, false);
            case 2 -> new Fuzz("structure", "[" + valid + "]", null, false);
            case 3 -> new Fuzz("structure", new String[] {"null", "true", "42", "\"chat_message\"", "[]", "", "  ",
                "{}", "{\"\":\"\"}"}[r.nextInt(9)], null, false);
            case 4 -> new Fuzz("structure", valid.replaceFirst("\\{", "{\"type\":\"heartbeat\","), null, false); // duplicate key
            case 5 -> new Fuzz("structure", valid.replace("\"", "'"), null, false);
            case 6 -> new Fuzz("structure", valid.replace(":", "="), null, false);
            case 7 -> new Fuzz("structure", randomText(1 + r.nextInt(200)), null, false);
            default -> new Fuzz("structure", valid.replaceFirst(",", ",,"), null, false);
        };
    }

    private Fuzz nesting() {
        int depth = 50 + r.nextInt(3000);
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String deep = open.repeat(depth) + "1" + close.repeat(depth);
        if (r.nextBoolean()) {
            return new Fuzz("nesting", deep, null, false);
        }
        Template t = template();
        List<Field> scalar = new ArrayList<>();
        for (Field f : t.fields()) {
            if (f.kind() == Kind.STR || f.kind() == Kind.INT || f.kind() == Kind.ENUM) {
                scalar.add(f);
            }
        }
        if (scalar.isEmpty()) {
            t.packet().set("type", raw(deep)); // the type itself nested
        } else {
            Field f = scalar.get(r.nextInt(scalar.size()));
            parent(t.packet(), f.path()).set(leaf(f.path()), raw(deep));
        }
        return new Fuzz("nesting", render(t.packet()), null, false);
    }

    private Fuzz typeField() {
        ObjectNode p = template().packet();
        switch (r.nextInt(5)) {
            case 0 -> p.remove("type");
            case 1 -> p.putNull("type");
            case 2 -> p.set("type", r.nextBoolean() ? F.numberNode(1) : F.arrayNode().add("auth"));
            case 3 -> p.put("type", new String[] {"CHAT_MESSAGE", "chat_message ", "chat-message", "Auth", "ping",
                "error", "chat_message_ack", "history_result", "renew", "", "admin"}[r.nextInt(11)]);
            default -> p.set("type", raw("\"" + p.path("type").asText() + unicodeBit() + "\""));
        }
        return new Fuzz("types", render(p), null, false);
    }

    private Fuzz idField() {
        ObjectNode p = template().packet();
        switch (r.nextInt(4)) {
            case 0 -> p.put("id", r.nextInt(100));
            case 1 -> p.set("id", F.objectNode().put("id", "1"));
            case 2 -> p.put("id", longString(Limits.MAX_ID_CHARS + 1 + r.nextInt(100)));
            default -> p.set("id", F.arrayNode());
        }
        return new Fuzz("types", render(p), null, false);
    }

    private Fuzz protocol() {
        String id = "p" + (seq++);
        return switch (r.nextInt(8)) {
            case 0 -> new Fuzz("protocol", authWith("x"), null, false); // already authenticated
            case 1 -> new Fuzz("protocol", "{\"type\":\"chat_message\",\"id\":\"" + id + "\",\"clientMsgId\":\"c" + id
                    + "\",\"gid\":" + foreignGid + ",\"content\":\"not my group\"}", null, false);
            case 2 -> new Fuzz("protocol", "{\"type\":\"chat_message\",\"id\":\"" + id + "\",\"clientMsgId\":\"c" + id
                    + "\",\"content\":\"to nobody\"}", null, false); // no gid, no toChat, no default
            case 3 -> new Fuzz("protocol", "{\"type\":\"recall\",\"id\":\"" + id + "\",\"gid\":" + gid + ",\"mid\":"
                    + (MAX_SAFE - r.nextInt(1000)) + "}", null, false); // no such message
            case 4 -> new Fuzz("protocol", "{\"type\":\"chat_message\",\"id\":\"" + id + "\",\"clientMsgId\":\"c" + id
                    + "\",\"gid\":" + gid + ",\"msgType\":\"text\",\"content\":\"x\",\"fallbackText\":\"only custom\"}",
                    null, false);
            case 5 -> new Fuzz("protocol", "{\"type\":\"create_group\",\"id\":\"" + id + "\",\"group\":{\"gid\":" + foreignGid
                    + ",\"modifyFiled\":2,\"name\":\"hijack\"}}", null, false); // update a group one is not in
            case 6 -> new Fuzz("protocol", "{\"type\":\"chat_message\",\"id\":\"" + id + "\",\"clientMsgId\":\"c" + id
                    + "\",\"gid\":" + gid + ",\"msgType\":\"" + new String[] {"system", "recall", "1abc", "a b", "x".repeat(33),
                        "", "image", "t\u00e9xt"}[r.nextInt(8)] + "\",\"content\":\"x\",\"payload\":{}}", null, false);
            default -> new Fuzz("protocol", "{\"type\":\"chat_message\",\"id\":\"" + id + "\",\"clientMsgId\":\"c" + id
                    + "\",\"gid\":" + gid + ",\"msgType\":\"image\",\"image\":{\"url\":\"" + new String[] {
                        "http://169.254.169.254/latest/meta-data/", "javascript:alert(1)", "https://tracker.example/p.gif",
                        ownFile + "?x", ownFile.replace("/files/", "/api/"), "data:image/png;base64,AA"}[r.nextInt(6)]
                    + "\",\"size\":1}}", null, false);
        };
    }

    private Fuzz unicode() {
        String id = "u" + (seq++);
        String s = unicodeBit() + unicodeBit();
        return switch (r.nextInt(4)) {
            case 0 -> new Fuzz("unicode", "{\"type\":\"chat_message\",\"id\":\"" + id + "\",\"clientMsgId\":\"c" + id
                    + "\",\"gid\":" + gid + ",\"content\":\"" + spaces() + "\"}", null, false); // nothing visible
            case 1 -> new Fuzz("unicode", "{\"type\":\"" + s + "\",\"id\":\"" + id + "\"}", null, false);
            case 2 -> new Fuzz("unicode", "{\"type\":\"create_group\",\"id\":\"" + id + "\",\"group\":{\"name\":\""
                    + spaces() + "\\u202e\\u200b\\u2066\"}}", null, false); // a name of nothing visible
            default -> new Fuzz("unicode", "{\"type\":\"history\",\"id\":\"" + id + "\",\"gid\":" + gid
                    + ",\"direction\":\"" + s + "\"}", null, false);
        };
    }

    private Fuzz longStrings() {
        String id = "l" + (seq++);
        return switch (r.nextInt(4)) {
            case 0 -> new Fuzz("long", "{\"type\":\"chat_message\",\"id\":\"" + id + "\",\"clientMsgId\":\"c" + id
                    + "\",\"gid\":" + gid + ",\"content\":\"" + longString(Limits.MAX_TEXT_CHARS + 1 + r.nextInt(3000))
                    + "\"}", null, false);
            case 1 -> new Fuzz("long", "{\"type\":\"" + "t".repeat(10_000 + r.nextInt(40_000)) + "\"}", null, false);
            case 2 -> new Fuzz("long", "{\"type\":\"chat_message\",\"id\":\"" + id + "\",\"clientMsgId\":\"c" + id
                    + "\",\"gid\":" + gid + ",\"content\":\"" + "x".repeat(Limits.MAX_FRAME_BYTES) + "\"}", null, true);
            default -> new Fuzz("long", "{\"type\":\"chat_message\",\"id\":\"" + id + "\",\"clientMsgId\":\""
                    + longString(Limits.MAX_ID_CHARS + 1) + "\",\"gid\":" + gid + ",\"content\":\"x\"}", null, false);
        };
    }

    private Fuzz binary() {
        byte[] b = new byte[r.nextInt(2000)];
        r.nextBytes(b);
        if (b.length > 2 && r.nextBoolean()) {
            byte[] json = render(template().packet()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            b = json; // a valid packet, but in a binary frame
        }
        return new Fuzz("binary", null, b, false);
    }

    // ---- helpers ----

    private String authWith(String token) {
        return "{\"type\":\"auth\",\"id\":\"a" + (seq++) + "\",\"token\":\"" + token + "\",\"pin\":\"fuzz\",\"appId\":\"parley.test\"}";
    }

    private String badToken() {
        return switch (r.nextInt(4)) {
            case 0 -> "";
            case 1 -> "eyJwaW4iOiJ4In0.AAAA";
            case 2 -> "a.b.c";
            default -> "x".repeat(5000);
        };
    }

    private String unicodeBit() {
        return UNICODE[r.nextInt(UNICODE.length)];
    }

    private String spaces() {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + r.nextInt(8); i > 0; i--) {
            b.append(SPACES[r.nextInt(SPACES.length)]);
        }
        return b.toString();
    }

    /** At least n UTF-16 units of mixed scripts (each unit counts toward the limit). */
    private String longString(int n) {
        String[] parts = {"a", "\u00e9", "\u4e2d", "\ud83d\ude00", " ", "\u0645"};
        StringBuilder b = new StringBuilder(n + 2);
        while (b.length() < n) {
            b.append(parts[r.nextInt(parts.length)]);
        }
        return b.toString();
    }

    private String randomText(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) (r.nextBoolean() ? 32 + r.nextInt(95) : r.nextInt(0xD800)));
        }
        return b.toString();
    }

    private JsonNode raw(String json) {
        raws.add(json);
        return F.textNode("@@RAW" + (raws.size() - 1) + "@@");
    }

    /** Serializes p, splicing raw fragments in for their placeholders. */
    private String render(ObjectNode p) {
        String s = p.toString();
        for (int i = 0; i < raws.size(); i++) {
            s = s.replace("\"@@RAW" + i + "@@\"", raws.get(i));
        }
        raws.clear();
        return s;
    }

    private static ObjectNode parent(ObjectNode p, String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? p : (ObjectNode) p.get(path.substring(0, dot));
    }

    private static String leaf(String path) {
        return path.substring(path.indexOf('.') + 1);
    }

}
