package uk.org.phobos.agency.cli.http;

/** One answer: its status, its body and the {@code Retry-After} header if it had one. */
public record HttpReply(int status, byte[] body, String retryAfter) {

    public boolean isError() {
        return status >= 400;
    }
}
