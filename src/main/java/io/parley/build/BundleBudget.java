package io.parley.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Build step: prints raw and gzip size of each shipped file and fails the build when one
 * is over its budget. Args: the webapp directory, then {@code file=maxGzipBytes} pairs;
 * {@code a.js+b.css=N} budgets the sum of several files.
 */
public final class BundleBudget {
    private BundleBudget() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        boolean over = false;
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            long budget = Long.parseLong(kv[1].trim());
            long raw = 0;
            long gz = 0;
            for (String name : kv[0].trim().split("\\+")) {
                Path file = dir.resolve(name);
                if (!Files.exists(file)) {
                    System.out.println("[budget] MISSING " + name);
                    over = true;
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                raw += bytes.length;
                gz += gzipSize(bytes);
            }
            boolean ok = gz <= budget;
            over |= !ok;
            System.out.printf("[budget] %-40s %8d B raw %8d B gzip  budget %8d B gzip  %s%n",
                    kv[0].trim(), raw, gz, budget, ok ? "ok" : "OVER BUDGET");
        }
        if (over) {
            throw new IllegalStateException("bundle size budget exceeded (see [budget] lines above)");
        }
    }

    static long gzipSize(byte[] bytes) throws IOException {
        return gzip(bytes).length;
    }

    /** bytes gzipped at level 9: what the budget counts and what the server sends. */
    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
