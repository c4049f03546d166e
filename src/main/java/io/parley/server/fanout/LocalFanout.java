package io.parley.server.fanout;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.server.auth.UserId;

/** {@link Fanout} within one server process. */
public final class LocalFanout implements Fanout {
    private final Map<UserId, Map<String, Endpoint>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Endpoint> byId = new ConcurrentHashMap<>();

    @Override
    public void register(Endpoint endpoint) {
        UserId user = endpoint.user();
        if (user == null) {
            throw new IllegalArgumentException("only authenticated connections can be registered");
        }
        byId.put(endpoint.connectionId(), endpoint);
        byUser.compute(user, (u, map) -> {
            Map<String, Endpoint> m = map != null ? map : new ConcurrentHashMap<>(4);
            m.put(endpoint.connectionId(), endpoint);
            return m;
        });
    }

    @Override
    public void unregister(String connectionId) {
        Endpoint e = byId.remove(connectionId);
        if (e == null) {
            return;
        }
        // compute() makes remove-and-drop-empty-map atomic against a concurrent register
        byUser.computeIfPresent(e.user(), (u, map) -> {
            map.remove(connectionId);
            return map.isEmpty() ? null : map;
        });
    }

    @Override
    public void toUsers(Collection<UserId> users, Frame frame, String exceptConnectionId) {
        for (UserId user : users) {
            Map<String, Endpoint> live = byUser.get(user);
            if (live == null) {
                continue;
            }
            for (Endpoint e : live.values()) {
                if (!e.connectionId().equals(exceptConnectionId)) {
                    e.send(frame);
                }
            }
        }
    }

    @Override
    public void toConnection(String connectionId, Frame frame) {
        Endpoint e = byId.get(connectionId);
        if (e != null) {
            e.send(frame);
        }
    }

    @Override
    public void toAll(Frame frame) {
        for (Endpoint e : byId.values()) {
            e.send(frame);
        }
    }

    /** The live local connection with this id, or null. */
    public Endpoint endpoint(String connectionId) {
        return byId.get(connectionId);
    }

    /** The users with a live connection here now (a snapshot view: it may change while read). */
    public Set<UserId> users() {
        return byUser.keySet();
    }

    /** Closes every live connection of the given users (null: of everyone) with statusCode. */
    public void close(Collection<UserId> users, int statusCode, String reason) {
        if (users == null) {
            for (Endpoint e : byId.values()) {
                e.close(statusCode, reason);
            }
            return;
        }
        for (UserId user : users) {
            Map<String, Endpoint> live = byUser.get(user);
            if (live != null) {
                for (Endpoint e : live.values()) {
                    e.close(statusCode, reason);
                }
            }
        }
    }

    @Override
    public int connectionCount(UserId user) {
        Map<String, Endpoint> live = byUser.get(user);
        return live == null ? 0 : live.size();
    }
}
