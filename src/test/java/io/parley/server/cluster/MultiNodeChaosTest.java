package io.parley.server.cluster;

import java.net.URI;

import io.parley.server.chat.ChaosTest;

/**
 * The chaos test on real parts: two node processes on PostgreSQL + Redis, senders on one node,
 * receivers on the other, every connection cut at random bytes. 0 lost, 0 duplicated.
 */
public class MultiNodeChaosTest extends ChaosTest {
    protected ProcessCluster cluster;

    @Override
    public void startServer() throws Exception {
        cluster = ProcessCluster.start();
    }

    @Override
    public void stopServer() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    public URI wsUri() {
        return cluster.direct(1);
    }

    @Override
    public String token(String pin, String appId) {
        return cluster.token(pin, appId);
    }

    @Override
    public long count(String sql) throws Exception {
        return cluster.pg.number(sql);
    }

    @Override
    protected int senderPort() {
        return cluster.nodes.get(0).port();
    }

    @Override
    protected int receiverPort() {
        return cluster.nodes.get(1).port();
    }

    @Override
    public void everyAckedMessageReachesEveryReceiverExactlyOnceInOrder() throws Exception {
        try {
            super.everyAckedMessageReachesEveryReceiverExactlyOnceInOrder();
        } catch (AssertionError | Exception e) {
            System.out.println("[chaos] node logs:\n" + cluster.logs());
            throw e;
        }
    }
}
