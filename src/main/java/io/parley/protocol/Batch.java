package io.parley.protocol;

import java.util.AbstractList;

/**
 * What one call gives back (messages now deliverable, entries expired, syncs to send): a list over
 * an array that grows. Not ArrayList: in the browser bundle its growth (Arrays.copyOf, reflection
 * on the array's type) costs ~400 B gzip.
 *
 * @param <T> the item
 */
public final class Batch<T> extends AbstractList<T> {
    private Object[] items = new Object[8];
    private int size;

    @Override
    public boolean add(T item) {
        if (size == items.length) {
            Object[] more = new Object[size * 2];
            for (int i = 0; i < size; i++) {
                more[i] = items[i];
            }
            items = more;
        }
        items[size++] = item;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException();
        }
        return (T) items[i];
    }

    @Override
    public T set(int i, T item) {
        T old = get(i);
        items[i] = item;
        return old;
    }

    /** Removes the i-th item (later ones move down by one) and returns it. */
    @Override
    public T remove(int i) {
        T old = get(i);
        size--;
        for (int j = i; j < size; j++) {
            items[j] = items[j + 1];
        }
        items[size] = null;
        return old;
    }

    @Override
    public int size() {
        return size;
    }
}
