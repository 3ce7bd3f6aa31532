package uk.org.phobos.agency.web.auth;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;

/** The {@code agency_session} cookie: HttpOnly, Secure, SameSite=Strict, whole site, no domain. */
public final class SessionCookie {
    public static final String NAME = "agency_session";

    public String read(Context ctx) {
        return ctx.cookie(NAME);
    }

    public void set(Context ctx, String secret, Instant expiresAt, Instant now) {
        long maxAge = Math.max(0, Duration.between(now, expiresAt).toSeconds());
        ctx.res().addHeader("Set-Cookie", header(secret, maxAge));
    }

    public void clear(Context ctx) {
        ctx.res().addHeader("Set-Cookie", header("", 0));
    }

    static String header(String value, long maxAgeSeconds) {
        return NAME + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; Secure; SameSite=Strict";
    }
}
