package io.parley.server.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Byte-order reads and ASCII scans over an upload held in memory; shared by the format inspectors. */
public final class Bytes {
    private Bytes() {
    }

    public static String ascii(byte[] d, int at, int len) {
        return new String(d, at, len, StandardCharsets.ISO_8859_1);
    }

    public static long be32(byte[] d, int at) {
        return ((long) (d[at] & 0xFF) << 24) | ((d[at + 1] & 0xFF) << 16) | ((d[at + 2] & 0xFF) << 8) | (d[at + 3] & 0xFF);
    }

    public static int be16(byte[] d, int at) {
        return ((d[at] & 0xFF) << 8) | (d[at + 1] & 0xFF);
    }

    public static int le16(byte[] d, int at) {
        return (d[at] & 0xFF) | ((d[at + 1] & 0xFF) << 8);
    }

    public static int le24(byte[] d, int at) {
        return (d[at] & 0xFF) | ((d[at + 1] & 0xFF) << 8) | ((d[at + 2] & 0xFF) << 16);
    }

    public static long le32(byte[] d, int at) {
        return (d[at] & 0xFF) | ((d[at + 1] & 0xFF) << 8) | ((d[at + 2] & 0xFF) << 16) | ((long) (d[at + 3] & 0xFF) << 24);
    }

    /** First index in d[from, to) of ASCII needle, ignoring ASCII case; -1 if none. */
    public static int indexOfIgnoreCase(byte[] d, int from, int to, String needle) {
        byte[] nb = needle.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        int last = to - nb.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < nb.length; j++) {
                int c = d[i + j];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != nb[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** True when d[at, end) starts with prefix. */
    public static boolean startsWithAt(byte[] d, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (d[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean isLetters(byte[] d, int at, int len) {
        for (int i = at; i < at + len; i++) {
            int c = d[i];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    static String hex(int b) {
        return String.format("%02X", b);
    }
}
