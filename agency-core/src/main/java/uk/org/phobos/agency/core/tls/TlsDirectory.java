package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the TLS material of a fleet lives ({@code AGENCY_ROOT/tls}): {@code ca.pem} and {@code ca-key.pem},
 * {@code <component>.pem} and {@code <component>-key.pem}, imported CAs in {@code trusted/}, and the
 * {@code .lock} file that serialises creation.
 */
public record TlsDirectory(Path dir) {
    // "ca" and names ending in "-key" are refused: their files would collide with the CA's or another
    // component's key file.
    private static final Pattern COMPONENT_NAME = Pattern.compile("^(?!ca$)(?!.*-key$)[a-z0-9][a-z0-9-]{0,63}$");

    public TlsDirectory {
        dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    public CertifiedKeyFiles caFiles() {
        return new CertifiedKeyFiles(caCertificateFile(), dir.resolve("ca-key.pem"));
    }

    public Path caCertificateFile() {
        return dir.resolve("ca.pem");
    }

    public CertifiedKeyFiles componentFiles(String componentName) {
        if (!COMPONENT_NAME.matcher(componentName).matches()) {
            throw new IllegalArgumentException("component name must match " + COMPONENT_NAME
                    + " (not \"ca\", not ending in \"-key\"): " + componentName);
        }
        return new CertifiedKeyFiles(dir.resolve(componentName + ".pem"), dir.resolve(componentName + "-key.pem"));
    }

    public Path trustedDir() {
        return dir.resolve("trusted");
    }

    Path lockFile() {
        return dir.resolve(".lock");
    }

    /** Creates the folder (owner-only where the file system allows) when missing. */
    public TlsDirectory create() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectory(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(dir);
                }
            } catch (FileAlreadyExistsException raced) {
                // another process created it at the same moment: fine
            }
        }
        return this;
    }
}
