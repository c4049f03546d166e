package io.parley.server.chat;

/**
 * Cleans a display name (nickname, group name) before it is stored: drops control characters, bidi
 * embeddings/overrides/isolates and other invisible format characters (so "‮nimda" cannot render
 * as "admin" or push the rest of a line around), turns line and paragraph separators into spaces,
 * collapses runs of whitespace and trims. The zero-width joiner survives: emoji sequences need it.
 */
public final class NameSanitizer {
    private static final int ZWJ = 0x200D;

    private NameSanitizer() {
    }

    /** The cleaned name, or null when nothing visible is left (the pin is shown instead). */
    public static String clean(String name) {
        if (name == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(name.length());
        boolean space = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = out.length() > 0;
                continue;
            }
            if (isInvisible(cp)) {
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(cp);
        }
        return out.length() == 0 ? null : out.toString();
    }

    /** Controls, lone surrogates, format characters (bidi marks and overrides, zero-width space, BOM, tags), fillers. */
    static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.SURROGATE) {
            return true;
        }
        if (type == Character.FORMAT) {
            return cp != ZWJ;
        }
        // Hangul fillers and the braille blank render as nothing but are letters/symbols to Unicode
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
    }
}
