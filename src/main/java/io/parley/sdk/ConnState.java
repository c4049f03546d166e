package io.parley.sdk;

/**
 * The connection's state; {@link #wire} is the name hosts see ({@code sdk.state}, the "state" event).
 * Constants of a plain class, not an enum: an enum brings names, ordinals and values() into the bundle.
 */
public final class ConnState {
    public static final ConnState IDLE = new ConnState("idle");
    public static final ConnState CONNECTING = new ConnState("connecting");
    public static final ConnState OPEN = new ConnState("open");
    public static final ConnState RECONNECTING = new ConnState("reconnecting");
    public static final ConnState OFFLINE = new ConnState("offline");
    public static final ConnState CLOSED = new ConnState("closed");

    public final String wire;

    private ConnState(String wire) {
        this.wire = wire;
    }
}
