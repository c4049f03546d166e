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
 * the tasks' futures, in queue order, on one completer thread: the callers' post-commit work (JSON,
 * socket writes) then overlaps the next batch instead of delaying it, and one thread keeps commit
 * order (so per-conversation order) for every completion. When a batch fails, it is rolled back (with
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

    /** direct: submitted by the completer thread, which may be waiting for it, so the writer completes it itself. */
    private record Job<T>(Task<T> task, CompletableFuture<T> done, boolean direct) {
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
    /** Completes futures in commit order, off the writer thread. */
    private final java.util.concurrent.ExecutorService completer;
    private volatile Thread completerThread;
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
        this.completer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-sqlite-completer");
            t.setDaemon(true);
            completerThread = t;
            return t;
        });
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
        queue.add(new Job<>(task, done, Thread.currentThread() == completerThread));
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
                Job<?> job = jobs.get(0);
                RuntimeException failure = wrap(e);
                handOver(job, () -> job.done().completeExceptionally(failure));
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
        List<Job<?>> handed = new ArrayList<>(jobs.size());
        List<Object> handedResults = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            Job<?> job = jobs.get(i);
            if (job.direct()) {
                complete(job, results[i]);
            } else {
                handed.add(job);
                handedResults.add(results[i]);
            }
        }
        if (!handed.isEmpty()) {
            completer.execute(() -> {
                for (int i = 0; i < handed.size(); i++) {
                    complete(handed.get(i), handedResults.get(i));
                }
            });
        }
    }

    /** Runs a job's completion on the completer thread, or here for a direct job. */
    private void handOver(Job<?> job, Runnable completion) {
        if (job.direct()) {
            completion.run();
        } else {
            completer.execute(completion);
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

    private void fail(List<Job<?>> jobs, Throwable e) {
        for (Job<?> job : List.copyOf(jobs)) {
            handOver(job, () -> job.done().completeExceptionally(e));
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
        completer.shutdown(); // runs the completions already handed over
        try {
            completer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Job<?> left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("store closed"));
        }
    }
}
