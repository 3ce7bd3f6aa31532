package uk.org.phobos.agency.core.component;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A component whose runtime settings can be read ({@code GET /config}) and replaced ({@code PUT
 * /config}). A PUT is validated whole, applied and persisted; an invalid one is refused with {@code
 * validation_error} and changes nothing.
 */
public interface Configurable extends Statusable {
    Object currentConfig();

    /** Validates, applies and persists {@code proposed}; returns the config now in force. */
    Object replaceConfig(JsonNode proposed);
}
