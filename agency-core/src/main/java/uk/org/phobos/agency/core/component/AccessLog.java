package uk.org.phobos.agency.core.component;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line a request: method, path, status, time. Never the query string (it may hold a secret a
 * careless client put there) and never a header. {@code GET /status} is logged at debug level: the
 * fleet polls it all the time.
 */
public final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger("agency.access");

    public void record(Context ctx, float millis) {
        boolean poll = ctx.statusCode() == 200 && "/status".equals(ctx.path());
        if (poll ? log.isDebugEnabled() : log.isInfoEnabled()) {
            String line = "{} {} {} {}ms";
            Object[] args = {ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis)};
            if (poll) {
                log.debug(line, args);
            } else {
                log.info(line, args);
            }
        }
    }
}
