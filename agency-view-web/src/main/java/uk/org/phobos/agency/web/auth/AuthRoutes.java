package uk.org.phobos.agency.web.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.component.JsonBodies;
import uk.org.phobos.agency.web.http.Assets;
import uk.org.phobos.agency.web.http.BrowserRoutes;

/**
 * Signing in and out, pairing devices, the devices list and the password change. Logins, pairing
 * attempts and password changes count against the client's address in {@link LoginThrottle} from the
 * moment they begin; a failed one is never given back. Changing the password signs every session out
 * and voids the pairing codes issued before it.
 */
public final class AuthRoutes implements BrowserRoutes {
    record LoginRequest(String password, String label) {}

    record PairRequest(String code, String label) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    private final PasswordCheck password;
    private final AuthSessions sessions;
    private final PairingCodes pairing;
    private final LoginThrottle throttle;
    private final AuthGate gate;
    private final SessionCookie cookie;
    private final Assets assets;
    private final Clock clock;

    public AuthRoutes(
            PasswordCheck password,
            AuthSessions sessions,
            PairingCodes pairing,
            LoginThrottle throttle,
            AuthGate gate,
            SessionCookie cookie,
            Assets assets,
            Clock clock) {
        this.password = password;
        this.sessions = sessions;
        this.pairing = pairing;
        this.throttle = throttle;
        this.gate = gate;
        this.cookie = cookie;
        this.assets = assets;
        this.clock = clock;
    }

    @Override
    public void addRoutes(RoutesConfig routes, JsonBodies bodies) {
        routes.get("/login", ctx -> assets.serve(ctx, "login.html"));
        routes.get("/pair", ctx -> assets.serve(ctx, "pair.html"));
        routes.post("/login", ctx -> login(ctx, bodies.read(ctx, LoginRequest.class)));
        routes.post("/pair", ctx -> pair(ctx, bodies.read(ctx, PairRequest.class)));
        routes.post("/logout", this::logout);
        routes.get("/ui/api/me", ctx -> {
            AuthSession session = gate.session(ctx);
            Map<String, Object> me = new LinkedHashMap<>();
            me.put("id", session.id());
            me.put("kind", session.kind());
            me.put("label", session.label());
            me.put("password_from_environment", password.fromEnvironment());
            ctx.json(me);
        });
        routes.post("/ui/api/pairing-codes", ctx -> {
            gate.session(ctx);
            ctx.status(201).json(pairing.issue());
        });
        routes.get("/ui/api/devices", ctx -> {
            AuthSession current = gate.session(ctx);
            List<Map<String, Object>> devices = sessions.list().stream()
                    .map(session -> device(session, current))
                    .toList();
            ctx.json(Map.of("devices", devices));
        });
        routes.post("/ui/api/devices/{id}/revoke", ctx -> {
            AuthSession current = gate.session(ctx);
            String id = ctx.pathParam("id");
            if (!sessions.revoke(id)) {
                throw ApiException.notFound("no device with id '" + id + "'");
            }
            if (id.equals(current.id())) {
                cookie.clear(ctx);
            }
            ctx.json(Map.of("revoked", id));
        });
        routes.post("/ui/api/password", ctx -> {
            gate.session(ctx);
            PasswordChange change = bodies.read(ctx, PasswordChange.class);
            if (change.currentPassword() == null || change.newPassword() == null) {
                throw ApiException.validation("current_password and new_password are required");
            }
            try (LoginThrottle.Attempt attempt = throttle.begin(gate.address(ctx))) {
                try {
                    password.change(
                            change.currentPassword().toCharArray(),
                            change.newPassword().toCharArray());
                } catch (RuntimeException e) {
                    boolean wrongPassword = e instanceof ApiException refused
                            && refused.code() == ErrorCode.FORBIDDEN
                            && !password.fromEnvironment();
                    if (!wrongPassword) {
                        attempt.withdrawn();
                    }
                    throw e;
                }
                attempt.succeeded();
            }
            // Codes first: a pairing that reads the generation after revokeAll must find its code void.
            pairing.clear();
            sessions.revokeAll();
            cookie.clear(ctx);
            ctx.json(Map.of("changed", true, "message", "password changed: every session was signed out"));
        });
    }

    private void login(Context ctx, LoginRequest request) {
        String address = gate.address(ctx);
        long generation = sessions.generation();
        try (LoginThrottle.Attempt attempt = throttle.begin(address)) {
            if (request.password() == null
                    || !password.verify(request.password().toCharArray())) {
                throw new ApiException(ErrorCode.UNAUTHORIZED, "wrong password");
            }
            attempt.succeeded();
        }
        String label = request.label() != null ? request.label() : browserLabel(ctx.userAgent());
        start(ctx, sessions.createIfNoneRevokedSince(generation, AuthSession.Kind.PASSWORD, label, address));
    }

    private void pair(Context ctx, PairRequest request) {
        String address = gate.address(ctx);
        long generation = sessions.generation();
        try (LoginThrottle.Attempt attempt = throttle.begin(address)) {
            if (!pairing.redeem(request.code())) {
                throw new ApiException(
                        ErrorCode.UNAUTHORIZED, "this pairing code is wrong, used or expired: make a new one");
            }
            attempt.succeeded();
        }
        String label = request.label() != null ? request.label() : browserLabel(ctx.userAgent());
        start(ctx, sessions.createIfNoneRevokedSince(generation, AuthSession.Kind.DEVICE, label, address));
    }

    private void start(Context ctx, Optional<AuthSessions.Created> signedIn) {
        AuthSessions.Created created = signedIn.orElseThrow(() -> new ApiException(
                ErrorCode.UNAUTHORIZED,
                "the password was changed while you were signing in, which signed everyone out: sign in again"
                        + " with the new password"));
        cookie.set(ctx, created.secret(), created.session().expiresAt(), clock.instant());
        ctx.json(Map.of("id", created.session().id(), "kind", created.session().kind()));
    }

    private void logout(Context ctx) {
        gate.optionalSession(ctx).ifPresent(session -> sessions.revoke(session.id()));
        cookie.clear(ctx);
        ctx.json(Map.of("signed_out", true));
    }

    private static Map<String, Object> device(AuthSession session, AuthSession current) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", session.id());
        view.put("kind", session.kind());
        view.put("label", session.label());
        view.put("created_at", session.createdAt());
        view.put("last_seen", session.lastSeen());
        view.put("address", session.address());
        view.put("current", session.id().equals(current.id()));
        return view;
    }

    /** A short label from a user agent: the browser family and platform, nothing more. */
    static String browserLabel(String userAgent) {
        if (userAgent == null) {
            return "browser";
        }
        String browser = userAgent.contains("Firefox/")
                ? "Firefox"
                : userAgent.contains("Edg/")
                        ? "Edge"
                        : userAgent.contains("Chrome/")
                                ? "Chrome"
                                : userAgent.contains("Safari/") ? "Safari" : "browser";
        String platform = userAgent.contains("Android")
                ? "Android"
                : userAgent.contains("iPhone") || userAgent.contains("iPad")
                        ? "iOS"
                        : userAgent.contains("Mac OS")
                                ? "macOS"
                                : userAgent.contains("Windows")
                                        ? "Windows"
                                        : userAgent.contains("Linux") ? "Linux" : "";
        return platform.isEmpty() ? browser : browser + " on " + platform;
    }
}
