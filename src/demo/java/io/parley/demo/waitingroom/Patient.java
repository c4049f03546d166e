package io.parley.demo.waitingroom;

import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One simulated patient: a real client on its own WebSocket, authenticated with a token signed by the
 * server's secret and carrying the patient's display name. It writes its lines to the doctor at random
 * intervals (with typing first), marks every message of the doctor read and often answers it, and
 * reconnects with a fresh token (with iat, so a revocation is outlived) when the connection drops. Every action runs on the
 * room's one timer thread, so the fields need no locks. Public because Jetty calls the listener's
 * methods through method handles.
 */
public final class Patient implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(Patient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TOKEN_SECONDS = 3600;
    /** How often a doctor's message gets an answer. */
    private static final double ANSWER_CHANCE = 0.6;

    private final WaitingRoom room;
    private final Scripts.Person person;
    private volatile Session session;
    private long gid;
    private int nextLine;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private boolean everConnected;
    private ScheduledFuture<?> nextWrite;

    Patient(WaitingRoom room, Scripts.Person person) {
        this.room = room;
        this.person = person;
    }

    String id() {
        return person.pin() + "@" + Scripts.APP;
    }

    void connect() {
        if (room.closed()) {
            return;
        }
        try {
            room.client().connect(this, room.uri()).whenComplete((s, failure) -> {
                if (failure != null) {
                    retry(failure);
                }
            });
        } catch (Exception e) {
            retry(e);
        }
    }

    /** Tries again soon; says why once, not at every attempt while the server is away. */
    private void retry(Throwable why) {
        if (failures.getAndIncrement() == 0 && !room.closed()) {
            LOG.warn("waiting room: {} cannot connect ({}); retrying", person.pin(), why.toString());
        }
        reconnect();
    }

    void heartbeat() {
        send(packet("heartbeat"));
    }

    void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        long now = System.currentTimeMillis() / 1000;
        String token = room.server().tokenService().sign(person.pin(), Scripts.APP, now + TOKEN_SECONDS, now, person.name());
        send(request("auth").put("token", token)
                .put("pin", person.pin()).put("appId", Scripts.APP).put("clientType", "comet")
                .put("toChat", WaitingRoom.DOCTOR_PIN).put("toAppId", WaitingRoom.DOCTOR_APP));
    }

    @Override
    public void onWebSocketText(String text) {
        JsonNode p;
        try {
            p = JSON.readTree(text);
        } catch (Exception e) {
            return; // the server only sends JSON; nothing to do with anything else
        }
        room.later(() -> handle(p), 0);
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
        LOG.debug("waiting room: {} disconnected ({} {})", person.pin(), status, reason);
        reconnect();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("waiting room: {}: {}", person.pin(), cause.toString());
        reconnect();
    }

    /** Dials again soon, once, however many of close and error report the loss. */
    private void reconnect() {
        session = null;
        if (!room.closed() && reconnecting.compareAndSet(false, true)) {
            room.later(() -> {
                reconnecting.set(false);
                connect();
            }, room.reconnectMs());
        }
    }

    private void handle(JsonNode p) {
        switch (p.path("type").asText()) {
            case "auth_ok" -> {
                failures.set(0);
                // the first lines come within seconds of the start; after a reconnect the usual gap
                scheduleWrite(everConnected ? room.gap() : room.firstDelay());
                everConnected = true;
            }
            case "chat_message_ack" -> {
                if (p.path("code").asInt(-1) == 0) {
                    gid = p.path("gid").asLong();
                }
            }
            case "chat_message" -> fromDoctor(p.path("msg"));
            case "error" -> LOG.debug("waiting room: {} got {}", person.pin(), p);
            default -> {
                // pings, unread and read receipts: nothing to do
            }
        }
    }

    /** Reads what the doctor wrote a moment later, and often answers it. */
    private void fromDoctor(JsonNode msg) {
        JsonNode from = msg.path("from");
        if (!WaitingRoom.DOCTOR_PIN.equals(from.path("pin").asText())
                || !WaitingRoom.DOCTOR_APP.equals(from.path("appId").asText())) {
            return;
        }
        long conversation = msg.path("gid").asLong();
        long mid = msg.path("mid").asLong();
        room.later(() -> send(packet("read").put("gid", conversation).put("mid", mid)), room.readDelay());
        // answers only in the 1:1 (the doctor might also add the patient to a group)
        if ((gid == 0 || gid == conversation) && room.chance(ANSWER_CHANCE)) {
            gid = conversation;
            String answer = person.answers().get(room.pick(person.answers().size()));
            room.later(() -> type(() -> sendLine(Scripts.Line.text(answer))), room.answerDelay());
        }
    }

    private void scheduleWrite(long delayMs) {
        if (nextWrite != null) {
            nextWrite.cancel(false);
        }
        nextWrite = room.later(() -> type(() -> {
            sendLine(person.lines().get(nextLine));
            nextLine = (nextLine + 1) % person.lines().size();
            // after the last line the patient steps away for a while, then comes back as a new visit
            scheduleWrite(nextLine == 0 ? room.gap() * 4 : room.gap());
        }), delayMs);
    }

    /** Shows "typing" to the doctor, then does then (the first time there is no conversation to type in yet). */
    private void type(Runnable then) {
        if (gid == 0) {
            then.run();
            return;
        }
        send(packet("typing").put("gid", gid));
        room.later(then, room.typingLeadMs());
    }

    private void sendLine(Scripts.Line line) {
        ObjectNode p = request("chat_message").put("clientMsgId", person.pin() + "-" + UUID.randomUUID());
        if (gid != 0) {
            p.put("gid", gid);
        } else {
            p.put("toChat", WaitingRoom.DOCTOR_PIN).put("toAppId", WaitingRoom.DOCTOR_APP);
        }
        if (line.customType() == null) {
            p.put("msgType", "text").put("content", line.text());
        } else {
            p.put("msgType", line.customType()).put("fallbackText", line.text()).set("payload", JSON.valueToTree(line.payload()));
        }
        send(p);
    }

    /** A packet without id: the server answers nothing (heartbeat, typing, read). */
    private static ObjectNode packet(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** A request the server answers (auth, chat_message), with an id of its own. */
    private ObjectNode request(String type) {
        return packet(type).put("id", person.pin() + "-" + requests.incrementAndGet());
    }

    private void send(ObjectNode packet) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendText(packet.toString(), Callback.NOOP);
        }
    }
}
