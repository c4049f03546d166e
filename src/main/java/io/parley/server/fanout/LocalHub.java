package io.parley.server.fanout;

import io.parley.server.auth.UserId;
import io.parley.server.chat.ChatService;
import io.parley.server.ws.Peer;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory {@link Hub} for a single server process. */
public final class LocalHub implements Hub {
    private final Map<UserId, Set<Peer>> online = new ConcurrentHashMap<>();

    @Override
    public void register(Peer peer) {
        UserId user = peer.user();
        if (user == null) {
            throw new IllegalArgumentException("only authenticated peers can be registered");
        }
        online.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(peer);
    }

    @Override
    public void unregister(Peer peer) {
        UserId user = peer.user();
        if (user == null) {
            return;
        }
        // compute() makes remove-and-drop-empty-set atomic against a concurrent register
        online.computeIfPresent(user, (u, peers) -> {
            peers.remove(peer);
            return peers.isEmpty() ? null : peers;
        });
    }

    @Override
    public void deliver(Collection<UserId> members, String packet, Peer exclude) {
        for (UserId member : members) {
            Set<Peer> peers = online.get(member);
            if (peers == null) {
                continue;
            }
            for (Peer p : peers) {
                if (p != exclude) {
                    synchronized (p) { // see ChatService.auth: keeps auth_ok first
                        p.send(packet);
                    }
                }
            }
        }
    }

    @Override
    public void deliverAll(String packet) {
        for (Set<Peer> peers : online.values()) {
            for (Peer p : peers) {
                synchronized (p) {
                    p.send(packet);
                }
            }
        }
    }

    @Override
    public int connectionCount(UserId user) {
        Set<Peer> peers = online.get(user);
        return peers == null ? 0 : peers.size();
    }
}
