package io.parley.server.fanout;

import io.parley.server.auth.UserId;

/** A live, authenticated connection on this node, as fan-out sees it. */
public interface Endpoint {
    /** Cluster-unique id of the connection (see ConnectionIds). */
    String connectionId();

    UserId user();

    /** Queues frame for the connection; never blocks, never throws. */
    void send(Frame frame);

    /** Closes the connection with a WebSocket status code after the frames already queued. */
    void close(int statusCode, String reason);
}
