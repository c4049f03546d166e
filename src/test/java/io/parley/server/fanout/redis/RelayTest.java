package io.parley.server.fanout.redis;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import io.parley.server.auth.UserId;

/** The cluster channel's envelope: what one node publishes, another reads back; anything else is ignored. */
public class RelayTest {
    @Test
    public void usersAndFrameSurviveTheRoundTrip() {
        List<UserId> users = List.of(new UserId("pa\ntient \"1\"", "clinic.web"), new UserId("doc", "app:2"));
        String frame = "{\"type\":\"chat_message\",\"msg\":{\"content\":\"line 1\\nline 2\"}}";
        Relay back = Relay.decode(Relay.toUsers("node-a", users, "conn-7", frame).encode());
        assertEquals(new Relay("node-a", Relay.Kind.USERS, users, "conn-7", frame), back);
        assertTrue("the origin comes first: a node skips its own publications by prefix",
                Relay.toUsers("node-a", users, null, frame).encode().startsWith("{\"n\":\"node-a\","));
    }

    @Test
    public void kindsWithoutAFrame() {
        Relay all = new Relay("n", Relay.Kind.RESYNC, null, null, null);
        assertEquals(all, Relay.decode(all.encode()));
        Relay some = new Relay("n", Relay.Kind.ONLINE, List.of(new UserId("p", "a")), null, null);
        assertEquals(some, Relay.decode(some.encode()));
        Relay one = new Relay("n", Relay.Kind.CONNECTION, null, "abc-1", "{}");
        assertEquals(one, Relay.decode(one.encode()));
    }

    @Test
    public void foreignOrBrokenPublicationsAreIgnored() {
        assertNull(Relay.decode("hello"));
        assertNull(Relay.decode("{\"n\":\"x\",\"k\":\"?\"}"));
        assertNull("users without a frame", Relay.decode("{\"n\":\"x\",\"k\":\"u\",\"u\":[[\"p\",\"a\"]]}"));
        assertNull("a frame without users", Relay.decode("{\"n\":\"x\",\"k\":\"u\"}\n{}"));
        assertNull("to a connection without its id", Relay.decode("{\"n\":\"x\",\"k\":\"c\"}\n{}"));
        assertNull(Relay.decode("[1,2]\n{}"));
    }
}
