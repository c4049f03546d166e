package io.parley.build;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Build step: makes every shipped JS and CSS file pure ASCII, then fails the build if any byte
 * {@code >= 0x80} is left. A script served as {@code text/javascript} without a charset is decoded
 * with the host page's encoding, so raw UTF-8 turns into mojibake on GBK or windows-1252 pages;
 * escaped text reads the same under every ASCII-compatible encoding.
 * Args: one or more output directories.
 */
public final class AsciiAssets {
    private AsciiAssets() {
    }

    public static void main(String[] args) throws IOException {
        for (String dir : args) {
            for (Path file : shipped(Path.of(dir))) {
                String text = decode(file);
                String name = file.getFileName().toString();
                String ascii = name.endsWith(".css") ? escapeCss(text) : escapeJs(text);
                if (!ascii.equals(text)) {
                    Files.writeString(file, ascii, StandardCharsets.US_ASCII);
                }
                String where = firstNonAscii(Files.readAllBytes(file));
                if (where != null) {
                    throw new IllegalStateException("[ascii] " + file + ": non-ASCII byte left at " + where);
                }
            }
        }
    }

    /** The .js, .mjs and .css files directly in dir (missing dir: none). */
    static List<Path> shipped(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().matches(".*\\.(js|mjs|css)$")).sorted().collect(Collectors.toList());
        }
    }

    /** Strict UTF-8: a malformed file fails the build instead of being escaped into garbage. */
    private static String decode(Path file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("[ascii] " + file + " is not valid UTF-8", e);
        }
    }

    /**
     * Every non-ASCII UTF-16 unit becomes {@code \\uXXXX}: the same value in string, template and
     * regex literals and in identifiers. After an odd run of backslashes the char was itself
     * escaped ({@code \\é} means é), so only {@code uXXXX} is added to the existing backslash.
     */
    public static String escapeJs(String js) {
        StringBuilder out = new StringBuilder(js.length() + 64);
        for (int i = 0; i < js.length(); i++) {
            char c = js.charAt(i);
            if (c < 0x80) {
                out.append(c);
                continue;
            }
            if (!escapedByBackslashes(out)) {
                out.append('\\');
            }
            out.append('u').append(hex(c, 4));
        }
        return out.toString();
    }

    /**
     * Every non-ASCII code point becomes {@code \\HEX } (the one space ends the escape and is
     * consumed by the CSS parser): valid in strings, identifiers and selectors alike.
     */
    public static String escapeCss(String css) {
        StringBuilder out = new StringBuilder(css.length() + 64);
        for (int i = 0; i < css.length(); ) {
            int cp = css.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.append((char) cp);
                continue;
            }
            if (!escapedByBackslashes(out)) {
                out.append('\\');
            }
            out.append(Integer.toHexString(cp)).append(' ');
        }
        return out.toString();
    }

    /** True when the text so far ends in an odd number of backslashes. */
    private static boolean escapedByBackslashes(StringBuilder out) {
        int n = 0;
        for (int k = out.length() - 1; k >= 0 && out.charAt(k) == '\\'; k--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String hex(int value, int digits) {
        String h = Integer.toHexString(value);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    /** "line L, column C (byte 0xNN)" of the first byte >= 0x80, or null when all are ASCII. */
    public static String firstNonAscii(byte[] bytes) {
        int line = 1;
        int col = 1;
        for (byte b : bytes) {
            if (b < 0) {
                return "line " + line + ", column " + col + " (byte 0x" + Integer.toHexString(b & 0xff) + ")";
            }
            if (b == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return null;
    }
}
