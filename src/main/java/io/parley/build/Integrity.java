package io.parley.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Build step, after the last rewrite of the shipped files: prints the Subresource Integrity value
 * ({@code sha384-...}) of each and writes them to {@code integrity.json} beside them (served too), for
 * {@code <script integrity crossorigin>} embeds from a CDN. Args: the webapp directory, the version.
 */
public final class Integrity {
    static final String MANIFEST = "integrity.json";

    private Integrity() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Map<String, String> files = new TreeMap<>();
        for (Path f : shipped(dir)) {
            String sri = sri(Files.readAllBytes(f));
            files.put(f.getFileName().toString(), sri);
            System.out.printf("[integrity] %-22s %s%n", f.getFileName(), sri);
        }
        Map<String, Object> manifest = new TreeMap<>();
        manifest.put("version", args[1]);
        manifest.put("files", files);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(MANIFEST).toFile(), manifest);
    }

    /** The files a page loads: everything but the gzip twins and the manifest itself, by name. */
    static List<Path> shipped(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return !n.endsWith(".gz") && !n.equals(MANIFEST);
            }).sorted().toList();
        }
    }

    static String sri(byte[] bytes) {
        try {
            return "sha384-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
