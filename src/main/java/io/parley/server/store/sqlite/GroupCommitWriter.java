package io.parley.server.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the database. It drains up to maxBatch queued tasks (waiting at most
 * maxWaitMs for more once it has one) into a single transaction, commits, and only then completes
 * the tasks' futures, in queue order, on this thread. When a batch fails, it is rolled back (with
 * the in-memory changes the tasks logged) and each task is retried in a transaction of its own, so
 * one bad task fails alone.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Work run inside the batch transaction; may log undo actions and after-commit actions on the batch. */
    interface Task<T> {
        T run(Batch batch) throws SQLException;
    }

    /** Runs once per batch before COMMIT: writes the state the tasks left dirty (coalesced). */
    interface Flush {
        void flush(Batch batch) throws SQLException;
    }

    private record Job<T>(Task<T> task, CompletableFuture<T> done) {
    }

    /** A batch in progress: the connection, undo log, after-commit actions and coalesced dirty state. */
    static final class Batch {
        final Connection connection;
        private final Deque<Runnable> undo = new ArrayDeque<>();
        private final List<Runnable> afterCommit = new ArrayList<>();
        /** Free for the store's flush: dirty keys it collects while the tasks run. */
        final java.util.Map<Object, Object> dirty = new java.util.LinkedHashMap<>();

        Batch(Connection connection) {
            this.connection = connection;
        }

        /** Reverts an in-memory change if the transaction rolls back. */
        void onRollback(Runnable r) {
            undo.push(r);
        }

        void onCommit(Runnable r) {
            afterCommit.add(r);
        }
    }

    private final Connection connection;
    private final Flush flush;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private long batches;
    private long tasks;

    GroupCommitWriter(Connection connection, Flush flush, int maxBatch, long maxWaitMs) {
        this.connection = connection;
        this.flush = flush;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        this.thread = new Thread(this::loop, "parley-sqlite-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues task; the future completes after its transaction commits (or fails with its exception). */
    <T> CompletableFuture<T> submit(Task<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("store closed"));
            return done;
        }
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("the writer cannot wait for itself");
        }
        queue.add(new Job<>(task, done));
        return done;
    }

    /** submit and wait: for the rare writes whose callers need the answer inline (groups, uploads). */
    <T> T call(Task<T> task) {
        try {
            return submit(task).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** (batches, tasks) committed so far. */
    long[] counts() {
        return new long[] {batches, tasks};
    }

    private void loop() {
        List<Job<?>> jobs = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Job<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                jobs.add(first);
                queue.drainTo(jobs, maxBatch - 1);
                if (maxWaitNanos > 0) {
                    long deadline = System.nanoTime() + maxWaitNanos;
                    while (jobs.size() < maxBatch) {
                        long left = deadline - System.nanoTime();
                        Job<?> more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                        if (more == null) {
                            break;
                        }
                        jobs.add(more);
                        queue.drainTo(jobs, maxBatch - jobs.size());
                    }
                }
                runBatch(jobs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(jobs, e);
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("writer failed", e);
                fail(jobs, e);
            } finally {
                jobs.clear();
            }
        }
    }

    private void runBatch(List<Job<?>> jobs) {
        Object[] results = new Object[jobs.size()];
        Batch batch = new Batch(connection);
        try {
            begin();
            for (int i = 0; i < jobs.size(); i++) {
                results[i] = jobs.get(i).task().run(batch);
            }
            flush.flush(batch);
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            rollback(batch);
            if (jobs.size() == 1) {
                jobs.get(0).done().completeExceptionally(wrap(e));
                return;
            }
            for (Job<?> job : jobs) { // one at a time, so only the bad one fails
                runBatch(List.of(job));
            }
            return;
        }
        batches++;
        tasks += jobs.size();
        for (Runnable r : batch.afterCommit) {
            r.run();
        }
        for (int i = 0; i < jobs.size(); i++) {
            complete(jobs.get(i), results[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Job<T> job, Object result) {
        try {
            job.done().complete((T) result);
        } catch (RuntimeException e) {
            LOG.error("a write completion failed", e); // a caller's bug must not stop the writer
        }
    }

    private void begin() throws SQLException {
        connection.setAutoCommit(false);
    }

    private void rollback(Batch batch) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
        }
        while (!batch.undo.isEmpty()) {
            batch.undo.pop().run();
        }
    }

    private static RuntimeException wrap(Exception e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException("database write failed: " + e.getMessage(), e);
    }

    private static void fail(List<Job<?>> jobs, Throwable e) {
        for (Job<?> job : jobs) {
            job.done().completeExceptionally(e);
        }
    }

    /** Finishes the queued work, then stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Job<?> left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("store closed"));
        }
    }
}
