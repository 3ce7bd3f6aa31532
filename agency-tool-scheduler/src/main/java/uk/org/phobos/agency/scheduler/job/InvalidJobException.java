package uk.org.phobos.agency.scheduler.job;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/** A job definition with one or more bad fields; every problem names its field. */
public final class InvalidJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<FieldProblem> problems;

    public InvalidJobException(List<FieldProblem> problems) {
        super(problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    /** The {@code validation_error} for REST: every problem in the message, the fields in {@code fields}. */
    public ApiException toApiException() {
        return new ApiException(
                ErrorCode.VALIDATION_ERROR,
                getMessage(),
                Map.of("fields", problems.stream().map(FieldProblem::field).toList()));
    }
}
