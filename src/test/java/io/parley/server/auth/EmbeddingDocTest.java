package io.parley.server.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.parley.protocol.ClientError;
import io.parley.protocol.ErrorCode;

/**
 * docs/EMBEDDING.md as an integrator copies it: the Java token example compiles and mints a token
 * Parley accepts, as does the Python one (run with python3), and the troubleshooting table names
 * every error code, the server's (ErrorCode) and the SDK's own (ClientError).
 */
public class EmbeddingDocTest {
    private static final Path DOC = Path.of("docs", "EMBEDDING.md");
    private static final String SECRET = "doc-secret-0123456789";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static String block(String language) throws Exception {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        assertTrue("a ```" + language + " block in " + DOC, m.find());
        return m.group(1);
    }

    private static void assertAccepted(String token, String name) {
        TokenService.Verification v = new TokenService(SECRET, 0).verify(token);
        assertTrue(token + ": " + v.reason(), v.isValid());
        assertEquals("patient-1", v.claims().pin());
        assertEquals("clinic.web", v.claims().appId());
        assertEquals(name, v.claims().name());
        long now = System.currentTimeMillis() / 1000;
        assertTrue("exp in seconds, about an hour away: " + v.claims().exp(),
                v.claims().exp() > now + 3500 && v.claims().exp() <= now + 3601);
    }

    @Test
    public void theJavaExampleMintsATokenParleyAccepts() throws Exception {
        Path src = tmp.newFolder("src").toPath().resolve("ParleyTokens.java");
        Files.writeString(src, block("java"));
        Path out = tmp.newFolder("classes").toPath();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals("javac exit", 0, javac.run(null, null, null, "-d", out.toString(), src.toString()));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, null)) {
            Method mint = loader.loadClass("ParleyTokens").getMethod("mint", String.class, String.class, String.class,
                    String.class, long.class);
            assertAccepted((String) mint.invoke(null, SECRET, "patient-1", "clinic.web", "Zhang \"San\" 张三", 3600L),
                    "Zhang \"San\" 张三");
            assertAccepted((String) mint.invoke(null, SECRET, "patient-1", "clinic.web", null, 3600L), null);
        }
    }

    @Test
    public void thePythonExampleMintsATokenParleyAccepts() throws Exception {
        Path script = tmp.newFile("mint.py").toPath();
        Files.writeString(script, block("python") + "\nimport sys\nprint(mint(sys.argv[1], 'patient-1', 'clinic.web',"
                + " name=sys.argv[2] if len(sys.argv) > 2 else None))\n");
        for (String name : new String[] {"Dr. Wang 王医生", null}) {
            List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), SECRET));
            if (name != null) {
                cmd.add(name);
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("PYTHONIOENCODING", "utf-8");
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue("python3 finished", p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(output, 0, p.exitValue());
            assertAccepted(output, name);
        }
    }

    @Test
    public void theTroubleshootingTableNamesEveryErrorCode() throws Exception {
        String doc = Files.readString(DOC);
        String table = doc.substring(doc.indexOf("## 6. Troubleshooting"));
        List<String> missing = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            if (!table.contains("`" + c.id + "` (" + c.code + ")")) {
                missing.add(c.id + " (" + c.code + ")");
            }
        }
        // and the SDK's own codes (ClientError: NAME = code beside NAME_ID = "id"), made in the browser
        int sdkCodes = 0;
        for (java.lang.reflect.Field f : ClientError.class.getFields()) {
            if (f.getType() == int.class) {
                String id = (String) ClientError.class.getField(f.getName() + "_ID").get(null);
                sdkCodes++;
                if (!table.contains("`" + id + "` (" + f.getInt(null) + ")")) {
                    missing.add(id + " (" + f.getInt(null) + ")");
                }
            }
        }
        assertTrue("ClientError's codes found: " + sdkCodes, sdkCodes >= 5);
        assertEquals(List.of(), missing);
    }
}
