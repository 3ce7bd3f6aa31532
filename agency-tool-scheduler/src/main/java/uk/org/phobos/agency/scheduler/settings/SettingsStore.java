package uk.org.phobos.agency.scheduler.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.config.AtomicFiles;

/** {@code settings.json}: the settings last set with {@code PUT /config}, written atomically. */
public final class SettingsStore {
    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);

    private final Path file;
    private final ObjectMapper mapper;

    public SettingsStore(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    public Optional<SchedulerSettings> load() {
        try {
            return Optional.of(mapper.readValue(Files.readAllBytes(file), SchedulerSettings.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.error("{} cannot be read ({}); using the defaults and the command line", file, e.getMessage());
            return Optional.empty();
        }
    }

    public void save(SchedulerSettings settings) {
        try {
            AtomicFiles.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
