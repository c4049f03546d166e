package io.parley.sdk;

/**
 * Work coalesced into the next animation frame: any number of {@link #requestFrame} calls before it,
 * one {@link #frame}. A base class, not a field: the owner is the frame callback itself (no extra
 * class or lambda in the bundle). Not abstract: TeaVM takes an abstract class that implements a
 * JSObject interface for a native overlay and emits {@code new FrameRender()} for its subclasses.
 */
public class FrameRender implements Dom.Action {
    private boolean scheduled;

    /** Runs {@link #frame} in the next frame, once however often this is called before it. */
    protected final void requestFrame() {
        if (!scheduled) {
            scheduled = true;
            Dom.nextFrame(this);
        }
    }

    /** The frame came (called by the browser). */
    @Override
    public final void run() {
        scheduled = false;
        frame();
    }

    /** The owner's frame work. */
    protected void frame() {
    }
}
