package io.parley.server.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import io.github.bucket4j.TimeMeter;
import io.parley.server.auth.UserId;

/**
 * Per user: uploads in progress at once, bytes uploaded per day (every body byte read counts, refused
 * uploads too) and bytes stored in total.
 */
public final class UploadLimits {
    private static final Duration DAY = Duration.ofDays(1);

    private final ConnectionCounter<UserId> inProgress;
    private final KeyedBuckets<UserId> bytesPerDay;
    private final long maxStored;
    private final Map<UserId, AtomicLong> stored = new ConcurrentHashMap<>();
    private final ToLongFunction<UserId> storedInStore;

    public UploadLimits(LimitsConfig config, TimeMeter clock, ToLongFunction<UserId> storedInStore) {
        this.inProgress = new ConnectionCounter<>(config.get(Limit.CONCURRENT_UPLOADS_PER_USER));
        this.bytesPerDay = new KeyedBuckets<>(config.get(Limit.UPLOAD_BYTES_PER_USER_DAY), DAY, clock);
        this.maxStored = config.get(Limit.STORED_BYTES_PER_USER);
        this.storedInStore = storedInStore;
    }

    /** One upload of user holding a place until {@link Permit#close()}. */
    public final class Permit implements AutoCloseable {
        private final UserId user;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit(UserId user) {
            this.user = user;
        }

        /** bytes of body were read: they count against the daily bytes, or say the day's bytes are used up. */
        public void read(long bytes) throws LimitExceeded {
            MessageLimits.take(bytesPerDay, user, bytes, Limit.UPLOAD_BYTES_PER_USER_DAY, "upload bytes per day");
        }

        /** A file of bytes was stored for the user. */
        public void stored(long bytes) {
            storedCounter(user).addAndGet(bytes);
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                inProgress.release(user);
            }
        }
    }

    /** Before reading an upload of user that declares declaredBytes (-1: unknown). */
    public Permit begin(UserId user, long declaredBytes) throws LimitExceeded {
        long have = storedCounter(user).get();
        if (have + Math.max(0, declaredBytes) > maxStored) {
            throw new LimitExceeded(Limit.STORED_BYTES_PER_USER, 0, "you have " + have
                    + " bytes of uploads stored; the limit is " + maxStored);
        }
        if (!inProgress.tryAcquire(user)) {
            throw new LimitExceeded(Limit.CONCURRENT_UPLOADS_PER_USER, 1000, "you have " + inProgress.max()
                    + " uploads in progress; wait for one to finish");
        }
        return new Permit(user);
    }

    int inProgress(UserId user) {
        return inProgress.count(user);
    }

    private AtomicLong storedCounter(UserId user) {
        return stored.computeIfAbsent(user, u -> new AtomicLong(storedInStore.applyAsLong(u)));
    }
}
