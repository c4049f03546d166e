package io.parley.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class OutboxTest {
    private final Outbox<String> outbox = new Outbox<>();

    @Test
    public void writesEachMessageOncePerConnectionInOrder() {
        outbox.add("a", "A", 100);
        outbox.add("b", "B", 100);
        assertEquals(List.of("A", "B"), outbox.takeUnwritten());
        assertEquals(List.of(), outbox.takeUnwritten());
        outbox.add("c", "C", 100);
        assertEquals(List.of("C"), outbox.takeUnwritten());
    }

    @Test
    public void unackedMessagesGoOutAgainAfterTheConnectionDrops() {
        outbox.add("a", "A", 100);
        outbox.add("b", "B", 100);
        outbox.takeUnwritten();
        assertEquals("A", outbox.acknowledge("a"));
        outbox.connectionLost();
        assertEquals(List.of("B"), outbox.takeUnwritten());
    }

    @Test
    public void aRepeatedAckIsIgnored() {
        outbox.add("a", "A", 100);
        assertEquals("A", outbox.acknowledge("a"));
        assertNull(outbox.acknowledge("a"));
        assertNull(outbox.acknowledge("never-sent"));
        assertEquals(0, outbox.size());
    }

    @Test
    public void aDuplicateClientIdIsRefused() {
        assertTrue(outbox.add("a", "A", 100));
        assertFalse(outbox.add("a", "A2", 100));
        assertEquals(List.of("A"), outbox.takeUnwritten());
    }

    @Test
    public void expiresOnlyWhatIsPastItsDeadline() {
        outbox.add("a", "A", 100);
        outbox.add("b", "B", 200);
        assertEquals(List.of("A"), outbox.expire(150));
        assertTrue(outbox.contains("b"));
        assertFalse(outbox.contains("a"));
    }

    @Test
    public void takeWrittenRemovesOnlyWrittenEntries() {
        outbox.add("a", "A", 100);
        outbox.takeUnwritten();
        outbox.add("b", "B", 100);
        assertEquals(List.of("A"), outbox.takeWritten());
        assertEquals(1, outbox.size());
        assertEquals(List.of("B"), outbox.takeUnwritten());
    }

    @Test
    public void aDeadlineOfExactlyNowHasPassed() {
        outbox.add("a", "A", 100);
        assertEquals(List.of(), outbox.expire(99.5));
        assertEquals(List.of("A"), outbox.expire(100));
    }

    @Test
    public void itemsListsEverythingPendingInSendOrder() {
        assertEquals(List.of(), outbox.items());
        outbox.add("b", "B", 100);
        outbox.add("a", "A", 100);
        outbox.takeUnwritten();
        outbox.add("c", "C", 100);
        assertEquals(List.of("B", "A", "C"), outbox.items());
        outbox.acknowledge("a");
        assertEquals(List.of("B", "C"), outbox.items());
    }
}
