package uk.org.phobos.agency.agent.history;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of a task's files in the history folder: {@code <task_id>.json} for the task,
 * {@code <task_id>.stream.jsonl} for its kept raw stream-json lines and
 * {@code <task_id>.stream.jsonl.part} for the lines of a task still running (or left by an agent
 * that died while it ran). Task ids become file names, so only ids of a safe shape are accepted:
 * letters, digits, '_' and '-' (no dots, which keeps the suffixes unambiguous), at most 128
 * characters; and never {@value #RESERVED}, the name of the running-task marker, in case someone
 * keeps the marker in the same folder.
 */
final class TaskFileNames {
    static final String TASK_SUFFIX = ".json";
    static final String STREAM_SUFFIX = ".stream.jsonl";
    static final String PARTIAL_STREAM_SUFFIX = STREAM_SUFFIX + ".part";
    static final String RESERVED = "running";
    private static final Pattern TASK_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$");

    private final Path dir;

    TaskFileNames(Path dir) {
        this.dir = dir;
    }

    static boolean isValidId(String taskId) {
        return taskId != null && TASK_ID.matcher(taskId).matches() && !RESERVED.equals(taskId);
    }

    static String requireValidId(String taskId) {
        if (!isValidId(taskId)) {
            throw new IllegalArgumentException(
                    "task id must match " + TASK_ID.pattern() + " and not be '" + RESERVED + "': " + taskId);
        }
        return taskId;
    }

    Path taskFile(String taskId) {
        return dir.resolve(requireValidId(taskId) + TASK_SUFFIX);
    }

    Path streamFile(String taskId) {
        return dir.resolve(requireValidId(taskId) + STREAM_SUFFIX);
    }

    Path partialStreamFile(String taskId) {
        return dir.resolve(requireValidId(taskId) + PARTIAL_STREAM_SUFFIX);
    }

    /** The task id a task file is named after, if {@code fileName} names one. */
    static Optional<String> taskIdOfTaskFile(String fileName) {
        return idBefore(fileName, TASK_SUFFIX);
    }

    /** The task id a stream file is named after, if {@code fileName} names one. */
    static Optional<String> taskIdOfStreamFile(String fileName) {
        return idBefore(fileName, STREAM_SUFFIX);
    }

    /** The task id a partial stream file is named after, if {@code fileName} names one. */
    static Optional<String> taskIdOfPartialStreamFile(String fileName) {
        return idBefore(fileName, PARTIAL_STREAM_SUFFIX);
    }

    private static Optional<String> idBefore(String fileName, String suffix) {
        if (!fileName.endsWith(suffix)) {
            return Optional.empty();
        }
        String id = fileName.substring(0, fileName.length() - suffix.length());
        return isValidId(id) ? Optional.of(id) : Optional.empty();
    }
}
