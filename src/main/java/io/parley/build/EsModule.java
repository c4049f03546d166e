package io.parley.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: parley-sdk.mjs, the ES-module build of the SDK, from parley-sdk.js. TeaVM's global build
 * declares its one global with a top-level {@code var ParleySDK}; in a module that declaration is
 * module-scoped, so the same bytes plus an {@code export} leak no global and need no second compile.
 * Args: the webapp directory.
 */
public final class EsModule {
    static final String GLOBAL = "var ParleySDK;";

    private EsModule() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String js = Files.readString(dir.resolve("parley-sdk.js"), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("parley-sdk.mjs"), module(js), StandardCharsets.US_ASCII);
        System.out.println("[esm] parley-sdk.mjs from parley-sdk.js");
    }

    /** The module text; fails when the global build no longer declares the global the way this relies on. */
    static String module(String js) {
        String head = js.startsWith("\"use strict\";") ? js.substring(13).stripLeading() : js;
        if (!head.startsWith(GLOBAL)) {
            throw new IllegalStateException("parley-sdk.js does not start with '" + GLOBAL
                    + "' (TeaVM's NONE module output changed?): cannot wrap it as an ES module");
        }
        return js + (js.endsWith("\n") ? "" : "\n") + "export { ParleySDK };\n";
    }
}
