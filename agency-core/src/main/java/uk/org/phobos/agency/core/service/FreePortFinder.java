package uk.org.phobos.agency.core.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import uk.org.phobos.agency.core.component.PortRange;

/**
 * Finds the first port of a range that can be bound now. A service needs its port before it
 * builds its component (an agent's state folder is named after it); the server then binds that
 * port, and fails clearly in the rare case another process took it in between.
 */
final class FreePortFinder {
    int first(String host, PortRange range) throws IOException {
        if (range.first() == 0) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(host, 0));
                return socket.getLocalPort();
            }
        }
        for (int port = range.first(); port <= range.last(); port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(host, port));
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IOException(
                "no free port in " + range + " on " + host + ": all are in use (choose another with --port)");
    }
}
