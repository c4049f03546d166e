package io.parley.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the npm package's declaration files (target/npm/types/*.d.ts) the way the tests compare them with
 * the built bundles: the members of an interface or class (two-space indented lines), with whether each is
 * optional. Not a TypeScript parser: it reads the layout these files are written in.
 */
public final class DeclaredTypes {
    private static final Pattern MEMBER = Pattern.compile("^  (?:readonly |static readonly |static )?(\\w+)(\\?)?\\s*[<(:]",
            Pattern.MULTILINE);
    private final String text;

    private DeclaredTypes(String text) {
        this.text = text;
    }

    /** The given files of target/npm/types (or -Dparley.npm.dir), read as one text. */
    public static DeclaredTypes read(String... files) throws IOException {
        Path dir = Path.of(System.getProperty("parley.npm.dir", "target/npm"), "types");
        StringBuilder all = new StringBuilder();
        for (String f : files) {
            all.append(Files.readString(dir.resolve(f))).append('\n');
        }
        return new DeclaredTypes(all.toString());
    }

    /** The body of {@code interface name} or {@code class name} (up to its closing brace at line start). */
    public String body(String name) {
        Matcher m = Pattern.compile("^export (?:declare )?(?:interface|class) " + name + "\\b[^{]*\\{\\n(.*?)^\\}",
                Pattern.MULTILINE | Pattern.DOTALL).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no interface or class " + name + " in the declarations");
        }
        return m.group(1);
    }

    /** Member name to optional?, in order; static members only when statics, else instance members only. */
    public Map<String, Boolean> members(String name, boolean statics) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        Matcher m = MEMBER.matcher(body(name));
        while (m.find()) {
            boolean isStatic = m.group().contains("static ");
            if (isStatic == statics && !m.group(1).equals("constructor")) {
                out.putIfAbsent(m.group(1), m.group(2) != null);
            }
        }
        return out;
    }

    /** The names of the interfaces name extends (its {@code extends A, B} clause). */
    public String[] supertypes(String name) {
        Matcher m = Pattern.compile("^export (?:declare )?interface " + name + " extends ([\\w, ]+)\\{", Pattern.MULTILINE)
                .matcher(text);
        return m.find() ? m.group(1).trim().split("\\s*,\\s*") : new String[0];
    }

    /** The fields of a type: an inline {@code { a: T; b?: U }} or a named interface with its supertypes. */
    public Map<String, Boolean> fields(String type) {
        type = type.trim();
        Map<String, Boolean> out = new LinkedHashMap<>();
        if (type.startsWith("{")) {
            Matcher f = Pattern.compile("(\\w+)(\\?)?:").matcher(type.substring(1, type.lastIndexOf('}')));
            while (f.find()) {
                out.put(f.group(1), f.group(2) != null);
            }
            return out;
        }
        for (String s : supertypes(type)) {
            out.putAll(fields(s));
        }
        out.putAll(members(type, false));
        return out;
    }

    /** Each member of an interface with its declared type text (one line each), e.g. the event map. */
    public Map<String, String> memberTypes(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("^  (\\w+)(?:\\?)?: (.*);$", Pattern.MULTILINE).matcher(body(name));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** Whether a type is open (an index signature allows any field). */
    public boolean open(String type) {
        return !type.trim().startsWith("{") && body(type).contains("[field: string]");
    }
}
