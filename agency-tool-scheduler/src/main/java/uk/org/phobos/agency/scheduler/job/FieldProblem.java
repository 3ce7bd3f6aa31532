package uk.org.phobos.agency.scheduler.job;

/** One thing wrong with a job: the field (its wire name) and what is wrong, in words for the user. */
public record FieldProblem(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
