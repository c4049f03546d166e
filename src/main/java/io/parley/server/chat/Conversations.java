package io.parley.server.chat;

import io.parley.protocol.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.parley.protocol.ErrorCode;
import io.parley.protocol.Limits;
import io.parley.server.auth.UserId;
import io.parley.server.store.ChatStore;
import io.parley.server.store.Member;
import io.parley.server.ws.Peer;

/** What every request handler shares: finding the addressed conversation, its members, and answering after a commit. */
final class Conversations {
    private static final Logger LOG = LoggerFactory.getLogger(Conversations.class);
    /** Largest integer a JS double represents exactly: ids must survive the browser. */
    static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    private final ChatStore store;

    Conversations(ChatStore store) {
        this.store = store;
    }

    /** The conversation a request addresses, with the caller's membership in it. */
    record Target(long gid, Member self) {
    }

    /** gid (member check) or toChat/toAppId (or the auth defaults) → the direct conversation. */
    Target resolve(UserId user, Peer peer, Fields f) throws ProtocolException {
        if (f.has(Field.GID)) {
            long gid = f.requiredLong(Field.GID, 1, MAX_SAFE_INTEGER);
            Optional<Member> self = store.findMember(gid, user);
            if (self.isEmpty()) {
                throw noSuchGroup(gid);
            }
            return new Target(gid, self.get());
        }
        String toChat = f.optionalString(Field.TO_CHAT, 1, Limits.MAX_ID_CHARS);
        String toAppId = f.optionalString(Field.TO_APP_ID, 1, Limits.MAX_ID_CHARS);
        UserId other;
        if (toChat != null) {
            other = new UserId(toChat, toAppId != null ? toAppId : user.appId());
        } else if (peer.defaultChat() != null) {
            other = peer.defaultChat();
        } else {
            throw ProtocolException.invalid("field 'gid' or 'toChat' (with 'toAppId') is required");
        }
        long gid = peer.directGid(other); // a direct chat's gid never changes: no key built per message
        if (gid <= 0) {
            gid = store.findOrCreateDirect(user, other);
            peer.directGid(other, gid);
        }
        Optional<Member> self = store.findMember(gid, user);
        return new Target(gid, self.isPresent() ? self.get() : new Member(user, null, 0));
    }

    List<UserId> memberIds(long gid) {
        List<UserId> out = new ArrayList<>();
        for (Member m : store.members(gid)) {
            out.add(m.user());
        }
        return out;
    }

    /** One answer whether gid exists or not: an outsider must not learn which gids are taken. */
    static ProtocolException noSuchGroup(long gid) {
        return new ProtocolException(ErrorCode.NOT_MEMBER, "you are not a member of group " + gid);
    }

    /**
     * Runs then with the result of a store write once it has committed (on the store's completing
     * thread, in commit order). A failed write, or a fault while answering, becomes error 5000.
     */
    static <T> void afterCommit(CompletableFuture<T> write, Peer peer, String id, Consumer<T> then) {
        write.whenComplete((result, failure) -> {
            if (failure != null) {
                LOG.error("a write for {} failed", peer, failure);
                peer.send(Packets.error(id, ErrorCode.INTERNAL, "internal server error; nothing was stored"));
                return;
            }
            try {
                then.accept(result);
            } catch (RuntimeException e) {
                LOG.error("answering {} after a commit failed", peer, e);
                peer.send(Packets.error(id, ErrorCode.INTERNAL, "internal server error after storing"));
            }
        });
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
