package uk.org.phobos.agency.scheduler.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * Run history on disk: one file per job, {@code runs/<job>.json}, written atomically. Job names match
 * the session-id pattern, so they are safe file names. A file that cannot be read is moved aside (to
 * {@code .corrupt}) and the job starts with an empty history.
 */
public final class RunHistoryStore {
    private static final Logger log = LoggerFactory.getLogger(RunHistoryStore.class);

    private final Path dir;
    private final ObjectMapper mapper;

    public RunHistoryStore(Path dir, ObjectMapper mapper) {
        this.dir = dir;
        this.mapper = mapper;
    }

    record RunsFile(List<Run> runs) {
        RunsFile {
            runs = runs == null ? List.of() : List.copyOf(runs);
        }
    }

    public List<Run> load(String job) {
        Path file = file(job);
        try {
            return mapper.readValue(Files.readAllBytes(file), RunsFile.class).runs();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.error("run history {} cannot be read ({}); moving it aside and starting afresh", file, e.getMessage());
            try {
                Files.move(
                        file,
                        file.resolveSibling(file.getFileName() + ".corrupt"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                log.error("cannot move {} aside: {}", file, moveFailed.getMessage());
            }
            return List.of();
        }
    }

    public void save(String job, List<Run> runs) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(file(job), mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(new RunsFile(runs)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run history of job " + job, e);
        }
    }

    public void delete(String job) {
        try {
            Files.deleteIfExists(file(job));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the run history of job " + job, e);
        }
    }

    private Path file(String job) {
        return dir.resolve(job + ".json");
    }
}
