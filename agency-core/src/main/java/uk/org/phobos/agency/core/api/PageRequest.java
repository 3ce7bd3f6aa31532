package uk.org.phobos.agency.core.api;

/** {@code ?page=N&limit=M}, checked: pages count from 1, limits from 1 to {@value #MAX_LIMIT}. */
public record PageRequest(int page, int limit) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (page < 1) {
            throw ApiException.validation("page must be 1 or more, got " + page);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.validation("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Parses the raw query values; absent ones take their defaults. */
    public static PageRequest parse(String page, String limit) {
        return new PageRequest(parseInt("page", page, 1), parseInt("limit", limit, DEFAULT_LIMIT));
    }

    private static int parseInt(String name, String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.validation(name + " must be a whole number, got '" + value + "'");
        }
    }

    public int offset() {
        return (page - 1) * limit;
    }

    /** Builds the page of {@code newestFirst} that this request asks for. */
    public <T> HistoryPage<T> slice(java.util.List<T> newestFirst) {
        int total = newestFirst.size();
        int from = Math.min(offset(), total);
        int to = Math.min(from + limit, total);
        int totalPages = (total + limit - 1) / limit;
        return new HistoryPage<>(newestFirst.subList(from, to), page, limit, total, totalPages);
    }
}
