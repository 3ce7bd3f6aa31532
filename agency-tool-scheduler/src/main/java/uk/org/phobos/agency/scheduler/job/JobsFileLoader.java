package uk.org.phobos.agency.scheduler.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import uk.org.phobos.agency.core.config.ConfigException;
import uk.org.phobos.agency.core.config.YamlConfigLoader;

/**
 * Reads the YAML jobs file into checked jobs, all or nothing: the first problem becomes a {@link
 * ConfigException} naming the file, the line and the field (e.g. {@code jobs[2].schedule}).
 */
public final class JobsFileLoader {
    private final YamlConfigLoader yaml = new YamlConfigLoader();
    private final JobValidator validator;

    public JobsFileLoader(JobValidator validator) {
        this.validator = validator;
    }

    /** The file's content, for change detection and for {@link #parse}. */
    public byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, null, "no such file", e);
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read it: " + e.getMessage(), e);
        }
    }

    /**
     * The jobs in {@code content} (read from {@code file}); {@code apiNames} gives the names of jobs
     * created through the API, which a file job may not take.
     */
    public List<Job> parse(Path file, byte[] content, Supplier<Set<String>> apiNames) {
        JobsFile parsed = yaml.parse(file, content, JobsFile.class);
        List<Job> jobs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Set<String> reserved = apiNames.get();
        for (int i = 0; i < parsed.jobs().size(); i++) {
            JobSpec spec = parsed.jobs().get(i);
            if (spec == null) {
                throw yaml.fieldError(
                        file,
                        content,
                        List.of("jobs", i),
                        "is empty; each job needs at least name, " + "schedule and prompt");
            }
            Job job;
            try {
                job = validator.validate(spec);
            } catch (InvalidJobException e) {
                FieldProblem first = e.problems().get(0);
                String more =
                        e.problems().size() > 1 ? " (and " + (e.problems().size() - 1) + " more: " + rest(e) + ")" : "";
                throw yaml.fieldError(file, content, List.of("jobs", i, first.field()), first.message() + more);
            }
            Integer earlier = seen.putIfAbsent(job.name(), i);
            if (earlier != null) {
                throw yaml.fieldError(
                        file,
                        content,
                        List.of("jobs", i, "name"),
                        "'" + job.name() + "' is already the name of jobs[" + earlier + "]; job names must be unique");
            }
            if (reserved.contains(job.name())) {
                throw yaml.fieldError(
                        file,
                        content,
                        List.of("jobs", i, "name"),
                        "'" + job.name() + "' is already a job created " + "through the API; rename one of them");
            }
            jobs.add(job);
        }
        return jobs;
    }

    private static String rest(InvalidJobException e) {
        List<String> others = new ArrayList<>();
        for (FieldProblem problem : e.problems().subList(1, e.problems().size())) {
            others.add(problem.toString());
        }
        return String.join("; ", others);
    }
}
