package io.parley.server.store;

import java.util.List;

/**
 * The fields of a create_group packet after validation. On create, nulls mean "use the default";
 * on update, nulls mean "keep the stored value". invitees are added as members (never removed).
 */
public record GroupSpec(String name, String nickName, String intro, String notice, String approvalRule,
                        String sCode, String avatar, String invitation, Integer canSearch, Integer max,
                        Integer groupKind, String bizExt, List<Member> invitees) {
    public GroupSpec {
        invitees = invitees == null ? List.of() : List.copyOf(invitees);
    }
}
