package io.parley.server.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.parley.protocol.ErrorCode;

/**
 * What a valid signature is not enough for: a token whose {@code exp} is further away than the maximum
 * lifetime is refused (a leaked long-lived token would outlive any revocation), and a user's tokens
 * issued before a revocation are refused until they would have expired anyway. A token issued after the
 * revocation (its {@code iat} later than it) is accepted again.
 */
public final class TokenPolicy {
    private final TokenService tokens;
    private final long maxLifetimeSeconds;
    private final LongSupplier nowSeconds;
    /** user → epoch second of the revocation; dropped once every older token has expired. */
    private final Map<UserId, Long> revoked = new ConcurrentHashMap<>();

    public TokenPolicy(TokenService tokens, long maxLifetimeSeconds) {
        this(tokens, maxLifetimeSeconds, () -> System.currentTimeMillis() / 1000);
    }

    TokenPolicy(TokenService tokens, long maxLifetimeSeconds, LongSupplier nowSeconds) {
        this.tokens = tokens;
        this.maxLifetimeSeconds = maxLifetimeSeconds;
        this.nowSeconds = nowSeconds;
    }

    public TokenService tokens() {
        return tokens;
    }

    public TokenService.Verification verify(String token) {
        long now = nowSeconds.getAsLong();
        TokenService.Verification v = tokens.verify(token, now);
        if (!v.isValid()) {
            return v;
        }
        TokenService.Claims c = v.claims();
        if (c.exp() - now > maxLifetimeSeconds) {
            return TokenService.Verification.invalid(ErrorCode.BAD_TOKEN, "token lifetime is over the server's maximum of "
                    + maxLifetimeSeconds + " s (exp too far in the future)");
        }
        Long at = revoked.get(c.user());
        if (at != null) {
            if (now - at > maxLifetimeSeconds) {
                revoked.remove(c.user(), at); // every token from before it has expired
            } else if (c.iat() <= at) {
                return TokenService.Verification.invalid(ErrorCode.REVOKED, "this user's sessions were revoked");
            }
        }
        return v;
    }

    /** Refuses user's tokens issued up to now. */
    public void revoke(UserId user) {
        revoked.put(user, nowSeconds.getAsLong());
    }

    /** Revocations still in force (tests, metrics). */
    int revocations() {
        return revoked.size();
    }
}
