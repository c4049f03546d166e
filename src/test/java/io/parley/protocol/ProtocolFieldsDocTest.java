package io.parley.protocol;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * docs/PROTOCOL.md and {@link Field} name the same wire fields: every JSON key the doc shows is a
 * constant, and every constant appears in the doc as a JSON key or in backticks.
 */
public class ProtocolFieldsDocTest {
    /** Keys of the doc's example host content (a bizExt and a custom payload), not protocol fields. */
    private static final Set<String> HOST_CONTENT = Set.of("accessType", "title", "price");
    private static final Pattern KEY = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*:");
    private static final Pattern CODE = Pattern.compile("`([A-Za-z_][A-Za-z0-9_]*)`");

    @Test
    public void everyFieldInTheDocsJsonIsAFieldConstant() throws Exception {
        Set<String> missing = new TreeSet<>(jsonKeys(doc()));
        missing.removeAll(HOST_CONTENT);
        missing.removeAll(fieldValues());
        assertEquals("fields in docs/PROTOCOL.md's JSON that io.parley.protocol.Field lacks", Set.of(), missing);
    }

    @Test
    public void everyFieldConstantIsDocumented() throws Exception {
        String doc = doc();
        Set<String> named = jsonKeys(doc);
        Matcher m = CODE.matcher(doc);
        while (m.find()) {
            named.add(m.group(1));
        }
        Set<String> undocumented = new TreeSet<>(fieldValues());
        undocumented.removeAll(named);
        assertEquals("io.parley.protocol.Field constants docs/PROTOCOL.md never names", Set.of(), undocumented);
    }

    @Test
    public void constantsAreNamedAfterTheirValue() throws Exception {
        for (java.lang.reflect.Field f : Field.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String value = (String) f.get(null);
            assertEquals(value.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(), f.getName());
        }
    }

    private static String doc() throws Exception {
        return Files.readString(Path.of("docs/PROTOCOL.md"));
    }

    /** Every {@code "name":} of the doc's JSON, in example blocks and inline. */
    private static Set<String> jsonKeys(String doc) {
        Set<String> keys = new TreeSet<>();
        Matcher k = KEY.matcher(doc);
        while (k.find()) {
            keys.add(k.group(1));
        }
        return keys;
    }

    private static Set<String> fieldValues() throws Exception {
        Set<String> values = new TreeSet<>();
        for (java.lang.reflect.Field f : Field.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                values.add((String) f.get(null));
            }
        }
        return values;
    }
}
