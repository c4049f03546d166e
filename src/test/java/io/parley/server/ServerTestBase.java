package io.parley.server;

import io.parley.testsupport.TestServer;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.websocket.client.WebSocketClient;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

import io.parley.testsupport.TestPostgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Starts a real ParleyServer on a free port with a fresh data dir for every test, and offers a
 * shared WebSocket client plus helpers to log in, send and read history. The store is SQLite in the
 * data dir, or a fresh PostgreSQL database (dropped after the test) when the subclass says
 * {@link #onPostgres()} or the run sets {@code -Dparley.test.store=postgresql}.
 */
public abstract class ServerTestBase {
    static {
        // Quiet test output; must run before Jetty's logger initializes. Warnings and errors still show.
        if (System.getProperty("org.eclipse.jetty.LEVEL") == null) {
            System.setProperty("org.eclipse.jetty.LEVEL", "WARN");
        }
        if (System.getProperty("io.parley.LEVEL") == null) {
            System.setProperty("io.parley.LEVEL", "WARN");
        }
    }

    public static final String SECRET = "test-secret-0123456789";
    public static final String APP = "parley.test";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    protected static WebSocketClient ws;
    protected ParleyServer server;
    protected Path dataDir;
    /** The test's own PostgreSQL database when running on PostgreSQL, else null. */
    protected TestPostgres pg;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeClass
    public static void startClient() throws Exception {
        ws = new WebSocketClient();
        ws.setMaxTextMessageSize(4 << 20);
        ws.start();
    }

    @AfterClass
    public static void stopClient() throws Exception {
        ws.stop();
    }

    /** Whether this test's server stores in PostgreSQL (subclasses that run a suite on it say true). */
    protected boolean onPostgres() {
        return "postgresql".equals(System.getProperty("parley.test.store"));
    }

    /** Subclasses tweak the config here (dev, heartbeat, origins, dirs). */
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b;
    }

    @Before
    public void startServer() throws Exception {
        dataDir = tmp.newFolder("data").toPath();
        // empty static dirs by default: the test classpath has no webapp/ or demo/ folder
        ServerConfig.Builder b = ServerConfig.builder().port(0).dataDir(dataDir).tokenSecret(SECRET)
                .webappDir(tmp.newFolder("empty-webapp").toPath()).demoDir(tmp.newFolder("empty-demo").toPath());
        if (onPostgres()) {
            pg = TestPostgres.create();
            b.db(pg.url());
        }
        // Most tests send bursts far beyond a person's pace on purpose; the limit tests set their own.
        TestServer.liftMessageRates(b);
        server = ParleyServer.start(configure(b).build());
    }

    @After
    public void stopServer() {
        for (TestClient c : clients) {
            c.close();
        }
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    public void restart(ServerConfig config) {
        server.stop();
        server = ParleyServer.start(config);
    }

    public URI wsUri() {
        return URI.create("ws://localhost:" + server.port() + "/ws");
    }

    public String token(String pin, String appId) {
        return server.tokenService().sign(pin, appId, System.currentTimeMillis() / 1000 + 3600);
    }

    public TestClient connect() throws Exception {
        return track(TestClient.connect(ws, wsUri()));
    }

    public TestClient connect(String origin) throws Exception {
        return track(TestClient.connect(ws, wsUri(), origin));
    }

    private TestClient track(TestClient c) {
        clients.add(c);
        return c;
    }

    public static ObjectNode authPacket(String id, String token, String pin, String appId) {
        return TestClient.obj("type", "auth", "id", id, "token", token, "pin", pin, "appId", appId, "clientType", "comet");
    }

    /** A connection authenticated as pin@APP. */
    public TestClient login(String pin) throws Exception {
        return login(pin, APP);
    }

    public TestClient login(String pin, String appId) throws Exception {
        TestClient c = connect();
        JsonNode ok = c.request(authPacket("login", token(pin, appId), pin, appId), "auth_ok");
        assertEquals(0, ok.path("code").asInt());
        return c;
    }

    /** Sends a text message to a group and returns its ack (asserting code 0). */
    public static JsonNode sendToGroup(TestClient c, long gid, String clientMsgId, String text) throws InterruptedException {
        JsonNode ack = c.request(TestClient.obj("type", "chat_message", "id", clientMsgId, "clientMsgId", clientMsgId,
                "gid", gid, "msgType", "text", "content", text), "chat_message_ack");
        assertEquals(ack.toString(), 0, ack.path("code").asInt());
        return ack;
    }

    public static JsonNode sendTo(TestClient c, String toChat, String clientMsgId, String text) throws InterruptedException {
        JsonNode ack = c.request(TestClient.obj("type", "chat_message", "id", clientMsgId, "clientMsgId", clientMsgId,
                "toChat", toChat, "toAppId", APP, "msgType", "text", "content", text), "chat_message_ack");
        assertEquals(ack.toString(), 0, ack.path("code").asInt());
        return ack;
    }

    public static JsonNode history(TestClient c, long gid, long startMid, int count) throws InterruptedException {
        return c.request(TestClient.obj("type", "history", "id", "h", "gid", gid, "startMid", startMid, "count", count),
                "history_result");
    }

    /** Creates a group owned by c's user with the given invitee pins (same app), returns its gid. */
    public static long createGroup(TestClient c, String name, int max, String... inviteePins) throws InterruptedException {
        List<ObjectNode> invitees = new ArrayList<>();
        for (String pin : inviteePins) {
            invitees.add(TestClient.obj("pin", pin, "app", APP, "nickName", pin + "-nick"));
        }
        JsonNode r = c.request(TestClient.obj("type", "create_group", "id", "cg", "group",
                TestClient.obj("name", name, "modifyFiled", 1, "max", max, "nickName", "owner-nick",
                        "invitees", invitees)), "create_group_result");
        assertEquals(r.toString(), 0, r.path("code").asInt());
        return r.path("gid").asLong();
    }

    /** Reads one number straight from the database, bypassing the server. */
    public long count(String sql) throws Exception {
        if (pg != null) {
            return pg.number(sql);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
