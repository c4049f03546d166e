package io.parley.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Build step, before TeaVM compiles the Flavour templates: drops the indentation between tags
 * in the copied templates. Flavour turns every such run into a text node, so each one costs
 * code in the bundle and DOM nodes in every list row. A run before {@code <html:text} stays:
 * there it is the space between an icon and its label.
 */
public final class TemplateSpace {
    private TemplateSpace() {
    }

    public static void main(String[] args) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            for (Path html : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".html"))::iterator) {
                Files.writeString(html, strip(Files.readString(html, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            }
        }
    }

    static String strip(String html) {
        return html.replaceAll(">[ \\t]*\\R\\s*<(?!html:text)", "><");
    }
}
