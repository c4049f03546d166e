package io.parley.bench;

import io.parley.protocol.Field;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mints login tokens as docs/PROTOCOL.md defines them:
 * {@code base64url(claimsJson) + "." + base64url(HMAC-SHA256(secret, base64url(claimsJson)))}.
 * Written against the document, not the server's classes, so the bench survives server refactors.
 */
final class BenchTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    BenchTokens(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A token for (pin, appId) valid for one hour. */
    String sign(String pin, String appId) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put(Field.PIN, pin);
        claims.put(Field.APP_ID, appId);
        claims.put(Field.EXP, System.currentTimeMillis() / 1000 + 3600);
        String body = B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(mac(body));
    }

    /** True when token carries a valid signature (the relay checks it, as Parley does; expiry is not checked). */
    boolean verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        String body = token.substring(0, dot);
        return java.security.MessageDigest.isEqual(B64.encodeToString(mac(body)).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
