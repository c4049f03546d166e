package io.parley.server.cluster;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * SIGKILL one node in the middle of a conversation. All clients go through HAProxy (and a cutting
 * proxy in front of it): s1 and r1 pinned to node 1, s2 and r2 to node 2. A third of the way through,
 * node 1 is killed: its clients reconnect through HAProxy to node 2, resend what was not acked from
 * their outbox (the node answers what node 1 had stored with the original ack), and every acked
 * message reaches both receivers exactly once, in mid order, stored once.
 */
public class NodeKillTest extends MultiNodeChaosTest {
    private volatile boolean killed;

    @Override
    protected int senderPort() {
        return cluster.lb().port();
    }

    @Override
    protected int receiverPort() {
        return cluster.lb().port();
    }

    @Override
    protected String wsPath(String pin) {
        return "/ws?node=" + (pin.endsWith("1") ? "node1" : "node2");
    }

    @Override
    protected void duringRun(int acked, int total) throws Exception {
        if (!killed && acked >= total / 3) {
            killed = true;
            cluster.nodes.get(0).kill();
            System.out.println("[chaos] SIGKILLed node 1 after " + acked + " acked messages");
        }
    }

    @Override
    public void everyAckedMessageReachesEveryReceiverExactlyOnceInOrder() throws Exception {
        super.everyAckedMessageReachesEveryReceiverExactlyOnceInOrder();
        assertTrue("node 1 was killed mid-run", killed);
        assertFalse(cluster.nodes.get(0).isAlive());
    }
}
