package io.parley.server.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.Test;

import io.parley.protocol.ErrorCode;

/** The optional signed {@code name} claim: the display name a host backend vouches for. */
public class TokenNameClaimTest {
    private final TokenService tokens = new TokenService("s3cret");
    private final long future = System.currentTimeMillis() / 1000 + 600;

    /** A token over arbitrary claims JSON, signed as a host backend would. */
    private static String signed(String claimsJson) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String body = b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return body + "." + b64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    public void theNameRoundTrips() {
        TokenService.Verification v = tokens.verify(tokens.sign("p1", "app", future, "Dr. Wang"));
        assertTrue(v.isValid());
        assertEquals(new TokenService.Claims("p1", "app", future, "Dr. Wang"), v.claims());
        assertNull(tokens.verify(tokens.sign("p1", "app", future)).claims().name());
        assertNull(tokens.verify(tokens.sign("p1", "app", future, null)).claims().name());
    }

    @Test
    public void aUserPrintsAsPinAtApp() {
        assertEquals("p1@app", new UserId("p1", "app").toString());
    }

    @Test
    public void aNameMustBeAStringOrNull() throws Exception {
        assertNull(tokens.verify(signed("{\"pin\":\"p\",\"appId\":\"a\",\"exp\":" + future + ",\"name\":null}"))
                .claims().name());
        for (String bad : new String[] {"7", "{}", "[\"x\"]", "true"}) {
            TokenService.Verification v = tokens.verify(signed("{\"pin\":\"p\",\"appId\":\"a\",\"exp\":" + future
                    + ",\"name\":" + bad + "}"));
            assertFalse(bad, v.isValid());
            assertEquals(ErrorCode.BAD_TOKEN, v.failure());
            assertTrue(v.reason(), v.reason().contains("name"));
        }
    }
}
