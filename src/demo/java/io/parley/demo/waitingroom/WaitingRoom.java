package io.parley.demo.waitingroom;

import io.parley.server.ParleyServer;
import io.parley.server.dev.DevWaitingRoom;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The --dev waiting room ({@link DevWaitingRoom}): the patients of {@link Scripts} write to the demo
 * doctor (doctor-7 of parley.doctor, as demo/doctor.js and demo/patient.js name them), each in their
 * own 1:1 conversation, so the desk's list, unread counts and previews move on their own. Demo code:
 * built to target/demo-classes, never packed into parley.jar.
 */
public final class WaitingRoom implements DevWaitingRoom.Room {
    static final String DOCTOR_PIN = "doctor-7";
    static final String DOCTOR_APP = "parley.doctor";

    private final List<Patient> patients = new ArrayList<>();
    private final Random random = new Random();
    private ParleyServer server;
    private DevWaitingRoom.Pace pace;
    private WebSocketClient client;
    private URI uri;
    private ScheduledThreadPoolExecutor timer;
    private volatile boolean closed;

    public WaitingRoom() {
        for (Scripts.Person person : Scripts.PEOPLE) {
            patients.add(new Patient(this, person));
        }
    }

    @Override
    public void open(ParleyServer server, DevWaitingRoom.Pace pace) throws Exception {
        this.server = server;
        this.pace = pace;
        this.uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("parley-waiting-room");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        client = new WebSocketClient(daemonHttpClient());
        client.start();
        for (Patient p : patients) {
            p.connect();
        }
        long hb = server.config().heartbeatMs();
        timer.scheduleAtFixedRate(() -> patients.forEach(Patient::heartbeat), hb, hb, TimeUnit.MILLISECONDS);
    }

    /** Daemon threads: a dev convenience must never keep the process alive. */
    private static HttpClient daemonHttpClient() {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("parley-waiting-room-ws");
        pool.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setExecutor(pool);
        http.setScheduler(new ScheduledExecutorScheduler("parley-waiting-room-ws-timer", true));
        return http;
    }

    @Override
    public List<String> patients() {
        return patients.stream().map(Patient::id).toList();
    }

    @Override
    public String doctor() {
        return DOCTOR_PIN + "@" + DOCTOR_APP;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
        patients.forEach(Patient::close);
        if (client != null) {
            try {
                client.stop();
            } catch (Exception ignored) {
                // stopping a dev convenience: nothing more to do
            }
        }
    }

    boolean closed() {
        return closed;
    }

    ParleyServer server() {
        return server;
    }

    WebSocketClient client() {
        return client;
    }

    URI uri() {
        return uri;
    }

    /** Runs task on the room's thread after delayMs (nothing once closed). */
    ScheduledFuture<?> later(Runnable task, long delayMs) {
        if (closed) {
            return null;
        }
        try {
            return timer.schedule(() -> {
                if (!closed) {
                    task.run();
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            return null;
        }
    }

    long firstDelay() {
        return between(Math.min(500, pace.firstWithinMs()), pace.firstWithinMs());
    }

    long gap() {
        return between(pace.minGapMs(), pace.maxGapMs());
    }

    /** Reading takes an eighth to a quarter of the shortest gap (1-2 s at the default pace). */
    long readDelay() {
        return between(pace.minGapMs() / 8, pace.minGapMs() / 4);
    }

    /** Answering takes half to all of the shortest gap (4-8 s at the default pace). */
    long answerDelay() {
        return between(pace.minGapMs() / 2, pace.minGapMs());
    }

    long typingLeadMs() {
        return Math.min(1500, pace.minGapMs() / 5);
    }

    long reconnectMs() {
        return Math.min(2000, pace.minGapMs());
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    int pick(int n) {
        return random.nextInt(n);
    }

    private long between(long min, long max) {
        return min >= max ? min : min + (long) (random.nextDouble() * (max - min));
    }
}
