package io.parley.desk;

import io.parley.sdk.ChatClient;
import io.parley.protocol.ConversationFields;
import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSObject;

/**
 * The desk's list model: the pages loaded so far (by the server's cursor), kept current by
 * {@code conversation_updated} pushes, in the server's order. A filter starts a fresh list.
 */
final class ConversationList {
    static final int PAGE = 30;

    private final ChatClient sdk;
    private final String myPin;
    private final String myAppId;
    private final JSObject roles;
    private final Map<String, Entry> byGid = new HashMap<>();
    final List<Entry> order = new ArrayList<>();
    String filter = "";
    private String next;
    boolean end;
    boolean loading;
    boolean failed;
    /** Answers to a list asked before a reset (new filter, reconnect) are dropped. */
    private int gen;

    ConversationList(ChatClient sdk, String myPin, String myAppId, JSObject roles) {
        this.sdk = sdk;
        this.roles = Js.isPlainObject(roles) ? roles : null;
        this.myPin = myPin;
        this.myAppId = myAppId;
    }

    Entry get(double gid) {
        return byGid.get(Dom.numStr(gid));
    }

    void reset(String newFilter) {
        filter = newFilter;
        byGid.clear();
        order.clear();
        next = null;
        end = false;
        failed = false;
        loading = false;
        gen++;
    }

    /** The next page (the first after a reset); {@code done} runs when it is in. */
    void loadMore(Dom.Action done) {
        if (loading || end) {
            return;
        }
        loading = true;
        failed = false;
        int g = gen;
        JSObject opts = Js.object();
        Js.setNumber(opts, ConversationFields.LIMIT, PAGE);
        if (next != null) {
            Js.setString(opts, ConversationFields.BEFORE, next);
        }
        if (!filter.isEmpty()) {
            Js.setString(opts, ConversationFields.FILTER, filter);
        }
        sdk.conversations(opts, res -> {
            if (g != gen) {
                return;
            }
            loading = false;
            if (Js.number(res, "code") != 0) {
                failed = true;
            } else {
                for (JSObject raw : Dom.array(Js.get(res, ConversationFields.CONVERSATIONS))) {
                    put(raw, false);
                }
                next = Js.string(res, ConversationFields.NEXT);
                end = Js.isTrue(res, ConversationFields.END) || next == null;
                sort();
            }
            done.run();
        });
    }

    /** A conversation_updated push: entries we list change; new ones join when they belong on the loaded pages. */
    void pushed(JSObject e) {
        for (JSObject raw : Dom.array(Js.get(e, ConversationFields.CONVERSATIONS))) {
            put(raw, true);
        }
        sort();
    }

    private void put(JSObject raw, boolean pushed) {
        double gid = Js.number(raw, ConversationFields.GID);
        if (!(gid > 0)) {
            return;
        }
        Entry e = byGid.get(Dom.numStr(gid));
        if (e == null) {
            e = new Entry(gid);
            e.read(raw, myPin, myAppId, roles);
            // a pushed one older than the pages loaded so far comes with its own page later
            if (pushed && (!e.matches(filter) || (!end && !order.isEmpty()
                    && Entry.compare(e, order.get(order.size() - 1)) > 0))) {
                return;
            }
            byGid.put(e.key, e);
            order.add(e);
        } else {
            e.read(raw, myPin, myAppId, roles);
        }
    }

    private void sort() {
        order.sort(Entry::compare);
    }
}
