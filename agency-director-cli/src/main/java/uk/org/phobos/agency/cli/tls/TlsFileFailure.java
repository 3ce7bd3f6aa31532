package uk.org.phobos.agency.cli.tls;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.core.tls.TlsSetupException;

/**
 * An I/O failure of {@code ag tls export} or {@code ag tls import}: a file problem the user can fix, not a fleet
 * that cannot be reached, so exit 2, in one line that names the file (FILE, or the file of {@code AGENCY_ROOT/tls}
 * that failed) and why.
 */
final class TlsFileFailure {
    private TlsFileFailure() {}

    /**
     * Exit 2 for {@code failure} when an I/O error caused it: {@code doing} (e.g. "cannot import x.pem"), why, and
     * {@code hint} when FILE (or a folder on its way) is the problem rather than {@code tlsDir}. Null when it is no
     * I/O failure (no CA here yet: that stays exit 3).
     */
    static CliException of(TlsSetupException failure, Path file, Path tlsDir, String doing, String hint) {
        if (!(failure.getCause() instanceof IOException io)) {
            return null;
        }
        Path target = file.toAbsolutePath().normalize();
        String why;
        boolean aboutFile;
        if (io instanceof FileSystemException fs && fs.getFile() != null) {
            Path failed = Path.of(fs.getFile()).toAbsolutePath().normalize();
            aboutFile = failed.equals(target) || target.startsWith(failed) || temporaryFor(failed, target);
            if (io instanceof FileAlreadyExistsException) {
                why = fs.getFile() + " is a file, not a folder"; // met creating the folders on the way
            } else if (failed.equals(target)) {
                why = reason(fs);
            } else if (temporaryFor(failed, target)) {
                why = reason(fs) + " (in " + target.getParent() + ")";
            } else {
                why = reason(fs) + " (" + fs.getFile() + ")";
            }
        } else {
            // e.g. "x.pem does not hold PEM certificates: ...", or a full disk
            String said = String.valueOf(io.getMessage());
            aboutFile = !said.contains(tlsDir.toString());
            why = said.startsWith(file + " ") ? said.substring(file.toString().length() + 1) : said;
        }
        return new CliException(ExitCode.USAGE, doing + ": " + why + "." + (aboutFile ? " " + hint : ""), failure);
    }

    private static String reason(FileSystemException failure) {
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        String reason = failure.getReason();
        if (reason == null || reason.isEmpty()) {
            return failure.getClass().getSimpleName();
        }
        return Character.toLowerCase(reason.charAt(0)) + reason.substring(1); // "Read-only file system"
    }

    /** The temp file FILE is written to before it is renamed into place (agency-core's AtomicFiles). */
    private static boolean temporaryFor(Path failed, Path target) {
        Path name = failed.getFileName();
        return name != null
                && failed.getParent() != null
                && failed.getParent().equals(target.getParent())
                && name.toString().startsWith("." + target.getFileName() + ".");
    }
}
