package uk.org.phobos.agency.cli.out;

/** ANSI styling, or none: the same calls whether or not colour is on. */
public record Style(boolean enabled) {

    public String bold(String text) {
        return wrap("1", text);
    }

    public String dim(String text) {
        return wrap("2", text);
    }

    public String red(String text) {
        return wrap("31", text);
    }

    public String green(String text) {
        return wrap("32", text);
    }

    public String yellow(String text) {
        return wrap("33", text);
    }

    public String cyan(String text) {
        return wrap("36", text);
    }

    /** The colour a task or component state is shown in. */
    public String state(String state) {
        if (state == null) {
            return "-";
        }
        return switch (state) {
            case "completed", "idle", "ok" -> green(state);
            case "failed", "interrupted", "unavailable", "down" -> red(state);
            case "cancelled", "cancelling", "draining", "starting", "degraded", "queued" -> yellow(state);
            case "working" -> cyan(state);
            default -> state;
        };
    }

    private String wrap(String code, String text) {
        return enabled ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
