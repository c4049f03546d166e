package io.parley.build;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The build steps behind the packages, on small folders: SRI values, the ES module, the npm folder, the WebJar. */
public class PackagingStepsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path webapp() throws Exception {
        Path web = tmp.newFolder("webapp").toPath();
        Files.writeString(web.resolve("parley-sdk.js"), "\"use strict\";\nvar ParleySDK;(function(){ParleySDK=function(){};})();\n");
        Files.writeString(web.resolve("parley-widget.css"), ".pw{}\n");
        Files.write(web.resolve("parley-widget.css.gz"), new byte[] {31, -117});
        return web;
    }

    @Test
    public void sriIsSha384InBase64() {
        // the known answer (MDN's Subresource Integrity example; openssl dgst -sha384 -binary | base64 agrees)
        assertEquals("sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO",
                Integrity.sri("alert('Hello, world.');".getBytes()));
    }

    @Test
    public void theManifestListsEveryShippedFileButNotTheGzipTwins() throws Exception {
        Path web = webapp();
        Integrity.main(new String[] {web.toString(), "1.2.3"});
        JsonNode m = new ObjectMapper().readTree(web.resolve("integrity.json").toFile());
        assertEquals("1.2.3", m.get("version").asText());
        assertEquals(List.of("parley-sdk.js", "parley-widget.css"), names(m.get("files").fieldNames()));
        assertEquals(Integrity.sri(Files.readAllBytes(web.resolve("parley-widget.css"))), m.at("/files/parley-widget.css").asText());
    }

    @Test
    public void theEsModuleExportsTheGlobalsDeclarationAndRefusesAnotherShape() {
        String js = "\"use strict\";\nvar ParleySDK;(function(){})();";
        assertEquals(js + "\nexport { ParleySDK };\n", EsModule.module(js));
        assertThrows(IllegalStateException.class, () -> EsModule.module("(function(root){root.ParleySDK=1;})(this);"));
    }

    @Test
    public void theNpmFolderAndTheWebJarCarryTheFilesAndTheVersion() throws Exception {
        Path web = webapp();
        Integrity.main(new String[] {web.toString(), "1.2.3"});
        EsModule.main(new String[] {web.toString()});
        Path src = tmp.newFolder("npm-src").toPath();
        Files.createDirectories(src.resolve("types"));
        Files.writeString(src.resolve("types/index.d.ts"), "// parley-chat @VERSION@\n");
        Files.writeString(src.resolve("README.md"), "# parley-chat @VERSION@\n");
        Path out = tmp.getRoot().toPath().resolve("npm");
        NpmPackage.main(new String[] {web.toString(), src.toString(), out.toString(), "1.2.3"});
        JsonNode pkg = new ObjectMapper().readTree(out.resolve("package.json").toFile());
        assertEquals("parley-chat", pkg.get("name").asText());
        assertEquals("1.2.3", pkg.get("version").asText());
        assertEquals("./dist/parley-sdk.mjs", pkg.at("/exports/./import").asText());
        assertEquals("./dist/parley-widget.css", pkg.get("exports").path("./parley-widget.css").asText());
        assertTrue(Files.exists(out.resolve("dist/parley-sdk.mjs")));
        assertFalse("no gzip twins in the package", Files.exists(out.resolve("dist/parley-widget.css.gz")));
        assertEquals("// parley-chat 1.2.3\n", Files.readString(out.resolve("types/index.d.ts")));

        Path jar = tmp.getRoot().toPath().resolve("webjar.jar");
        WebJar.main(new String[] {web.toString(), jar.toString(), "1.2.3"});
        try (JarFile j = new JarFile(jar.toFile())) {
            for (String f : List.of("parley-sdk.js", "parley-sdk.mjs", "parley-widget.css", "integrity.json")) {
                assertTrue(f, j.getEntry("META-INF/resources/webjars/parley/1.2.3/" + f) != null);
            }
            assertTrue(j.getEntry("META-INF/resources/webjars/parley/1.2.3/parley-widget.css.gz") == null);
            assertTrue(new String(j.getInputStream(j.getEntry("META-INF/maven/io.parley/parley-webjar/pom.properties"))
                    .readAllBytes()).contains("version=1.2.3"));
            assertEquals("1.2.3", j.getManifest().getMainAttributes().getValue("Implementation-Version"));
        }
    }

    private static <T> List<T> names(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
