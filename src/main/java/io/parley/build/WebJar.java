package io.parley.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Build step: the WebJar, {@code parley-webjar.jar} beside parley.jar. Java hosts put it on the classpath
 * and serve {@code META-INF/resources/webjars/parley/VERSION/...} (Servlet 3 and Spring do that by
 * themselves). Written here rather than by the jar plugin so tests (before the package phase) can use it.
 * Args: the webapp directory, the jar to write, the version.
 */
public final class WebJar {
    static final String GROUP = "io.parley";
    static final String ARTIFACT = "parley-webjar";
    /** Fixed entry times: the same files give the same jar. */
    private static final long TIME = 315532800000L + 86_400_000L;

    private WebJar() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path jar = Path.of(args[1]);
        String version = args[2];
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "Parley browser files (WebJar)");
        mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        String base = "META-INF/resources/webjars/parley/" + version + "/";
        List<Path> files = new ArrayList<>(Integrity.shipped(dir));
        files.add(dir.resolve(Integrity.MANIFEST));
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, mf)) {
            // folder entries too: ClassLoader.getResource("META-INF/resources/") finds only what is listed
            for (int slash = base.indexOf('/', "META-INF/".length()); slash > 0; slash = base.indexOf('/', slash + 1)) {
                put(zip, base.substring(0, slash + 1), new byte[0]);
            }
            for (Path f : files) {
                put(zip, base + f.getFileName(), Files.readAllBytes(f));
            }
            String props = "groupId=" + GROUP + "\nartifactId=" + ARTIFACT + "\nversion=" + version + "\n";
            put(zip, "META-INF/maven/" + GROUP + "/" + ARTIFACT + "/pom.properties", props.getBytes(StandardCharsets.UTF_8));
        }
        System.out.println("[webjar] " + jar.getFileName() + ": " + files.size() + " files under " + base);
    }

    private static void put(JarOutputStream zip, String name, byte[] bytes) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setTime(TIME);
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }
}
