package io.parley.server.fanout.redis;

import java.net.URI;

import io.parley.server.InProcessCluster;
import io.parley.server.chat.ChaosTest;
import io.parley.testsupport.Redis;

/**
 * The chaos test with senders on one node and receivers on another, fanning out through Redis: every
 * connection is cut at random bytes on both sides, and every acked message still reaches every
 * receiver exactly once, in mid order (the nodes share one store in this JVM).
 */
public class ClusterChaosTest extends ChaosTest {
    private InProcessCluster cluster;

    /** The Redis the nodes fan out through. */
    protected String redisUri() throws Exception {
        return Redis.shared();
    }

    @Override
    public void startServer() throws Exception {
        cluster = new InProcessCluster(redisUri(), Redis.uniquePrefix(), 2, ws);
        dataDir = cluster.dataDir();
    }

    @Override
    public void stopServer() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    public URI wsUri() {
        return cluster.wsUri(0);
    }

    @Override
    public String token(String pin, String appId) {
        return cluster.node(0).tokenService().sign(pin, appId, System.currentTimeMillis() / 1000 + 3600);
    }

    @Override
    protected int senderPort() {
        return cluster.node(0).port();
    }

    @Override
    protected int receiverPort() {
        return cluster.node(1).port();
    }
}
