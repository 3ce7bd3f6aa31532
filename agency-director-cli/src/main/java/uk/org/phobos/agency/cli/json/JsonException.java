package uk.org.phobos.agency.cli.json;

/** A document that is not the JSON the command line expected. */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
