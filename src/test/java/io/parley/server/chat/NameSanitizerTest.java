package io.parley.server.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Display names lose bidi overrides, controls and invisible characters; what is visible stays. */
public class NameSanitizerTest {
    @Test
    public void bidiOverridesAndIsolatesAreStripped() {
        // "alice (owner)" spoofed as RLO + reversed text
        assertEquals("bob)renwo( ecila", NameSanitizer.clean("bob\u202E)renwo( ecila"));
        for (int cp : new int[] {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E,
            0x200F, 0x061C}) {
            assertEquals(Integer.toHexString(cp), "ab", NameSanitizer.clean("a" + new String(Character.toChars(cp)) + "b"));
        }
    }

    @Test
    public void controlsAndInvisiblesAreStripped() {
        assertEquals("ab", NameSanitizer.clean("a\u0000\u0007\u001B\u007F\u0085\u009Bb"));
        assertEquals("ab", NameSanitizer.clean("a\u200B\u2060\uFEFF\u00ADb"));        // zero-width, word joiner, BOM, soft hyphen
        assertEquals("ab", NameSanitizer.clean("a\u115F\u1160\u3164\uFFA0\u2800b"));  // fillers and the braille blank
        assertEquals("ab", NameSanitizer.clean("a\uDB40\uDC41b"));                     // a tag character
        assertEquals("ab", NameSanitizer.clean("a\uD800b"));                           // a lone surrogate
        assertEquals("ab", NameSanitizer.clean("a\uDC00b"));
    }

    @Test
    public void whitespaceIsCollapsedAndTrimmed() {
        assertEquals("Dr. Wang", NameSanitizer.clean("  Dr.\t\n\u2028\u00A0 Wang \u3000"));
        assertEquals("a b", NameSanitizer.clean("a\u202E b"));
        assertEquals("a b", NameSanitizer.clean("a \u202Eb"));
        assertNull(NameSanitizer.clean(" \u202E\u200B\t "));
        assertNull(NameSanitizer.clean(""));
        assertNull(NameSanitizer.clean(null));
    }

    @Test
    public void visibleTextSurvives() {
        for (String name : new String[] {"咚咚", "京东客服", "Zoë", "محمد", "עברית", "👩‍⚕️ Dr. Ng", "👨‍👩‍👧", "a-b_c.d"}) {
            assertEquals(name, NameSanitizer.clean(name));
        }
        assertTrue(NameSanitizer.clean("👩‍⚕️").contains("\u200D")); // the joiner inside an emoji sequence stays
        assertFalse(NameSanitizer.isInvisible('a'));
        assertFalse(NameSanitizer.isInvisible(0x200D));
        assertTrue(NameSanitizer.isInvisible(0x202E));
    }
}
