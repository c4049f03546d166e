package io.parley.testsupport;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Node's tools (npm, tsc) for the package tests. A missing tool fails the test (./test installs
 * Node, npm and TypeScript); it is never a skip.
 */
public final class NodeTools {
    private NodeTools() {
    }

    /** Runs cmd in dir; its exit code and output (stdout + stderr). */
    public record Result(int exit, String output) {
    }

    public static Result exec(Path dir, int timeoutSeconds, String... cmd) {
        ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("NO_UPDATE_NOTIFIER", "1");
        pb.environment().put("npm_config_fund", "false");
        pb.environment().put("npm_config_audit", "false");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail(cmd[0] + " is not installed (" + e.getMessage() + "): ./test installs Node, npm and TypeScript");
            return null;
        }
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + ": " + e, e);
        }
    }

    /** Runs cmd and fails (with its output) unless it exits 0; returns the output. */
    public static String run(Path dir, int timeoutSeconds, String... cmd) {
        Result r = exec(dir, timeoutSeconds, cmd);
        assertEquals(String.join(" ", cmd) + " in " + dir + ":\n" + r.output(), 0, r.exit());
        return r.output();
    }
}
