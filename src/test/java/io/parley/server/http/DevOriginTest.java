package io.parley.server.http;

import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;

import static org.junit.Assert.assertEquals;


import org.junit.Test;

/** With --dev, any localhost port is allowed. */
public class DevOriginTest extends ServerTestBase {
    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.dev(true);
    }

    @Test
    public void devAllowsLocalhostOrigins() throws Exception {
        connect("http://localhost:5173").request(authPacket("a", token("a", APP), "a", APP), "auth_ok");
        connect("http://127.0.0.1:3000").request(authPacket("a", token("b", APP), "b", APP), "auth_ok");
    }

    @Test
    public void devStillRefusesOtherOrigins() throws Exception {
        OriginTest.assertRefused(connect("https://evil.example"), "https://evil.example");
    }
}
