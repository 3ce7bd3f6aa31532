package uk.org.phobos.agency.core.api;

import java.util.Locale;
import java.util.Optional;

/** Enum constants travel as their lower-case names: {@code AGENT_BUSY} is {@code "agent_busy"}. */
final class WireNames {
    private WireNames() {}

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(wireName)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    static <E extends Enum<E>> E require(Class<E> type, String wireName) {
        return parse(type, wireName)
                .orElseThrow(
                        () -> new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + wireName + "'"));
    }
}
