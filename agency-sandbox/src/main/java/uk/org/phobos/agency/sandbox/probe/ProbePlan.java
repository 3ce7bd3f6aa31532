package uk.org.phobos.agency.sandbox.probe;

import java.nio.file.Path;
import java.util.List;

/**
 * What one probe run tries: files it must fail to create outside the allowed paths, a file it must
 * manage to create in the session directory, and hidden things it must not see.
 */
record ProbePlan(List<Path> forbiddenFiles, Path allowedFile, List<HiddenCheck> hiddenChecks) {
    ProbePlan {
        forbiddenFiles = List.copyOf(forbiddenFiles);
        hiddenChecks = List.copyOf(hiddenChecks);
    }
}
