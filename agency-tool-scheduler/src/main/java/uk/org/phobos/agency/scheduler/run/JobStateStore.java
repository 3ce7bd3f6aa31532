package uk.org.phobos.agency.scheduler.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * {@code state.json}: each job's {@link JobState}, in one file written atomically (once per tick that
 * changed something, not once per job, so that 10,000 jobs cost one write).
 */
public final class JobStateStore {
    private static final Logger log = LoggerFactory.getLogger(JobStateStore.class);

    private final Path file;
    private final ObjectMapper mapper;

    public JobStateStore(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    record StateFile(Map<String, JobState> jobs) {
        StateFile {
            jobs = jobs == null ? Map.of() : jobs;
        }
    }

    public Map<String, JobState> load() {
        try {
            return new TreeMap<>(
                    mapper.readValue(Files.readAllBytes(file), StateFile.class).jobs());
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            // Losing this only means missed fire times are not counted once: not worth refusing to start.
            log.error("{} cannot be read ({}); missed fire times will not be counted this once", file, e.getMessage());
            return new TreeMap<>();
        }
    }

    public void save(Map<String, JobState> states) {
        try {
            AtomicFiles.write(file, mapper.writeValueAsBytes(new StateFile(new TreeMap<>(states))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
