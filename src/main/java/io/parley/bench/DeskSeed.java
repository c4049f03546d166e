package io.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;

/**
 * A long desk list, fast: N 1:1 conversations of one user written straight into a store (the same
 * append the server uses, so the list index and unread counts are kept; no pushes, no round trips).
 * Each has one text message from its own peer, at distinct times a millisecond apart from the end of
 * the seeding on (so the last ones lie up to n ms ahead: it returns only once they are past, so a message
 * written afterwards sorts first, as it would in a real list). DeskBench's
 * 10,000 conversations and the tests' seeder (io.parley.testsupport.DeskSeeder) use it.
 */
public final class DeskSeed {
    /** One seeded conversation: its peer (pin prefix + index, named name prefix + index), gid, message and time. */
    public record Seeded(int index, UserId peer, String name, long gid, long mid, long time, String text) {
    }

    private DeskSeed() {
    }

    /**
     * Seeds n conversations of owner with peers pinPrefix0..pinPrefix(n-1) of peerApp, named
     * namePrefix0.. (null: unnamed, listed by pin), whose one message says "hello k"; the last index is the newest.
     * Returns them in index order (oldest first).
     */
    public static List<Seeded> directs(ChatStore store, UserId owner, int n, String peerApp, String pinPrefix,
                                       String namePrefix) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // the conversations first: joining one sets its list time to now, which a message must not predate
            List<CompletableFuture<Long>> gids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                UserId peer = new UserId(pinPrefix + i, peerApp);
                gids.add(CompletableFuture.supplyAsync(() -> store.findOrCreateDirect(peer, owner), pool));
            }
            CompletableFuture.allOf(gids.toArray(new CompletableFuture[0])).join();
            long base = System.currentTimeMillis() + 1;
            List<CompletableFuture<Seeded>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                fs.add(gids.get(k).thenApplyAsync(gid -> {
                    UserId peer = new UserId(pinPrefix + k, peerApp);
                    String text = "hello " + k;
                    String name = namePrefix == null ? null : namePrefix + k;
                    long mid = store.append(new ChatMessage(gid, 0, peer, name, "text", text, null,
                            "seed-" + k, base + k)).join().message().mid();
                    return new Seeded(k, peer, name, gid, mid, base + k, text);
                }, pool));
            }
            List<Seeded> out = new ArrayList<>(n);
            for (CompletableFuture<Seeded> f : fs) {
                out.add(f.join());
            }
            for (long now; (now = System.currentTimeMillis()) < base + n; ) {
                Thread.sleep(base + n - now);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the seeded times pass", e);
        } finally {
            pool.shutdown();
        }
    }
}
