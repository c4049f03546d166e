package io.parley.server.limits;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

public class ClientAddressTest {
    private final ClientAddress addresses = new ClientAddress(List.of("10.0.0.1", "10.0.0.2"));

    @Test
    public void forwardedForFromAnyoneElseIsIgnored() {
        assertEquals("203.0.113.9", addresses.resolve("203.0.113.9", "1.2.3.4"));
        assertEquals("203.0.113.9", addresses.resolve("203.0.113.9", null));
    }

    @Test
    public void aTrustedProxyNamesTheClient() {
        assertEquals("198.51.100.7", addresses.resolve("10.0.0.1", "198.51.100.7"));
        assertEquals("10.0.0.1", addresses.resolve("10.0.0.1", null));
    }

    @Test
    public void readFromTheRightSkippingTrustedHops() {
        // the client may prepend anything; only what our proxies appended counts
        assertEquals("198.51.100.7", addresses.resolve("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2"));
        assertEquals("198.51.100.7", addresses.resolve("10.0.0.1", "198.51.100.7,, 10.0.0.2 , "));
    }

    @Test
    public void allHopsTrustedMeansTheFirstOne() {
        assertEquals("10.0.0.2", addresses.resolve("10.0.0.1", "10.0.0.2, 10.0.0.1"));
        assertEquals("10.0.0.1", addresses.resolve("10.0.0.1", " , "));
    }
}
