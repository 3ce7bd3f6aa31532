package uk.org.phobos.agency.core.api;

import java.util.List;

/** {@code GET /history}: one page of entries, newest first. */
public record HistoryPage<T>(List<T> entries, int page, int limit, long total, int totalPages) {
    public HistoryPage {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}
