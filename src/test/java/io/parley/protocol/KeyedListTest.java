package io.parley.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class KeyedListTest {
    private final KeyedList<String, Integer> list = new KeyedList<>();

    private String order() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            sb.append(list.key(i)).append('=').append(list.value(i)).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    public void keepsInsertionOrderAndReplacesInPlace() {
        list.put("b", 1);
        list.put("a", 2);
        list.put("c", 3);
        list.put("b", 4);
        assertEquals("b=4 a=2 c=3", order());
        assertEquals(Integer.valueOf(2), list.get("a"));
        assertNull(list.get("x"));
    }

    @Test
    public void removingMovesLaterEntriesDown() {
        for (int i = 0; i < 20; i++) { // past the first capacity
            list.put("k" + i, i);
        }
        assertEquals(Integer.valueOf(5), list.remove("k5"));
        assertNull(list.remove("k5"));
        assertEquals(19, list.size());
        assertEquals("k6", list.key(5));
        assertEquals(Integer.valueOf(19), list.value(18));
        assertEquals(-1, list.indexOf(null));
        list.clear();
        assertEquals(0, list.size());
        list.put("z", 1);
        assertEquals("z=1", order());
    }
}
