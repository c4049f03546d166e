package io.parley.protocol;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class MessageTypeTest {
    @Test
    public void customNames() {
        assertTrue(MessageType.isValidCustom("order"));
        assertTrue(MessageType.isValidCustom("Order.v2_card-x"));
        assertTrue(MessageType.isValidCustom("a2345678901234567890123456789012"));
        assertFalse(MessageType.isValidCustom("a23456789012345678901234567890123"));
        assertFalse(MessageType.isValidCustom("text"));
        assertFalse(MessageType.isValidCustom("image"));
        assertFalse(MessageType.isValidCustom("2fa"));
        assertFalse(MessageType.isValidCustom("_x"));
        assertFalse(MessageType.isValidCustom("a b"));
        assertFalse(MessageType.isValidCustom("<script>"));
        assertFalse(MessageType.isValidCustom(""));
        assertFalse(MessageType.isValidCustom(null));
    }

    @Test
    public void visibleText() {
        assertTrue(MessageType.hasVisibleText(" a "));
        assertTrue(MessageType.hasVisibleText("你好"));
        assertFalse(MessageType.hasVisibleText(" \n\t "));
        assertFalse(MessageType.hasVisibleText("\u3000\u00a0"));
        assertFalse(MessageType.hasVisibleText(""));
        assertFalse(MessageType.hasVisibleText(null));
    }

    @Test
    public void clientTypesOfTheSource() {
        assertTrue(ClientType.isValid("m"));
        assertTrue(ClientType.isValid("comet"));
        assertTrue(ClientType.isValid("android"));
        assertTrue(ClientType.isValid("iOS"));
        assertFalse(ClientType.isValid("ios"));
        assertFalse(ClientType.isValid(null));
    }

    @Test
    public void letterRangesIncludeTheirEnds() {
        assertTrue(MessageType.isValidCustom("a"));
        assertTrue(MessageType.isValidCustom("z"));
        assertTrue(MessageType.isValidCustom("A"));
        assertTrue(MessageType.isValidCustom("Z"));
        assertTrue(MessageType.isValidCustom("x09"));
        assertFalse(MessageType.isValidCustom("`a"));
        assertFalse(MessageType.isValidCustom("{a"));
        assertFalse(MessageType.isValidCustom("@a"));
        assertFalse(MessageType.isValidCustom("[a"));
        assertFalse(MessageType.isValidCustom("a/"));
        assertFalse(MessageType.isValidCustom("a:"));
    }
}
