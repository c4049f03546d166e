package io.parley.server.fanout.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.LocalFanout;

/**
 * Which users are connected anywhere in the cluster. Per user a Redis sorted set holds the ids of the
 * nodes they are connected to, each scored with an expiry time; nodes refresh the entries of their
 * own users every heartbeat, so a node that dies stops counting after the TTL (no ghosts). Times come
 * from Redis's clock (TIME inside the scripts), so node clocks need not agree.
 *
 * <p>Lookups are answered from a short-lived local cache and refreshed in the background, so a
 * commit never waits for Redis: an unknown user counts as online (an unneeded push is harmless, a
 * missed one is not), and a node announcing a new user (see {@link #sawOnline}) clears "offline"
 * answers elsewhere at once.
 */
final class RedisPresence {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPresence.class);
    /** KEYS: user keys; ARGV: ttl ms, node id. Drops expired nodes, (re)adds this one, keeps the key alive. */
    private static final String TOUCH = "local t = redis.call('TIME') "
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) "
            + "for _, k in ipairs(KEYS) do "
            + "redis.call('ZREMRANGEBYSCORE', k, '-inf', now) "
            + "redis.call('ZADD', k, now + tonumber(ARGV[1]), ARGV[2]) "
            + "redis.call('PEXPIRE', k, ARGV[1]) end "
            + "return #KEYS";
    /** KEYS: one user key. How many nodes hold the user with an unexpired entry. */
    private static final String COUNT = "local t = redis.call('TIME') "
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) "
            + "return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')";
    private static final int TOUCH_BATCH = 256;
    private static final int MAX_CACHED = 100_000;

    private final RedisAsyncCommands<String, byte[]> redis;
    private final LocalFanout local;
    private final String keyPrefix;
    private final byte[] node;
    private final byte[] ttlArg;
    private final long ttlMs;
    private final long freshNanos;
    private final Map<UserId, Answer> cache = new ConcurrentHashMap<>();

    /** A cached answer and when it was asked for (answers asked before a later fact are discarded). */
    private record Answer(boolean online, long askedNanos, boolean refreshing) {
    }

    RedisPresence(RedisAsyncCommands<String, byte[]> redis, LocalFanout local, String prefix, String node, long ttlMs) {
        this.redis = redis;
        this.local = local;
        this.keyPrefix = prefix + "online:";
        this.node = node.getBytes(StandardCharsets.UTF_8);
        this.ttlMs = ttlMs;
        this.ttlArg = Long.toString(ttlMs).getBytes(StandardCharsets.UTF_8);
        this.freshNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(1000, ttlMs / 3));
    }

    String key(UserId user) {
        return keyPrefix + user.appId().length() + ":" + user.appId() + ":" + user.pin();
    }

    /** Connected on this node or, as far as we know, on another. */
    boolean isOnline(UserId user) {
        if (local.connectionCount(user) > 0) {
            return true;
        }
        long now = System.nanoTime();
        Answer a = cache.get(user);
        if (a == null || (now - a.askedNanos() > freshNanos && !a.refreshing())) {
            refresh(user, a, now);
        }
        return a == null || a.online();
    }

    private void refresh(UserId user, Answer stale, long now) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(user, new Answer(stale == null || stale.online(), stale == null ? 0 : stale.askedNanos(), true));
        CompletionStage<Long> count = redis.eval(COUNT, ScriptOutputType.INTEGER, key(user));
        count.whenComplete((n, failure) -> cache.compute(user, (u, current) -> {
            if (failure != null) {
                return new Answer(true, now, false); // not knowing: assume online, ask again later
            }
            if (current != null && current.askedNanos() > now) {
                return current; // a later fact (sawOnline) wins over this answer
            }
            return new Answer(n != null && n > 0, now, false);
        }));
    }

    /** Another node announced these users: they are online now, whatever an older lookup said. */
    void sawOnline(Collection<UserId> users) {
        long now = System.nanoTime();
        for (UserId u : users) {
            cache.put(u, new Answer(true, now, false));
        }
    }

    /**
     * The local connection count of user changed: record this node for them or drop it. Serialized, and
     * the count is read inside, so the last command sent matches the final count whatever the races.
     */
    synchronized void localChanged(UserId user) {
        if (local.connectionCount(user) > 0) {
            redis.eval(TOUCH, ScriptOutputType.INTEGER, new String[] {key(user)}, ttlArg, node)
                    .exceptionally(this::failed);
        } else {
            redis.zrem(key(user), node).exceptionally(this::failed);
        }
    }

    /** The heartbeat: refreshes this node's entry for every local user. */
    void heartbeat() {
        List<String> keys = new ArrayList<>(TOUCH_BATCH);
        for (UserId u : local.users()) {
            keys.add(key(u));
            if (keys.size() == TOUCH_BATCH) {
                touch(keys);
                keys.clear();
            }
        }
        if (!keys.isEmpty()) {
            touch(keys);
        }
    }

    private void touch(List<String> keys) {
        redis.eval(TOUCH, ScriptOutputType.INTEGER, keys.toArray(new String[0]), ttlArg, node)
                .exceptionally(this::failed);
    }

    /** A graceful stop: this node's users are gone now, not after the TTL. */
    void leaveAll() throws Exception {
        List<CompletionStage<Long>> pending = new ArrayList<>();
        for (UserId u : local.users()) {
            pending.add(redis.zrem(key(u), node));
        }
        for (CompletionStage<Long> p : pending) {
            p.toCompletableFuture().get(2, TimeUnit.SECONDS);
        }
    }

    private <T> T failed(Throwable e) {
        LOG.debug("presence update failed (the heartbeat repeats it): {}", e.toString());
        return null;
    }
}
