package io.parley.server.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * Every option the widget and the desk read from the host's options object (found in their source, as
 * {@code Js.string(options, "x")} and the like, plus the SDK's ChatConfig) is documented in
 * docs/EMBEDDING.md: the widget's in the option table of section 3, the desk's in section 3b.
 */
public class EmbeddingOptionsDocTest {
    private static final Path DOC = Path.of("docs", "EMBEDDING.md");
    private static final Path MAIN = Path.of("src", "main", "java", "io", "parley");
    /** A read of an option: Js.string/number/get/isTrue…(options or o, "name"), not a Js.set… write. */
    private static final Pattern READ = Pattern.compile("Js\\.(?!set)\\w+\\((?:options|o), \"(\\w+)\"");
    /** A @JSBody script reading a property of its options parameter: "return o.sound !== false;". */
    private static final Pattern SCRIPT_READ = Pattern.compile("script = \"[^\"]*\\b(?:options|o)\\.(\\w+)");

    static Set<String> optionsReadIn(Path... sources) throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path source : sources) {
            String text = Files.readString(source);
            for (Pattern p : List.of(READ, SCRIPT_READ)) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static Path[] javaIn(String pkg) throws IOException {
        try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).toArray(Path[]::new);
        }
    }

    private static String section(String doc, String heading, String next) {
        int from = doc.indexOf(heading);
        assertTrue(heading + " in " + DOC, from >= 0);
        int to = doc.indexOf(next, from);
        return doc.substring(from, to < 0 ? doc.length() : to);
    }

    /** The first column of the widget's option table: "| `a`, `b` | default | meaning |". */
    private static Set<String> widgetTable(String doc) {
        String widget = section(doc, "## 3. The widget", "## 3b.");
        int start = widget.indexOf("| option | default | meaning |");
        assertTrue("the option table of section 3", start >= 0);
        Set<String> names = new TreeSet<>();
        for (String row : widget.substring(start).split("\n")) {
            if (!row.startsWith("|")) {
                break;
            }
            Matcher m = Pattern.compile("`(\\w+)`").matcher(row.split("\\|")[1]);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    public void everyWidgetOptionIsARowOfTheOptionTable() throws Exception {
        Set<String> read = optionsReadIn(javaIn("widget"));
        read.addAll(optionsReadIn(MAIN.resolve("sdk/ChatConfig.java")));
        assertTrue("the scan finds the options (" + read + ")", read.containsAll(List.of("url", "tokenProvider",
                "pageSize", "onError", "theme", "chatConfig")));
        String doc = Files.readString(DOC);
        Set<String> table = widgetTable(doc);
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(table);
        // chatConfig is documented in the url row's text ("or pass them as one object in `chatConfig`")
        missing.removeIf(n -> n.equals("chatConfig") && doc.contains("as one object in `chatConfig`"));
        assertEquals("widget options read in the code that EMBEDDING.md's option table lacks", Set.of(), missing);
        Set<String> stale = new TreeSet<>(table);
        stale.removeAll(read);
        assertEquals("rows of the option table the code never reads", Set.of(), stale);
    }

    @Test
    public void everyDeskOptionIsNamedInSection3b() throws Exception {
        Set<String> read = optionsReadIn(javaIn("desk"));
        assertTrue("the scan finds the options (" + read + ")", read.containsAll(List.of("quickReplies", "sound")));
        String desk = section(Files.readString(DOC), "## 3b.", "## 4.");
        Set<String> missing = new TreeSet<>();
        for (String name : read) {
            if (!desk.contains("`" + name + "`") && !desk.contains(name + ":")) {
                missing.add(name);
            }
        }
        assertEquals("desk options read in the code that EMBEDDING.md section 3b does not name", Set.of(), missing);
    }
}
