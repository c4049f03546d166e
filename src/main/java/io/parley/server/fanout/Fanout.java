package io.parley.server.fanout;

import java.util.Collection;

import io.parley.server.auth.UserId;

/**
 * Delivery of frames to users' live connections, addressed by user id and connection id only, so
 * an implementation may span nodes (a Redis one registers local endpoints and relays the rest).
 * Delivery is asynchronous: calls queue frames and return. Frames given to one connection arrive in
 * the order of the calls.
 */
public interface Fanout extends AutoCloseable {
    /** Makes a local connection reachable by its user and its connection id. */
    void register(Endpoint endpoint);

    /** Forgets a connection; harmless if it was never registered. */
    void unregister(String connectionId);

    /** frame to every live connection of every user in users, except exceptConnectionId (may be null). */
    void toUsers(Collection<UserId> users, Frame frame, String exceptConnectionId);

    /** frame to one connection, if it is live. */
    void toConnection(String connectionId, Frame frame);

    /** frame to every live connection of this node (the server ping: every node pings its own). */
    void toAll(Frame frame);

    /** Number of live connections of user on this node. */
    int connectionCount(UserId user);

    /**
     * Presence: may user have a live connection on any node? A clustered implementation answers from
     * expiring records (a dead node leaves no ghosts) and may err towards true, never lastingly towards
     * false for a user that is connected.
     */
    default boolean isOnline(UserId user) {
        return connectionCount(user) > 0;
    }

    /** Null when frames reach other nodes now; otherwise why not (for /api/health). */
    default String problem() {
        return null;
    }

    /** Releases connections to other nodes; the local endpoints are closed by their owner. */
    @Override
    default void close() {
    }
}
