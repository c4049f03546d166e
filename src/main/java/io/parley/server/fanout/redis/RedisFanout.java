package io.parley.server.fanout.redis;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.Endpoint;
import io.parley.server.fanout.Fanout;
import io.parley.server.fanout.Frame;
import io.parley.server.fanout.LocalFanout;

/**
 * {@link Fanout} across server nodes over Redis pub/sub. Every node subscribes to one cluster channel;
 * a frame goes straight to this node's own connections (no Redis round trip) and is published for the
 * others, which deliver it to theirs; publications are queued and sent several to a PUBLISH ({@link Outbox}). Addressing is by user id and cluster-unique connection
 * id only; nothing here refers to another node's objects.
 *
 * <p>Pub/sub is at-most-once, so every loss is turned into a resume: when this node's subscription
 * comes back after a break, its clients may have missed frames, so it closes them with 1012
 * ({@link #CLOSE_RESYNC}) and the clients reconnect and {@code sync} from their last mid. When a
 * publication fails, the users it was for are remembered and, once Redis is back, announced to the
 * other nodes, which close those users' connections the same way. Mid gaps from reordering between
 * publishers are filled by the clients' {@code sync} (ReceiveCursor).
 */
public final class RedisFanout implements Fanout {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFanout.class);
    /** 1012 "service restart": pushes may have been lost; reconnect and resume (docs/PROTOCOL.md). */
    public static final int CLOSE_RESYNC = 1012;
    public static final String RESYNC_REASON = "fanout_resync";
    public static final long DEFAULT_PRESENCE_TTL_MS = 15_000;
    /** Past this many users with lost publications, all connections elsewhere resume. */
    private static final int MAX_LOST_USERS = 10_000;

    /** Where Redis is, the prefix of this cluster's channel and keys, and the presence TTL. */
    public record Options(String uri, String prefix, long presenceTtlMs) {
        public Options(String uri, String prefix) {
            this(uri, prefix, DEFAULT_PRESENCE_TTL_MS);
        }
    }

    private final LocalFanout local = new LocalFanout();
    /** This instance's id in the cluster (several may share a JVM in tests, so not ConnectionIds' prefix). */
    private final String node = UUID.randomUUID().toString();
    private final String channel;
    /** How every publication of ours begins (Relay writes the origin first). */
    private final byte[] ownHeader = ("{\"n\":\"" + node + "\",").getBytes(StandardCharsets.UTF_8);
    /** Channel names are text, payloads bytes: frames go out as the clients get them, never re-encoded. */
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> pub;
    private final StatefulRedisPubSubConnection<String, byte[]> sub;
    private final RedisPresence presence;
    private final ScheduledExecutorService timer;
    private volatile boolean pubUp = true;
    private volatile boolean subscribed;
    private volatile boolean everSubscribed;
    /** Users whose frames could not be published (guarded by itself); lostForAll: too many or unknown. */
    private final Set<UserId> lostFor = new HashSet<>();
    private boolean lostForAll;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Outbox outbox = new Outbox(this::publishAll);

    private RedisFanout(Options options) {
        this.channel = options.prefix() + "fanout";
        // reconnect fast: while the link is down, other nodes' pushes are not reaching our clients
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(options.uri()));
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                // fail fast while disconnected: the lost users are announced after the reconnect instead
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2))
                        .keepAlive(SocketOptions.KeepAliveOptions.builder().enable().idle(Duration.ofSeconds(5))
                                .interval(Duration.ofSeconds(1)).count(3).build())
                        .build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection == pubConnection()) {
                    pubUp = true;
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == pubConnection()) {
                    pubUp = false;
                } else if (connection == subConnection()) {
                    subscribed = false;
                }
                if (!closed.get()) {
                    LOG.warn("lost the Redis fan-out connection; reconnecting");
                }
            }
        });
        StatefulRedisConnection<String, byte[]> p = null;
        StatefulRedisPubSubConnection<String, byte[]> s = null;
        try {
            p = client.connect(CODEC);
            s = client.connectPubSub(CODEC);
        } catch (RuntimeException e) {
            if (p != null) {
                p.close();
            }
            shutdownClient();
            throw new IllegalStateException("cannot reach Redis at " + options.uri() + " for fan-out: " + e.getMessage(), e);
        }
        this.pub = p;
        this.sub = s;
        this.presence = new RedisPresence(pub.async(), local, options.prefix(), node, options.presenceTtlMs());
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, byte[] wire) {
                received(wire);
            }

            @Override
            public void subscribed(String ch, long count) {
                onSubscribed();
            }
        });
        sub.sync().subscribe(channel);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-fanout-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long beat = Math.max(100, options.presenceTtlMs() / 3);
        timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::announceLost, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Connects to Redis and subscribes; fails at once (IllegalStateException) when Redis cannot be reached. */
    public static RedisFanout connect(Options options) {
        return new RedisFanout(options);
    }

    private Object pubConnection() {
        return pub;
    }

    private Object subConnection() {
        return sub;
    }

    private void onSubscribed() {
        boolean again = everSubscribed;
        everSubscribed = true;
        subscribed = true;
        if (again) {
            // frames published while we were away are gone: our clients resume from their last mid
            LOG.warn("Redis fan-out subscription restored; closing local connections so clients resume");
            local.close(null, CLOSE_RESYNC, RESYNC_REASON);
        }
    }

    private void received(byte[] wire) {
        if (wire.length >= ownHeader.length && Arrays.equals(wire, 0, ownHeader.length, ownHeader, 0, ownHeader.length)) {
            return; // our own publication, already delivered here: skip without parsing it
        }
        for (Relay r : Relay.decodeAll(wire)) {
            if (r.origin().equals(node)) {
                return;
            }
            switch (r.kind()) {
                case USERS -> {
                    if (anyLocal(r.users())) {
                        local.toUsers(r.users(), r.frame(), r.except());
                    }
                }
                case CONNECTION -> local.toConnection(r.except(), r.frame());
                case RESYNC -> local.close(r.users(), CLOSE_RESYNC, RESYNC_REASON);
                case ONLINE -> presence.sawOnline(r.users());
                default -> {
                }
            }
        }
    }

    private boolean anyLocal(List<UserId> users) {
        for (UserId u : users) {
            if (local.connectionCount(u) > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void register(Endpoint endpoint) {
        local.register(endpoint);
        UserId user = endpoint.user();
        presence.localChanged(user);
        publish(new Relay(node, Relay.Kind.ONLINE, List.of(user), null, null), null);
    }

    @Override
    public void unregister(String connectionId) {
        Endpoint gone = local.endpoint(connectionId);
        local.unregister(connectionId);
        if (gone != null) {
            presence.localChanged(gone.user());
        }
    }

    @Override
    public void toUsers(Collection<UserId> users, Frame frame, String exceptConnectionId) {
        local.toUsers(users, frame, exceptConnectionId);
        publish(Relay.toUsers(node, users, exceptConnectionId, frame), users);
    }

    @Override
    public void toConnection(String connectionId, Frame frame) {
        if (local.endpoint(connectionId) != null) {
            local.toConnection(connectionId, frame);
        } else {
            publish(new Relay(node, Relay.Kind.CONNECTION, null, connectionId, frame), null);
        }
    }

    @Override
    public void toAll(Frame frame) {
        local.toAll(frame);
    }

    @Override
    public int connectionCount(UserId user) {
        return local.connectionCount(user);
    }

    @Override
    public boolean isOnline(UserId user) {
        return presence.isOnline(user);
    }

    @Override
    public String problem() {
        if (!pubUp || !pub.isOpen()) {
            return "Redis publisher connection down";
        }
        if (!subscribed || !sub.isOpen()) {
            return "Redis subscription down";
        }
        return null;
    }

    /** Publishes r; if that fails, the users it was for (null: unknown) must resume once Redis is back. */
    private void publish(Relay r, Collection<UserId> affected) {
        if (!pubUp) {
            lost(r, affected);
            return;
        }
        outbox.add(r, affected);
    }

    /** One publication of queued entries (see {@link Outbox}); if it fails, all their users resume. */
    private void publishAll(List<Outbox.Entry> entries) {
        if (!pubUp) {
            entries.forEach(e -> lost(e.relay(), e.affected()));
            return;
        }
        List<Relay> relays = new ArrayList<>(entries.size());
        for (Outbox.Entry e : entries) {
            relays.add(e.relay());
        }
        try {
            pub.async().publish(channel, Relay.encodeAll(relays)).exceptionally(failure -> {
                entries.forEach(e -> lost(e.relay(), e.affected()));
                return null;
            });
        } catch (RuntimeException failure) {
            entries.forEach(e -> lost(e.relay(), e.affected()));
        }
    }

    private void lost(Relay r, Collection<UserId> affected) {
        if (r.kind() == Relay.Kind.ONLINE) {
            return; // only a cache hint
        }
        synchronized (lostFor) {
            if (affected == null || lostFor.size() + affected.size() > MAX_LOST_USERS) {
                lostForAll = true;
                lostFor.clear();
            } else if (!lostForAll) {
                lostFor.addAll(affected);
            }
        }
    }

    /** Once publishing works again, tells the other nodes whose connections missed frames from us. */
    private void announceLost() {
        List<UserId> users;
        synchronized (lostFor) {
            if (!pubUp || (!lostForAll && lostFor.isEmpty())) {
                return;
            }
            users = lostForAll ? null : List.copyOf(lostFor);
            lostForAll = false;
            lostFor.clear();
        }
        Relay resync = new Relay(node, Relay.Kind.RESYNC, users, null, null);
        try {
            pub.async().publish(channel, resync.encode()).whenComplete((n, e) -> {
                if (e != null) {
                    lost(resync, users); // try again with the next round
                } else {
                    LOG.info("told the other nodes to resume {} users' connections", users == null ? "all" : users.size());
                }
            });
        } catch (RuntimeException e) {
            lost(resync, users);
        }
    }

    private void heartbeat() {
        try {
            presence.heartbeat();
        } catch (RuntimeException e) {
            LOG.debug("presence heartbeat failed: {}", e.toString());
        }
    }

    /** Stops the way a killed process would, without a goodbye: presence entries are left to expire (tests). */
    void crash() {
        if (closed.compareAndSet(false, true)) {
            timer.shutdownNow();
            outbox.abort();
            sub.close();
            pub.close();
            shutdownClient();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        outbox.close();
        try {
            presence.leaveAll();
        } catch (Exception e) {
            LOG.debug("could not clear presence on stop (it expires): {}", e.toString());
        }
        sub.close();
        pub.close();
        shutdownClient();
    }

    private void shutdownClient() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
