package io.parley.desk;

import io.parley.sdk.ChatClient;
import io.parley.sdk.JsChatApi;

/** The desk's {@code handle.sdk}: the JS face of its engine, with {@code listConversations} (see {@link DeskApi}). */
final class DeskSdk extends JsChatApi implements DeskApi {
    DeskSdk(ChatClient client) {
        super(client);
    }
}
