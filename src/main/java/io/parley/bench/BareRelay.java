package io.parley.bench;

import io.parley.protocol.Field;
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
                StringBuilder b = new StringBuilder(",\"" + Field.CODE + "\":0,\"" + Field.GID + "\":").append(gid)
                        .append(",\"" + Field.MSGS + "\":[");
                for (Iterator<String> it = newest.iterator(); it.hasNext(); ) {
                    b.append(it.next()).append(it.hasNext() ? "," : "");
                }
                answerTail = b.append("],\"" + Field.TOTAL + "\":").append(mid.get()).append(",\"" + Field.END + "\":false}").toString();
            }
            return "{\"" + Field.TYPE + "\":\"" + PacketType.HISTORY_RESULT + "\",\"" + Field.ID + "\":" + idJson + answerTail;
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
                send(error(null, 4000, "bad_json", e.getClass().getSimpleName()));
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
        String type = p.path(Field.TYPE).asText();
        String id = JSON.writeValueAsString(p.path(Field.ID).asText(""));
        if (c.user == null && !type.equals(PacketType.AUTH)) {
            c.send(error(id, 4010, "unauthenticated", "auth first"));
            return;
        }
        switch (type) {
            case PacketType.AUTH -> {
                if (!tokens.verify(p.path(Field.TOKEN).asText(null))) {
                    c.send(error(id, 4011, "bad_token", "bad token"));
                    c.session.close(1008, "bad_token", Callback.NOOP);
                    return;
                }
                c.pin = p.path(Field.PIN).asText();
                c.appId = p.path(Field.APP_ID).asText();
                c.user = c.pin + "|" + c.appId;
                online.computeIfAbsent(c.user, k -> ConcurrentHashMap.newKeySet()).add(c);
                ObjectNode ok = reply(PacketType.AUTH_OK, p).put(Field.PIN, c.pin).put(Field.APP_ID, c.appId).put(Field.HEARTBEAT_MS, 30000)
                        .put(Field.SERVER_TIME, System.currentTimeMillis());
                c.send(ok.toString());
            }
            case PacketType.HEARTBEAT -> c.send(reply(PacketType.HEARTBEAT_ACK, p).put(Field.SERVER_TIME, System.currentTimeMillis()).toString());
            case PacketType.CREATE_GROUP -> {
                Conversation g = new Conversation(nextGid.incrementAndGet());
                g.members.add(c.user);
                for (JsonNode inv : p.path(Field.GROUP).path(Field.INVITEES)) {
                    g.members.add(inv.path(Field.PIN).asText() + "|" + inv.path(Field.APP).asText(c.appId));
                }
                conversations.put(g.gid, g);
                c.send(reply(PacketType.CREATE_GROUP_RESULT, p).put(Field.GID, g.gid).toString());
            }
            case PacketType.CHAT_MESSAGE -> {
                Conversation conv = conversation(c, p);
                if (conv == null) {
                    c.send(error(id, 4030, "not_member", "-"));
                    return;
                }
                ObjectNode msg = JSON.createObjectNode().put(Field.MID, conv.mid.incrementAndGet()).put(Field.GID, conv.gid)
                        .put(Field.TYPE, p.path(Field.MSG_TYPE).asText("text")).put(Field.CONTENT, p.path(Field.CONTENT).asText(""));
                msg.putObject(Field.FROM).put(Field.PIN, c.pin).put(Field.APP_ID, c.appId).put(Field.NICK_NAME, c.pin);
                msg.put(Field.TIMESTAMP, System.currentTimeMillis()).put(Field.CLIENT_MSG_ID, p.path(Field.CLIENT_MSG_ID).asText());
                String msgJson = msg.toString();
                conv.remember(msgJson);
                ObjectNode ack = reply(PacketType.CHAT_MESSAGE_ACK, p).put(Field.CLIENT_MSG_ID, msg.path(Field.CLIENT_MSG_ID).asText())
                        .put(Field.MID, msg.path(Field.MID).asLong()).put(Field.GID, conv.gid).put(Field.TIMESTAMP, msg.path(Field.TIMESTAMP).asLong());
                ack.set(Field.MESSAGE, msg);
                c.send(ack.toString());
                // serialized once for all
                String push = "{\"" + Field.TYPE + "\":\"" + PacketType.CHAT_MESSAGE + "\",\"" + Field.MSG + "\":" + msgJson + "}";
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
                c.send(conv == null ? error(id, 4030, "not_member", "-") : conv.historyAnswer(id));
            }
            default -> c.send(error(id, 4001, "unknown_type", "-"));
        }
    }

    /** The group named by gid (members only), or the one-to-one chat with toChat/toAppId. */
    private Conversation conversation(Conn c, JsonNode p) {
        if (p.has(Field.GID)) {
            Conversation g = conversations.get(p.path(Field.GID).asLong());
            return g != null && g.members.contains(c.user) ? g : null;
        }
        String peer = p.path(Field.TO_CHAT).asText() + "|" + p.path(Field.TO_APP_ID).asText(c.appId);
        String key = c.user.compareTo(peer) < 0 ? c.user + "\n" + peer : peer + "\n" + c.user;
        return direct.computeIfAbsent(key, k -> {
            Conversation d = new Conversation(nextGid.incrementAndGet());
            d.members.add(c.user);
            d.members.add(peer);
            conversations.put(d.gid, d);
            return d;
        });
    }

    /** An error packet; idJson is the request's id already as JSON, or null for none. */
    private static String error(String idJson, int code, String error, String msg) {
        return "{\"" + Field.TYPE + "\":\"" + PacketType.ERROR + "\","
                + (idJson == null ? "" : "\"" + Field.ID + "\":" + idJson + ",")
                + "\"" + Field.CODE + "\":" + code + ",\"" + Field.ERROR + "\":\"" + error + "\",\"" + Field.MSG + "\":\"" + msg + "\"}";
    }

    private static ObjectNode reply(String type, JsonNode request) {
        ObjectNode r = JSON.createObjectNode().put(Field.TYPE, type);
        if (request.has(Field.ID)) {
            r.put(Field.ID, request.path(Field.ID).asText());
        }
        return r.put(Field.CODE, 0);
    }
}
