package io.parley.sdk;

import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/** What the host's tokenProvider gave, as {@link Tokens} (which implements this) hears it from script. */
@JSFunctor
interface ProviderAnswer extends JSObject {
    /** token: what the promise resolved to (checked there); why: the rejection, or null; call: the ask's number. */
    void got(JSObject token, String why, int call);
}
