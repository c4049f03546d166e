package io.parley.protocol;

import java.util.Objects;

/**
 * Values by key in insertion order: two arrays and a linear search (what it holds is small: an
 * outbox, a user's conversations, at most {@link ReceiveCursor#MAX_AHEAD} held-back messages).
 * Not a LinkedHashMap: in the browser bundle java.util's maps and their iterators cost ~1 KB gzip.
 *
 * @param <K> the key, compared with equals
 * @param <V> the value
 */
public final class KeyedList<K, V> {
    private Object[] keys = new Object[8];
    private Object[] values = new Object[8];
    private int size;

    public int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    public K key(int i) {
        return (K) keys[i];
    }

    @SuppressWarnings("unchecked")
    public V value(int i) {
        return (V) values[i];
    }

    /** The index of key, or -1. */
    public int indexOf(K key) {
        for (int i = 0; i < size; i++) {
            if (Objects.equals(key, keys[i])) {
                return i;
            }
        }
        return -1;
    }

    public V get(K key) {
        int i = indexOf(key);
        return i < 0 ? null : value(i);
    }

    /** Sets the value of a key where it is, or appends the key. */
    public void put(K key, V value) {
        int i = indexOf(key);
        if (i < 0) {
            if (size == keys.length) {
                keys = grow(keys);
                values = grow(values);
            }
            i = size++;
            keys[i] = key;
        }
        values[i] = value;
    }

    /** Removes the key's entry; returns its value, or null when there is none. */
    public V remove(K key) {
        int i = indexOf(key);
        return i < 0 ? null : removeAt(i);
    }

    /** Removes the i-th entry (later ones move down by one) and returns its value. */
    public V removeAt(int i) {
        V v = value(i);
        size--;
        for (int j = i; j < size; j++) {
            keys[j] = keys[j + 1];
            values[j] = values[j + 1];
        }
        keys[size] = null;
        values[size] = null;
        return v;
    }

    public void clear() {
        while (size > 0) {
            removeAt(size - 1);
        }
    }

    private static Object[] grow(Object[] a) {
        Object[] b = new Object[a.length * 2];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }
}
