package uk.org.phobos.agency.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The floor under {@code ag status URL}: a JVM that does nothing but trust the fleet's CA, make one TLS
 * connection and ask {@code GET /status} over a bare {@link SSLSocket}, then print the status line. No
 * picocli, no JSON, no HTTP client. {@code bench/cli-startup.sh} runs it with its own class-data archive.
 * Usage: {@code TlsStatusFloor URL CA_PEM}.
 */
public final class TlsStatusFloor {
    private TlsStatusFloor() {}

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(url.getHost(), url.getPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /status HTTP/1.1\r\nHost: " + url.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] answer = socket.getInputStream().readAllBytes();
            String text = new String(answer, StandardCharsets.UTF_8);
            System.out.println(text.substring(0, Math.max(0, text.indexOf('\r'))));
        }
    }
}
