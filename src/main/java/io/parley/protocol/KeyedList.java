package io.parley.protocol;

import java.util.Objects;

/**
 * Values by key in insertion order: two {@link Batch}es and a linear search (what it holds is small:
 * an outbox, a user's conversations, at most {@link ReceiveCursor#MAX_AHEAD} held-back messages).
 * Not a LinkedHashMap: in the browser bundle java.util's maps and their iterators cost ~1 KB gzip.
 *
 * @param <K> the key, compared with equals
 * @param <V> the value
 */
public final class KeyedList<K, V> {
    private final Batch<K> keys = new Batch<>();
    private final Batch<V> values = new Batch<>();

    public int size() {
        return keys.size();
    }

    public K key(int i) {
        return keys.get(i);
    }

    public V value(int i) {
        return values.get(i);
    }

    /** The index of key, or -1. */
    public int indexOf(K key) {
        for (int i = 0; i < keys.size(); i++) {
            if (Objects.equals(key, keys.get(i))) {
                return i;
            }
        }
        return -1;
    }

    public V get(K key) {
        int i = indexOf(key);
        return i < 0 ? null : values.get(i);
    }

    /** Sets the value of a key where it is, or appends the key. */
    public void put(K key, V value) {
        int i = indexOf(key);
        if (i < 0) {
            keys.add(key);
            values.add(value);
        } else {
            values.set(i, value);
        }
    }

    /** Removes the key's entry; returns its value, or null when there is none. */
    public V remove(K key) {
        int i = indexOf(key);
        return i < 0 ? null : removeAt(i);
    }

    /** Removes the i-th entry (later ones move down by one) and returns its value. */
    public V removeAt(int i) {
        keys.remove(i);
        return values.remove(i);
    }

    public void clear() {
        while (size() > 0) {
            removeAt(size() - 1);
        }
    }
}
