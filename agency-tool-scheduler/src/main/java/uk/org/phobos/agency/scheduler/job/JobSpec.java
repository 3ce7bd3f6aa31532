package uk.org.phobos.agency.scheduler.job;

import java.util.List;

/**
 * A job as users write it, in the YAML file or a REST body. Absent fields are null here; {@link
 * JobValidator} checks the whole and fills in the defaults.
 */
public record JobSpec(
        String name,
        String schedule,
        String timeZone,
        String prompt,
        String model,
        Integer timeoutSeconds,
        String agentUrl,
        String workspace,
        String overlap,
        Boolean enabled,
        String catchUp) {

    /** The wire names of the fields, for refusing unknown ones in REST bodies. */
    public static final List<String> FIELDS = List.of(
            "name",
            "schedule",
            "time_zone",
            "prompt",
            "model",
            "timeout_seconds",
            "agent_url",
            "workspace",
            "overlap",
            "enabled",
            "catch_up");

    public JobSpec withName(String newName) {
        return new JobSpec(
                newName,
                schedule,
                timeZone,
                prompt,
                model,
                timeoutSeconds,
                agentUrl,
                workspace,
                overlap,
                enabled,
                catchUp);
    }
}
