package io.parley.server.fanout;

import io.parley.server.auth.UserId;
import io.parley.server.ws.Peer;

import java.util.Collection;

/**
 * Who is connected where, and fan-out of packets to users' live connections. LocalHub serves one
 * node; a Redis-backed hub can implement the same contract to fan out across nodes.
 */
public interface Hub {
    /** Makes peer reachable as its authenticated user. */
    void register(Peer peer);

    /** Forgets peer; harmless if it was never registered. */
    void unregister(Peer peer);

    /**
     * Sends packet to every live connection of every user in members, except exclude (may be null).
     * Implementations send to a peer while holding that peer's monitor.
     */
    void deliver(Collection<UserId> members, String packet, Peer exclude);

    /** Sends packet to every authenticated live connection (the server ping). */
    void deliverAll(String packet);

    /** Number of live connections of user (on this node). */
    int connectionCount(UserId user);
}
