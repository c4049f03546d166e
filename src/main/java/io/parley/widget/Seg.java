package io.parley.widget;

import io.parley.sdk.Dom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A run of message text: plain, or an http(s) link. Templates render both as text nodes
 * (a link's text inside an {@code <a>}), so nothing in a message ever becomes markup.
 */
public final class Seg {
    public final String text;
    /** The validated absolute http(s) URL, or null for plain text. */
    public final String href;

    Seg(String text, String href) {
        this.text = text;
        this.href = href;
    }

    public boolean isLink() {
        return href != null;
    }

    /** Splits text into plain runs and http(s) URLs, checked and normalized by the browser's URL parser. */
    static List<Seg> split(String text) {
        return split(text, Dom::httpUrl);
    }

    /**
     * Splits text into plain runs and http(s) URLs. No regex, to keep it out of the bundle.
     * {@code httpUrl} returns a candidate's normalized absolute http(s) URL, or null to leave it plain.
     */
    static List<Seg> split(String text, UnaryOperator<String> httpUrl) {
        List<Seg> out = new ArrayList<>(1);
        int plainStart = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = nextScheme(text, i);
            if (start < 0) {
                break;
            }
            int end = start;
            while (end < n && urlChar(text.charAt(end))) {
                end++;
            }
            end = trimTrailing(text, start, end);
            String candidate = text.substring(start, end);
            String href = end - start > 8 ? httpUrl.apply(candidate) : null;
            if (href == null) {
                i = start + 4;
                continue;
            }
            if (start > plainStart) {
                out.add(new Seg(text.substring(plainStart, start), null));
            }
            out.add(new Seg(candidate, href));
            plainStart = end;
            i = end;
        }
        if (plainStart < n || out.isEmpty()) {
            out.add(new Seg(text.substring(plainStart), null));
        }
        return out;
    }

    /** Index of the next "http://" or "https://" (any case) that does not continue a word. */
    private static int nextScheme(String s, int from) {
        int n = s.length();
        for (int i = from; i + 7 <= n; i++) {
            char c = s.charAt(i);
            if (c != 'h' && c != 'H') {
                continue;
            }
            if (i > 0 && asciiWord(s.charAt(i - 1))) {
                continue;
            }
            if (lowerAt(s, i, "http://") || lowerAt(s, i, "https://")) {
                return i;
            }
        }
        return -1;
    }

    private static boolean asciiWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** ASCII case-insensitive match of a lower-case word at s[i]. */
    private static boolean lowerAt(String s, int i, String word) {
        if (i + word.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            char c = s.charAt(i + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            if (c != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean urlChar(char c) {
        if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '`' || c == '\\' || c == '{' || c == '}'
                || c == '|' || c == '^' || c == 0x7f) {
            return false;
        }
        // stop at CJK punctuation and full-width forms that commonly follow a URL in Chinese text
        return !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xff00 && c <= 0xffef) && c != 0x2026 && c != 0x201c
                && c != 0x201d && c != 0x2018 && c != 0x2019;
    }

    /** Drops sentence punctuation after a URL; a ')' stays when the URL opened one. */
    private static int trimTrailing(String s, int start, int end) {
        while (end > start) {
            char c = s.charAt(end - 1);
            if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') {
                end--;
            } else if (c == ')' || c == ']') {
                char open = c == ')' ? '(' : '[';
                int opens = 0;
                int closes = 0;
                for (int k = start; k < end; k++) {
                    char d = s.charAt(k);
                    if (d == open) {
                        opens++;
                    } else if (d == c) {
                        closes++;
                    }
                }
                if (closes > opens) {
                    end--;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        return end;
    }
}
