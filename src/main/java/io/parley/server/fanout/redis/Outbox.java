package io.parley.server.fanout.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.parley.server.auth.UserId;

/**
 * A node's publications on their way to Redis. Callers only queue; one publisher thread takes whatever
 * queued up while it sent the previous publication and sends it as one: under load a commit batch's
 * pushes and unread pushes become one PUBLISH (one Redis command, one message for each other node to
 * read, and one echo of our own to skip) instead of one each. Entries keep their call order, so frames
 * to one connection stay in order.
 */
final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** Entries per publication at most, so one publication stays a modest buffer on every node. */
    static final int MAX_ENTRIES = 256;
    /** How long the publisher waits, once woken, for more entries: a little latency for fewer PUBLISHes. */
    private static final long GATHER_NANOS = 100_000;

    /** A relay and the users who must resume if its publication fails (null: unknown, everyone). */
    record Entry(Relay relay, Collection<UserId> affected) {
    }

    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Consumer<List<Entry>> publish;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-fanout-publisher");
        t.setDaemon(true);
        return t;
    });

    /** publish: sends one publication of the given entries, in order (runs on the publisher thread). */
    Outbox(Consumer<List<Entry>> publish) {
        this.publish = publish;
    }

    void add(Relay relay, Collection<UserId> affected) {
        queue.add(new Entry(relay, affected));
        if (draining.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false); // closed: nothing goes out any more
            }
        }
    }

    private void drain() {
        // a commit batch's completions queue their pushes one after another: let them gather first
        LockSupport.parkNanos(GATHER_NANOS);
        while (true) {
            List<Entry> batch = new ArrayList<>();
            Entry e;
            while (batch.size() < MAX_ENTRIES && (e = queue.poll()) != null) {
                batch.add(e);
            }
            if (!batch.isEmpty()) {
                try {
                    publish.accept(batch);
                } catch (RuntimeException failure) {
                    LOG.warn("publishing {} fan-out entries failed: {}", batch.size(), failure.toString());
                }
                continue;
            }
            draining.set(false);
            // an add() that saw draining still set relies on us: look once more before leaving
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Stops at once, dropping what is queued (a node dying without a goodbye, in tests). */
    void abort() {
        thread.shutdownNow();
        queue.clear();
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
