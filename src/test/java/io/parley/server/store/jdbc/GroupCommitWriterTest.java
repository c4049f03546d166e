package io.parley.server.store.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The writer's completions: after commit, in commit order, off the writer thread, and never self-deadlocking. */
public class GroupCommitWriterTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Connection connection;
    private GroupCommitWriter writer;
    private String url;

    @Before
    public void open() throws Exception {
        File db = tmp.newFile("w.db");
        url = "jdbc:sqlite:" + db.getAbsolutePath();
        connection = DriverManager.getConnection(url);
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE t (n INTEGER NOT NULL)");
        }
        writer = new GroupCommitWriter("sqlite", new GroupCommitWriter.Connections() {
            @Override
            public Connection acquire() {
                return connection;
            }

            @Override
            public void release(Connection c) {
            }
        }, b -> { }, 64, 0);
        writer.start();
    }

    @After
    public void close() throws Exception {
        writer.close();
        connection.close();
    }

    private GroupCommitWriter.Task<Integer> insert(int n) {
        return b -> {
            try (Statement st = b.connection.createStatement()) {
                st.executeUpdate("INSERT INTO t (n) VALUES (" + n + ")");
            }
            return n;
        };
    }

    @Test
    public void completionsFollowCommitOrderOffTheWriterThreadAndSeeTheCommittedRow() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> visible = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(writer.submit(insert(i)).whenComplete((n, e) -> {
                order.add(n);
                threads.add(Thread.currentThread().getName());
                visible.add(count("n = " + n) == 1); // acknowledged means committed: another connection sees it
            }));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 500; i++) {
            assertEquals(Integer.valueOf(i), order.get(i));
            assertTrue("row " + i + " committed before its completion", visible.get(i));
            assertNotEquals("parley-sqlite-writer", threads.get(i));
        }
    }

    @Test
    public void aCompletionMayWaitForAnotherWrite() throws Exception {
        CompletableFuture<Integer> nested = writer.submit(insert(1)).thenApply(n -> writer.call(insert(n + 1)));
        assertEquals(Integer.valueOf(2), nested.get(30, TimeUnit.SECONDS));
        assertEquals(2, count("1 = 1"));
    }

    private int count(String where) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t WHERE " + where)) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
