package io.parley.server.limits;

import java.util.EnumMap;
import java.util.Map;

/** The value of every {@link Limit}, immutable; unset ones keep their defaults. Every value is >= 1. */
public final class LimitsConfig {
    private final Map<Limit, Long> values;

    private LimitsConfig(Map<Limit, Long> values) {
        this.values = values;
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(new EnumMap<>(Limit.class));
    }

    /** A copy with limit set to value. */
    public LimitsConfig with(Limit limit, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("--" + limit.flag + " must be a positive integer, got " + value);
        }
        EnumMap<Limit, Long> copy = new EnumMap<>(Limit.class);
        copy.putAll(values);
        copy.put(limit, value);
        return new LimitsConfig(copy);
    }

    public long get(Limit limit) {
        Long v = values.get(limit);
        return v == null ? limit.defaultValue : v;
    }

    /** get(limit) capped to an int (page sizes, counts). */
    public int getInt(Limit limit) {
        return (int) Math.min(Integer.MAX_VALUE, get(limit));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
