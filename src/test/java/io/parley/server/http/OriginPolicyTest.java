package io.parley.server.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class OriginPolicyTest {

    @Test
    public void normalizesSchemeHostAndDefaultPorts() {
        assertEquals("https://a.example", OriginPolicy.normalize("HTTPS://A.Example:443"));
        assertEquals("http://a.example", OriginPolicy.normalize("http://a.example:80/"));
        assertEquals("http://a.example:8080", OriginPolicy.normalize("http://a.example:8080"));
        assertNull(OriginPolicy.normalize("null"));
        assertNull(OriginPolicy.normalize("file://"));
        assertNull(OriginPolicy.normalize("http://a.example/path"));
        assertNull(OriginPolicy.normalize("ftp://a.example"));
        assertNull(OriginPolicy.normalize("http://user@a.example"));
    }

    @Test
    public void ownOriginComesFromHostAndScheme() {
        OriginPolicy p = new OriginPolicy(List.of(), false);
        assertTrue(p.isAllowed("http://chat.example:8080", "http", "chat.example:8080"));
        assertTrue(p.isAllowed("https://chat.example", "https", "chat.example"));
        assertFalse(p.isAllowed("http://chat.example", "https", "chat.example"));
        assertFalse(p.isAllowed("http://other.example:8080", "http", "chat.example:8080"));
        assertTrue("no Origin = non-browser client", p.isAllowed(null, "http", "chat.example"));
    }

    @Test
    public void devAllowsOnlyHttpLocalhost() {
        OriginPolicy dev = new OriginPolicy(List.of(), true);
        assertTrue(dev.isAllowed("http://localhost:1234", "http", "x"));
        assertTrue(dev.isAllowed("http://127.0.0.1:9", "http", "x"));
        assertTrue(dev.isAllowed("http://localhost", "http", "x"));
        assertFalse(dev.isAllowed("http://localhost.evil.com:1234", "http", "x"));
        assertFalse(dev.isAllowed("http://127.0.0.2:1234", "http", "x"));
        assertFalse(new OriginPolicy(List.of(), false).isAllowed("http://localhost:1234", "http", "x"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsMalformedConfiguredOrigin() {
        new OriginPolicy(List.of("shop.example"), false);
    }
}
