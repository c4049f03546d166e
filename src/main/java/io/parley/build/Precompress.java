package io.parley.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step, last of the webapp rewrites: writes {@code name.gz} beside every shipped .js/.css, so the
 * server sends the compressed bytes the budget counts (a phone on 3G fetches ~3x fewer bytes) without
 * compressing per request. Args: directories.
 */
public final class Precompress {
    private Precompress() {
    }

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            Path dir = Path.of(arg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Precompress::compressible).sorted().toList();
            }
            for (Path f : files) {
                Path gz = f.resolveSibling(f.getFileName() + ".gz");
                Files.write(gz, BundleBudget.gzip(Files.readAllBytes(f)));
                // never older than its source: the server only trusts a precompressed file that is current
                FileTime t = Files.getLastModifiedTime(f);
                Files.setLastModifiedTime(gz, t);
            }
            System.out.println("[precompress] " + files.size() + " files in " + dir);
        }
    }

    static boolean compressible(Path f) {
        String n = f.getFileName().toString();
        return Files.isRegularFile(f) && (n.endsWith(".js") || n.endsWith(".mjs") || n.endsWith(".css"));
    }
}
