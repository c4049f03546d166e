package io.parley.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.protocol.Release;
import io.parley.sdk.SdkPage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.junit.Test;

/**
 * One version everywhere: pom.xml's, the npm package's package.json, the WebJar's pom.properties and
 * folder, ParleySDK.version of the served global and module builds, and GET /api/health.
 */
public class ReleaseVersionE2ETest extends SdkPage {
    @Test
    public void theNpmPackageTheWebJarTheSdkAndTheServerReportOneVersion() throws Exception {
        Map<String, String> versions = new TreeMap<>();
        versions.put("pom.xml", System.getProperty("parley.version"));
        versions.put("npm package.json", new ObjectMapper().readTree(Path.of(System.getProperty("parley.npm.dir", "target/npm"),
                "package.json").toFile()).get("version").asText());
        try (JarFile jar = new JarFile(System.getProperty("parley.webjar", "target/parley-webjar.jar"))) {
            Properties pom = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/maven/io.parley/parley-webjar/pom.properties"))) {
                pom.load(in);
            }
            versions.put("WebJar pom.properties", pom.getProperty("version"));
            String folder = jar.stream().map(e -> e.getName()).filter(n -> n.endsWith("/parley-widget.js")).findFirst().orElse("");
            versions.put("WebJar folder", folder.replaceAll("^META-INF/resources/webjars/parley/([^/]+)/parley-widget\\.js$", "$1"));
        }
        versions.put("ParleySDK.version (parley-sdk.js)", (String) run("await T.load(); return ParleySDK.version;"));
        versions.put("ParleySDK.version (parley-sdk.mjs)", (String) run(
                "return (await import('/v/" + Release.VERSION + "/parley-sdk.mjs')).ParleySDK.version;"));
        String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + parleyPort
                + "/api/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
        versions.put("/api/health", new ObjectMapper().readTree(health).get("version").asText());
        assertNotNull("surefire passes pom.xml's version", versions.get("pom.xml"));
        assertTrue(versions.toString(), versions.get("pom.xml").matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?"));
        for (Map.Entry<String, String> e : versions.entrySet()) {
            assertEquals(e.getKey() + " in " + versions, versions.get("pom.xml"), e.getValue());
        }
    }
}
