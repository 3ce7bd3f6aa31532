package uk.org.phobos.agency.cli.http;

/** One answer: its status, its body and the {@code Retry-After} header if it had one. */
public final class HttpReply {
    private final int status;
    private final byte[] body;
    private final String retryAfter;

    public HttpReply(int status, byte[] body, String retryAfter) {
        this.status = status;
        this.body = body.clone();
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body.clone();
    }

    public String retryAfter() {
        return retryAfter;
    }

    public boolean isError() {
        return status >= 400;
    }
}
