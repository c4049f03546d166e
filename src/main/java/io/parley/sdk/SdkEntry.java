package io.parley.sdk;

import org.teavm.jso.JSExportClasses;

/** Build entry for parley-sdk.js: exports exactly one global, {@code ParleySDK}. */
@JSExportClasses(ParleySDK.class)
public final class SdkEntry {
    private SdkEntry() {
    }
}
