package io.parley.build;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.protocol.Release;
import io.parley.testsupport.NodeTools;

/**
 * The npm package as a front-end team gets it: {@code npm pack} in target/npm, the tarball installed into
 * a fresh project, and src/test/npm/usage.ts — every API the README shows, the README's embed snippets and
 * the source document's snippets, verbatim (checked here, so they cannot drift) — compiled with
 * {@code tsc --strict --noEmit}. The file's {@code @ts-expect-error} lines make misuse an error too.
 */
public class NpmPackageTypesTest {
    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();
    static final Path NPM = Path.of(System.getProperty("parley.npm.dir", "target/npm"));
    static final Path USAGE = Path.of("src", "test", "npm", "usage.ts");
    /** The source write-up the SDK's API follows (a copy of the project's seed document, kept in the repo for CI). */
    static final Path SEED = Path.of("src", "test", "npm", "source-document.txt");
    private static Path project;
    private static Path tarball;
    private static String packOutput;

    @BeforeClass
    public static void packAndInstall() throws Exception {
        project = TMP.newFolder("app").toPath();
        packOutput = NodeTools.run(NPM, 120, "npm", "pack", "--json", "--pack-destination", project.toString());
        tarball = project.resolve("parley-chat-" + Release.VERSION + ".tgz");
        assertTrue("npm pack made " + tarball + ":\n" + packOutput, Files.isRegularFile(tarball));
        Files.writeString(project.resolve("package.json"), "{\"name\":\"app\",\"private\":true,\"type\":\"module\"}\n");
        // a local tarball without dependencies: nothing is fetched from a registry
        NodeTools.run(project, 120, "npm", "install", "--offline", "--no-audit", "--no-fund", "./" + tarball.getFileName());
    }

    @Test
    public void theTarballHoldsTheBuildsTypesAndReadmeButNoGzipTwins() throws Exception {
        JsonNode files = new ObjectMapper().readTree(packOutput).get(0).get("files");
        List<String> paths = new ArrayList<>();
        files.forEach(f -> paths.add(f.get("path").asText()));
        for (String want : List.of("package.json", "README.md", "dist/parley-sdk.js", "dist/parley-sdk.mjs",
                "dist/parley-widget.js", "dist/parley-widget.css", "dist/parley-media.js", "dist/parley-media.css",
                "dist/integrity.json", "types/index.d.ts", "types/sdk.d.ts", "types/widget.d.ts", "types/global.d.ts")) {
            assertTrue(want + " in " + paths, paths.contains(want));
        }
        assertFalse(paths.toString(), paths.stream().anyMatch(p -> p.endsWith(".gz")));
        JsonNode pkg = new ObjectMapper().readTree(project.resolve("node_modules/parley-chat/package.json").toFile());
        assertEquals("parley-chat", pkg.get("name").asText());
        assertEquals(Release.VERSION, pkg.get("version").asText());
        assertEquals("./types/index.d.ts", pkg.get("types").asText());
        assertEquals("./dist/parley-sdk.mjs", pkg.at("/exports/./import").asText());
        assertEquals("./types/index.d.ts", pkg.at("/exports/./types").asText());
        for (String field : List.of("files", "license", "sideEffects")) {
            assertTrue(field, pkg.has(field));
        }
        assertTrue("the global scripts are side effects", pkg.get("sideEffects").toString().contains("parley-widget.js"));
        assertTrue(Files.readString(project.resolve("node_modules/parley-chat/types/sdk.d.ts")).contains("parley-chat " + Release.VERSION));
    }

    @Test
    public void everyReadmeApiAndTheSourceDocumentsSnippetsCompileWithTscStrict() throws Exception {
        String usage = Files.readString(USAGE);
        String readme = Files.readString(Path.of("README.md"));
        // the README's embed snippets (their <script> bodies) and the source document's SDK snippets, verbatim
        List<String> snippets = new ArrayList<>(blocks(readme, "```html\\n(.*?)```", "<script>\\n(.*?)</script>"));
        assertTrue("README's SDK and widget snippets", snippets.size() >= 2);
        // the package README's TypeScript example, without its import line (usage.ts imports once)
        List<String> own = blocks(Files.readString(NPM.resolve("README.md")), "```ts\\n(.*?)```", null);
        assertTrue("the package README has a TypeScript example", !own.isEmpty());
        snippets.add(own.get(0).replace("import { ParleySDK } from 'parley-chat';\n", ""));
        List<String> seed = blocks(Files.readString(SEED), "``` js\\n(.*?)```", null);
        assertTrue("the source document's code blocks", seed.size() >= 3);
        snippets.addAll(seed.subList(0, 3)); // createGroup, connect, pullHistoryMsg + handleHistoryResult
        for (String s : snippets) {
            // paragraph by paragraph: the source's fragments (a call, then a component method) sit in the
            // TypeScript constructs that give them their types
            for (String paragraph : s.split("\n\\s*\n")) {
                assertTrue("usage.ts holds this snippet verbatim:\n" + paragraph, lines(usage).contains(lines(paragraph)));
            }
        }
        // every call of the README's SDK API table and every event it lists
        Matcher calls = Pattern.compile("`sdk\\.(\\w+)(?=[(`])").matcher(readme);
        int n = 0;
        while (calls.find()) {
            n++;
            assertTrue("usage.ts uses sdk." + calls.group(1), usage.contains("sdk." + calls.group(1)));
        }
        assertTrue(n >= 15);
        Matcher events = Pattern.compile("^Events: (.*?)\\n\\n", Pattern.DOTALL | Pattern.MULTILINE).matcher(readme);
        assertTrue(events.find());
        for (String item : events.group(1).split("·")) { // each item starts with the event's name
            Matcher event = Pattern.compile("^\\s*`([a-z_]+)`").matcher(item);
            assertTrue(item, event.find());
            assertTrue("usage.ts handles '" + event.group(1) + "'", usage.contains("sdk.on('" + event.group(1) + "'"));
        }
        Files.copy(USAGE, project.resolve("usage.ts"));
        String out = NodeTools.run(project, 300, "tsc", "--strict", "--noEmit", "--target", "es2022", "--module", "esnext",
                "--moduleResolution", "bundler", "--lib", "es2022,dom", "usage.ts");
        assertEquals("tsc is silent when the file compiles", "", out.trim());
    }

    /** Each match of block in text; with inner, the matches of inner inside each block. */
    private static List<String> blocks(String text, String block, String inner) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(block, Pattern.DOTALL).matcher(text);
        while (m.find()) {
            if (inner == null) {
                out.add(m.group(1));
                continue;
            }
            Matcher i = Pattern.compile(inner, Pattern.DOTALL).matcher(m.group(1));
            while (i.find()) {
                out.add(i.group(1));
            }
        }
        return out;
    }

    /** Lines trimmed and joined: snippets sit at another indentation in usage.ts. */
    private static String lines(String s) {
        return String.join("\n", s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }
}
