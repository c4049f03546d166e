package io.parley.widget;

import io.parley.sdk.Dom;

import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The message list's rows, keyed by message: only a window of them is in the DOM, created when a
 * message enters it, reused and patched in place while it stays, removed when it leaves. The box's
 * padding stands in for the rows above and below. Heights are measured for the whole window at
 * once (one layout read per frame) and cached on the messages; unmeasured ones count as the average.
 * Not a general renderer: the rest of the widget stays a Flavour template.
 */
final class RowList {
    private static final double FIRST_GUESS = 56;

    HTMLElement box;
    private final List<Msg> shown = new ArrayList<>();
    private int gen;
    private double measuredSum;
    private int measuredCount;

    void bind(HTMLElement el) {
        box = el;
    }

    /** The guess for unmeasured rows: the average so far, fixed for a frame so the spacers match the model. */
    private double guess = FIRST_GUESS;

    /** A message's height: measured, else the guess. */
    double height(Msg m) {
        return m.height == m.height ? m.height : guess;
    }

    /** Between frames: the guess follows the average of the rows measured so far. */
    void settle() {
        if (measuredCount > 0) {
            guess = measuredSum / measuredCount;
        }
    }

    /** Makes the DOM hold exactly items[from, to), in order; {@code above}/{@code below} px stand in for the rest. */
    void show(List<Msg> items, int from, int to, double above, double below) {
        int g = ++gen;
        for (int i = from; i < to; i++) {
            items.get(i).windowGen = g;
        }
        for (Msg m : shown) {
            if (m.windowGen != g && m.view != null) {
                drop(m);
            }
        }
        shown.clear();
        for (int i = from; i < to; i++) {
            Msg m = items.get(i);
            if (m.view == null) {
                m.view = new Row(m);
            }
            m.view.patch(); // may drop a day separator: all patched before any is placed
            shown.add(m);
        }
        HTMLElement cursor = first(box);
        for (Msg m : shown) {
            Row r = m.view;
            if (r.day != null) {
                cursor = place(box, r.day, cursor);
            }
            cursor = place(box, r.main, cursor);
        }
        trim(box, cursor);
        pad(box, above, below);
    }

    /** Heights of the rows in the window (with their day separators), read in one layout pass. */
    void measure() {
        for (Msg m : shown) {
            Row r = m.view;
            double h = Dom.height(r.main) + (r.day != null ? Dom.height(r.day) : 0);
            if (m.height == m.height) {
                measuredSum += h - m.height;
            } else {
                measuredSum += h;
                measuredCount++;
            }
            m.height = h;
        }
    }

    private void drop(Msg m) {
        Row r = m.view;
        m.view = null;
        Dom.remove(r.day);
        Dom.remove(r.main);
        m.owner.receipts.unwatch(r.main);
    }

    /** After "resync" or destroy: nothing shown. */
    void clear() {
        for (Msg m : shown) {
            if (m.view != null) {
                drop(m);
            }
        }
        shown.clear();
    }

    /** The box holds only rows and day separators (elements): its first child is an element. */
    private static HTMLElement first(HTMLElement box) {
        return (HTMLElement) box.getFirstChild();
    }

    /** Puts el where cursor is (unless it is already there); returns the next position. */
    private static HTMLElement place(HTMLElement box, HTMLElement el, HTMLElement cursor) {
        if (el == cursor) {
            return (HTMLElement) cursor.getNextSibling();
        }
        box.insertBefore(el, cursor);
        return cursor;
    }

    private static void trim(HTMLElement box, HTMLElement from) {
        while (from != null) {
            HTMLElement next = (HTMLElement) from.getNextSibling();
            box.removeChild(from);
            from = next;
        }
    }

    private static void pad(HTMLElement box, double above, double below) {
        Dom.style(box, "padding-top", Dom.numStr(above) + "px");
        Dom.style(box, "padding-bottom", Dom.numStr(below) + "px");
    }
}
