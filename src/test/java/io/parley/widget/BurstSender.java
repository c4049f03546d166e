package io.parley.widget;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A plain WebSocket client outside the browser that fires a burst of text messages. */
public final class BurstSender implements Session.Listener.AutoDemanding {
    private final CountDownLatch authed = new CountDownLatch(1);
    private final AtomicInteger acks = new AtomicInteger();
    private volatile Session session;

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
    }

    @Override
    public void onWebSocketText(String text) {
        if (text.contains("\"auth_ok\"")) {
            authed.countDown();
        } else if (text.contains("\"chat_message_ack\"")) {
            acks.incrementAndGet();
        }
    }

    /** Connects as (pin, appId), then sends n messages "prefix 1".."prefix n" to toChat; waits for all acks. */
    static void burst(URI base, String token, String pin, String appId, String toChat, String toAppId, String prefix,
            int n) throws Exception {
        WebSocketClient ws = new WebSocketClient();
        ws.start();
        try {
            BurstSender c = new BurstSender();
            URI uri = URI.create("ws://" + base.getAuthority() + "/ws");
            ws.connect(c, uri).get(5, TimeUnit.SECONDS);
            c.send("{\"type\":\"auth\",\"id\":\"a\",\"token\":\"" + token + "\",\"pin\":\"" + pin + "\",\"appId\":\""
                    + appId + "\",\"clientType\":\"comet\"}");
            if (!c.authed.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("burst sender not authenticated");
            }
            for (int i = 1; i <= n; i++) {
                c.send("{\"type\":\"chat_message\",\"id\":\"m" + i + "\",\"clientMsgId\":\"b-" + pin + "-" + i
                        + "\",\"toChat\":\"" + toChat + "\",\"toAppId\":\"" + toAppId + "\",\"msgType\":\"text\",\"content\":\""
                        + prefix + " " + i + "\"}");
            }
            long deadline = System.currentTimeMillis() + 60_000 + 20L * n;
            while (c.acks.get() < n && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            c.session.close();
            if (c.acks.get() < n) {
                throw new AssertionError("burst sender: only " + c.acks.get() + " of " + n + " messages acknowledged");
            }
        } finally {
            ws.stop();
        }
    }

    private void send(String text) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> done.complete(null), done::completeExceptionally));
        done.join();
    }
}
