package io.parley.server.chat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed, range-checked reads of a packet's fields. Each failure is an invalid_field
 * {@link ProtocolException} whose message names the field and what it must be, e.g.
 * "field 'count' must be an integer 1..100". A JSON null counts as absent.
 */
public final class Fields {
    private final JsonNode node;
    private final String prefix;

    Fields(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    JsonNode raw(String name) {
        return has(name) ? node.get(name) : null;
    }

    String name(String field) {
        return "'" + prefix + field + "'";
    }

    String requiredString(String field, int min, int max) throws ProtocolException {
        if (!has(field)) {
            throw ProtocolException.invalid("field " + name(field) + " is required (" + stringRule(min, max) + ")");
        }
        return optionalString(field, min, max);
    }

    /** null when absent. */
    String optionalString(String field, int min, int max) throws ProtocolException {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() < min || v.asText().length() > max) {
            throw ProtocolException.invalid("field " + name(field) + " must be a " + stringRule(min, max));
        }
        return v.asText();
    }

    private static String stringRule(int min, int max) {
        return min == 0 ? "string of at most " + max + " characters" : "string of " + min + ".." + max + " characters";
    }

    long requiredLong(String field, long min, long max) throws ProtocolException {
        if (!has(field)) {
            throw ProtocolException.invalid("field " + name(field) + " is required (integer " + min + ".." + max + ")");
        }
        return optionalLong(field, min, max);
    }

    /** null when absent. */
    Long optionalLong(String field, long min, long max) throws ProtocolException {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw ProtocolException.invalid("field " + name(field) + " must be an integer " + min + ".." + max);
        }
        return v.asLong();
    }

    Integer optionalInt(String field, int min, int max) throws ProtocolException {
        Long v = optionalLong(field, min, max);
        return v == null ? null : v.intValue();
    }

    /** null when absent; otherwise must be a JSON object. */
    JsonNode optionalObject(String field) throws ProtocolException {
        JsonNode v = raw(field);
        if (v != null && !v.isObject()) {
            throw ProtocolException.invalid("field " + name(field) + " must be a JSON object");
        }
        return v;
    }
}
