package io.parley.server.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import io.parley.server.limits.ClientAddress;

/** --trusted-proxies: IP literals and CIDR blocks, never names. */
public class TrustedProxiesTest {
    private final TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.5", "172.16.0.0/12", "fd00::/8", "::1"));

    @Test
    public void addressesAndBlocksMatch() {
        assertTrue(proxies.contains("10.0.0.5"));
        assertFalse(proxies.contains("10.0.0.6"));
        assertTrue(proxies.contains("172.16.0.1"));
        assertTrue(proxies.contains("172.31.255.255"));
        assertFalse(proxies.contains("172.32.0.0"));
        assertTrue(proxies.contains("fd12:3456::1"));
        assertTrue(proxies.contains("[fd12:3456::1]"));
        assertTrue(proxies.contains("0:0:0:0:0:0:0:1"));
        assertFalse(proxies.contains("fe80::1"));
    }

    @Test
    public void namesAndGarbageNeverMatchAndAreNeverLookedUp() {
        for (String notAnIp : new String[] {"localhost", "proxy.internal", "", "  ", "unknown", "10.0.0.5x", null}) {
            assertFalse(String.valueOf(notAnIp), proxies.contains(notAnIp));
        }
        assertFalse(new TrustedProxies(List.of()).contains("127.0.0.1"));
    }

    @Test
    public void badEntriesAreRefusedNamingThem() {
        for (String bad : new String[] {"proxy.internal", "10.0.0.0/99", "10.0.0/8", "", "1.2.3.4/x"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> new TrustedProxies(List.of(bad)));
            assertTrue(e.getMessage(), e.getMessage().contains("'" + bad + "'"));
        }
    }

    @Test
    public void theClientAddressTrustsBlocksToo() {
        ClientAddress a = new ClientAddress(List.of("10.0.0.0/8"));
        assertEquals("198.51.100.7", a.resolve("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9"));
        assertEquals("203.0.113.9", a.resolve("203.0.113.9", "1.2.3.4"));
    }
}
