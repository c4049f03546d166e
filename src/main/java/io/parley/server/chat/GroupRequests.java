package io.parley.server.chat;

import io.parley.protocol.Field;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ErrorCode;
import io.parley.protocol.Limits;
import io.parley.protocol.PacketType;
import io.parley.server.auth.UserId;
import io.parley.server.limits.GroupLimits;
import io.parley.server.limits.LimitExceeded;
import io.parley.server.store.ChatStore;
import io.parley.server.store.Group;
import io.parley.server.store.GroupSpec;
import io.parley.server.store.Member;
import io.parley.server.ws.Peer;

/** create_group: creating and updating groups, within the caller's group and invitation limits. */
final class GroupRequests {
    private static final Logger LOG = LoggerFactory.getLogger(GroupRequests.class);

    private final ChatStore store;
    private final GroupLimits limits;
    /** Media URLs and names; without --media-origins only this server's /files/ are allowed. */
    private final ContentPolicy policy;

    /** conversation_updated pushes (a new group, a new name); null when the desk's push is off. */
    private final DeskPusher desk;

    GroupRequests(ChatStore store, GroupLimits limits, ContentPolicy policy, DeskPusher desk) {
        this.desk = desk;
        this.store = store;
        this.limits = limits;
        this.policy = policy;
    }

    void createGroup(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException, LimitExceeded {
        JsonNode g = packet.get(Field.GROUP);
        if (g == null || g.isNull()) {
            throw ProtocolException.invalid("field 'group' is required (JSON object)");
        }
        if (!g.isObject()) {
            throw ProtocolException.invalid("field 'group' must be a JSON object");
        }
        Fields f = new Fields(g, Field.GROUP + ".");
        Long modify = f.optionalLong(Field.MODIFY_FILED, Integer.MIN_VALUE, Integer.MAX_VALUE);
        int modifyFiled = modify == null ? 1 : modify.intValue();
        boolean create = modifyFiled == 1;
        // On create a given gid is ignored (the source only needs it for updates).
        long gid = create ? 0 : f.requiredLong(Field.GID, 1, Conversations.MAX_SAFE_INTEGER);
        String name = create ? f.requiredString(Field.NAME, 1, Limits.MAX_NAME_CHARS)
                : f.optionalString(Field.NAME, 1, Limits.MAX_NAME_CHARS);
        String nickName = f.optionalString(Field.NICK_NAME, 0, Limits.MAX_NAME_CHARS);
        String intro = f.optionalString(Field.INTRO, 0, Limits.MAX_GROUP_TEXT_CHARS);
        String notice = f.optionalString(Field.NOTICE, 0, Limits.MAX_GROUP_TEXT_CHARS);
        String approvalRule = f.optionalString(Field.APPROVAL_RULE, 0, Limits.MAX_NAME_CHARS);
        String sCode = f.optionalString(Field.S_CODE, 0, Limits.MAX_NAME_CHARS);
        String avatar = f.optionalString(Field.AVATAR, 0, Limits.MAX_GROUP_TEXT_CHARS);
        String invitation = f.optionalString(Field.INVITATION, 0, Limits.MAX_GROUP_TEXT_CHARS);
        Integer canSearch = f.optionalInt(Field.CAN_SEARCH, 0, 1);
        Integer max = f.optionalInt(Field.MAX, 1, Limits.MAX_GROUP_MAX);
        JsonNode kindNode = f.raw(Field.KIND);
        Integer kind = null;
        if (kindNode != null) {
            if (!kindNode.isIntegralNumber() || (kindNode.asLong() != 512 && kindNode.asLong() != 1024)) {
                throw ProtocolException.invalid("field 'group.kind' must be 512 or 1024");
            }
            kind = kindNode.intValue();
        }
        JsonNode bizExt = f.optionalObject(Field.BIZ_EXT);
        String bizExtJson = bizExt == null ? null : Json.write(bizExt);
        if (bizExt != null && Json.utf8Length(bizExt) > Limits.MAX_BIZ_EXT_BYTES) {
            throw ProtocolException.invalid("field 'group.bizExt' must serialize to at most "
                    + Limits.MAX_BIZ_EXT_BYTES + " bytes");
        }
        List<Member> invitees = invitees(f, user);
        GroupSpec spec = policy.group(new GroupSpec(name, nickName, intro, notice, approvalRule, sCode, avatar,
                invitation, canSearch, max, kind, bizExtJson, invitees), peer);

        Group group;
        if (create) {
            limits.checkCreate(user, invitees.size());
            group = store.createGroup(user, spec);
            limits.created(user);
            LOG.debug("{} created group {}", user, group.gid());
        } else {
            Group existing = store.findGroup(gid).orElseThrow(() -> Conversations.noSuchGroup(gid));
            if (store.findMember(gid, user).isEmpty()) {
                throw Conversations.noSuchGroup(gid); // the same answer as for a gid that does not exist
            }
            if (existing.isDirect() || !user.equals(existing.owner())) {
                throw new ProtocolException(ErrorCode.NOT_OWNER, "only the creator of group " + gid + " may update it");
            }
            limits.checkInvitations(user, invitees.size());
            group = store.updateGroup(gid, user, spec).orElseThrow(() -> Conversations.noSuchGroup(gid));
        }
        List<Member> members = store.members(group.gid());
        if (desk != null) {
            List<UserId> ids = new ArrayList<>(members.size());
            for (Member m : members) {
                ids.add(m.user());
            }
            desk.conversationChanged(group.gid(), ids);
        }
        String callerNick = user.pin();
        for (Member m : members) {
            if (m.user().equals(user)) {
                callerNick = m.displayName();
            }
        }
        ObjectNode result = Packets.ok(PacketType.CREATE_GROUP_RESULT, id);
        result.put(Field.GID, group.gid());
        result.set(Field.GROUP, Packets.group(group, members, callerNick, modifyFiled));
        peer.send(Json.write(result));
    }

    private static List<Member> invitees(Fields f, UserId caller) throws ProtocolException {
        JsonNode list = f.raw(Field.INVITEES);
        List<Member> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            throw ProtocolException.invalid("field 'group.invitees' must be an array of {pin, app, nickName}");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw ProtocolException.invalid("field 'group.invitees[" + i + "]' must be an object {pin, app, nickName}");
            }
            Fields inv = new Fields(item, Field.GROUP + "." + Field.INVITEES + "[" + i + "].");
            String pin = inv.requiredString(Field.PIN, 1, Limits.MAX_ID_CHARS);
            String app = inv.optionalString(Field.APP, 1, Limits.MAX_ID_CHARS);
            String nick = inv.optionalString(Field.NICK_NAME, 0, Limits.MAX_NAME_CHARS);
            out.add(new Member(new UserId(pin, app != null ? app : caller.appId()), nick, 0));
        }
        return out;
    }
}
