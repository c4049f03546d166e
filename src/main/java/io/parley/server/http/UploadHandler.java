package io.parley.server.http;

import io.parley.protocol.Field;
import io.parley.server.auth.TokenPolicy;
import io.parley.server.auth.TokenService;
import io.parley.server.limits.LimitExceeded;
import io.parley.server.limits.UploadLimits;
import io.parley.server.chat.Json;
import io.parley.server.media.MediaStorage;
import io.parley.server.media.ImageInspector;
import io.parley.server.media.MetadataStripper;
import io.parley.server.media.UploadException;
import io.parley.server.store.UploadStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ErrorCode;

/**
 * Image uploads and their serving (docs/PROTOCOL.md "Images"):
 *
 * <ul>
 *   <li>{@code POST /api/upload} — body: the raw image bytes (or multipart/form-data with one part
 *       named "file"); {@code Authorization: Bearer <token>}.
 *       The size cap is enforced from Content-Length up front and by counting while reading (a body
 *       over the cap is never buffered past it; see {@link Refusal} for how the 413 still arrives). The bytes are identified by magic only,
 *       the pixel size is capped from the header, metadata is stripped, and the file is stored under
 *       a server-generated name. Answers {url, size, width, height, mime}. CORS for allowed origins.</li>
 *   <li>{@code GET /files/yyyy/mm/<hex>.<ext>} — the stored file with its own Content-Type, nosniff,
 *       CSP default-src 'none', immutable caching and cross-origin resource policy.</li>
 * </ul>
 */
public final class UploadHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(UploadHandler.class);
    public static final String UPLOAD_PATH = "/api/upload";
    public static final String FILES_PREFIX = "/files/";
    private static final int INITIAL_BUFFER = 64 * 1024;
    private static final String PREFLIGHT_MAX_AGE = "600";
    /** Room for a multipart body's boundaries and part headers on top of the file's own cap. */
    public static final int MULTIPART_OVERHEAD = 16 * 1024;
    public static final String MULTIPART_FIELD = "file";

    private final TokenPolicy tokens;
    private final UploadLimits limits;
    private final long minBytesPerSecond;
    private final ScheduledExecutorService timer;
    private final OriginPolicy origins;
    private final PublicOrigin publicOrigin;
    private final MediaStorage files;
    private final UploadStore uploads;
    private final long maxBytes;
    private final long maxPixels;

    public UploadHandler(TokenPolicy tokens, OriginPolicy origins, PublicOrigin publicOrigin, MediaStorage files,
                  UploadStore uploads, long maxBytes, long maxPixels, UploadLimits limits, long minBytesPerSecond,
                  ScheduledExecutorService timer) {
        this.publicOrigin = publicOrigin;
        this.tokens = tokens;
        this.limits = limits;
        this.minBytesPerSecond = minBytesPerSecond;
        this.timer = timer;
        this.origins = origins;
        this.files = files;
        this.uploads = uploads;
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.equals(UPLOAD_PATH)) {
            upload(request, response, callback);
            return true;
        }
        if (path.startsWith(FILES_PREFIX)) {
            serve(path.substring(FILES_PREFIX.length()), request, response, callback);
            return true;
        }
        return false;
    }

    // ---- POST /api/upload ----

    private void upload(Request request, Response response, Callback callback) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        response.getHeaders().add(HttpHeader.VARY, "Origin");
        boolean originOk = origins.isAllowed(origin, publicOrigin.of(request));
        if (originOk && origin != null) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
        String method = request.getMethod();
        if (HttpMethod.OPTIONS.is(method)) {
            preflight(originOk, origin, response, callback);
            return;
        }
        if (!HttpMethod.POST.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST, OPTIONS");
            error(response, callback, new UploadException(405, ErrorCode.METHOD_NOT_ALLOWED, "use POST"));
            return;
        }
        if (!originOk) {
            LOG.info("refused upload from origin {}", origin);
            error(response, callback, new UploadException(403, ErrorCode.ORIGIN_NOT_ALLOWED,
                    "origin " + origin + " may not upload to this server"));
            return;
        }
        TokenService.Claims claims;
        UploadGuard guard;
        try {
            claims = authenticate(request);
            long declared = request.getLength();
            if (declared > bodyCap(request)) {
                throw UploadException.tooLarge("the upload is " + declared + " bytes; the limit is " + maxBytes);
            }
            guard = new UploadGuard(limits.begin(claims.user(), declared), minBytesPerSecond);
        } catch (UploadException e) {
            new Refusal(request, response, callback, e).run();
            return;
        } catch (LimitExceeded e) {
            // answered at once, without draining the body: that is the resource the limit protects
            LOG.info("refused an upload: over --{}", e.limit().flag);
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            error(response, callback, UploadGuard.refusal(e));
            return;
        }
        Callback done = guard.releasing(callback);
        guard.watch(timer, slow -> {
            LOG.info("dropped an upload arriving too slowly");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            error(response, done, slow);
        });
        new BodyReader(request, response, done, claims, guard, request.getLength(), bodyCap(request)).run();
    }


    private static boolean isMultipart(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.regionMatches(true, 0, "multipart/form-data", 0, 19);
    }

    /** The most body bytes read: the file cap, plus multipart framing when the body is a form. */
    private long bodyCap(Request request) {
        return isMultipart(request) ? maxBytes + MULTIPART_OVERHEAD : maxBytes;
    }

    private void preflight(boolean originOk, String origin, Response response, Callback callback) {
        if (!originOk || origin == null) {
            response.setStatus(403);
            response.write(true, null, callback);
            return;
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "POST");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE);
        response.setStatus(204);
        response.write(true, null, callback);
    }

    private TokenService.Claims authenticate(Request request) throws UploadException {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UploadException(401, ErrorCode.BAD_TOKEN, "header 'Authorization: Bearer <token>' is required");
        }
        TokenService.Verification v = tokens.verify(auth.substring(7).trim());
        if (!v.isValid()) {
            throw new UploadException(401, v.failure(), v.reason());
        }
        return v.claims();
    }

    /**
     * Reads the body chunk by chunk, counting: at most maxBytes are ever held; the first byte past
     * the cap turns the read into a {@link Refusal} that discards the rest and answers 413.
     */
    private final class BodyReader implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final TokenService.Claims claims;
        private final UploadGuard guard;
        private final long cap;
        private byte[] buf;
        private int len;

        BodyReader(Request request, Response response, Callback callback, TokenService.Claims claims,
                   UploadGuard guard, long declared, long cap) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.claims = claims;
            this.guard = guard;
            this.cap = cap;
            // grows with what arrives: a body that stalls early holds little
            this.buf = new byte[(int) Math.min(Math.min(cap, declared > 0 ? declared : INITIAL_BUFFER), INITIAL_BUFFER)];
        }

        @Override
        public void run() {
            while (true) {
                if (guard.isDone()) { // the read deadline answered already
                    buf = null;
                    return;
                }
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    Throwable failure = chunk.getFailure();
                    chunk.release();
                    if (chunk.isLast()) {
                        LOG.debug("upload body failed: {}", failure.toString());
                        if (guard.complete()) {
                            error(response, callback, UploadException.bad("the upload body could not be read: " + failure));
                        }
                        return;
                    }
                    continue; // transient failure: try again
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int n = bytes.remaining();
                try {
                    guard.read(n);
                } catch (LimitExceeded e) {
                    chunk.release();
                    buf = null;
                    if (guard.complete()) {
                        response.getHeaders().put(HttpHeader.CONNECTION, "close");
                        error(response, callback, UploadGuard.refusal(e));
                    }
                    return;
                }
                if ((long) len + n > cap) {
                    boolean last = chunk.isLast();
                    chunk.release();
                    buf = null;
                    if (!guard.complete()) {
                        return;
                    }
                    UploadException tooLarge = UploadException.tooLarge("the upload is larger than the limit of "
                            + maxBytes + " bytes");
                    if (last) {
                        error(response, callback, tooLarge);
                    } else {
                        new Refusal(request, response, callback, tooLarge).run();
                    }
                    return;
                }
                if (len + n > buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max((long) buf.length * 2, len + n)));
                }
                bytes.get(buf, len, n);
                len += n;
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    byte[] body = len == buf.length ? buf : Arrays.copyOf(buf, len);
                    buf = null;
                    if (guard.complete()) {
                        finish(body, claims, guard, request, response, callback);
                    }
                    return;
                }
            }
        }
    }

    /**
     * Answers a refused upload only after reading and discarding what the client is still
     * sending (at most one more cap's worth): closing on unread bytes makes the kernel reset
     * the connection, and the client (a browser's XHR included) would see a network error
     * instead of the 4xx. Nothing is kept; a body beyond the bound is cut off.
     */
    private final class Refusal implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final UploadException reason;
        private long discarded;

        public Refusal(Request request, Response response, Callback callback, UploadException reason) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.reason = reason;
        }

        @Override
        public void run() {
            long declared = request.getLength();
            if (declared > maxBytes * 2 + MULTIPART_OVERHEAD) {
                error(response, callback, reason); // too much to be worth reading
                return;
            }
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                boolean last = chunk.isLast() || Content.Chunk.isFailure(chunk);
                if (chunk.hasRemaining()) {
                    discarded += chunk.remaining();
                }
                chunk.release();
                if (last || discarded > maxBytes + MULTIPART_OVERHEAD) {
                    error(response, callback, reason);
                    return;
                }
            }
        }
    }

    private void finish(byte[] body, TokenService.Claims claims, UploadGuard guard, Request request, Response response,
                        Callback callback) {
        ImageInspector.Info info;
        byte[] clean;
        try {
            if (isMultipart(request)) {
                body = MultipartUpload.file(request, body, maxBytes);
            }
            info = ImageInspector.inspect(body, maxPixels);
            clean = MetadataStripper.strip(body, info); // inside: unreadable metadata is a 400, not a 500
        } catch (UploadException e) {
            LOG.info("refused upload from {}: {} ({})", claims.user(), e.code().id, e.getMessage());
            error(response, callback, e);
            return;
        }
        long now = System.currentTimeMillis();
        String name;
        try {
            name = files.store(clean, info.ext(), info.mime(), now);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot store an upload", e);
            error(response, callback, new UploadException(500, ErrorCode.INTERNAL, "the image could not be stored"));
            return;
        }
        try {
            uploads.recordUpload(new UploadStore.Upload(name, claims.user(), info.mime(), clean.length, info.width(),
                    info.height(), sha256(clean), now));
        } catch (RuntimeException e) {
            files.delete(name);
            LOG.error("cannot record an upload", e);
            error(response, callback, new UploadException(500, ErrorCode.INTERNAL, "the image could not be stored"));
            return;
        }
        guard.stored(clean.length);
        String own = publicOrigin.of(request);
        if (own == null) { // HTTP/1.0 without Host and no --public-url: the connector's own address
            HttpURI uri = request.getHttpURI();
            own = uri.getScheme() + "://" + uri.getAuthority();
        }
        ObjectNode out = Json.object();
        out.put(Field.URL, own + FILES_PREFIX + name);
        out.put(Field.SIZE, clean.length);
        out.put(Field.WIDTH, info.width());
        out.put(Field.HEIGHT, info.height());
        out.put(Field.MIME, info.mime());
        LOG.debug("{} uploaded {} ({} bytes, {}x{})", claims.user(), name, clean.length, info.width(), info.height());
        json(response, callback, 200, out);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- GET /files/... ----

    private void serve(String name, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            plain(response, callback, 405, "method not allowed");
            return;
        }
        MediaStorage.Media media;
        try {
            media = files.find(name);
        } catch (IOException e) {
            LOG.warn("cannot read upload {}: {}", name, e.toString());
            plain(response, callback, 503, "the file cannot be read right now");
            return;
        }
        if (media == null) {
            plain(response, callback, 404, "not found");
            return;
        }
        String etag = "\"" + name.substring(name.lastIndexOf('/') + 1, name.lastIndexOf('.')) + "\"";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, media.mime());
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", "default-src 'none'");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=31536000, immutable");
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "inline");
        response.getHeaders().put("Cross-Origin-Resource-Policy", "cross-origin");
        response.getHeaders().put(HttpHeader.ETAG, etag);
        if (etag.equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            response.write(true, null, callback);
            return;
        }
        InputStream in = null;
        if (!HttpMethod.HEAD.is(method)) {
            try {
                in = media.opener().open();
            } catch (IOException e) {
                LOG.warn("cannot read upload {}: {}", name, e.toString());
                plain(response, callback, 503, "the file cannot be read right now");
                return;
            }
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, media.size());
        if (in == null) {
            response.write(true, null, callback);
            return;
        }
        // a blocking stream (a file, or database chunks), copied a buffer at a time as the client takes it
        Content.copy(Content.Source.from(in), response, callback);
    }

    // ---- answers ----

    private static void error(Response response, Callback callback, UploadException e) {
        ObjectNode body = Json.object();
        body.put(Field.CODE, e.code().code);
        body.put(Field.ERROR, e.code().id);
        body.put(Field.MSG, e.getMessage());
        if (e.status() == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        json(response, callback, e.status(), body);
    }

    private static void json(Response response, Callback callback, int status, ObjectNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(Json.write(body).getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static void plain(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
