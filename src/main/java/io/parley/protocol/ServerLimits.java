package io.parley.protocol;

/**
 * The server's limits as announced in {@code auth_ok.limits} (field names below). A client starts
 * from today's defaults and takes each announced value that makes sense, so an older server that
 * sends no {@code limits} still works.
 */
public final class ServerLimits {
    public static final String FIELD = "limits";
    public static final String RECALL_WINDOW_MS = "recallWindowMs";
    public static final String MAX_TEXT_CHARS = "maxTextChars";
    public static final String TYPING_INTERVAL_MS = "typingIntervalMs";
    public static final String TYPING_TTL_MS = "typingTtlMs";
    public static final String MAX_UPLOAD_BYTES = "maxUploadBytes";
    public static final String MAX_UPLOAD_PIXELS = "maxUploadPixels";

    /** 0 turns recall off. */
    public double recallWindowMs = Limits.DEFAULT_RECALL_WINDOW_MS;
    public int maxTextChars = Limits.MAX_TEXT_CHARS;
    public double typingIntervalMs = Limits.TYPING_MIN_INTERVAL_MS;
    public double typingTtlMs = Limits.TYPING_TTL_MS;
    /**
     * Upload caps (bytes; width × height) as announced, NaN when not (then there is none: every
     * comparison with NaN is false). Users check them with {@link #cap}.
     */
    public double maxUploadBytes = Double.NaN;
    public double maxUploadPixels = Double.NaN;

    /** An announced upload cap, or infinity (no cap) when it is absent or makes no sense. */
    public static double cap(double v) {
        return pick(v, 1, 1e15, 1 / 0.0);
    }

    /** v when it is a whole number in [min, max] (NaN fails), the fallback otherwise. */
    public static double pick(double v, double min, double max, double fallback) {
        return v >= min && v <= max && v == Math.floor(v) ? v : fallback;
    }
}
