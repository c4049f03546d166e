package io.parley.server.http;

import io.parley.protocol.Field;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.Limits;
import io.parley.server.auth.UserId;
import io.parley.server.chat.ChatService;
import io.parley.server.chat.Json;

/**
 * {@code POST /api/admin/revoke} with {@code Authorization: Bearer <admin secret>} and
 * {@code {"pin":..,"appId":..}}: refuses that user's current tokens and closes their connections on this
 * node. Only exists when the server has an admin secret (--admin-secret).
 */
public final class AdminHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    public static final String REVOKE_PATH = "/api/admin/revoke";
    private static final int MAX_BODY_BYTES = 1024;

    private final byte[] secret;
    private final ChatService chat;

    public AdminHandler(String secret, ChatService chat) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.chat = chat;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!REVOKE_PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            ApiHandler.error(response, callback, 405, "method_not_allowed", "use POST");
            return true;
        }
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        byte[] given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(secret, given)) { // constant time
            LOG.info("refused an admin request with a wrong secret");
            ApiHandler.error(response, callback, 401, "bad_admin_secret", "the admin secret is wrong");
            return true;
        }
        Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).whenComplete((body, failure) -> {
            JsonNode json = failure == null ? Json.parse(new String(body, StandardCharsets.UTF_8)) : null;
            if (json == null || !isId(json.get(Field.PIN)) || !isId(json.get(Field.APP_ID))) {
                ApiHandler.error(response, callback, 400, "invalid_field", "the body must be {\"pin\":..,\"appId\":..}");
                return;
            }
            UserId user = new UserId(json.get(Field.PIN).asText(), json.get(Field.APP_ID).asText());
            int closed = chat.revoke(user);
            LOG.info("revoked the sessions of {} ({} connections closed)", user, closed);
            ObjectNode out = Json.object();
            out.put(Field.REVOKED, true);
            out.put(Field.CLOSED, closed);
            ApiHandler.json(response, callback, 200, out);
        });
        return true;
    }

    private static boolean isId(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isEmpty() && n.asText().length() <= Limits.MAX_ID_CHARS;
    }
}
