package io.parley.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Build step: the npm package {@code parley-chat} in target/npm ({@code npm pack} there makes the tarball):
 * the shipped files under dist/ (global builds, the ES module, the media chunk, integrity.json), the
 * TypeScript declarations and README from src/npm ({@code @VERSION@} filled in), and a package.json with
 * pom.xml's version. Args: the webapp directory, src/npm, the output directory, the version.
 */
public final class NpmPackage {
    static final String NAME = "parley-chat";
    /** Classic scripts that define globals (and CSS): a bundler must never drop them as unused. */
    private static final List<String> SIDE_EFFECTS = List.of("./dist/parley-sdk.js", "./dist/parley-widget.js",
            "./dist/parley-desk.js", "./dist/parley-media.js", "./dist/parley-connect.js", "*.css");

    private NpmPackage() {
    }

    public static void main(String[] args) throws IOException {
        Path webapp = Path.of(args[0]);
        Path src = Path.of(args[1]);
        Path out = Path.of(args[2]);
        String version = args[3];
        clean(out);
        Path dist = Files.createDirectories(out.resolve("dist"));
        for (Path f : Integrity.shipped(webapp)) {
            Files.copy(f, dist.resolve(f.getFileName()));
        }
        Files.copy(webapp.resolve(Integrity.MANIFEST), dist.resolve(Integrity.MANIFEST));
        try (Stream<Path> s = Files.walk(src)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path to = out.resolve(src.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.writeString(to, Files.readString(f, StandardCharsets.UTF_8).replace("@VERSION@", version),
                        StandardCharsets.UTF_8);
            }
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("package.json").toFile(), packageJson(version, dist));
        System.out.println("[npm] " + NAME + "@" + version + " in " + out + " (npm pack there makes the tarball)");
    }

    static Map<String, Object> packageJson(String version, Path dist) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", NAME);
        p.put("version", version);
        p.put("description", "Parley chat: the browser SDK (ES module and global script), the chat widget, the desk and TypeScript types");
        p.put("license", "UNLICENSED");
        p.put("module", "./dist/parley-sdk.mjs");
        p.put("types", "./types/index.d.ts");
        Map<String, Object> exports = new LinkedHashMap<>();
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("types", "./types/index.d.ts");
        main.put("import", "./dist/parley-sdk.mjs");
        main.put("default", "./dist/parley-sdk.mjs");
        exports.put(".", main);
        // declarations of the globals the classic scripts define (ParleySDK, ParleyWidget, ParleyDesk)
        exports.put("./global", Map.of("types", "./types/global.d.ts"));
        try (Stream<Path> s = Files.list(dist)) {
            for (Path f : s.sorted(Comparator.naturalOrder()).toList()) {
                exports.put("./" + f.getFileName(), "./dist/" + f.getFileName());
            }
        }
        exports.put("./package.json", "./package.json");
        p.put("exports", exports);
        p.put("files", List.of("dist", "types", "README.md"));
        p.put("sideEffects", SIDE_EFFECTS);
        p.put("keywords", List.of("chat", "websocket", "widget", "sdk", "parley"));
        return p;
    }

    private static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
