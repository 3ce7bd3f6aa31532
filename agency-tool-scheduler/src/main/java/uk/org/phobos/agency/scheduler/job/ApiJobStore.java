package uk.org.phobos.agency.scheduler.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * The jobs created through the REST API, in {@code jobs.json}, written atomically on every change.
 * Unlike history, a file that cannot be read stops the scheduler: silently dropping a user's jobs is
 * worse than refusing to start.
 */
public final class ApiJobStore {
    private final Path file;
    private final ObjectMapper mapper;

    public ApiJobStore(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    public Path file() {
        return file;
    }

    public List<JobSpec> load() {
        try {
            return mapper.readValue(Files.readAllBytes(file), JobsFile.class).jobs();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    file + " cannot be read (" + e.getMessage() + "); fix or move it away to start", e);
        }
    }

    public void save(List<JobSpec> jobs) {
        try {
            AtomicFiles.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(new JobsFile(jobs)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
