package io.parley.server;

import io.parley.server.chat.MediaUrlPolicy;
import io.parley.server.auth.TokenService;
import io.parley.server.http.OriginPolicy;
import io.parley.server.http.PublicOrigin;
import io.parley.server.http.TrustedProxies;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.parley.protocol.Limits;
import io.parley.server.store.postgres.DbUrl;
import io.parley.server.limits.Limit;
import io.parley.server.limits.LimitsConfig;
import io.parley.server.store.sqlite.SqliteChatStore;

/**
 * Everything a {@link ParleyServer} needs, immutable. Build with {@link #builder()}.
 * webappDir/demoDir null means: serve the classpath folders {@code webapp/} and {@code demo/}
 * (how they are packed in the jar).
 */
public final class ServerConfig {
    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 10L << 20;
    public static final long DEFAULT_MAX_UPLOAD_PIXELS = 40_000_000L;
    /** Uploads are held in memory while checked: the cap is bounded well below the heap. */
    public static final long MAX_UPLOAD_BYTES_LIMIT = 256L << 20;
    public static final long MAX_UPLOAD_PIXELS_LIMIT = 1_000_000_000L;
    public static final int DEFAULT_OUTBOUND_QUEUE_FRAMES = 4096;
    /** Counts bytes queued and being written: with the per-user/address connection caps it bounds the heap. */
    public static final long DEFAULT_OUTBOUND_QUEUE_BYTES = 2L << 20;
    public static final String DEFAULT_FANOUT_PREFIX = "parley:";

    private final int port;
    private final Path dataDir;
    private final List<String> allowedOrigins;
    private final List<String> mediaOrigins;
    private final String tokenSecret;
    private final boolean dev;
    private final long heartbeatMs;
    private final long recallWindowMs;
    private final Path webappDir;
    private final Path demoDir;
    private final Path demoBundlesDir;
    private final long maxUploadBytes;
    private final long maxUploadPixels;
    private final boolean demo;
    private final SqliteChatStore.Sync sync;
    private final String db;
    private final int batchMax;
    private final long batchWaitMs;
    private final int outboundQueueFrames;
    private final long outboundQueueBytes;
    private final LimitsConfig limits;
    private final List<String> trustedProxies;
    private final String adminSecret;
    private final String fanout;
    private final String fanoutPrefix;
    private final String publicUrl;
    private final long clockSkewSeconds;

    private ServerConfig(Builder b) {
        this.port = b.port;
        this.dataDir = b.dataDir;
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.mediaOrigins = List.copyOf(b.mediaOrigins);
        this.tokenSecret = b.tokenSecret;
        this.dev = b.dev;
        this.heartbeatMs = b.heartbeatMs;
        this.recallWindowMs = b.recallWindowMs;
        this.webappDir = b.webappDir;
        this.demoDir = b.demoDir;
        this.demoBundlesDir = b.demoBundlesDir;
        this.maxUploadBytes = b.maxUploadBytes;
        this.maxUploadPixels = b.maxUploadPixels;
        this.demo = b.demo;
        this.sync = b.sync;
        this.db = b.db;
        this.batchMax = b.batchMax;
        this.batchWaitMs = b.batchWaitMs;
        this.outboundQueueFrames = b.outboundQueueFrames;
        this.outboundQueueBytes = b.outboundQueueBytes;
        this.limits = b.limits;
        this.trustedProxies = List.copyOf(b.trustedProxies);
        this.adminSecret = b.adminSecret;
        this.fanout = b.fanout;
        this.fanoutPrefix = b.fanoutPrefix;
        this.publicUrl = b.publicUrl;
        this.clockSkewSeconds = b.clockSkewSeconds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to derive a variant (e.g. the same data dir, port 0). */
    public Builder toBuilder() {
        return new Builder().port(port).dataDir(dataDir).allowedOrigins(allowedOrigins).mediaOrigins(mediaOrigins)
                .tokenSecret(tokenSecret)
                .dev(dev).heartbeatMs(heartbeatMs).recallWindowMs(recallWindowMs).webappDir(webappDir).demoDir(demoDir)
                .demoBundlesDir(demoBundlesDir)
                .maxUploadBytes(maxUploadBytes).maxUploadPixels(maxUploadPixels).demo(demo).sync(sync).db(db).batchMax(batchMax)
                .batchWaitMs(batchWaitMs).outboundQueueFrames(outboundQueueFrames).outboundQueueBytes(outboundQueueBytes)
                .limits(limits).trustedProxies(trustedProxies).adminSecret(adminSecret)
                .fanout(fanout).fanoutPrefix(fanoutPrefix).publicUrl(publicUrl).clockSkewSeconds(clockSkewSeconds);
    }

    /** TCP port; 0 picks a free one (see {@link ParleyServer#port()}). */
    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Origins (scheme://host[:port]) besides this server's /files/ that image and avatar URLs may point at. */
    public List<String> mediaOrigins() {
        return mediaOrigins;
    }

    /** Extra origins (scheme://host[:port]) allowed to open the WebSocket. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    public String tokenSecret() {
        return tokenSecret;
    }

    /** Dev mode: /api/dev/token exists and http://localhost:* / http://127.0.0.1:* origins are allowed. */
    public boolean dev() {
        return dev;
    }

    public long heartbeatMs() {
        return heartbeatMs;
    }

    /** How long after sending a sender may recall a message (default 2 minutes). */
    public long recallWindowMs() {
        return recallWindowMs;
    }

    /** Directory served at /, or null for the classpath folder webapp/. */
    public Path webappDir() {
        return webappDir;
    }

    /** Directory served at /demo/, or null for the classpath folder demo/. */
    public Path demoDir() {
        return demoDir;
    }

    /** Served under /demo/ beside the demo pages when not null: the demo-only bundles (never in the jar). */
    public Path demoBundlesDir() {
        return demoBundlesDir;
    }

    /** Largest image POST /api/upload accepts, in bytes (default 10 MiB). */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** Largest width × height an uploaded image may declare (default 40 000 000). */
    public long maxUploadPixels() {
        return maxUploadPixels;
    }

    /** Serve the demo pages at /demo/ even without dev mode. */
    public boolean demo() {
        return demo;
    }

    /** SQLite durability: NORMAL survives a process crash, FULL also a power cut (docs/RELIABILITY.md). */
    public SqliteChatStore.Sync sync() {
        return sync;
    }

    /** A jdbc:postgresql: URL (from --db / PARLEY_DB), or null for SQLite in {@link #dataDir()}. */
    public String db() {
        return db;
    }

    /** Most writes per transaction. */
    public int batchMax() {
        return batchMax;
    }

    /** How long the writer waits for more writes once it has one (0: takes what is queued). */
    public long batchWaitMs() {
        return batchWaitMs;
    }

    /** Frames a connection may have queued before it counts as a slow consumer. */
    public int outboundQueueFrames() {
        return outboundQueueFrames;
    }

    /** Bytes a connection may have queued before it counts as a slow consumer. */
    public long outboundQueueBytes() {
        return outboundQueueBytes;
    }

    /** Every per-user/connection/address limit (io.parley.server.limits, docs/SECURITY.md). */
    public LimitsConfig limits() {
        return limits;
    }

    /**
     * Proxy IP addresses and CIDR blocks whose X-Forwarded-For names the client (for per-address limits)
     * and whose Forwarded / X-Forwarded-Proto / -Host / -Port name the origin the browser used.
     */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /** Secret guarding POST /api/admin/revoke; null: the endpoint does not exist. */
    public String adminSecret() {
        return adminSecret;
    }

    /** redis://HOST:PORT to fan out across nodes through Redis, or null for this process alone. */
    public String fanout() {
        return fanout;
    }

    /** Prefix of the Redis channel and keys: nodes with the same Redis and prefix form one cluster. */
    public String fanoutPrefix() {
        return fanoutPrefix;
    }

    /**
     * The origin browsers reach this server at (https://chat.example.com), or null: then each request's
     * scheme and Host (as a trusted proxy forwarded them) make it. Upload URLs start with it, and pages
     * on it may open the WebSocket and upload.
     */
    public String publicUrl() {
        return publicUrl;
    }

    /** How long after its exp a token is still accepted: the host backend's clock may differ from ours. */
    public long clockSkewSeconds() {
        return clockSkewSeconds;
    }

    public static final class Builder {
        private int port = DEFAULT_PORT;
        private Path dataDir = DEFAULT_DATA_DIR;
        private List<String> allowedOrigins = List.of();
        private List<String> mediaOrigins = List.of();
        private String tokenSecret;
        private boolean dev;
        private long heartbeatMs = Limits.DEFAULT_HEARTBEAT_MS;
        private long recallWindowMs = Limits.DEFAULT_RECALL_WINDOW_MS;
        private Path webappDir;
        private Path demoDir;
        private Path demoBundlesDir;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private long maxUploadPixels = DEFAULT_MAX_UPLOAD_PIXELS;
        private boolean demo;
        private SqliteChatStore.Sync sync = SqliteChatStore.Sync.NORMAL;
        private String db;
        private int batchMax = SqliteChatStore.DEFAULT_BATCH_MAX;
        private long batchWaitMs = SqliteChatStore.DEFAULT_BATCH_WAIT_MS;
        private int outboundQueueFrames = DEFAULT_OUTBOUND_QUEUE_FRAMES;
        private long outboundQueueBytes = DEFAULT_OUTBOUND_QUEUE_BYTES;
        private LimitsConfig limits = LimitsConfig.defaults();
        private List<String> trustedProxies = List.of();
        private String adminSecret;
        private String fanout;
        private String fanoutPrefix = DEFAULT_FANOUT_PREFIX;
        private String publicUrl;
        private long clockSkewSeconds = TokenService.DEFAULT_CLOCK_SKEW_SECONDS;

        private Builder() {
        }

        /** scheme://host[:port] (a trailing slash is dropped), or null. */
        public Builder publicUrl(String publicUrl) {
            this.publicUrl = publicUrl;
            return this;
        }

        public Builder clockSkewSeconds(long clockSkewSeconds) {
            this.clockSkewSeconds = clockSkewSeconds;
            return this;
        }

        public Builder limits(LimitsConfig limits) {
            this.limits = limits;
            return this;
        }

        /** Sets one limit, keeping the others. */
        public Builder limit(Limit limit, long value) {
            this.limits = limits.with(limit, value);
            return this;
        }

        public Builder trustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
            return this;
        }

        public Builder adminSecret(String adminSecret) {
            this.adminSecret = adminSecret;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder allowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
            return this;
        }

        public Builder mediaOrigins(List<String> mediaOrigins) {
            this.mediaOrigins = mediaOrigins;
            return this;
        }

        public Builder tokenSecret(String tokenSecret) {
            this.tokenSecret = tokenSecret;
            return this;
        }

        public Builder dev(boolean dev) {
            this.dev = dev;
            return this;
        }

        public Builder heartbeatMs(long heartbeatMs) {
            this.heartbeatMs = heartbeatMs;
            return this;
        }

        public Builder recallWindowMs(long recallWindowMs) {
            this.recallWindowMs = recallWindowMs;
            return this;
        }

        public Builder webappDir(Path webappDir) {
            this.webappDir = webappDir;
            return this;
        }

        public Builder demoDir(Path demoDir) {
            this.demoDir = demoDir;
            return this;
        }

        public Builder demoBundlesDir(Path demoBundlesDir) {
            this.demoBundlesDir = demoBundlesDir;
            return this;
        }

        public Builder maxUploadBytes(long maxUploadBytes) {
            this.maxUploadBytes = maxUploadBytes;
            return this;
        }

        public Builder maxUploadPixels(long maxUploadPixels) {
            this.maxUploadPixels = maxUploadPixels;
            return this;
        }

        public Builder demo(boolean demo) {
            this.demo = demo;
            return this;
        }

        public Builder sync(SqliteChatStore.Sync sync) {
            this.sync = sync;
            return this;
        }

        /** A PostgreSQL URL (postgresql://… or jdbc:postgresql:…), or null for SQLite. */
        public Builder db(String db) {
            this.db = db == null ? null : DbUrl.toJdbc(db);
            return this;
        }

        public Builder batchMax(int batchMax) {
            this.batchMax = batchMax;
            return this;
        }

        public Builder batchWaitMs(long batchWaitMs) {
            this.batchWaitMs = batchWaitMs;
            return this;
        }

        public Builder outboundQueueFrames(int outboundQueueFrames) {
            this.outboundQueueFrames = outboundQueueFrames;
            return this;
        }

        public Builder outboundQueueBytes(long outboundQueueBytes) {
            this.outboundQueueBytes = outboundQueueBytes;
            return this;
        }

        public Builder fanout(String fanout) {
            this.fanout = fanout;
            return this;
        }

        public Builder fanoutPrefix(String fanoutPrefix) {
            this.fanoutPrefix = fanoutPrefix;
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad value */
        public ServerConfig build() {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(allowedOrigins, "allowedOrigins");
            if (tokenSecret == null || tokenSecret.isEmpty()) {
                throw new IllegalArgumentException("a token secret is required");
            }
            if (heartbeatMs < 10 || heartbeatMs > 3_600_000) {
                throw new IllegalArgumentException("heartbeatMs must be 10..3600000, got " + heartbeatMs);
            }
            if (recallWindowMs < 0 || recallWindowMs > 365L * 24 * 3_600_000) {
                throw new IllegalArgumentException("recallWindowMs must be 0..31536000000, got " + recallWindowMs);
            }
            if (maxUploadBytes < 1 || maxUploadBytes > MAX_UPLOAD_BYTES_LIMIT) {
                throw new IllegalArgumentException("maxUploadBytes must be 1.." + MAX_UPLOAD_BYTES_LIMIT + ", got "
                        + maxUploadBytes);
            }
            if (maxUploadPixels < 1 || maxUploadPixels > MAX_UPLOAD_PIXELS_LIMIT) {
                throw new IllegalArgumentException("maxUploadPixels must be 1.." + MAX_UPLOAD_PIXELS_LIMIT + ", got "
                        + maxUploadPixels);
            }
            Objects.requireNonNull(sync, "sync");
            if (batchMax < 1 || batchMax > 100_000) {
                throw new IllegalArgumentException("batchMax must be 1..100000, got " + batchMax);
            }
            if (batchWaitMs < 0 || batchWaitMs > 1000) {
                throw new IllegalArgumentException("batchWaitMs must be 0..1000, got " + batchWaitMs);
            }
            if (outboundQueueFrames < 1 || outboundQueueBytes < 1) {
                throw new IllegalArgumentException("the outbound queue limits must be positive");
            }
            Objects.requireNonNull(limits, "limits");
            new TrustedProxies(Objects.requireNonNull(trustedProxies, "trustedProxies")); // validates each entry
            if (publicUrl != null) {
                new PublicOrigin(publicUrl); // validates
            }
            if (clockSkewSeconds < 0 || clockSkewSeconds > TokenService.MAX_CLOCK_SKEW_SECONDS) {
                throw new IllegalArgumentException("clockSkewSeconds must be 0.." + TokenService.MAX_CLOCK_SKEW_SECONDS
                        + ", got " + clockSkewSeconds);
            }
            if (adminSecret != null && adminSecret.length() < 16) {
                throw new IllegalArgumentException("the admin secret must have at least 16 characters");
            }
            if (fanout != null && !fanout.matches("rediss?://[^\\s]+")) {
                throw new IllegalArgumentException("fanout must be redis://HOST:PORT (or rediss://), got '" + fanout + "'");
            }
            Objects.requireNonNull(fanoutPrefix, "fanoutPrefix");
            new OriginPolicy(allowedOrigins, dev); // validates each origin
            new MediaUrlPolicy(Objects.requireNonNull(mediaOrigins, "mediaOrigins"), dev);
            return new ServerConfig(this);
        }
    }
}
