package io.parley.sdk;

import org.teavm.jso.browser.TimerHandler;
import org.teavm.jso.browser.Window;

/**
 * Keeps a connection honest: sends the source's heartbeat every interval and, when the
 * server pings, declares the connection dead after two ping intervals of silence (a socket
 * can stay "open" for minutes after the network is gone).
 */
final class Liveness implements TimerHandler {
    private final Connection conn;
    private int heartbeatTimer = -1;
    private int watchTimer = -1;
    private double lastHeard;

    Liveness(Connection conn) {
        this.conn = conn;
    }

    /** Calls the connection's heartbeat every interval, and drops it after two ping intervals of silence. */
    void start(int heartbeatMs, int pingMs) {
        stop();
        lastHeard = Js.now();
        heartbeatTimer = Window.setInterval(this, heartbeatMs);
        if (pingMs > 0) {
            watchTimer = Window.setInterval(() -> {
                if (Js.now() - lastHeard > 2.0 * pingMs) {
                    stop();
                    conn.reconnectNow("no data from the server for two ping intervals", false);
                }
            }, Math.max(100, pingMs / 4));
        }
    }

    /** The heartbeat interval. */
    @Override
    public void onTimer() {
        conn.heartbeat();
    }

    void heard() {
        lastHeard = Js.now();
    }

    void stop() {
        if (heartbeatTimer >= 0) {
            Window.clearInterval(heartbeatTimer);
            heartbeatTimer = -1;
        }
        if (watchTimer >= 0) {
            Window.clearInterval(watchTimer);
            watchTimer = -1;
        }
    }
}
