package uk.org.phobos.agency.web.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Locale;
import java.util.Set;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/**
 * Cross-site request forgery, refused three ways: the session cookie is {@code SameSite=Strict}; every
 * state-changing request must be {@code application/json} (which a form on another site cannot send
 * without a CORS preflight, and no CORS is allowed); and a request whose {@code Origin} is not this
 * server is refused.
 */
public final class BrowserGuards {
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    public void check(Context ctx) {
        if (SAFE.contains(ctx.method())) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("https://" + ctx.host())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "requests from another origin are refused");
        }
        String type = ctx.header("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new ApiException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send state-changing requests as 'Content-Type: application/json'");
        }
    }
}
