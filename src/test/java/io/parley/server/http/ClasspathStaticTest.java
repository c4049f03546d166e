package io.parley.server.http;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** With no --webapp/--demo the files come from the classpath folders webapp/ and demo/, as packed in the jar. */
public class ClasspathStaticTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static void put(JarOutputStream jar, String name, String content) throws Exception {
        jar.putNextEntry(new JarEntry(name));
        if (content != null) {
            jar.write(content.getBytes(StandardCharsets.UTF_8));
        }
        jar.closeEntry();
    }

    @Test
    public void servesWebappAndDemoFromAJarOnTheClasspath() throws Exception {
        Path jarFile = tmp.getRoot().toPath().resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out)) {
            put(jar, "webapp/", null);
            put(jar, "webapp/parley-sdk.js", "var ParleySDK;");
            put(jar, "demo/", null);
            put(jar, "demo/index.html", "<title>jar demo</title>");
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        ParleyServer server;
        // no parent: a build's own target/classes/webapp (after `mvn package`) must not shadow the test jar
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jarFile.toUri().toURL()}, null)) {
            Thread.currentThread().setContextClassLoader(loader);
            try {
                server = ParleyServer.start(ServerConfig.builder().port(0).dataDir(tmp.newFolder("data").toPath())
                        .tokenSecret("s").demo(true).build());
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> js = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/parley-sdk.js"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, js.statusCode());
                assertEquals("var ParleySDK;", js.body());
                assertEquals("text/javascript;charset=utf-8", js.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
                HttpResponse<String> demo = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/demo/"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, demo.statusCode());
                assertTrue(demo.body().contains("jar demo"));
                assertEquals("nosniff", demo.headers().firstValue("X-Content-Type-Options").orElse(null));
            } finally {
                server.stop();
            }
        }
    }
}
