package io.parley.server.ws;

import io.parley.protocol.Field;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ErrorCode;
import io.parley.protocol.PacketType;
import io.parley.server.chat.Json;

/**
 * The socket a page of a refused origin gets. A browser shows an HTTP 403 on the upgrade only as
 * close 1006, the same as an unreachable server, so the page could never tell its integrator why.
 * Instead the upgrade is accepted, this socket says {@code origin_not_allowed} and closes with 1008
 * at once; it reads nothing, so no packet from that origin is ever handled.
 */
public final class RefusedOrigin implements Session.Listener.AutoDemanding {
    /** The close reason (and error id) a refused origin gets. */
    public static final String REASON = ErrorCode.ORIGIN_NOT_ALLOWED.id;
    private final String origin;

    public RefusedOrigin(String origin) {
        this.origin = origin;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put(Field.TYPE, PacketType.ERROR);
        p.put(Field.CODE, ErrorCode.ORIGIN_NOT_ALLOWED.code);
        p.put(Field.ERROR, REASON);
        p.put(Field.MSG, "this page's origin (" + origin + ") is not allowed: add it to the server's --allowed-origins");
        session.sendText(Json.write(p), Callback.from(() -> session.close(1008, REASON, Callback.NOOP),
                x -> session.disconnect()));
    }

    @Override
    public void onWebSocketText(String text) {
        // never handled: the connection is closing
    }
}
