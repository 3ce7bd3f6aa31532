package uk.org.phobos.agency.cli.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The process-wide default of {@link HttpsURLConnection} in the command line. Every {@code HttpsURLConnection}
 * asks for the default factory in its constructor, and the JDK's default builds the default SSL context,
 * parsing the ~140 certificates of the system trust store (~100 ms of a 500 ms {@code ag status} here), even
 * though {@link FleetHttp} replaces the factory on every connection at once. The command line speaks only to
 * the fleet, so the default is this one, which refuses to connect.
 */
public final class RefusingSocketFactory extends SSLSocketFactory {
    /** Makes this the default of every {@code HttpsURLConnection} in this process. */
    public static void installAsDefault() {
        HttpsURLConnection.setDefaultSSLSocketFactory(new RefusingSocketFactory());
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return new String[0];
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return new String[0];
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        throw refused();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw refused();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw refused();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw refused();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw refused();
    }

    private static IOException refused() {
        return new IOException("HTTPS outside the fleet: the command line trusts only the fleet's CA");
    }
}
