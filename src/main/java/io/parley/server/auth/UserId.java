package io.parley.server.auth;

import java.util.Objects;

/** A Parley user: the (pin, appId) pair the host site's token vouches for. */
public record UserId(String pin, String appId) {
    public UserId {
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(appId, "appId");
    }

    @Override
    public String toString() {
        return pin + "@" + appId;
    }
}
