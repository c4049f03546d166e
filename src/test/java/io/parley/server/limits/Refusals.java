package io.parley.server.limits;

import static org.junit.Assert.fail;

/** Runs a limit check that must refuse, and returns the refusal. */
final class Refusals {
    interface Check {
        void run() throws LimitExceeded;
    }

    private Refusals() {
    }

    static LimitExceeded refused(Check check) {
        try {
            check.run();
        } catch (LimitExceeded e) {
            return e;
        }
        fail("expected a refusal");
        return null;
    }
}
