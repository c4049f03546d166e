package io.parley.sdk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

/** The chatConfig checks on the JVM (parse reads a JS object; check is plain Java). */
public class ChatConfigTest {
    private static ChatConfig valid() {
        ChatConfig c = new ChatConfig();
        c.url = "wss://chat.example.com/ws";
        c.token = "t";
        c.pin = "patient-1";
        c.appId = "clinic.web";
        c.toChat = "doctor-7";
        c.toAppId = "clinic.web";
        c.clientType = "m";
        return c;
    }

    @Test
    public void aCompleteConfigIsUsable() {
        assertNull(valid().check());
        ChatConfig plainWs = valid();
        plainWs.url = "ws://127.0.0.1:8080/ws";
        assertNull(plainWs.check());
        ChatConfig noPeer = valid();
        noPeer.toChat = null;
        noPeer.toAppId = null;
        assertNull("group-only use needs no peer", noPeer.check());
        for (String type : new String[] { "m", "comet", "android", "iOS" }) {
            ChatConfig c = valid();
            c.clientType = type;
            assertNull(type, c.check());
        }
    }

    @Test
    public void theUrlMustBeAWebSocketUrl() {
        for (String url : new String[] { null, "", "https://chat.example.com/ws", "chat.example.com/ws", "WS:/x" }) {
            ChatConfig c = valid();
            c.url = url;
            assertEquals(String.valueOf(url), "chatConfig.url must be a ws:// or wss:// URL", c.check());
        }
    }

    @Test
    public void tokenPinAndAppIdAreRequired() {
        ChatConfig c = valid();
        c.token = "";
        assertEquals("chatConfig.token or chatConfig.tokenProvider (a function) is required", c.check());
        c.token = null;
        assertEquals("chatConfig.token or chatConfig.tokenProvider (a function) is required", c.check());
        c = valid();
        c.pin = "";
        assertEquals("chatConfig.pin is required", c.check());
        c.pin = null;
        assertEquals("chatConfig.pin is required", c.check());
        c = valid();
        c.appId = "";
        assertEquals("chatConfig.appId is required", c.check());
        c.appId = null;
        assertEquals("chatConfig.appId is required", c.check());
    }

    @Test
    public void unknownClientTypesAreRefused() {
        for (String type : new String[] { null, "", "web", "ios", "M" }) {
            ChatConfig c = valid();
            c.clientType = type;
            assertEquals(String.valueOf(type), "chatConfig.clientType must be one of m, comet, android, iOS", c.check());
        }
    }

    @Test
    public void toChatAndToAppIdGoTogether() {
        ChatConfig c = valid();
        c.toAppId = null;
        assertEquals("chatConfig.toChat and chatConfig.toAppId go together", c.check());
        c = valid();
        c.toChat = null;
        assertEquals("chatConfig.toChat and chatConfig.toAppId go together", c.check());
    }

    @Test
    public void theUploadUrlDefaultsToTheSocketsHost() {
        assertEquals("https://chat.example.com", Uploader.httpBase("wss://chat.example.com/ws"));
        assertEquals("http://127.0.0.1:8080", Uploader.httpBase("ws://127.0.0.1:8080/ws"));
        assertEquals("http://h:9", Uploader.httpBase("ws://h:9"));
    }
}
