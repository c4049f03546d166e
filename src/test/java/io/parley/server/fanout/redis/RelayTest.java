package io.parley.server.fanout.redis;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import io.parley.server.auth.UserId;
import io.parley.server.fanout.Frame;

/** The cluster channel's envelope: what one node publishes, another reads back; anything else is ignored. */
public class RelayTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSame(Relay expected, Relay actual) {
        assertEquals(expected.origin(), actual.origin());
        assertEquals(expected.kind(), actual.kind());
        assertEquals(expected.users(), actual.users());
        assertEquals(expected.except(), actual.except());
        if (expected.frame() == null) {
            assertNull(actual.frame());
        } else {
            assertEquals(expected.frame().text(), actual.frame().text());
        }
    }

    @Test
    public void usersAndFrameSurviveTheRoundTrip() {
        List<UserId> users = List.of(new UserId("pa\ntient \"1\"", "clinic.web"), new UserId("doc", "app:2"));
        Frame frame = Frame.of("{\"type\":\"chat_message\",\"msg\":{\"content\":\"line 1\\nline 2 \u00e9\u4e2d\ud83d\ude00\"}}");
        Relay back = Relay.decode(Relay.toUsers("node-a", users, "conn-7", frame).encode());
        assertSame(new Relay("node-a", Relay.Kind.USERS, users, "conn-7", frame), back);
        assertTrue("the origin comes first: a node skips its own publications by prefix",
                new String(Relay.toUsers("node-a", users, null, frame).encode(), StandardCharsets.UTF_8)
                        .startsWith("{\"n\":\"node-a\","));
    }

    @Test
    public void kindsWithoutAFrame() {
        Relay all = new Relay("n", Relay.Kind.RESYNC, null, null, null);
        assertSame(all, Relay.decode(all.encode()));
        Relay some = new Relay("n", Relay.Kind.ONLINE, List.of(new UserId("p", "a")), null, null);
        assertSame(some, Relay.decode(some.encode()));
        Relay one = new Relay("n", Relay.Kind.CONNECTION, null, "abc-1", Frame.of("{}"));
        assertSame(one, Relay.decode(one.encode()));
    }

    @Test
    public void severalEntriesInOnePublicationComeBackInOrder() {
        List<Relay> sent = List.of(
                Relay.toUsers("a", List.of(new UserId("p1", "x")), null, Frame.of("{\"t\":\"1\\n\"}")),
                new Relay("a", Relay.Kind.ONLINE, List.of(new UserId("p2", "x")), null, null),
                new Relay("a", Relay.Kind.CONNECTION, null, "c-9", Frame.ofUtf8(utf8("{\"t\":\"\u00fc\"}"))),
                Relay.toUsers("a", List.of(new UserId("p3", "x")), "c-1", Frame.of("{}")));
        List<Relay> back = Relay.decodeAll(Relay.encodeAll(sent));
        assertEquals(sent.size(), back.size());
        for (int i = 0; i < sent.size(); i++) {
            assertSame(sent.get(i), back.get(i));
        }
        assertArrayEquals(utf8("{\"t\":\"\u00fc\"}"), bytes(back.get(2).frame()));
        assertNull("a bundle is not one relay", Relay.decode(Relay.encodeAll(sent)));
    }

    @Test
    public void aCutPublicationKeepsTheEntriesBeforeTheCut() {
        List<Relay> sent = List.of(Relay.toUsers("a", List.of(new UserId("p1", "x")), null, Frame.of("{\"k\":1}")),
                Relay.toUsers("a", List.of(new UserId("p2", "x")), null, Frame.of("{\"k\":2}")));
        byte[] wire = Relay.encodeAll(sent);
        List<Relay> back = Relay.decodeAll(Arrays.copyOf(wire, wire.length - 2));
        assertEquals(1, back.size());
        assertEquals("{\"k\":1}", back.get(0).frame().text());
    }

    @Test
    public void foreignOrBrokenPublicationsAreIgnored() {
        assertNull(Relay.decode(utf8("hello")));
        assertNull(Relay.decode(utf8("{\"n\":\"x\",\"k\":\"?\"}")));
        assertNull("users without a frame", Relay.decode(utf8("{\"n\":\"x\",\"k\":\"u\",\"u\":[[\"p\",\"a\"]]}")));
        assertNull("a frame without users", Relay.decode(utf8("{\"n\":\"x\",\"k\":\"u\",\"l\":2}\n{}")));
        assertNull("to a connection without its id", Relay.decode(utf8("{\"n\":\"x\",\"k\":\"c\",\"l\":2}\n{}")));
        assertNull("a length past the end", Relay.decode(utf8("{\"n\":\"x\",\"k\":\"c\",\"x\":\"c\",\"l\":9}\n{}")));
        assertNull("a negative length", Relay.decode(utf8("{\"n\":\"x\",\"k\":\"c\",\"x\":\"c\",\"l\":-1}\n{}")));
        assertNull(Relay.decode(utf8("[1,2]\n{}")));
        assertTrue(Relay.decodeAll(new byte[0]).isEmpty());
    }

    private static byte[] bytes(Frame f) {
        byte[] b = new byte[f.size()];
        f.utf8().get(b);
        return b;
    }
}
