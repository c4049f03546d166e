package io.parley.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away self-signed certificate for localhost and 127.0.0.1, made by openssl: the PEM a TLS proxy
 * serves (certificate + key in one file) and an SSLContext that trusts exactly it.
 */
public final class TestCert {
    private final Path pem;
    private final SSLContext trusting;

    private TestCert(Path pem, SSLContext trusting) {
        this.pem = pem;
        this.trusting = trusting;
    }

    public static TestCert create(Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process p = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl failed: " + out);
        }
        Path pem = dir.resolve("proxy.pem");
        Files.writeString(pem, Files.readString(cert) + Files.readString(key));
        Certificate c;
        try (InputStream in = Files.newInputStream(cert)) {
            c = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("proxy", c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return new TestCert(pem, ssl);
    }

    /** Certificate then private key, as HAProxy's "ssl crt" wants. */
    public Path pem() {
        return pem;
    }

    /** Trusts this certificate only. */
    public SSLContext sslContext() {
        return trusting;
    }
}
