package uk.org.phobos.agency.web.auth;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;
import java.util.Set;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.web.http.BrowserServer;

/**
 * Who may see what on the browser side: {@code /status}, {@code /login}, {@code /pair} and the
 * assets are public; everything else needs a live session. Pages redirect to {@code /login}; the
 * JSON API answers {@code 401}.
 */
public final class AuthGate implements BrowserServer.Gate {
    private static final String ATTRIBUTE = AuthSession.class.getName();
    private static final Set<String> PUBLIC = Set.of("/status", "/login", "/pair", "/favicon.ico");

    private final AuthSessions sessions;
    private final SessionCookie cookie;
    private final ClientAddress addresses;

    public AuthGate(AuthSessions sessions, SessionCookie cookie, ClientAddress addresses) {
        this.sessions = sessions;
        this.cookie = cookie;
        this.addresses = addresses;
    }

    @Override
    public void check(Context ctx) {
        Optional<AuthSession> session = sessions.authenticate(cookie.read(ctx), address(ctx));
        session.ifPresent(found -> ctx.attribute(ATTRIBUTE, found));
        if (session.isPresent() || isPublic(ctx.path())) {
            return;
        }
        if (ctx.path().startsWith("/ui/") || !HandlerType.GET.equals(ctx.method())) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "sign in first: open /login");
        }
        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
        ctx.skipRemainingHandlers();
    }

    /** The session of a request that passed the gate on a non-public path. */
    public AuthSession session(Context ctx) {
        AuthSession session = ctx.attribute(ATTRIBUTE);
        if (session == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "sign in first: open /login");
        }
        return session;
    }

    public Optional<AuthSession> optionalSession(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    public String address(Context ctx) {
        return addresses.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    static boolean isPublic(String path) {
        return PUBLIC.contains(path) || path.startsWith("/assets/");
    }
}
