package io.parley.server.store.jdbc;

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
 * one bad task fails alone (a lone task that lost a deadlock or serialization race is run again).
 * Shared by the SQLite store (one connection for ever) and the PostgreSQL store (a pooled connection
 * per batch).
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final int TRANSIENT_RETRIES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Work run inside the batch transaction; may log undo actions and after-commit actions on the batch. */
    public interface Task<T> {
        T run(Batch batch) throws SQLException;
    }

    /** Runs once per batch before COMMIT: writes the state the tasks left dirty (coalesced). */
    public interface Flush {
        void flush(Batch batch) throws SQLException;
    }

    /** direct: submitted by the completer thread, which may be waiting for it, so the writer completes it itself. */
    private record Job<T>(Task<T> task, CompletableFuture<T> done, boolean direct) {
    }

    /** Where the writer gets its connection for a batch, and gives it back after commit or rollback. */
    public interface Connections {
        Connection acquire() throws SQLException;

        void release(Connection c);
    }

    /**
     * A task's result that the store's flush fills in (the PostgreSQL store inserts a batch's messages
     * together at flush); a failed one fails its own task only.
     */
    public static final class Deferred<T> {
        private T value;
        private RuntimeException failure;

        public void set(T v) {
            value = v;
        }

        public void fail(RuntimeException e) {
            failure = e;
        }
    }

    /** A batch in progress: the connection, undo log, after-commit actions and coalesced dirty state. */
    public static final class Batch {
        public final Connection connection;
        private final Deque<Runnable> undo = new ArrayDeque<>();
        private final List<Runnable> afterCommit = new ArrayList<>();
        /** Free for the store's flush: dirty keys it collects while the tasks run. */
        public final java.util.Map<Object, Object> dirty = new java.util.LinkedHashMap<>();

        Batch(Connection connection) {
            this.connection = connection;
        }

        /** Reverts an in-memory change if the transaction rolls back. */
        public void onRollback(Runnable r) {
            undo.push(r);
        }

        public void onCommit(Runnable r) {
            afterCommit.add(r);
        }
    }

    private final Connections connections;
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

    /** name: of the threads, e.g. "sqlite" makes parley-sqlite-writer. */
    public GroupCommitWriter(String name, Connections connections, Flush flush, int maxBatch, long maxWaitMs) {
        this.connections = connections;
        this.flush = flush;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        this.thread = new Thread(this::loop, "parley-" + name + "-writer");
        thread.setDaemon(true);
        this.completer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-" + name + "-completer");
            t.setDaemon(true);
            completerThread = t;
            return t;
        });
    }

    public void start() {
        thread.start();
    }

    /** Queues task; the future completes after its transaction commits (or fails with its exception). */
    public <T> CompletableFuture<T> submit(Task<T> task) {
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

    /** submit for a task whose result the flush fills in (see {@link Deferred}). */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submitDeferred(Task<Deferred<T>> task) {
        return (CompletableFuture<T>) (CompletableFuture<?>) submit(task);
    }

    /** submit and wait: for the rare writes whose callers need the answer inline (groups, uploads). */
    public <T> T call(Task<T> task) {
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
    public long[] counts() {
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
        runBatch(jobs, 0);
    }

    private void runBatch(List<Job<?>> jobs, int attempt) {
        Object[] results = new Object[jobs.size()];
        Connection connection = null;
        Batch batch = null;
        try {
            connection = connections.acquire();
            batch = new Batch(connection);
            connection.setAutoCommit(false);
            for (int i = 0; i < jobs.size(); i++) {
                results[i] = jobs.get(i).task().run(batch);
            }
            flush.flush(batch);
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            rollback(connection, batch);
            if (jobs.size() == 1) {
                Job<?> job = jobs.get(0);
                if (isTransient(e) && attempt < TRANSIENT_RETRIES) {
                    runBatch(jobs, attempt + 1);
                    return;
                }
                RuntimeException failure = wrap(e);
                handOver(job, () -> job.done().completeExceptionally(failure));
                return;
            }
            for (Job<?> job : jobs) { // one at a time, so only the bad one fails
                runBatch(List.of(job), 0);
            }
            return;
        } finally {
            if (connection != null) {
                connections.release(connection);
            }
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

    /** A deadlock victim or a serialization failure (PostgreSQL): the same work may well succeed again. */
    private static boolean isTransient(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
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
            if (result instanceof Deferred<?> d) {
                if (d.failure != null) {
                    job.done().completeExceptionally(d.failure);
                    return;
                }
                result = d.value;
            }
            job.done().complete((T) result);
        } catch (RuntimeException e) {
            LOG.error("a write completion failed", e); // a caller's bug must not stop the writer
        }
    }

    private void rollback(Connection connection, Batch batch) {
        if (connection != null) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.warn("rollback failed: {}", e.getMessage());
            }
        }
        while (batch != null && !batch.undo.isEmpty()) {
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
