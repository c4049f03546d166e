package io.parley.server.fanout;

import java.util.Collection;

import io.parley.server.auth.UserId;

/**
 * Delivery of frames to users' live connections, addressed by user id and connection id only, so
 * an implementation may span nodes (a Redis one registers local endpoints and relays the rest).
 * Delivery is asynchronous: calls queue frames and return. Frames given to one connection arrive in
 * the order of the calls.
 */
public interface Fanout {
    /** Makes a local connection reachable by its user and its connection id. */
    void register(Endpoint endpoint);

    /** Forgets a connection; harmless if it was never registered. */
    void unregister(String connectionId);

    /** frame to every live connection of every user in users, except exceptConnectionId (may be null). */
    void toUsers(Collection<UserId> users, Frame frame, String exceptConnectionId);

    /** frame to one connection, if it is live. */
    void toConnection(String connectionId, Frame frame);

    /** frame to every live connection (the server ping). */
    void toAll(Frame frame);

    /** Number of live connections of user. */
    int connectionCount(UserId user);
}
