package io.parley.build;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * TeaVM's minifier renames a {@code @JSBody}'s parameters to short names, so a name the script
 * declares itself (var, function parameter, catch binding) can shadow a parameter, or a catch
 * that logs a name it did not declare throws ReferenceError (issue 11's first bug). Scripts with
 * parameters must therefore start their own names with '_'.
 */
public class JsBodyScriptsTest {
    private static final Pattern JSBODY = Pattern.compile(
            "@JSBody\\((.*?)\\)\\s*\\n\\s*(?:public |private |protected )?(?:static )?native", Pattern.DOTALL);
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:var|let|const)\\s+([A-Za-z$][\\w$]*)");
    private static final Pattern FUNCTION_PARAMS = Pattern.compile("function\\s*[\\w$]*\\s*\\(([^)]*)\\)");
    private static final Pattern CATCH = Pattern.compile("catch\\s*\\(\\s*([A-Za-z$_][\\w$]*)\\s*\\)");

    @Test
    public void scriptsWithParametersDeclareOnlyUnderscoreNames() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/demo/java"))) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
                    bad.addAll(check(root.relativize(f).toString(), Files.readString(f)));
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    public void theCheckFindsEachKindOfOwnName() {
        String src = "@JSBody(params = { \"a\", \"b\" }, script = \"var x = a; try { b(x); } catch (e) { console.log(e); }\"\n"
                + "        + \" var _ok = function (v, _w) { return v; };\")\n    static native void f(int a, int b);\n"
                + "@JSBody(script = \"var plain = 1; return plain;\")\n    static native int g();\n";
        assertEquals(List.of("X.java:1 declares [e, v, x]"), check("X.java", src));
    }

    @Test
    public void theCheckFindsACatchThatLogsANameItDidNotDeclare() {
        // the SDK's old Js.call: catch (_e) logged e
        String src = "@JSBody(params = { \"f\", \"a\" }, script = \"try { f(a); } catch (_e) { console.error('threw', e); }\")\n"
                + "    static native void call(JSObject f, JSObject a);\n"
                + "@JSBody(params = { \"f\" }, script = \"try { f(); } catch (_e) { console.error('e', _e.e); }\")\n"
                + "    static native void fine(JSObject f);\n";
        assertEquals(List.of("Y.java:1 uses undeclared [e]"), check("Y.java", src));
    }

    static List<String> check(String file, String source) {
        List<String> out = new ArrayList<>();
        Matcher m = JSBODY.matcher(source);
        while (m.find()) {
            String args = m.group(1);
            int scriptAt = args.indexOf("script");
            if (scriptAt < 0 || !args.substring(0, scriptAt).contains("params")) {
                continue; // no parameters: nothing to shadow
            }
            StringBuilder script = new StringBuilder();
            Matcher lit = LITERAL.matcher(args.substring(scriptAt));
            while (lit.find()) {
                script.append(lit.group(1));
            }
            TreeSet<String> own = new TreeSet<>();
            Matcher d = DECLARED.matcher(script);
            while (d.find()) {
                own.add(d.group(1));
            }
            Matcher fp = FUNCTION_PARAMS.matcher(script);
            while (fp.find()) {
                for (String p : fp.group(1).split(",")) {
                    if (!p.isBlank()) {
                        own.add(p.trim());
                    }
                }
            }
            Matcher c = CATCH.matcher(script);
            while (c.find()) {
                own.add(c.group(1));
            }
            // catch (_e) { ... e ... }: the unprefixed name is declared nowhere (ReferenceError at run time)
            TreeSet<String> params = new TreeSet<>();
            Matcher pl = LITERAL.matcher(args.substring(0, scriptAt));
            while (pl.find()) {
                params.add(pl.group(1));
            }
            TreeSet<String> undeclared = new TreeSet<>();
            Matcher uc = CATCH.matcher(script);
            while (uc.find()) {
                String bare = uc.group(1).substring(1);
                int close = script.indexOf("}", uc.end());
                String block = script.substring(uc.end(), close < 0 ? script.length() : close);
                if (uc.group(1).startsWith("_") && !bare.isEmpty() && !own.contains(bare) && !params.contains(bare)
                        && Pattern.compile("(?<![\\w$.'])" + Pattern.quote(bare) + "(?![\\w$'])").matcher(block).find()) {
                    undeclared.add(bare);
                }
            }
            own.removeIf(n -> n.startsWith("_"));
            int line = source.substring(0, m.start()).split("\n", -1).length;
            if (!own.isEmpty()) {
                out.add(file + ":" + line + " declares " + own);
            }
            if (!undeclared.isEmpty()) {
                out.add(file + ":" + line + " uses undeclared " + undeclared);
            }
        }
        return out;
    }
}
