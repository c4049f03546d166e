package io.parley.server.store;

import io.parley.server.auth.UserId;

/** A user's membership in a conversation; nickName is the display name there (null = use the pin). */
public record Member(UserId user, String nickName, long joinedAt) {
    public String displayName() {
        return nickName == null || nickName.isEmpty() ? user.pin() : nickName;
    }
}
