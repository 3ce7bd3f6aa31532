package uk.org.phobos.agency.core.component;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.function.Predicate;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/**
 * Checks every request before it reaches a route: the fleet token (all but {@code GET /status}),
 * the body's size and its content type.
 */
final class RequestGuards {
    private final Predicate<String> tokenCheck;
    private final long bodyLimitBytes;

    RequestGuards(Predicate<String> tokenCheck, long bodyLimitBytes) {
        this.tokenCheck = tokenCheck;
        this.bodyLimitBytes = bodyLimitBytes;
    }

    void check(Context ctx) {
        if (HandlerType.OPTIONS.equals(ctx.method())) {
            return; // no CORS, but an OPTIONS probe gets a clean envelope from routing, not a 401
        }
        if (!isPublic(ctx)) {
            requireToken(ctx);
        }
        if (hasBody(ctx)) {
            requireSize(ctx);
            requireJson(ctx);
        }
    }

    private static boolean isPublic(Context ctx) {
        return HandlerType.GET.equals(ctx.method()) && "/status".equals(ctx.path());
    }

    private void requireToken(Context ctx) {
        String header = ctx.header("Authorization");
        String prefix = "Bearer ";
        if (header == null || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw unauthorized("this endpoint needs the fleet token: send 'Authorization: Bearer <token>' "
                    + "(the token is in AGENCY_ROOT/token)");
        }
        if (!tokenCheck.test(header.substring(prefix.length()).trim())) {
            throw unauthorized("the fleet token is wrong: use the one in this fleet's AGENCY_ROOT/token");
        }
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(ErrorCode.UNAUTHORIZED, message).withHeader("WWW-Authenticate", "Bearer");
    }

    private static boolean hasBody(Context ctx) {
        return ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private void requireSize(Context ctx) {
        if (ctx.contentLength() > bodyLimitBytes) {
            OversizedBodies.discard(ctx);
            throw new ApiException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "request body of " + ctx.contentLength() + " bytes exceeds the limit of " + bodyLimitBytes
                            + " bytes");
        }
    }

    private static void requireJson(Context ctx) {
        String type = ctx.header("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new ApiException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "request bodies must be sent as 'Content-Type: application/json'"
                            + (type == null ? "" : ", not '" + type + "'"));
        }
    }

    /** A constant-time comparison, for token checks built from a plain string. */
    static Predicate<String> constantTimeEquals(String expected) {
        byte[] want = expected.getBytes(StandardCharsets.UTF_8);
        return presented -> MessageDigest.isEqual(want, presented.getBytes(StandardCharsets.UTF_8));
    }
}
