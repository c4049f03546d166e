package io.parley.server.store.sqlite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;

/**
 * A data directory made before Flyway (the hand-written migrations, versions in schema_version) opens
 * with the new code in place: Flyway baselines at the recorded version, runs only what is newer, and
 * every row, the epoch and the mid sequence carry on.
 */
public class SqliteUpgradeTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final UserId alice = new UserId("alice", "app");
    private final UserId bob = new UserId("bob", "app");

    /** Builds parley.db as the old code left it at version upTo, with a conversation of 3 messages. */
    private Path legacyDir(int upTo) throws Exception {
        Path dir = tmp.newFolder().toPath();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            for (int v = 1; v <= upTo; v++) {
                for (String sql : migration(v).split(";\\s*\\n")) {
                    if (!sql.isBlank()) {
                        st.executeUpdate(sql);
                    }
                }
                st.executeUpdate("INSERT INTO schema_version (version) VALUES (" + v + ")");
            }
            st.executeUpdate("UPDATE meta SET value = 'old-epoch' WHERE key = 'epoch'");
            st.executeUpdate("INSERT INTO groups (kind, direct_key, max_members, last_mid, created_at, updated_at)"
                    + " VALUES ('direct', '3:bob3:app|5:alice3:app', 2, 3, 1, 1)");
            st.executeUpdate("INSERT INTO members (gid, pin, app_id, joined_at) VALUES (1, 'alice', 'app', 1), (1, 'bob', 'app', 1)");
            for (int mid = 1; mid <= 3; mid++) {
                st.executeUpdate("INSERT INTO messages (gid, mid, sender_pin, sender_app, type, content, client_msg_id,"
                        + " created_at) VALUES (1, " + mid + ", 'alice', 'app', 'text', 'old " + mid + "', 'c" + mid + "', 1)");
            }
            st.executeUpdate("INSERT INTO read_cursors (gid, pin, app_id, last_read_mid) VALUES (1, 'bob', 'app', 1)");
            if (upTo >= 4) { // the old code kept the counts incrementally from version 4 on
                st.executeUpdate("INSERT INTO unread_counts (pin, app_id, gid, count) VALUES ('bob', 'app', 1, 2)");
            }
        }
        return dir;
    }

    private static String migration(int v) throws Exception {
        String folder = "/db/migration/sqlite/";
        for (String name : new String[] {"V1__conversations_and_messages.sql", "V2__reliability.sql", "V3__uploads.sql",
                "V4__unread_counts.sql"}) {
            if (name.startsWith("V" + v + "__")) {
                try (InputStream in = SqliteUpgradeTest.class.getResourceAsStream(folder + name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IllegalArgumentException("no migration " + v);
    }

    private static long number(Path dir, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    @Test
    public void aVersion4DirectoryUpgradesInPlace() throws Exception {
        Path dir = legacyDir(4);
        try (SqliteChatStore store = SqliteChatStore.open(dir)) {
            assertEquals("old-epoch", store.epoch());
            assertEquals(3, store.page(1, -1, 10).total());
            assertEquals("old 3", store.findMessage(1, 3).orElseThrow().content());
            assertEquals(2, store.unreadCount(1, bob));
            var listed = store.conversations(bob, null, null, 10); // V6 filled the conversation list in
            assertEquals(1, listed.size());
            assertEquals(alice, listed.get(0).peer());
            assertEquals("alice", listed.get(0).name());
            assertEquals(3, listed.get(0).lastMid());
            assertEquals("old 3", listed.get(0).last().content());
            assertEquals(2, listed.get(0).unread());
            assertEquals(1, listed.get(0).activity());
            assertEquals(bob, store.conversations(alice, null, "bo", 10).get(0).peer());
            assertEquals(1, store.findOrCreateDirect(bob, alice));
            assertEquals(4, store.append(new ChatMessage(1, 0, alice, null, "text", "new", null, "c4",
                    System.currentTimeMillis())).join().message().mid());
            assertTrue("the old client id still de-duplicates", store.append(new ChatMessage(1, 0, alice, null, "text",
                    "again", null, "c2", System.currentTimeMillis())).join().duplicate());
            assertEquals(3, store.unreadCount(1, bob));
        }
        assertEquals("baseline at 4, then 5, 6 and 7", 7, number(dir, "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history"));
        assertEquals(1, number(dir, "SELECT COUNT(*) FROM flyway_schema_history WHERE type = 'BASELINE' AND version = '4'"));
        assertEquals("the hand-written version table is gone", 0,
                number(dir, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_version'"));
        try (SqliteChatStore again = SqliteChatStore.open(dir)) { // and opens again as a Flyway database
            assertEquals(4, again.page(1, -1, 1).total());
        }
    }

    @Test
    public void aVersion3DirectoryGetsTheUnreadCountsMigration() throws Exception {
        Path dir = legacyDir(3);
        assertEquals(0, number(dir, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'unread_counts'"));
        try (SqliteChatStore store = SqliteChatStore.open(dir)) {
            assertEquals("V4 seeded the count by a recount: bob read 1 of 3", 2, store.unreadCount(1, bob));
            assertEquals(0, store.unreadCount(1, alice));
        }
        assertEquals(1, number(dir, "SELECT COUNT(*) FROM flyway_schema_history WHERE type = 'BASELINE' AND version = '3'"));
        assertEquals(1, number(dir, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '4' AND success = 1"));
    }

    @Test
    public void aLegacyVersionNewerThanKnownIsRefused() throws Exception {
        Path dir = legacyDir(4);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO schema_version (version) VALUES (7)");
        }
        try {
            SqliteChatStore.open(dir).close();
            org.junit.Assert.fail("expected a refusal");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("7"));
        }
        assertEquals("nothing was touched", 0, number(dir,
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'flyway_schema_history'"));
    }
}
