package uk.org.phobos.agency.core.component;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiError;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/** Turns every failure into the error envelope; nothing else reaches a client, no stack trace. */
public final class ErrorMapping {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    public void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> send(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> send(ctx, fromJavalin(e, ctx)));
        routes.exception(Exception.class, (e, ctx) -> {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            log.error("internal error {} on {} {}", reference, ctx.method(), ctx.path(), e);
            send(
                    ctx,
                    new ApiException(
                            ErrorCode.INTERNAL_ERROR,
                            "internal error (reference " + reference + "); the component's log has the details"));
        });
    }

    public static void send(Context ctx, ApiException e) {
        e.headers().forEach(ctx::header);
        ctx.status(e.httpStatus()).json(e.error());
    }

    private static ApiException fromJavalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        return switch (status) {
            case 404 ->
                new ApiException(
                        ErrorCode.NOT_FOUND,
                        "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see docs/api.md)");
            case 405 ->
                new ApiException(
                        ErrorCode.METHOD_NOT_ALLOWED,
                        ctx.method() + " is not allowed on " + ctx.path() + " (see docs/api.md)");
            case 413 -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "request body too large");
            case 400 -> ApiException.validation(e.getMessage());
            default -> new ApiException(status, new ApiError(codeFor(status).wireName(), e.getMessage()), Map.of());
        };
    }

    private static ErrorCode codeFor(int status) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.httpStatus() == status) {
                return code;
            }
        }
        return status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_ERROR;
    }
}
