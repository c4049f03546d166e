package io.parley.server.auth;

import io.parley.protocol.Field;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ErrorCode;
import io.parley.protocol.Limits;

/**
 * Signs and verifies login tokens (docs/PROTOCOL.md):
 * {@code base64url(claimsJson) + "." + base64url(HMAC-SHA256(secret, base64url(claimsJson)))}, no padding.
 */
public final class TokenService {
    private static final String HMAC = "HmacSHA256";
    /** Far above any real token; bounds the work an attacker can make us do. */
    private static final int MAX_TOKEN_CHARS = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    /** How long after {@code exp} a token still passes by default: the host backend's clock may run ahead. */
    public static final long DEFAULT_CLOCK_SKEW_SECONDS = 30;
    public static final long MAX_CLOCK_SKEW_SECONDS = 3600;
    /**
     * An exp above this (the year 5138 in seconds) is a millisecond timestamp: now in milliseconds is
     * about 1.8e12, and read as seconds it would make the token valid for some 56 000 years.
     */
    public static final long MAX_EXP_SECONDS = 100_000_000_000L;

    private final SecretKeySpec key;
    private final long clockSkewSeconds;

    public TokenService(String secret) {
        this(secret, DEFAULT_CLOCK_SKEW_SECONDS);
    }

    /** @param clockSkewSeconds how long after its exp a token is still accepted (0..{@value #MAX_CLOCK_SKEW_SECONDS}) */
    public TokenService(String secret, long clockSkewSeconds) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("token secret must not be empty");
        }
        if (clockSkewSeconds < 0 || clockSkewSeconds > MAX_CLOCK_SKEW_SECONDS) {
            throw new IllegalArgumentException("clock skew must be 0.." + MAX_CLOCK_SKEW_SECONDS + " s, got "
                    + clockSkewSeconds);
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.clockSkewSeconds = clockSkewSeconds;
    }

    public long clockSkewSeconds() {
        return clockSkewSeconds;
    }

    /** When a session authenticated with claims ends (epoch ms): its exp plus the skew tolerance, as at login. */
    public long sessionEndMs(Claims claims) {
        return (claims.exp() + clockSkewSeconds) * 1000;
    }

    /**
     * The identity a valid token vouches for; exp and iat (0: absent) are in epoch seconds. name is the
     * optional display name the host backend vouches for (null when the token has none): it beats any nickname.
     */
    public record Claims(String pin, String appId, long exp, long iat, String name) {
        public Claims(String pin, String appId, long exp) {
            this(pin, appId, exp, 0, null);
        }

        public Claims(String pin, String appId, long exp, String name) {
            this(pin, appId, exp, 0, name);
        }

        public UserId user() {
            return new UserId(pin, appId);
        }
    }

    /** Outcome of {@link #verify}: claims, or a failure code (BAD_TOKEN or TOKEN_EXPIRED) with a reason. */
    public record Verification(Claims claims, ErrorCode failure, String reason) {
        static Verification valid(Claims claims) {
            return new Verification(claims, null, null);
        }

        static Verification invalid(ErrorCode failure, String reason) {
            return new Verification(null, failure, reason);
        }

        public boolean isValid() {
            return claims != null;
        }
    }

    public String sign(String pin, String appId, long expEpochSeconds) {
        return sign(pin, appId, expEpochSeconds, 0, null);
    }

    /** A token with an {@code iat} (issued-at, epoch seconds) claim when iatEpochSeconds is not 0. */
    public String sign(String pin, String appId, long expEpochSeconds, long iatEpochSeconds) {
        return sign(pin, appId, expEpochSeconds, iatEpochSeconds, null);
    }

    /** A token that also vouches for the user's display name (null: none). */
    public String sign(String pin, String appId, long expEpochSeconds, String name) {
        return sign(pin, appId, expEpochSeconds, 0, name);
    }

    public String sign(String pin, String appId, long expEpochSeconds, long iatEpochSeconds, String name) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put(Field.PIN, pin);
        claims.put(Field.APP_ID, appId);
        claims.put(Field.EXP, expEpochSeconds);
        if (iatEpochSeconds != 0) {
            claims.put("iat", iatEpochSeconds);
        }
        if (name != null) {
            claims.put(Field.NAME, name);
        }
        String body = B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(mac(body));
    }

    public Verification verify(String token) {
        return verify(token, System.currentTimeMillis() / 1000);
    }

    Verification verify(String token, long nowEpochSeconds) {
        if (token == null || token.isEmpty()) {
            return Verification.invalid(ErrorCode.BAD_TOKEN, "token is missing");
        }
        int dot = token.indexOf('.');
        if (token.length() > MAX_TOKEN_CHARS || dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1) {
            return Verification.invalid(ErrorCode.BAD_TOKEN, "token is malformed");
        }
        String body = token.substring(0, dot);
        byte[] signature;
        byte[] claimsBytes;
        try {
            signature = B64_DECODE.decode(token.substring(dot + 1));
            claimsBytes = B64_DECODE.decode(body);
        } catch (IllegalArgumentException e) {
            return Verification.invalid(ErrorCode.BAD_TOKEN, "token is not base64url");
        }
        // Check the signature before looking at the claims: unsigned input is not parsed further.
        // The re-encoding check refuses non-canonical spellings of a valid signature (unused low bits).
        if (!MessageDigest.isEqual(mac(body), signature) || !B64.encodeToString(signature).equals(token.substring(dot + 1))) {
            return Verification.invalid(ErrorCode.BAD_TOKEN, "token signature is invalid");
        }
        JsonNode claims;
        try {
            claims = JSON.readTree(claimsBytes);
        } catch (Exception e) {
            return Verification.invalid(ErrorCode.BAD_TOKEN, "token claims are not JSON");
        }
        if (claims == null || !claims.isObject()
                || !isId(claims.get(Field.PIN)) || !isId(claims.get(Field.APP_ID))
                || claims.get(Field.EXP) == null || !claims.get(Field.EXP).canConvertToExactIntegral()
                || !claims.get(Field.EXP).canConvertToLong()) {
            return Verification.invalid(ErrorCode.BAD_TOKEN, "token claims need pin, appId and exp");
        }
        JsonNode name = claims.get(Field.NAME);
        if (name != null && !name.isNull() && !name.isTextual()) {
            return Verification.invalid(ErrorCode.BAD_TOKEN, "token claim 'name' must be a string");
        }
        long exp = claims.get(Field.EXP).asLong();
        if (exp > MAX_EXP_SECONDS) {
            return Verification.invalid(ErrorCode.BAD_TOKEN, "exp must be in seconds since 1970 (Unix time),"
                    + " not milliseconds: " + exp + " is about " + exp / 1000 + " s");
        }
        if (exp + clockSkewSeconds <= nowEpochSeconds) {
            return Verification.invalid(ErrorCode.TOKEN_EXPIRED, "token expired at " + exp + " (server time "
                    + nowEpochSeconds + ", clock-skew tolerance " + clockSkewSeconds + " s)");
        }
        JsonNode iat = claims.get("iat");
        long issued = iat != null && iat.canConvertToExactIntegral() && iat.canConvertToLong() ? iat.asLong() : 0;
        return Verification.valid(new Claims(claims.get(Field.PIN).asText(), claims.get(Field.APP_ID).asText(), exp, issued,
                name == null || name.isNull() ? null : name.asText()));
    }

    private static boolean isId(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isEmpty() && n.asText().length() <= Limits.MAX_ID_CHARS;
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance(HMAC); // Mac is not thread-safe; a fresh one per call is cheap
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
