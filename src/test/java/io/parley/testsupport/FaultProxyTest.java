package io.parley.testsupport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The test proxy itself, in front of a loopback echo server. */
public class FaultProxyTest {
    private ServerSocket echo;

    @Before
    public void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread pipe = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            byte[] buf = new byte[1024];
                            int n;
                            while ((n = in.read(buf)) >= 0) {
                                out.write(buf, 0, n);
                                out.flush();
                            }
                        } catch (IOException e) {
                            // peer gone
                        }
                    });
                    pipe.setDaemon(true);
                    pipe.start();
                } catch (IOException e) {
                    // closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @After
    public void stopEcho() throws IOException {
        echo.close();
    }

    private static Socket connect(FaultProxy proxy) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(2000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        return new String(s.getInputStream().readNBytes(bytes.length), StandardCharsets.US_ASCII);
    }

    /** True when the connection ends (EOF or reset) instead of answering. */
    private static boolean ended(Socket s) {
        try {
            s.getOutputStream().write('x');
            s.getOutputStream().flush();
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    public void passesBytesBothWays() throws Exception {
        try (FaultProxy proxy = new FaultProxy(echo.getLocalPort()); Socket s = connect(proxy)) {
            assertEquals("hello", roundTrip(s, "hello"));
            assertEquals(1, proxy.connections());
            assertEquals(10, proxy.bytes());
            assertEquals(0, proxy.cuts());
        }
    }

    @Test
    public void delayHoldsEachDirectionAndKeepsTheBytesInOrder() throws Exception {
        try (FaultProxy proxy = new FaultProxy(echo.getLocalPort()).delay(150, 100); Socket s = connect(proxy)) {
            long t0 = System.nanoTime();
            OutputStream out = s.getOutputStream();
            for (String part : new String[] {"one ", "two ", "three"}) {
                out.write(part.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            String back = new String(s.getInputStream().readNBytes(13), StandardCharsets.US_ASCII);
            long ms = (System.nanoTime() - t0) / 1_000_000L;
            assertEquals("one two three", back);
            // a lower bound the proxy guarantees by construction (up 150 + down 100), not a speed claim
            assertTrue("held for both directions, took " + ms + " ms", ms >= 250);
            assertEquals(26, proxy.bytes());
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void negativeDelayIsRefused() throws Exception {
        try (FaultProxy proxy = new FaultProxy(echo.getLocalPort())) {
            proxy.delay(-1, 0);
        }
    }

    @Test
    public void cutDropsLiveConnectionsAndRefusesNewOnesUntilResumed() throws Exception {
        try (FaultProxy proxy = new FaultProxy(echo.getLocalPort()); Socket live = connect(proxy)) {
            assertEquals("a", roundTrip(live, "a"));
            proxy.cut();
            assertTrue("the live connection is dropped", ended(live));
            try (Socket refused = connect(proxy)) {
                assertTrue("a new connection is closed at once", ended(refused));
            }
            proxy.resume();
            try (Socket again = connect(proxy)) {
                assertEquals("back", roundTrip(again, "back"));
            }
        }
    }

    @Test
    public void freezeSilencesLiveConnectionsWithoutClosingThem() throws Exception {
        try (FaultProxy proxy = new FaultProxy(echo.getLocalPort()); Socket frozen = connect(proxy)) {
            assertEquals("a", roundTrip(frozen, "a"));
            proxy.freeze();
            frozen.setSoTimeout(300);
            assertFalse("no answer and no close", ended(frozen));
            try (Socket fresh = connect(proxy)) {
                assertEquals("fresh", roundTrip(fresh, "fresh"));
            }
        }
    }

    @Test
    public void aByteBudgetCutsAfterExactlyThatManyBytesBothWaysTogether() throws Exception {
        try (FaultProxy proxy = new FaultProxy(echo.getLocalPort()).cutAfterRandomBytes(7, 10, 10); Socket s = connect(proxy)) {
            s.getOutputStream().write("abcdef".getBytes(StandardCharsets.US_ASCII)); // 6 up, then 4 of 6 down
            s.getOutputStream().flush();
            assertArrayEquals("abcd".getBytes(StandardCharsets.US_ASCII), s.getInputStream().readAllBytes());
            assertEquals(1, proxy.cuts());
            assertEquals(10, proxy.bytes());
            assertEquals("cut before any HTTP response ended: mid-frame", 1, proxy.cutsMidFrame());
        }
    }

    @Test
    public void withCuttingOffTheBudgetIsIgnored() throws Exception {
        try (FaultProxy proxy = new FaultProxy(echo.getLocalPort()).cutAfterRandomBytes(7, 2, 2)) {
            proxy.cutting(false);
            try (Socket s = connect(proxy)) {
                assertEquals("longer than two", roundTrip(s, "longer than two"));
            }
            assertEquals(0, proxy.cuts());
        }
    }

    @Test
    public void theFrameTrackerKnowsWhenAStreamStopsInsideAFrame() {
        FaultProxy.FrameTracker t = new FaultProxy.FrameTracker();
        byte[] head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        t.track(head, head.length - 1);
        assertTrue("inside the response head", t.midFrame());
        t.track(new byte[] { '\n' }, 1);
        assertFalse("between frames", t.midFrame());
        t.track(new byte[] { (byte) 0x81 }, 1);
        assertTrue("inside a frame header", t.midFrame());
        t.track(new byte[] { 5, 'h', 'e' }, 3);
        assertTrue("inside a payload", t.midFrame());
        t.track(new byte[] { 'l', 'l', 'o' }, 3);
        assertFalse(t.midFrame());
        byte[] big = new byte[4 + 300];
        big[0] = (byte) 0x82;
        big[1] = 126;
        big[2] = 1;
        big[3] = 44; // 300-byte payload
        t.track(big, 4 + 299);
        assertTrue(t.midFrame());
        t.track(new byte[] { 0 }, 1);
        assertFalse(t.midFrame());
    }
}
