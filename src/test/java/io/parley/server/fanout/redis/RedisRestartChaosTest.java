package io.parley.server.fanout.redis;

import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Redis;

/**
 * {@link ClusterChaosTest} on a Redis of its own that is killed (SIGKILL: every publication in
 * flight is lost) a third of the way through and started again: the nodes reconnect, tell their
 * clients to resume (1012), and every acked message still reaches every receiver exactly once.
 */
public class RedisRestartChaosTest extends ClusterChaosTest {
    private Redis redis;
    private boolean restarted;

    @Override
    protected String redisUri() throws Exception {
        redis = Redis.startOwn();
        return redis.uri();
    }

    @Override
    protected void duringRun(int acked, int total) throws Exception {
        if (!restarted && acked >= total / 3) {
            restarted = true;
            redis.kill();
            Thread.sleep(300); // senders go on storing (acked) while nothing is relayed
            redis.start();
            System.out.println("[chaos] Redis killed and restarted after " + acked + " acked messages");
        }
    }

    @Override
    public void everyAckedMessageReachesEveryReceiverExactlyOnceInOrder() throws Exception {
        super.everyAckedMessageReachesEveryReceiverExactlyOnceInOrder();
        assertTrue("Redis was restarted mid-run", restarted);
    }

    @Override
    public void stopServer() {
        super.stopServer();
        try {
            if (redis != null) {
                redis.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
