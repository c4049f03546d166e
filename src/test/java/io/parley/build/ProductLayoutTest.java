package io.parley.build;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * What goes into parley.jar (target/classes plus the libraries, shaded) and the shape of src/main:
 * demo-only code (src/demo) is compiled apart and never linked from the product, and no product
 * source file grows past 500 lines.
 */
public class ProductLayoutTest {
    private static final Path MAIN = Path.of("src/main");
    private static final Path DEMO_JAVA = Path.of("src/demo/java");
    private static final Path CLASSES = Path.of(System.getProperty("parley.classes.dir", "target/classes"));
    static final int MAX_LINES = 500;

    @Test
    public void noFileInSrcMainIsOver500Lines() throws IOException {
        assertEquals(List.of(), overLong(MAIN, MAX_LINES));
    }

    @Test
    public void theLineCheckSeesALongFile() throws IOException {
        Path dir = Files.createTempDirectory("layout");
        try {
            Files.writeString(dir.resolve("Short.java"), "a\n".repeat(MAX_LINES));
            Files.writeString(dir.resolve("Long.java"), "a\n".repeat(MAX_LINES + 1));
            assertEquals(List.of(dir.resolve("Long.java") + ": " + (MAX_LINES + 1)), overLong(dir, MAX_LINES));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    public void demoClassesAreNotInTheProductClasses() throws IOException {
        List<String> demo = demoClasses();
        assertTrue("src/demo/java has the demo code (MediaDemo, QuickRepliesDemo, the waiting room)",
                demo.contains("io/parley/widget/media/MediaDemo") && demo.contains("io/parley/widget/QuickRepliesDemo"));
        assertTrue("the product classes were built", Files.isRegularFile(CLASSES.resolve("io/parley/server/Main.class")));
        for (String c : demo) {
            assertFalse(c + " is demo code", Files.exists(CLASSES.resolve(c + ".class")));
        }
        assertFalse(Files.exists(CLASSES.resolve("io/parley/demo")));
    }

    @Test
    public void noProductClassLinksToDemoCode() throws IOException {
        List<String> demo = demoClasses();
        List<String> links = new ArrayList<>();
        try (Stream<Path> s = Files.walk(CLASSES)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".class"))::iterator) {
                // internal names (with '/') appear only for real references; a class name loaded by
                // reflection from target/demo-classes (--dev) is a dotted string and does not count
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String c : demo) {
                    if (bytes.contains("L" + c + ";") || containsClassRef(bytes, c)) {
                        links.add(CLASSES.relativize(f) + " -> " + c);
                    }
                }
            }
        }
        assertEquals(List.of(), links);
    }

    @Test
    public void theDemoBundlesAreNotShipped() throws IOException {
        // target/webapp is what ships; the jar's copy (target/classes/webapp) is made from it at
        // prepare-package, after the tests, so it is checked only when an earlier package left one
        for (Path web : List.of(Path.of("target/webapp"), CLASSES.resolve("webapp"))) {
            if (!web.equals(Path.of("target/webapp")) && !Files.isDirectory(web)) {
                continue;
            }
            assertTrue(web + " holds the shipped bundles", Files.isRegularFile(web.resolve("parley-widget.js")));
            try (Stream<Path> s = Files.list(web)) {
                List<String> demo = s.map(p -> p.getFileName().toString()).filter(n -> n.contains("demo")).toList();
                assertEquals(web.toString(), List.of(), demo);
            }
        }
    }

    /** A class-file constant pool stores a referenced class as a length-prefixed internal name. */
    private static boolean containsClassRef(String bytes, String internalName) {
        int n = internalName.length();
        String prefixed = "" + (char) (n >> 8) + (char) (n & 0xff) + internalName;
        return bytes.contains(prefixed);
    }

    /** Internal names of the classes under src/demo/java (one per source file). */
    private static List<String> demoClasses() throws IOException {
        try (Stream<Path> s = Files.walk(DEMO_JAVA)) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> DEMO_JAVA.relativize(p).toString().replace('\\', '/').replaceAll("\\.java$", ""))
                    .sorted().toList();
        }
    }

    static List<String> overLong(Path root, int max) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                long lines;
                try (Stream<String> l = Files.lines(f, StandardCharsets.UTF_8)) {
                    lines = l.count();
                } catch (java.io.UncheckedIOException e) {
                    continue; // binary (images, fonts): not source
                }
                if (lines > max) {
                    out.add(f + ": " + lines);
                }
            }
        }
        return out;
    }
}
