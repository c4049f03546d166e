package io.parley.testsupport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.parley.bench.DeskSeed;
import io.parley.server.ParleyServer;
import io.parley.server.auth.UserId;

/**
 * Gives one user of a started server a long conversation list in a second or two, for tests that page
 * the desk (1,000 conversations): {@link DeskSeed} straight into the server's store. Each conversation
 * is a 1:1 with its own peer "seed-k" (app {@link #PEER_APP}), named "Patient k", holding one text
 * message "hello k" from that peer, so the user has 1 unread in each. Seed before the user's pages
 * connect: writing to the store sends no conversation_updated.
 */
public final class DeskSeeder {
    public static final String PEER_APP = "parley.patient";
    public static final String PIN_PREFIX = "seed-";
    public static final String NAME_PREFIX = "Patient ";

    private DeskSeeder() {
    }

    /** n conversations of pin@appId, returned newest first: the order list_conversations pages them in. */
    public static List<DeskSeed.Seeded> seed(ParleyServer server, String pin, String appId, int n) {
        List<DeskSeed.Seeded> seeded = new ArrayList<>(DeskSeed.directs(server.store(), new UserId(pin, appId), n,
                PEER_APP, PIN_PREFIX, NAME_PREFIX));
        Collections.reverse(seeded);
        return seeded;
    }
}
