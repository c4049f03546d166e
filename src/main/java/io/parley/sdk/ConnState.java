package io.parley.sdk;

/** The connection's state; {@link #wire} is the name hosts see ({@code sdk.state}, the "state" event). */
public enum ConnState {
    IDLE("idle"),
    CONNECTING("connecting"),
    OPEN("open"),
    RECONNECTING("reconnecting"),
    OFFLINE("offline"),
    CLOSED("closed");

    public final String wire;

    ConnState(String wire) {
        this.wire = wire;
    }
}
