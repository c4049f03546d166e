package io.parley.protocol;

/** The source's clientType constants: m (mobile web), comet (PC web), android, iOS. */
public final class ClientType {
    private ClientType() {
    }

    public static boolean isValid(String type) {
        return "m".equals(type) || "comet".equals(type) || "android".equals(type) || "iOS".equals(type);
    }
}
