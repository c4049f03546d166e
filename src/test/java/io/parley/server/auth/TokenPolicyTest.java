package io.parley.server.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.parley.protocol.ErrorCode;

public class TokenPolicyTest {
    private final TokenService tokens = new TokenService("secret", 0);
    private long now = 1_800_000_000L;
    private final TokenPolicy policy = new TokenPolicy(tokens, 3600, () -> now);

    @Test
    public void aTokenWithinTheMaximumLifetimePasses() {
        TokenService.Verification v = policy.verify(tokens.sign("alice", "app", now + 3600));
        assertTrue(v.isValid());
        assertEquals("alice", v.claims().pin());
        assertFalse(policy.verify(tokens.sign("alice", "app", now - 1)).isValid()); // plain checks still apply
        assertEquals(ErrorCode.TOKEN_EXPIRED, policy.verify(tokens.sign("alice", "app", now)).failure());
    }

    @Test
    public void anExpTooFarAwayIsRefused() {
        TokenService.Verification v = policy.verify(tokens.sign("alice", "app", now + 3601));
        assertEquals(ErrorCode.BAD_TOKEN, v.failure());
        assertEquals("token lifetime is over the server's maximum of 3600 s (exp too far in the future)", v.reason());
    }

    @Test
    public void revocationRefusesTokensIssuedBeforeIt() {
        String old = tokens.sign("alice", "app", now + 600);
        String oldWithIat = tokens.sign("alice", "app", now + 600, now - 10);
        String bobs = tokens.sign("bob", "app", now + 600);
        policy.revoke(new UserId("alice", "app"));
        assertEquals(ErrorCode.REVOKED, policy.verify(old).failure());
        assertEquals(ErrorCode.REVOKED, policy.verify(oldWithIat).failure());
        assertEquals(ErrorCode.REVOKED, policy.verify(tokens.sign("alice", "app", now + 600, now)).failure());
        assertTrue(policy.verify(bobs).isValid());
        now += 5;
        assertTrue(policy.verify(tokens.sign("alice", "app", now + 600, now)).isValid()); // issued after it
        assertEquals(1, policy.revocations());
    }

    @Test
    public void aRevocationEndsOnceEveryOlderTokenHasExpired() {
        policy.revoke(new UserId("alice", "app"));
        now += 3600;
        assertEquals(ErrorCode.REVOKED, policy.verify(tokens.sign("alice", "app", now + 60)).failure());
        assertEquals(1, policy.revocations());
        now += 1;
        assertTrue(policy.verify(tokens.sign("alice", "app", now + 60)).isValid());
        assertEquals(0, policy.revocations());
        assertTrue(policy.tokens() == tokens);
    }

    @Test
    public void theSystemClockByDefault() {
        TokenPolicy real = new TokenPolicy(tokens, 3600);
        long wall = System.currentTimeMillis() / 1000;
        assertTrue(real.verify(tokens.sign("alice", "app", wall + 600)).isValid());
        assertEquals(ErrorCode.TOKEN_EXPIRED, real.verify(tokens.sign("alice", "app", wall - 600)).failure());
        assertEquals(ErrorCode.BAD_TOKEN, real.verify(tokens.sign("alice", "app", wall + 7200)).failure());
    }

    @Test
    public void iatIsReadFromTheToken() {
        assertEquals(now - 3, tokens.verify(tokens.sign("a", "b", now + 10, now - 3), now).claims().iat());
        assertEquals(0, tokens.verify(tokens.sign("a", "b", now + 10), now).claims().iat());
    }
}
