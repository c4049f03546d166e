package io.parley.protocol;

/** Message types: the built-in ones and the rule for custom ("special type") names. */
public final class MessageType {
    public static final String TEXT = "text";
    public static final String IMAGE = "image";
    public static final String SYSTEM = "system";
    public static final String RECALL = "recall";

    private MessageType() {
    }

    public static boolean isReserved(String type) {
        return TEXT.equals(type) || IMAGE.equals(type) || SYSTEM.equals(type) || RECALL.equals(type);
    }

    /** {@code [A-Za-z][A-Za-z0-9_.-]{0,31}} and not reserved; written out to keep regex out of the browser bundle. */
    public static boolean isValidCustom(String type) {
        if (type == null || type.isEmpty() || type.length() > 32 || isReserved(type)) {
            return false;
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean ok = letter || (i > 0 && ((c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** True when the text has at least one non-whitespace character. */
    public static boolean hasVisibleText(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '\u00a0' && text.charAt(i) != '\u3000') {
                return true;
            }
        }
        return false;
    }
}
