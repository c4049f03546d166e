package io.parley.protocol;

/**
 * The release this build is: pom.xml's version, stamped by the build (src/main/release is copied with
 * Maven filtering into target/generated-sources/release). The server's /api/health, ParleySDK.version,
 * the npm package and the WebJar all report it.
 */
public final class Release {
    public static final String VERSION = "${project.version}";

    private Release() {
    }
}
