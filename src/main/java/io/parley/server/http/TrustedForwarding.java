package io.parley.server.http;

import java.net.SocketAddress;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Jetty's {@link ForwardedRequestCustomizer} ({@code Forwarded}, {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host}, {@code X-Forwarded-Port}), applied only when the connection's peer is a
 * --trusted-proxies address: anyone else could claim to be https or any host. The scheme and host
 * it yields make the server's own origin and the URLs it generates ({@link PublicOrigin}).
 * <p>
 * The client address is left alone: Jetty would take the left-most, client-written
 * {@code X-Forwarded-For}; {@code io.parley.server.limits.ClientAddress} reads it from the right.
 */
public final class TrustedForwarding implements HttpConfiguration.Customizer {
    private final TrustedProxies proxies;
    private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

    public TrustedForwarding(TrustedProxies proxies) {
        this.proxies = proxies;
        forwarded.setForwardedForHeader(null);
        forwarded.setForwardedServerHeader(null); // names the proxy, not the host the browser asked for
        forwarded.setForwardedCipherSuiteHeader(null);
        forwarded.setForwardedSslSessionIdHeader(null);
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (!proxies.contains(Request.getRemoteAddr(request))) {
            return request;
        }
        Request customized = forwarded.customize(request, responseHeaders);
        if (customized == request) {
            return request;
        }
        SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
        ConnectionMetaData meta = new ConnectionMetaData.Wrapper(customized.getConnectionMetaData()) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return peer; // a Forwarded "for=" does not move the peer either
            }
        };
        return new Request.Wrapper(customized) {
            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return meta;
            }
        };
    }
}
