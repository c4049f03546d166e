package io.parley.server.http;

import io.parley.protocol.Field;
import io.parley.server.auth.TokenService;
import io.parley.server.chat.Json;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.Limits;
import io.parley.protocol.Release;

/**
 * The small HTTP API under /api/: GET /api/health (503 when the store or the fan-out is down), and with dev only, POST /api/dev/token which
 * signs a 1-hour token for {"pin","appId"} (so the demo works without a host backend).
 */
public final class ApiHandler extends Handler.Abstract {
    public static final long DEV_TOKEN_SECONDS = 3600;
    private static final int MAX_BODY_BYTES = 4096;

    private final TokenService tokens;
    private final boolean dev;
    private final Health health;

    public ApiHandler(TokenService tokens, boolean dev, Health health) {
        this.tokens = tokens;
        this.dev = dev;
        this.health = health;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.startsWith("/api/")) {
            return false;
        }
        String method = request.getMethod();
        switch (path) {
            case "/api/health" -> {
                if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                    error(response, callback, 405, "method_not_allowed", "use GET");
                } else {
                    health(response, callback);
                }
            }
            case "/api/dev/token" -> {
                if (!dev) {
                    error(response, callback, 404, "not_found", "no such endpoint");
                } else if (!HttpMethod.POST.is(method)) {
                    error(response, callback, 405, "method_not_allowed", "use POST");
                } else {
                    Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).whenComplete((body, failure) -> {
                        if (failure != null) {
                            error(response, callback, 400, "bad_json", "body must be a JSON object of at most "
                                    + MAX_BODY_BYTES + " bytes");
                        } else {
                            devToken(new String(body, StandardCharsets.UTF_8), response, callback);
                        }
                    });
                }
            }
            default -> error(response, callback, 404, "not_found", "no such endpoint");
        }
        return true;
    }

    /** 200 {"ok":true, "version":"0.9.0", part: "ok", ...} when every part is fine, else 503 naming what is wrong. */
    private void health(Response response, Callback callback) {
        health.check().whenComplete((parts, failure) -> {
            ObjectNode out = Json.object();
            boolean ok = failure == null;
            ObjectNode details = Json.object();
            if (failure != null) {
                details.put("check", "failed: " + failure);
            } else {
                for (Map.Entry<String, String> part : parts.entrySet()) {
                    details.put(part.getKey(), part.getValue());
                    ok &= Health.OK.equals(part.getValue());
                }
            }
            out.put("ok", ok);
            out.put("version", Release.VERSION);
            out.setAll(details);
            json(response, callback, ok ? 200 : 503, out);
        });
    }

    private void devToken(String body, Response response, Callback callback) {
        JsonNode req = Json.parse(body);
        if (req == null || !req.isObject()) {
            error(response, callback, 400, "bad_json", "body must be a JSON object {\"pin\",\"appId\"}");
            return;
        }
        for (String field : new String[] {Field.PIN, Field.APP_ID}) {
            JsonNode v = req.get(field);
            if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > Limits.MAX_ID_CHARS) {
                error(response, callback, 400, "invalid_field",
                        "field '" + field + "' must be a string of 1.." + Limits.MAX_ID_CHARS + " characters");
                return;
            }
        }
        long exp = System.currentTimeMillis() / 1000 + DEV_TOKEN_SECONDS;
        ObjectNode out = Json.object();
        out.put(Field.TOKEN, tokens.sign(req.get(Field.PIN).asText(), req.get(Field.APP_ID).asText(), exp));
        out.put(Field.EXP, exp);
        json(response, callback, 200, out);
    }

    /** {"error","msg"} with status (shared with the other /api/ handlers). */
    static void error(Response response, Callback callback, int status, String error, String msg) {
        ObjectNode body = Json.object();
        body.put(Field.ERROR, error);
        body.put(Field.MSG, msg);
        json(response, callback, status, body);
    }

    static void json(Response response, Callback callback, int status, JsonNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(Json.write(body).getBytes(StandardCharsets.UTF_8)), callback);
    }
}
