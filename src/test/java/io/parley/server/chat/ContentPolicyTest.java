package io.parley.server.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

import io.parley.protocol.ErrorCode;
import io.parley.protocol.Limits;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.Frame;
import io.parley.server.store.GroupSpec;
import io.parley.server.store.Member;
import io.parley.server.ws.Peer;

/** What ContentPolicy makes of a create_group spec, an image URL and the names shown for a sender. */
public class ContentPolicyTest {
    private static final String OWN = "https://chat.example";
    private static final String FILE = OWN + "/files/2026/11/" + "0123456789abcdef".repeat(2) + ".png";
    private final ContentPolicy policy = new ContentPolicy(new MediaUrlPolicy(List.of("https://cdn.example"), false));

    private static Peer peer(String tokenName) {
        Peer p = new Peer() {
            @Override
            public void send(Frame frame) {
            }

            @Override
            protected void doClose(int statusCode, String reason) {
            }
        };
        p.serverOrigin(OWN);
        p.tokenName(tokenName);
        return p;
    }

    private static GroupSpec spec(String name, String nick, String avatar, List<Member> invitees) {
        return new GroupSpec(name, nick, "intro", "notice", "rule", "s", avatar, "inv", 1, 10, 512, "{}", invitees);
    }

    @Test
    public void groupSpecIsCleanedAndInviteesLoseTheInvitersNames() throws Exception {
        Member bob = new Member(new UserId("bob", "app"), "alice (owner)", 5);
        GroupSpec out = policy.group(spec(" Care\u202E team ", "\u2067Dr. Who\u2069", FILE, List.of(bob)), peer(null));
        assertEquals("Care team", out.name());
        assertEquals("Dr. Who", out.nickName());
        assertEquals(FILE, out.avatar());
        assertEquals(List.of(new Member(bob.user(), null, 5)), out.invitees());
        assertEquals(List.of("intro", "notice", "rule", "s", "inv", "{}"), List.of(out.intro(), out.notice(),
                out.approvalRule(), out.sCode(), out.invitation(), out.bizExt()));
        assertEquals(List.of(1, 10, 512), List.of(out.canSearch(), out.max(), out.groupKind()));
        // an update that changes nothing of these keeps nulls as nulls
        GroupSpec keep = policy.group(spec(null, null, null, List.of()), peer(null));
        assertNull(keep.name());
        assertNull(keep.nickName());
        assertNull(keep.avatar());
        assertEquals("", policy.group(spec("g", null, "", List.of()), peer(null)).avatar());
    }

    @Test
    public void theTokensNameBeatsTheNicknameInThePacket() throws Exception {
        assertEquals("Ann Lee", policy.group(spec("g", "the admin", null, List.of()), peer("Ann Lee")).nickName());
        Member self = new Member(new UserId("p", "app"), "own nick", 0);
        assertEquals("Ann Lee", ContentPolicy.displayName(peer("Ann Lee"), self));
        assertEquals("own nick", ContentPolicy.displayName(peer(null), self));
        assertEquals("p", ContentPolicy.displayName(peer(null), new Member(new UserId("p", "app"), null, 0)));
    }

    @Test
    public void refusals() {
        String[][] bad = {{"x", "javascript:alert(1)"}, {"x", "https://evil.example/a.png"}};
        for (String[] b : bad) {
            try {
                policy.group(spec("g", null, b[1], List.of()), peer(null));
                fail("avatar " + b[1]);
            } catch (ProtocolException e) {
                assertEquals(ErrorCode.INVALID_FIELD, e.code());
                assertTrue(e.getMessage(), e.getMessage().startsWith("field 'group.avatar' "));
            }
            try {
                policy.imageUrl(b[1], peer(null));
                fail("image " + b[1]);
            } catch (ProtocolException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("field 'image.url' "));
            }
        }
        try {
            policy.group(spec("\u202E\u200B", null, null, List.of()), peer(null));
            fail("invisible name");
        } catch (ProtocolException e) {
            assertEquals("field 'group.name' must contain visible characters", e.getMessage());
        }
    }

    @Test
    public void imageUrls() throws Exception {
        assertEquals(FILE, policy.imageUrl(FILE, peer(null)));
        assertEquals("https://cdn.example/x", policy.imageUrl("https://cdn.example/x", peer(null)));
    }

    @Test
    public void tokenNamesAreCleanedAndCut() {
        assertNull(ContentPolicy.tokenName(null));
        assertNull(ContentPolicy.tokenName("\u202E "));
        assertEquals("Ann Lee", ContentPolicy.tokenName(" Ann\u0000 Lee "));
        String max = "n".repeat(Limits.MAX_NAME_CHARS);
        assertEquals(max, ContentPolicy.tokenName(max));
        assertEquals(max, ContentPolicy.tokenName(max + "xyz"));
        // a cut never leaves half a surrogate pair
        String emoji = "n".repeat(Limits.MAX_NAME_CHARS - 1) + "\uD83D\uDE00";
        assertEquals("n".repeat(Limits.MAX_NAME_CHARS - 1), ContentPolicy.tokenName(emoji));
    }
}
