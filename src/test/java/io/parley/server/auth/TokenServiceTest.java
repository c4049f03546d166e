package io.parley.server.auth;

import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.ErrorCode;

public class TokenServiceTest {
    private final TokenService tokens = new TokenService("s3cret");
    private final long future = System.currentTimeMillis() / 1000 + 600;

    @Test
    public void roundTrip() {
        TokenService.Verification v = tokens.verify(tokens.sign("patient-1", "parley.demo", future));
        assertTrue(v.isValid());
        assertEquals(new TokenService.Claims("patient-1", "parley.demo", future), v.claims());
    }

    /** The exact format of PROTOCOL.md, computed independently: a host backend can mint tokens itself. */
    @Test
    public void formatMatchesTheProtocol() throws Exception {
        String token = tokens.sign("patient-1", "parley.demo", 1767225600L);
        String[] parts = token.split("\\.");
        assertEquals(2, parts.length);
        assertFalse("no padding", token.contains("="));
        JsonNode claims = TestClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertEquals("patient-1", claims.path("pin").asText());
        assertEquals("parley.demo", claims.path("appId").asText());
        assertEquals(1767225600L, claims.path("exp").asLong());
        assertEquals(3, claims.size());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(parts[0].getBytes(StandardCharsets.US_ASCII)));
        assertEquals(sig, parts[1]);
        // and a token minted that way by someone else verifies here
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"pin\":\"x\",\"appId\":\"y\",\"exp\":" + future + "}").getBytes(StandardCharsets.UTF_8));
        String minted = body + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("x", tokens.verify(minted).claims().pin());
    }

    @Test
    public void forgedAndTamperedTokensAreBad() {
        assertEquals(ErrorCode.BAD_TOKEN, tokens.verify(new TokenService("other").sign("a", "b", future)).failure());
        String good = tokens.sign("a", "b", future);
        String evil = tokens.sign("admin", "b", future).split("\\.")[0] + "." + good.split("\\.")[1];
        assertEquals(ErrorCode.BAD_TOKEN, tokens.verify(evil).failure());
        for (int pos : new int[] {good.length() - 1, good.length() - 10, 3}) {
            for (char c : new char[] {'A', 'B', 'x'}) {
                if (good.charAt(pos) == c) {
                    continue;
                }
                String flipped = good.substring(0, pos) + c + good.substring(pos + 1);
                assertEquals(flipped, ErrorCode.BAD_TOKEN, tokens.verify(flipped).failure());
            }
        }
    }

    @Test
    public void malformedTokensAreBad() {
        for (String bad : new String[] {null, "", "abc", "a.b.c", ".", "abc.", ".abc", "!!.??", "a".repeat(5000) + ".b"}) {
            TokenService.Verification v = tokens.verify(bad);
            assertFalse(String.valueOf(bad), v.isValid());
            assertEquals(ErrorCode.BAD_TOKEN, v.failure());
        }
    }

    @Test
    public void signedButIncompleteClaimsAreBad() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (String claims : new String[] {"{\"pin\":\"a\",\"appId\":\"b\"}", "{\"pin\":\"a\",\"exp\":1}",
                "[1]", "{\"pin\":\"\",\"appId\":\"b\",\"exp\":99999999999}", "{\"pin\":\"a\",\"appId\":\"b\",\"exp\":\"x\"}"}) {
            String body = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            String token = body + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
            assertEquals(claims, ErrorCode.BAD_TOKEN, tokens.verify(token).failure());
        }
    }

    @Test
    public void expiry() {
        TokenService exact = new TokenService("s3cret", 0);
        String t = exact.sign("a", "b", 1000);
        assertEquals(ErrorCode.TOKEN_EXPIRED, exact.verify(t, 1000).failure());
        assertEquals(ErrorCode.TOKEN_EXPIRED, exact.verify(t, 5000).failure());
        assertTrue(exact.verify(t, 999).isValid());
    }

    @Test
    public void theClockSkewToleranceExtendsExpByItsSeconds() {
        assertEquals(TokenService.DEFAULT_CLOCK_SKEW_SECONDS, tokens.clockSkewSeconds());
        String t = tokens.sign("a", "b", 1000);
        assertTrue(tokens.verify(t, 1000 + TokenService.DEFAULT_CLOCK_SKEW_SECONDS - 1).isValid());
        TokenService.Verification late = tokens.verify(t, 1000 + TokenService.DEFAULT_CLOCK_SKEW_SECONDS);
        assertEquals(ErrorCode.TOKEN_EXPIRED, late.failure());
        assertTrue(late.reason(), late.reason().contains("clock-skew tolerance 30 s"));
        TokenService wide = new TokenService("s3cret", 300);
        assertTrue(wide.verify(t, 1299).isValid());
        assertFalse(wide.verify(t, 1300).isValid());
        assertEquals(1_300_000, wide.sessionEndMs(wide.verify(t, 1000).claims()));
        for (long bad : new long[] {-1, TokenService.MAX_CLOCK_SKEW_SECONDS + 1}) {
            assertThrows(IllegalArgumentException.class, () -> new TokenService("s3cret", bad));
        }
    }

    @Test
    public void anExpInMillisecondsIsRefusedSayingSo() {
        long nowMs = 1_767_225_600_000L;
        TokenService.Verification v = tokens.verify(tokens.sign("a", "b", nowMs + 3_600_000), nowMs / 1000);
        assertEquals(ErrorCode.BAD_TOKEN, v.failure());
        assertTrue(v.reason(), v.reason().startsWith("exp must be in seconds"));
        // the largest plausible seconds value still passes the unit check
        TokenService.Verification edge = tokens.verify(tokens.sign("a", "b", TokenService.MAX_EXP_SECONDS), nowMs / 1000);
        assertTrue(edge.isValid());
        assertEquals(ErrorCode.BAD_TOKEN, tokens.verify(tokens.sign("a", "b", TokenService.MAX_EXP_SECONDS + 1),
                nowMs / 1000).failure());
    }
}
