package io.parley.server.http;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.eclipse.jetty.util.Callback;

import io.parley.protocol.ErrorCode;
import io.parley.server.limits.Limit;
import io.parley.server.limits.LimitExceeded;
import io.parley.server.limits.UploadLimits;
import io.parley.server.media.UploadException;

/**
 * The limits around one upload body: its place among the user's concurrent uploads, the daily bytes
 * as they are read, and the read deadline (an average of at least minBytesPerSecond after a grace
 * period; a body that trickles slower is answered 408 and its buffer dropped). Exactly one of the
 * reader or the deadline answers ({@link #complete()}); the place is freed when the answer is done.
 */
final class UploadGuard {
    /** The first seconds of a body are not rate-checked (TCP slow start, a phone waking its radio). */
    static final long GRACE_MS = 5000;
    private static final long CHECK_EVERY_MS = 1000;

    private final UploadLimits.Permit permit;
    private final long minBytesPerSecond;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile long bytesRead;
    private ScheduledFuture<?> check;

    UploadGuard(UploadLimits.Permit permit, long minBytesPerSecond) {
        this.permit = permit;
        this.minBytesPerSecond = minBytesPerSecond;
    }

    /** An UploadException for a limit: 429 for rates and counts, 413 for the stored-bytes quota. */
    static UploadException refusal(LimitExceeded e) {
        if (e.limit() == Limit.STORED_BYTES_PER_USER) {
            return new UploadException(413, ErrorCode.QUOTA_EXCEEDED, e.getMessage());
        }
        return new UploadException(429, ErrorCode.RATE_LIMITED, e.getMessage());
    }

    /** Starts the deadline check; onSlow runs (once, if it wins) when the body arrives too slowly. */
    void watch(ScheduledExecutorService timer, Consumer<UploadException> onSlow) {
        check = timer.scheduleWithFixedDelay(() -> {
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            if (tooSlow(bytesRead, elapsedMs, minBytesPerSecond) && complete()) {
                onSlow.accept(new UploadException(408, ErrorCode.UPLOAD_TOO_SLOW, "the upload body arrived at under "
                        + minBytesPerSecond + " bytes/s; it was dropped"));
            }
        }, GRACE_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** After the grace period, is the average below the minimum rate? */
    static boolean tooSlow(long bytes, long elapsedMs, long minBytesPerSecond) {
        return elapsedMs >= GRACE_MS && bytes * 1000 < minBytesPerSecond * elapsedMs;
    }

    /** bytes more were read: they count against the day's upload bytes. */
    void read(int bytes) throws LimitExceeded {
        bytesRead += bytes;
        permit.read(bytes);
    }

    /** The file was stored. */
    void stored(long bytes) {
        permit.stored(bytes);
    }

    /** Claims the right to answer: true for the first caller only; stops the deadline. */
    boolean complete() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> c = check;
        if (c != null) {
            c.cancel(false);
        }
        return true;
    }

    boolean isDone() {
        return done.get();
    }

    /** callback, which when the answer is done also stops the deadline and frees the upload's place. */
    Callback releasing(Callback callback) {
        return Callback.from(callback, () -> {
            complete();
            permit.close();
        });
    }
}
