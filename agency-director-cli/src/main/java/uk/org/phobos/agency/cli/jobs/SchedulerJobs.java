package uk.org.phobos.agency.cli.jobs;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.api.AgencyApi;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/**
 * The {@code /jobs} routes of one scheduler, answering with the JSON as sent, and turning the answers that
 * concern jobs into messages that say what to do: an unknown job (exit 1), a job the scheduler found invalid
 * (exit 2, the fields named), a name already taken (exit 1). Anything else goes to the failure reporter as
 * it came.
 */
final class SchedulerJobs {
    /** The scheduler's code for a name in use (409); not one of SPEC.md's codes, so not in {@link ErrorCode}. */
    private static final String ALREADY_EXISTS = "already_exists";

    private final AgencyApi api;
    private final URI url;

    SchedulerJobs(AgencyApi api, URI url) {
        this.api = api;
        this.url = url;
    }

    URI url() {
        return url;
    }

    JsonObject list() {
        return call(null, () -> api.jobs(url));
    }

    JsonObject create(String name, Map<String, Object> job) {
        return call(name, () -> api.createJob(url, job));
    }

    JsonObject delete(String name) {
        return call(name, () -> api.deleteJob(url, name));
    }

    JsonObject run(String name) {
        return call(name, () -> api.runJob(url, name));
    }

    JsonObject pause(String name) {
        return call(name, () -> api.pauseJob(url, name));
    }

    JsonObject resume(String name) {
        return call(name, () -> api.resumeJob(url, name));
    }

    JsonObject runs(String name) {
        return call(name, () -> api.jobRuns(url, name));
    }

    private JsonObject call(String job, Supplier<JsonObject> request) {
        try {
            return request.get();
        } catch (ApiException e) {
            throw explained(job, e);
        }
    }

    private RuntimeException explained(String job, ApiException e) {
        if (ALREADY_EXISTS.equals(e.error().error())) {
            return new CliException(
                    ExitCode.FAILED,
                    "The scheduler at " + url + " already has a job named '" + job + "': choose another name, or"
                            + " remove that job first with `ag jobs rm " + job + "`.",
                    e);
        }
        if (e.code() == ErrorCode.NOT_FOUND) {
            return new CliException(
                    ExitCode.FAILED,
                    job == null
                            ? url + " has no /jobs (404): is it the scheduler? `ag discover` lists the components"
                                    + " and their types."
                            : "The scheduler at " + url + " has no job named '" + job + "'. `ag jobs list` lists"
                                    + " its jobs.",
                    e);
        }
        if (e.code() == ErrorCode.VALIDATION_ERROR) {
            return new CliException(
                    ExitCode.USAGE,
                    "the scheduler at " + url + " refused " + (job == null ? "the request" : "job '" + job + "'") + ": "
                            + oneLine(e.error().message()),
                    e);
        }
        return e;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
