package io.parley.bench;

import io.parley.protocol.PacketType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The ceiling for {@link LoadBench}: a bare Jetty 12 WebSocket relay that speaks just enough of
 * docs/PROTOCOL.md (auth, heartbeat, create_group, chat_message, history) for the same generator to
 * drive it. It parses and writes JSON with Jackson like Parley, but stores nothing: a conversation is
 * a member set, a mid counter and its 20 newest messages (the prebuilt history answer).
 * Run: {@code java -cp parley.jar io.parley.bench.BareRelay --port 0 --port-file F --token-secret S}.
 */
public final class BareRelay {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BenchTokens tokens;
    private final Map<String, Set<Conn>> online = new ConcurrentHashMap<>();
    private final Map<Long, Conversation> conversations = new ConcurrentHashMap<>();
    private final Map<String, Conversation> direct = new ConcurrentHashMap<>();
    private final AtomicLong nextGid = new AtomicLong();

    private BareRelay(String secret) {
        this.tokens = new BenchTokens(secret);
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        Path portFile = null;
        String secret = "relay-secret";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--port-file" -> portFile = Path.of(args[i + 1]);
                case "--token-secret" -> secret = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        BareRelay relay = new BareRelay(secret);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ContextHandler root = new ContextHandler("/");
        root.setHandler(WebSocketUpgradeHandler.from(server, root, container -> {
            container.setMaxTextMessageSize(1 << 20);
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping("/ws", (req, resp, cb) -> relay.new Conn());
        }));
        server.setHandler(root);
        server.start();
        if (portFile != null) {
            Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
            Files.writeString(tmp, Integer.toString(connector.getLocalPort()));
            Files.move(tmp, portFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        server.join();
    }

    /** Members, mid counter and the newest 20 messages of one conversation. */
    private static final class Conversation {
        final long gid;
        final Set<String> members = ConcurrentHashMap.newKeySet();
        final AtomicLong mid = new AtomicLong();
        private final ArrayDeque<String> newest = new ArrayDeque<>();
        private String answerTail; // everything of history_result after "id"; rebuilt after a new message

        Conversation(long gid) {
            this.gid = gid;
        }

        synchronized void remember(String msgJson) {
            newest.addFirst(msgJson);
            if (newest.size() > 20) {
                newest.removeLast();
            }
            answerTail = null;
        }

        synchronized String historyAnswer(String idJson) {
            if (answerTail == null) {
                StringBuilder b = new StringBuilder(",\"code\":0,\"gid\":").append(gid).append(",\"msgs\":[");
                for (Iterator<String> it = newest.iterator(); it.hasNext(); ) {
                    b.append(it.next()).append(it.hasNext() ? "," : "");
                }
                answerTail = b.append("],\"total\":").append(mid.get()).append(",\"end\":false}").toString();
            }
            return "{\"type\":\"history_result\",\"id\":" + idJson + answerTail;
        }
    }

    /** One client connection. */
    public final class Conn implements Session.Listener.AutoDemanding {
        private volatile Session session;
        private volatile String user;
        private String pin;
        private String appId;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String text) {
            try {
                handle(this, (ObjectNode) JSON.readTree(text));
            } catch (Exception e) {
                send("{\"type\":\"error\",\"code\":4000,\"error\":\"bad_json\",\"msg\":\"" + e.getClass().getSimpleName() + "\"}");
            }
        }

        @Override
        public void onWebSocketClose(int status, String reason) {
            if (user != null) {
                online.getOrDefault(user, Set.of()).remove(this);
            }
        }

        void send(String text) {
            Session s = session;
            if (s != null && s.isOpen()) {
                s.sendText(text, Callback.NOOP);
            }
        }
    }

    private void handle(Conn c, ObjectNode p) throws Exception {
        String type = p.path("type").asText();
        String id = JSON.writeValueAsString(p.path("id").asText(""));
        if (c.user == null && !type.equals(PacketType.AUTH)) {
            c.send("{\"type\":\"error\",\"id\":" + id + ",\"code\":4010,\"error\":\"unauthenticated\",\"msg\":\"auth first\"}");
            return;
        }
        switch (type) {
            case PacketType.AUTH -> {
                if (!tokens.verify(p.path("token").asText(null))) {
                    c.send("{\"type\":\"error\",\"id\":" + id + ",\"code\":4011,\"error\":\"bad_token\",\"msg\":\"bad token\"}");
                    c.session.close(1008, "bad_token", Callback.NOOP);
                    return;
                }
                c.pin = p.path("pin").asText();
                c.appId = p.path("appId").asText();
                c.user = c.pin + "|" + c.appId;
                online.computeIfAbsent(c.user, k -> ConcurrentHashMap.newKeySet()).add(c);
                ObjectNode ok = reply(PacketType.AUTH_OK, p).put("pin", c.pin).put("appId", c.appId).put("heartbeatMs", 30000)
                        .put("serverTime", System.currentTimeMillis());
                c.send(ok.toString());
            }
            case PacketType.HEARTBEAT -> c.send(reply(PacketType.HEARTBEAT_ACK, p).put("serverTime", System.currentTimeMillis()).toString());
            case PacketType.CREATE_GROUP -> {
                Conversation g = new Conversation(nextGid.incrementAndGet());
                g.members.add(c.user);
                for (JsonNode inv : p.path("group").path("invitees")) {
                    g.members.add(inv.path("pin").asText() + "|" + inv.path("app").asText(c.appId));
                }
                conversations.put(g.gid, g);
                c.send(reply(PacketType.CREATE_GROUP_RESULT, p).put("gid", g.gid).toString());
            }
            case PacketType.CHAT_MESSAGE -> {
                Conversation conv = conversation(c, p);
                if (conv == null) {
                    c.send("{\"type\":\"error\",\"id\":" + id + ",\"code\":4030,\"error\":\"not_member\",\"msg\":\"-\"}");
                    return;
                }
                ObjectNode msg = JSON.createObjectNode().put("mid", conv.mid.incrementAndGet()).put("gid", conv.gid)
                        .put("type", p.path("msgType").asText("text")).put("content", p.path("content").asText(""));
                msg.putObject("from").put("pin", c.pin).put("appId", c.appId).put("nickName", c.pin);
                msg.put("timestamp", System.currentTimeMillis()).put("clientMsgId", p.path("clientMsgId").asText());
                String msgJson = msg.toString();
                conv.remember(msgJson);
                ObjectNode ack = reply(PacketType.CHAT_MESSAGE_ACK, p).put("clientMsgId", msg.path("clientMsgId").asText())
                        .put("mid", msg.path("mid").asLong()).put("gid", conv.gid).put("timestamp", msg.path("timestamp").asLong());
                ack.set("message", msg);
                c.send(ack.toString());
                String push = "{\"type\":\"chat_message\",\"msg\":" + msgJson + "}"; // serialized once for all
                for (String member : conv.members) {
                    for (Conn other : online.getOrDefault(member, Set.of())) {
                        if (other != c) {
                            other.send(push);
                        }
                    }
                }
            }
            case PacketType.HISTORY -> {
                Conversation conv = conversation(c, p);
                c.send(conv == null ? "{\"type\":\"error\",\"id\":" + id + ",\"code\":4030,\"error\":\"not_member\"}"
                        : conv.historyAnswer(id));
            }
            default -> c.send("{\"type\":\"error\",\"id\":" + id + ",\"code\":4001,\"error\":\"unknown_type\",\"msg\":\"-\"}");
        }
    }

    /** The group named by gid (members only), or the one-to-one chat with toChat/toAppId. */
    private Conversation conversation(Conn c, JsonNode p) {
        if (p.has("gid")) {
            Conversation g = conversations.get(p.path("gid").asLong());
            return g != null && g.members.contains(c.user) ? g : null;
        }
        String peer = p.path("toChat").asText() + "|" + p.path("toAppId").asText(c.appId);
        String key = c.user.compareTo(peer) < 0 ? c.user + "\n" + peer : peer + "\n" + c.user;
        return direct.computeIfAbsent(key, k -> {
            Conversation d = new Conversation(nextGid.incrementAndGet());
            d.members.add(c.user);
            d.members.add(peer);
            conversations.put(d.gid, d);
            return d;
        });
    }

    private static ObjectNode reply(String type, JsonNode request) {
        ObjectNode r = JSON.createObjectNode().put("type", type);
        if (request.has("id")) {
            r.put("id", request.path("id").asText());
        }
        return r.put("code", 0);
    }
}
