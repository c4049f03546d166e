package io.parley.server;

import io.parley.server.auth.TokenPolicy;
import io.parley.server.auth.TokenService;
import io.parley.server.http.AdminHandler;
import io.parley.server.limits.Limit;
import io.parley.server.limits.Limiters;
import io.parley.server.store.UsageStore;
import io.parley.server.chat.ChatService;
import io.parley.server.chat.ContentPolicy;
import io.parley.server.chat.MediaUrlPolicy;
import io.parley.server.chat.DeskPushes;
import io.parley.server.chat.UnreadPusher;
import io.parley.server.fanout.Fanout;
import io.parley.server.fanout.LocalFanout;
import io.parley.server.fanout.redis.RedisFanout;
import io.parley.server.http.ApiHandler;
import io.parley.server.http.OriginPolicy;
import io.parley.server.http.PublicOrigin;
import io.parley.server.http.StaticAssetHeaders;
import io.parley.server.http.TrustedForwarding;
import io.parley.server.http.TrustedProxies;
import io.parley.server.http.CrossOriginExample;
import io.parley.server.http.SecurityHeadersHandler;
import io.parley.server.http.UploadHandler;
import io.parley.server.store.ChatStore;
import io.parley.server.store.UploadStore;
import io.parley.server.store.postgres.PostgresChatStore;
import io.parley.server.store.sqlite.SqliteChatStore;
import io.parley.server.ws.ChatSocket;
import io.parley.server.ws.ConnectionSweeper;
import io.parley.server.ws.RefusedOrigin;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.eclipse.jetty.http.CompressedContentFormat;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.parley.protocol.Limits;

/**
 * The running Parley server: Jetty (core API, no servlets) with the chat WebSocket at /ws, the
 * HTTP API at /api/, the widget files at / and the demo at /demo/.
 */
public final class ParleyServer {
    private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);
    /** Jetty's own frame limit sits above the protocol's 64 KiB so we can answer frame_too_large ourselves. */
    private static final int JETTY_MAX_TEXT_BYTES = 1 << 20;
    /**
     * The demo pages' policy, sent as a header (the README's advice to hosts): nothing inline, our
     * own origin only; blob: for image previews and the camera page's stream.
     */
    public static final String DEMO_CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:;"
            + " style-src 'self'; script-src 'self'; media-src 'self' blob:";

    private final ServerConfig config;
    private final TokenService tokens;
    private final TokenPolicy tokenPolicy;
    private final Limiters limiters;
    private final OriginPolicy origins;
    private final PublicOrigin publicOrigin;
    private final ChatStore store;
    private final Fanout fanout;
    private final boolean ownsStore;
    private final NodeHealth health;
    private final ChatService chat;
    private final ScheduledExecutorService scheduler;
    /** Runs the conversation_updated pushes (they read the store), apart from the heartbeat timer. */
    private final ScheduledExecutorService deskTimer;
    private final ConnectionSweeper sweeper;
    private final Server server;
    private final ServerConnector connector;
    /** With --dev: the port of the cross-origin example (null without one). */
    private final ServerConnector exampleConnector;
    private ServerWebSocketContainer sockets;
    private volatile boolean stopped;

    private ParleyServer(ServerConfig config, ChatStore store, Fanout fanout, boolean ownsStore) {
        this.config = config;
        this.ownsStore = ownsStore;
        this.store = store;
        this.fanout = fanout;
        this.health = new NodeHealth(store, fanout);
        this.tokens = new TokenService(config.tokenSecret(), config.clockSkewSeconds());
        this.tokenPolicy = new TokenPolicy(tokens, config.limits().get(Limit.TOKEN_LIFETIME_SECONDS));
        if (!(store instanceof UsageStore usage)) {
            throw new IllegalArgumentException("the store must count usage for quotas: " + store.getClass().getName());
        }
        this.limiters = new Limiters(config.limits(), usage, config.trustedProxies());
        this.origins = new OriginPolicy(config.allowedOrigins(), config.dev());
        this.publicOrigin = new PublicOrigin(config.publicUrl());
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("parley-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
        this.deskTimer = DeskPushes.timer();
        this.chat = new ChatService(store, fanout, tokenPolicy, new UnreadPusher(store, fanout, timer,
                UnreadPusher.DEFAULT_WINDOW_MS), DeskPushes.pusher(store, fanout, deskTimer), config.heartbeatMs(), config.recallWindowMs(), config.maxUploadBytes(),
                config.maxUploadPixels(), limiters,
                new ContentPolicy(new MediaUrlPolicy(config.mediaOrigins(), config.dev())));
        this.sweeper = new ConnectionSweeper(timer, config.heartbeatMs(), config.limits().get(Limit.AUTH_DEADLINE_MS),
                config.limits().get(Limit.OUTBOUND_STALL_MS));
        // The server ping: one shared task for all connections, every heartbeatMs.
        long hb = config.heartbeatMs();
        timer.scheduleAtFixedRate(() -> {
            try {
                chat.pingAll();
            } catch (RuntimeException e) {
                LOG.warn("ping failed: {}", e.toString());
            }
        }, hb, hb, java.util.concurrent.TimeUnit.MILLISECONDS);

        this.server = new Server(threadPool());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        if (!config.trustedProxies().isEmpty()) {
            http.addCustomizer(new TrustedForwarding(new TrustedProxies(config.trustedProxies())));
        }
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(config.port());
        server.addConnector(connector);
        Handler handlers = new SecurityHeadersHandler(handlers());
        this.exampleConnector = config.dev() ? exampleConnector() : null;
        if (exampleConnector != null) {
            handlers = byConnector(handlers, new CrossOriginExample(
                    resource(config.demoDir(), "demo").resolve("cross-origin/"), tokens, this::port));
        }
        server.setHandler(handlers);
    }

    /**
     * With --dev: a second port (the next one; a random one with --port 0 or when it is busy) for the clinic page of
     * docs/EMBEDDING.md, so the cross-origin embed can be tried on one machine. Null without demo files.
     */
    private ServerConnector exampleConnector() {
        Resource demo = resource(config.demoDir(), "demo");
        Resource files = demo == null ? null : demo.resolve("cross-origin/");
        if (files == null || !files.exists()) {
            return null;
        }
        ServerConnector example = new ServerConnector(server);
        int port = config.port() == 0 || config.port() == 65535 ? 0 : config.port() + 1;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(port)) {
            // free (a dev convenience must not stop the server from starting: a busy port becomes a random one)
        } catch (java.io.IOException busy) {
            port = 0;
        }
        example.setPort(port);
        server.addConnector(example);
        return example;
    }

    /** Requests on the example's port go to the example, all others to Parley. */
    private Handler byConnector(Handler parley, Handler example) {
        return new Handler.Wrapper(parley) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (request.getConnectionMetaData().getConnector() == exampleConnector) {
                    return example.handle(request, response, callback);
                }
                return super.handle(request, response, callback);
            }
        };
    }

    /**
     * Jetty's pool, capped and sized for the machine: enough for selectors, acceptors and the blocking
     * reads, but a connect/close storm cannot grow it to hundreds of threads.
     */
    private static QueuedThreadPool threadPool() {
        int cores = Runtime.getRuntime().availableProcessors();
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(16, cores * 8), Math.min(8, Math.max(4, cores * 2)));
        pool.setName("parley-http");
        return pool;
    }

    /** Opens the store, binds the port and starts serving. */
    public static ParleyServer start(ServerConfig config) {
        ChatStore store = openStore(config);
        return start(config, store, true);
    }

    /**
     * Serves on a store opened by the caller, who keeps it (stop does not close it): e.g. several nodes
     * of one test process on one database.
     */
    public static ParleyServer start(ServerConfig config, ChatStore store) {
        return start(config, store, false);
    }

    private static ParleyServer start(ServerConfig config, ChatStore store, boolean ownsStore) {
        ParleyServer parley = null;
        Fanout fanout = null;
        try {
            fanout = config.fanout() == null ? new LocalFanout()
                    : RedisFanout.connect(new RedisFanout.Options(config.fanout(), config.fanoutPrefix()));
            parley = new ParleyServer(config, store, fanout, ownsStore);
            parley.server.start();
        } catch (Exception e) {
            if (parley != null) {
                parley.stop(); // also closes the fan-out (and the store if ours)
            } else {
                if (ownsStore) {
                    store.close();
                }
                if (fanout != null) {
                    fanout.close();
                }
            }
            throw new IllegalStateException("cannot start Parley on port " + config.port() + ": " + e.getMessage(), e);
        }
        LOG.info("Parley listening on {} (dev={}, fan-out {})", parley.baseUri(), config.dev(),
                config.fanout() == null ? "local" : config.fanout());
        if (parley.exampleUri() != null) {
            LOG.info("cross-origin example (docs/EMBEDDING.md's clinic page) on {}", parley.exampleUri());
        }
        return parley;
    }

    /** PostgreSQL when the config names one (--db), else SQLite in the data dir. */
    private static ChatStore openStore(ServerConfig config) {
        if (config.db() != null) {
            return PostgresChatStore.open(config.db(), config.batchMax(), config.batchWaitMs(),
                    PostgresChatStore.DEFAULT_POOL_SIZE);
        }
        return SqliteChatStore.open(config.dataDir(), new SqliteChatStore.Options(config.sync(),
                config.batchMax(), config.batchWaitMs()));
    }

    private Handler handlers() {
        ContextHandler root = utf8Text(new ContextHandler("/"));
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, root, container -> {
            container.setMaxTextMessageSize(JETTY_MAX_TEXT_BYTES);
            container.setMaxFrameSize(JETTY_MAX_TEXT_BYTES);
            container.setMaxBinaryMessageSize(JETTY_MAX_TEXT_BYTES); // so binary gets our error, not a bare close
            // Backstop only: ChatSocket closes silent connections after exactly 3 missed heartbeats.
            long hb = config.heartbeatMs();
            container.setIdleTimeout(Duration.ofMillis(hb * Limits.MISSED_HEARTBEATS_BEFORE_CLOSE + Math.max(hb, 5000)));
            container.addMapping("/ws", this::newSocket);
        });
        sockets = ws.getServerWebSocketContainer();
        List<Handler> app = new ArrayList<>();
        if (store instanceof UploadStore uploads) { // before ApiHandler, which answers all other /api/ paths
            app.add(new UploadHandler(tokenPolicy, origins, publicOrigin, uploads.mediaStorage(config.dataDir()), uploads,
                    config.maxUploadBytes(), config.maxUploadPixels(), limiters.uploads(),
                    config.limits().get(Limit.UPLOAD_MIN_BYTES_PER_SECOND), scheduler));
        }
        if (config.adminSecret() != null) {
            app.add(new AdminHandler(config.adminSecret(), chat));
        }
        app.add(new ApiHandler(tokens, config.dev(), health));
        Handler webapp = staticFiles(config.webappDir(), "webapp", null);
        if (webapp != null) {
            app.add(new StaticAssetHeaders(webapp));
        }
        ws.setHandler(new Handler.Sequence(app));
        root.setHandler(ws);

        List<ContextHandler> contexts = new ArrayList<>();
        contexts.add(root);
        Handler demo = config.dev() || config.demo() ? staticFiles(config.demoDir(), "demo", config.demoBundlesDir()) : null;
        if (demo != null) {
            contexts.add(utf8Text(new ContextHandler(new SecurityHeadersHandler(demo, DEMO_CSP), "/demo")));
        }
        return new ContextHandlerCollection(contexts.toArray(new ContextHandler[0]));
    }

    /** Text assets declare UTF-8: a host page's own encoding must not decide how a script is read. */
    private static ContextHandler utf8Text(ContextHandler context) {
        for (String[] t : new String[][] {{"js", "text/javascript"}, {"mjs", "text/javascript"}, {"css", "text/css"},
                {"html", "text/html"}, {"htm", "text/html"}, {"json", "application/json"}, {"svg", "image/svg+xml"},
                {"txt", "text/plain"}, {"map", "application/json"}}) {
            context.getMimeTypes().addMimeMapping(t[0], t[1] + ";charset=utf-8");
        }
        return context;
    }

    /**
     * The WebSocket creator. A foreign origin gets a socket that only says {@code origin_not_allowed}
     * and closes with 1008 ({@link RefusedOrigin}: a browser cannot see an HTTP 403 on an upgrade).
     */
    private Object newSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String own = publicOrigin.of(request);
        if (!origins.isAllowed(origin, own)) {
            LOG.info("refused WebSocket upgrade from origin {}", origin);
            return new RefusedOrigin(origin);
        }
        String address = limiters.clientAddress().resolve(Request.getRemoteAddr(request),
                request.getHeaders().get(HttpHeader.X_FORWARDED_FOR));
        if (!limiters.connectionsPerAddress().tryAcquire(address)) {
            LOG.info("refused WebSocket upgrade: {} connections from one address", limiters.connectionsPerAddress().max());
            Response.writeError(request, response, callback, 429, "too many connections from your address");
            return null;
        }
        ChatSocket socket = new ChatSocket(chat, sweeper, scheduler, config.outboundQueueFrames(), config.outboundQueueBytes(),
                config.limits().get(Limit.RESPONSE_BYTES), () -> limiters.connectionsPerAddress().release(address));
        socket.serverOrigin(own); // the origin upload URLs start with
        return socket;
    }

    /**
     * A directory listing-free file server for dir, or the classpath folder when dir is null;
     * files in extra (when not null) are served beside them.
     */
    private Handler staticFiles(Path dir, String classpathFolder, Path extra) {
        ResourceFactory files = ResourceFactory.of(server);
        Resource base = resource(dir, classpathFolder);
        if (base == null || !base.exists()) {
            LOG.warn("no {} files found (classpath folder {}/ missing); not serving them", classpathFolder, classpathFolder);
            return null;
        }
        if (extra != null) {
            if (!Files.isDirectory(extra)) {
                throw new IllegalArgumentException("not a directory: " + extra);
            }
            base = ResourceFactory.combine(base, files.newResource(extra.toAbsolutePath()));
        }
        ResourceHandler handler = new ResourceHandler();
        handler.setBaseResource(base);
        handler.setDirAllowed(false);
        handler.setWelcomeFiles("index.html");
        // name.gz beside name (written by the build): sent as Content-Encoding gzip to clients that accept it
        handler.setPrecompressedFormats(List.of(CompressedContentFormat.GZIP));
        handler.setEtags(true); // a short-cached file is revalidated with If-None-Match (StaticAssetHeaders)
        return handler;
    }

    /** dir, or the classpath folder when dir is null (null when that is missing). */
    private Resource resource(Path dir, String classpathFolder) {
        ResourceFactory files = ResourceFactory.of(server);
        if (dir == null) {
            return files.newClassLoaderResource(classpathFolder + "/");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        return files.newResource(dir.toAbsolutePath());
    }

    /** With --dev: the clinic page of docs/EMBEDDING.md on its own port (another origin), else null. */
    public URI exampleUri() {
        return exampleConnector == null ? null : URI.create("http://localhost:" + exampleConnector.getLocalPort() + "/");
    }

    /** The bound port (the real one when the config asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** http://localhost:PORT/ */
    public URI baseUri() {
        return URI.create("http://localhost:" + port() + "/");
    }

    public TokenService tokenService() {
        return tokens;
    }

    public ServerConfig config() {
        return config;
    }

    public ChatStore store() {
        return store;
    }

    public Fanout fanout() {
        return fanout;
    }

    public Limiters limiters() {
        return limiters;
    }

    /**
     * Tells every client we are going away (1001) and gives the close handshakes a moment: Jetty's
     * own stop just drops the connections, which clients would see as an abnormal close.
     */
    private void closeSockets() throws InterruptedException {
        if (sockets == null) {
            return;
        }
        for (Session s : sockets.getOpenSessions()) {
            s.close(ChatSocket.CLOSE_GOING_AWAY, "server stopping", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!sockets.getOpenSessions().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Closes all connections (1001), stops Jetty and the fan-out, then closes the database if ours. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            closeSockets();
            server.stop();
        } catch (Exception e) {
            LOG.warn("error stopping Jetty: {}", e.toString());
        } finally {
            scheduler.shutdownNow();
            deskTimer.shutdownNow();
            health.close();
            fanout.close();
            if (ownsStore) {
                store.close();
            }
        }
        LOG.info("Parley stopped");
    }
}
