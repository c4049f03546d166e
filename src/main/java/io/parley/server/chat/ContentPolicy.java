package io.parley.server.chat;

import java.util.ArrayList;
import java.util.List;

import io.parley.protocol.Limits;
import io.parley.server.store.GroupSpec;
import io.parley.server.store.Member;
import io.parley.server.ws.Peer;

/**
 * The media and profile rules ChatService applies to what users show each other: image and avatar
 * URLs ({@link MediaUrlPolicy}), names cleaned of invisible and bidi characters
 * ({@link NameSanitizer}), and who decides a member's display name (the member, or the host
 * backend through the token's signed {@code name} claim; never whoever invited them).
 */
public final class ContentPolicy {
    private final MediaUrlPolicy media;

    /** Without --media-origins: only this server's /files/. */
    static final ContentPolicy DEFAULT = new ContentPolicy(new MediaUrlPolicy(java.util.List.of(), false));

    public ContentPolicy(MediaUrlPolicy media) {
        this.media = media;
    }

    /** An image message's url, or invalid_field naming the field and the rule. */
    String imageUrl(String url, Peer peer) throws ProtocolException {
        return checkUrl("image.url", url, peer);
    }

    /**
     * A create_group spec as it may be stored: names cleaned, the avatar checked, the caller's own
     * name taken from the token when it carries one, and invitees without the inviter's nicknames.
     */
    GroupSpec group(GroupSpec spec, Peer peer) throws ProtocolException {
        String avatar = spec.avatar() == null || spec.avatar().isEmpty() ? spec.avatar()
                : checkUrl("group.avatar", spec.avatar(), peer);
        String name = NameSanitizer.clean(spec.name());
        if (spec.name() != null && name == null) {
            throw ProtocolException.invalid("field 'group.name' must contain visible characters");
        }
        String nick = peer.tokenName() != null ? peer.tokenName() : NameSanitizer.clean(spec.nickName());
        List<Member> invitees = new ArrayList<>();
        for (Member m : spec.invitees()) {
            invitees.add(new Member(m.user(), null, m.joinedAt())); // their name is theirs to set
        }
        return new GroupSpec(name, nick, spec.intro(), spec.notice(), spec.approvalRule(), spec.sCode(), avatar,
                spec.invitation(), spec.canSearch(), spec.max(), spec.groupKind(), spec.bizExt(), invitees);
    }

    /** The token's name claim as it may be shown: cleaned, at most MAX_NAME_CHARS; null when absent or blank. */
    static String tokenName(String claim) {
        String clean = NameSanitizer.clean(claim);
        if (clean == null || clean.length() <= Limits.MAX_NAME_CHARS) {
            return clean;
        }
        int end = Limits.MAX_NAME_CHARS;
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--; // never cut a character in half
        }
        return clean.substring(0, end);
    }

    /** The name a message or typing push shows for peer: the token's name claim, else the member's own. */
    static String displayName(Peer peer, Member self) {
        return peer.tokenName() != null ? peer.tokenName() : self.displayName();
    }

    private String checkUrl(String field, String url, Peer peer) throws ProtocolException {
        String refusal = media.refusal(url, peer.serverOrigin());
        if (refusal != null) {
            throw ProtocolException.invalid("field '" + field + "' " + refusal);
        }
        return url;
    }
}
