package uk.org.phobos.agency.web.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every browser-side response carries, pages, assets, JSON and errors alike: a strict
 * Content Security Policy (only this origin; no inline script or style, no eval, no framing), no
 * referrer, no MIME sniffing, HSTS, and no caching of anything but assets.
 */
public final class SecurityHeaders {
    public static final String CSP = String.join(
            "; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private final Map<String, String> headers;

    public SecurityHeaders() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Security-Policy", CSP);
        all.put("Referrer-Policy", "no-referrer");
        all.put("X-Content-Type-Options", "nosniff");
        all.put("X-Frame-Options", "DENY");
        all.put("Strict-Transport-Security", "max-age=31536000");
        all.put("Cross-Origin-Opener-Policy", "same-origin");
        all.put("Cross-Origin-Resource-Policy", "same-origin");
        all.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        this.headers = Map.copyOf(all);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public void apply(Context ctx) {
        headers.forEach(ctx::header);
        if (!ctx.path().startsWith("/assets/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }
}
