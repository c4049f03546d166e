package io.parley.server.limits;

import java.time.Duration;

import io.github.bucket4j.TimeMeter;
import io.parley.server.auth.UserId;

/** Messages and their bytes per connection and per user per minute (chat_message only). */
public final class MessageLimits {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final KeyedBuckets<String> countPerConnection;
    private final KeyedBuckets<UserId> countPerUser;
    private final KeyedBuckets<String> bytesPerConnection;
    private final KeyedBuckets<UserId> bytesPerUser;

    public MessageLimits(LimitsConfig config, TimeMeter clock) {
        countPerConnection = new KeyedBuckets<>(config.get(Limit.MESSAGES_PER_CONNECTION_MINUTE), MINUTE, clock);
        countPerUser = new KeyedBuckets<>(config.get(Limit.MESSAGES_PER_USER_MINUTE), MINUTE, clock);
        bytesPerConnection = new KeyedBuckets<>(config.get(Limit.MESSAGE_BYTES_PER_CONNECTION_MINUTE), MINUTE, clock);
        bytesPerUser = new KeyedBuckets<>(config.get(Limit.MESSAGE_BYTES_PER_USER_MINUTE), MINUTE, clock);
    }

    /** Counts one message of bytes from connectionId of user, or says which limit it is over. */
    public void check(String connectionId, UserId user, long bytes) throws LimitExceeded {
        take(countPerConnection, connectionId, 1, Limit.MESSAGES_PER_CONNECTION_MINUTE, "messages per minute on this connection");
        take(countPerUser, user, 1, Limit.MESSAGES_PER_USER_MINUTE, "messages per minute");
        take(bytesPerConnection, connectionId, bytes, Limit.MESSAGE_BYTES_PER_CONNECTION_MINUTE,
                "message bytes per minute on this connection");
        take(bytesPerUser, user, bytes, Limit.MESSAGE_BYTES_PER_USER_MINUTE, "message bytes per minute");
    }

    /** The connection closed: its buckets go. */
    public void forget(String connectionId) {
        countPerConnection.remove(connectionId);
        bytesPerConnection.remove(connectionId);
    }

    static <K> void take(KeyedBuckets<K> buckets, K key, long tokens, Limit limit, String what) throws LimitExceeded {
        long waitNanos = buckets.tryConsume(key, tokens);
        if (waitNanos > 0) {
            long ms = Math.max(1, (waitNanos + 999_999) / 1_000_000);
            throw new LimitExceeded(limit, ms, "over the limit of " + buckets.capacity() + " " + what
                    + "; retry in " + ms + " ms");
        }
    }
}
