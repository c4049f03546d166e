package io.parley.server;

import io.parley.server.dev.DevWaitingRoom;
import io.parley.server.http.OriginPolicy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.parley.server.store.sqlite.SqliteChatStore;

/** Command line entry point: parses flags into a {@link ServerConfig} and runs a {@link ParleyServer}. */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: java -jar parley.jar [options]",
            "  --port N                 TCP port (default 8080)",
            "  --data DIR               data directory: parley.db (SQLite) and uploaded files (default ./data)",
            "  --db URL                 store in PostgreSQL instead of SQLite: postgresql://HOST:PORT/DB?user=U&password=P",
            "                           or jdbc:postgresql://... (or env PARLEY_DB); several nodes may share one database",
            "  --allowed-origins A,B    extra origins allowed to open the WebSocket, e.g. https://shop.example",
"  --media-origins A,B      origins image and avatar URLs may point at besides this server's /files/,",
            "                           e.g. https://cdn.clinic.example (default: none)",
            "  --token-secret S         HMAC secret for login tokens (or env PARLEY_TOKEN_SECRET)",
            "  --dev                    dev mode: /api/dev/token, localhost origins, random secret if none given, and a",
            "                           simulated waiting room: patients writing to the demo doctor (demo/desk.html)",
            "  --no-waiting-room        with --dev: no simulated patients",
            "  --heartbeat-ms N         client heartbeat interval (default 30000)",
            "  --recall-window-ms N     how long a sender may recall a message (default 120000)",
            "  --port-file PATH         write the bound port to PATH once listening (for --port 0)",
            "  --max-upload-bytes N     largest image POST /api/upload accepts (default 10485760 = 10 MiB)",
            "  --max-upload-pixels N    largest width x height an uploaded image may have (default 40000000)",
            "  --webapp DIR             serve the widget from DIR instead of the jar",
            "  --demo DIR               serve the demo at /demo/ from DIR (without --dev, only this serves it)",
            "  --demo-bundles DIR       serve the demo-only bundles from DIR under /demo/ (--dev default: target/demo-bundles if present)",
            "  --serve-demo             serve the demo pages from the jar at /demo/ without --dev",
            "  --sync normal|full       SQLite synchronous mode: normal survives a process crash, full also a power cut",
            "                           (default normal; see docs/RELIABILITY.md)",
            "  --batch-max N            most messages the writer commits in one transaction (default 512)",
            "  --batch-wait-ms N        how long the writer waits to fill a batch (default 0: takes what is queued)",
            "  --outbound-queue N       frames a connection may have unsent before it is closed as a slow consumer"
                    + " (default 4096)",
            "  --outbound-queue-bytes N bytes a connection may have unsent (queued or being written) before it is closed"
                    + " as a slow consumer (default 2097152)",
            "  --public-url URL         the origin browsers reach Parley at, e.g. https://chat.example.com (or env",
            "                           PARLEY_PUBLIC_URL): upload URLs start with it and pages on it may connect",
            "                           (default: each request's own scheme and Host)",
            "  --trusted-proxies A,B    proxy IPs or CIDR blocks (10.0.0.0/8) whose X-Forwarded-For names the client",
            "                           and whose Forwarded / X-Forwarded-Proto/-Host/-Port name the public origin;",
            "                           these headers from any other peer are ignored (default: none)",
            "  --clock-skew-seconds N   how long after its exp a token is still accepted (default 30, max 3600)",
            "  --admin-secret S         enables POST /api/admin/revoke with this bearer secret (or env PARLEY_ADMIN_SECRET)",
            LimitFlags.usage(),
            "  --fanout redis://H:P     fan out to the other nodes of a cluster through Redis (or env PARLEY_FANOUT;",
            "                           default: this process alone); see docs/DEPLOY.md",
            "  --fanout-prefix P        prefix of the Redis channel and keys: one cluster per prefix (default parley:)",
            "  --help                   show this help");

    /** Where the build puts the demo-only bundles; the README's run command starts in the project folder. */
    static final Path DEFAULT_DEMO_BUNDLES = Path.of("target", "demo-bundles");

    private Main() {
    }

    /** Bad command line: message for the user, exit status 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** What parsing decided beyond the config itself. */
    record Parsed(ServerConfig config, boolean randomSecret, boolean help, Path portFile, boolean waitingRoom) {
        Parsed(ServerConfig config, boolean randomSecret, boolean help) {
            this(config, randomSecret, help, null, false);
        }
    }

    public static void main(String[] args) {
        Parsed parsed;
        try {
            parsed = parse(args, System.getenv());
        } catch (UsageException e) {
            System.err.println("parley: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (parsed.help()) {
            System.out.println(USAGE);
            return;
        }
        run(parsed, System.out);
    }

    private static void run(Parsed parsed, PrintStream out) {
        if (parsed.randomSecret()) {
            out.println("parley: dev mode without --token-secret: using a random secret; tokens die with this process");
        }
        ParleyServer server;
        try {
            server = ParleyServer.start(parsed.config());
        } catch (RuntimeException e) {
            System.err.println("parley: " + e.getMessage());
            System.exit(1);
            return;
        }
        AtomicReference<DevWaitingRoom.Room> room = new AtomicReference<>(); // set once the server is announced
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DevWaitingRoom.Room r = room.getAndSet(null);
            if (r != null) {
                r.close();
            }
            server.stop();
        }, "parley-shutdown"));
        if (parsed.portFile() != null) {
            try { // written then renamed, so a reader never sees a partial number
                Path tmp = parsed.portFile().resolveSibling(parsed.portFile().getFileName() + ".tmp");
                java.nio.file.Files.writeString(tmp, Integer.toString(server.port()));
                java.nio.file.Files.move(tmp, parsed.portFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                System.err.println("parley: cannot write --port-file: " + e.getMessage());
                System.exit(1);
                return;
            }
        }
        if (parsed.config().publicUrl() != null) {
            out.println("Parley public URL " + parsed.config().publicUrl());
        }
        out.println(runningLine(parsed.config(), server.baseUri()));
        if (server.exampleUri() != null) {
            out.println("Cross-origin embed (docs/EMBEDDING.md's clinic page, another origin): " + server.exampleUri());
        }
        room.set(waitingRoom(parsed, server, out));
    }

    /**
     * With --dev, unless --no-waiting-room: the simulated patients who make demo/desk.html come alive
     * (demo code from target/demo-classes; see {@link DevWaitingRoom}). Null when off or not built; a
     * dev convenience that fails only says so.
     */
    /** The start line; it names /demo/ only when the demo is served (--dev, --demo, --serve-demo), not in production. */
    static String runningLine(ServerConfig config, java.net.URI base) {
        boolean demo = config.dev() || config.demo(); // as ParleyServer decides
        return "Parley running at " + base + "  (WebSocket " + base.resolve("/ws").toString().replaceFirst("^http", "ws")
                + (demo ? ", demo " + base.resolve("/demo/") : "") + ")";
    }

    static DevWaitingRoom.Room waitingRoom(Parsed parsed, ParleyServer server, PrintStream out) {
        if (!parsed.waitingRoom()) {
            return null;
        }
        StringBuilder why = new StringBuilder();
        try {
            DevWaitingRoom.Room room = DevWaitingRoom.start(server, DevWaitingRoom.DEFAULT_CLASSES,
                    DevWaitingRoom.Pace.DEFAULT, why);
            if (room == null) {
                out.println("parley: " + why + "; the desk demo's waiting room stays empty");
                return null;
            }
            out.println("Waiting room: " + room.patients().size() + " simulated patients are writing to " + room.doctor()
                    + "; open " + server.baseUri().resolve("/demo/desk.html") + " (--no-waiting-room: none)");
            return room;
        } catch (Exception e) {
            out.println("parley: the simulated waiting room did not start: " + e);
            return null;
        }
    }

    static Parsed parse(String[] args, Map<String, String> env) throws UsageException {
        ServerConfig.Builder b = ServerConfig.builder();
        String secret = null;
        boolean dev = false;
        boolean noWaitingRoom = false;
        Path portFile = null;
        Path demoBundles = null;
        String db = null;
        String adminSecret = env.get("PARLEY_ADMIN_SECRET");
        String fanout = null;
        String publicUrl = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> {
                    return new Parsed(null, false, true);
                }
                case "--dev" -> dev = true;
                case "--no-waiting-room" -> noWaitingRoom = true;
                case "--port" -> b.port(intValue(flag, value(args, ++i, flag), 0, 65535));
                case "--heartbeat-ms" -> b.heartbeatMs(intValue(flag, value(args, ++i, flag), 10, 3_600_000));
                case "--recall-window-ms" -> b.recallWindowMs(intValue(flag, value(args, ++i, flag), 0, Integer.MAX_VALUE));
                case "--port-file" -> portFile = path(value(args, ++i, flag));
                case "--max-upload-bytes" -> b.maxUploadBytes(intValue(flag, value(args, ++i, flag), 1,
                        (int) ServerConfig.MAX_UPLOAD_BYTES_LIMIT));
                case "--max-upload-pixels" -> b.maxUploadPixels(intValue(flag, value(args, ++i, flag), 1,
                        (int) ServerConfig.MAX_UPLOAD_PIXELS_LIMIT));
                case "--data" -> b.dataDir(path(value(args, ++i, flag)));
                case "--db" -> db = value(args, ++i, flag);
                case "--webapp" -> b.webappDir(path(value(args, ++i, flag)));
                case "--demo" -> b.demoDir(path(value(args, ++i, flag))).demo(true);
                case "--serve-demo" -> b.demo(true);
                case "--sync" -> b.sync(sync(value(args, ++i, flag)));
                case "--batch-max" -> b.batchMax(intValue(flag, value(args, ++i, flag), 1, 100_000));
                case "--batch-wait-ms" -> b.batchWaitMs(intValue(flag, value(args, ++i, flag), 0, 1000));
                case "--outbound-queue" -> b.outboundQueueFrames(intValue(flag, value(args, ++i, flag), 1, 1_000_000));
                case "--demo-bundles" -> demoBundles = path(value(args, ++i, flag));
                case "--token-secret" -> secret = value(args, ++i, flag);
                case "--allowed-origins" -> b.allowedOrigins(origins(flag, value(args, ++i, flag)));
                case "--media-origins" -> b.mediaOrigins(origins(flag, value(args, ++i, flag)));
                case "--outbound-queue-bytes" -> b.outboundQueueBytes(intValue(flag, value(args, ++i, flag), 1024,
                        Integer.MAX_VALUE));
                case "--trusted-proxies" -> b.trustedProxies(LimitFlags.list(value(args, ++i, flag)));
                case "--admin-secret" -> adminSecret = value(args, ++i, flag);
                case "--fanout" -> fanout = value(args, ++i, flag);
                case "--fanout-prefix" -> b.fanoutPrefix(value(args, ++i, flag));
                case "--public-url" -> publicUrl = value(args, ++i, flag);
                case "--clock-skew-seconds" -> b.clockSkewSeconds(intValue(flag, value(args, ++i, flag), 0,
                        (int) io.parley.server.auth.TokenService.MAX_CLOCK_SKEW_SECONDS));
                default -> {
                    io.parley.server.limits.Limit limit = LimitFlags.limit(flag);
                    if (limit == null) {
                        throw new UsageException("unknown option '" + flag + "'");
                    }
                    b.limit(limit, longValue(flag, value(args, ++i, flag)));
                }
            }
        }
        if (secret == null) {
            String fromEnv = env.get("PARLEY_TOKEN_SECRET");
            secret = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        }
        if (db == null) {
            String fromEnv = env.get("PARLEY_DB");
            db = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        }
        if (fanout == null) {
            String fromEnv = env.get("PARLEY_FANOUT");
            fanout = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        }
        b.fanout(fanout);
        if (publicUrl == null) {
            String fromEnv = env.get("PARLEY_PUBLIC_URL");
            publicUrl = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        }
        b.publicUrl(publicUrl);
        if (demoBundles == null && dev && java.nio.file.Files.isDirectory(DEFAULT_DEMO_BUNDLES)) {
            demoBundles = DEFAULT_DEMO_BUNDLES;
        }
        b.demoBundlesDir(demoBundles);
        b.adminSecret(adminSecret == null || adminSecret.isEmpty() ? null : adminSecret);
        boolean random = false;
        if (secret == null) {
            if (!dev) {
                throw new UsageException("--token-secret (or env PARLEY_TOKEN_SECRET) is required;"
                        + " it must match the secret your backend signs tokens with (or use --dev to try it out)");
            }
            secret = randomSecret();
            random = true;
        }
        try {
            return new Parsed(b.tokenSecret(secret).dev(dev).db(db).build(), random, false, portFile,
                    dev && !noWaitingRoom);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException("option " + flag + " needs a value");
        }
        return args[i];
    }

    private static int intValue(String flag, String v, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new UsageException("option " + flag + " must be an integer " + min + ".." + max + ", got '" + v + "'");
    }

    private static long longValue(String flag, String v) throws UsageException {
        try {
            long n = Long.parseLong(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new UsageException("option " + flag + " must be a positive integer, got '" + v + "'");
    }

    private static SqliteChatStore.Sync sync(String v) throws UsageException {
        return switch (v) {
            case "normal" -> SqliteChatStore.Sync.NORMAL;
            case "full" -> SqliteChatStore.Sync.FULL;
            default -> throw new UsageException("option --sync must be normal or full, got '" + v + "'");
        };
    }

    private static Path path(String v) throws UsageException {
        try {
            return Path.of(v);
        } catch (RuntimeException e) {
            throw new UsageException("bad path '" + v + "'");
        }
    }

    private static List<String> origins(String flag, String v) throws UsageException {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String o = part.trim();
            if (o.isEmpty()) {
                continue;
            }
            if (OriginPolicy.normalize(o) == null) {
                throw new UsageException(flag + ": '" + o + "' is not scheme://host[:port]");
            }
            out.add(o);
        }
        return out;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
