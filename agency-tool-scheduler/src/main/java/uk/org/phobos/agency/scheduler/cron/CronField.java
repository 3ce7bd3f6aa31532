package uk.org.phobos.agency.scheduler.cron;

import java.util.List;
import java.util.Locale;

/**
 * One of the five fields of a cron expression, and how to read it: {@code *}, {@code a}, {@code a-b},
 * steps ({@code * /n}, {@code a-b/n}, {@code a/n} meaning {@code a} to the end of the field, stepping
 * {@code n}), lists of those, and the three-letter names of months and weekdays. The values it allows
 * come back as a bit mask.
 */
@SuppressWarnings("ImmutableEnumChecker") // names is a List.of, immutable
enum CronField {
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    MONTH("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    /** 0 and 7 are both Sunday; the mask only ever holds bits 0-6. */
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    private final String label;
    private final int min;
    private final int max;
    private final List<String> names;

    CronField(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    String label() {
        return label;
    }

    /** The values {@code text} allows, as bits; throws naming this field when it is malformed. */
    long parse(String text) {
        if (text.isEmpty()) {
            throw problem("is empty");
        }
        long mask = 0;
        for (String element : text.split(",", -1)) {
            mask |= parseElement(element);
        }
        return this == DAY_OF_WEEK ? foldSunday(mask) : mask;
    }

    private long parseElement(String element) {
        if (element.isEmpty()) {
            throw problem("has an empty list element in '" + element + "' (two commas in a row?)");
        }
        int slash = element.indexOf('/');
        String range = slash < 0 ? element : element.substring(0, slash);
        int step = slash < 0 ? 1 : parseStep(element, element.substring(slash + 1));
        int from;
        int to;
        if (range.equals("*")) {
            from = min;
            to = end(from);
        } else {
            int dash = range.indexOf('-');
            if (dash < 0) {
                from = value(range);
                // "a/n" runs from a to the end of the field. Vixie cron itself refuses it (it steps only
                // "*" and ranges); Quartz and robfig/cron read it this way.
                to = slash < 0 ? from : end(from);
            } else {
                from = value(range.substring(0, dash));
                to = value(range.substring(dash + 1));
                if (to < from) {
                    throw problem("range '" + range + "' runs backwards; write the smaller value first");
                }
            }
        }
        long mask = 0;
        for (int v = from; v <= to; v += step) {
            mask |= 1L << v;
        }
        return mask;
    }

    /**
     * Where "*" and "a/n" stop: the field's maximum, except that day-of-week stops at Saturday (6), as 7
     * is Sunday again, unless it starts at 7: "7/n" is Sunday alone, as "7-7/n" is in Vixie cron.
     */
    private int end(int from) {
        return this == DAY_OF_WEEK ? Math.max(6, from) : max;
    }

    private int parseStep(String element, String text) {
        int step;
        try {
            step = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw problem("step in '" + element + "' must be a whole number, got '" + text + "'");
        }
        if (step < 1 || step > max - min + 1) {
            throw problem("step in '" + element + "' must be between 1 and " + (max - min + 1));
        }
        return step;
    }

    private int value(String text) {
        if (text.isEmpty()) {
            throw problem("has a range with a missing end");
        }
        int index = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (index >= 0) {
            return index + min;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw problem(
                    "'" + text + "' is not a number" + (names.isEmpty() ? "" : " or a name (" + namesHint() + ")"));
        }
        if (value < min || value > max) {
            throw problem("value " + value + " is out of range " + min + "-" + max);
        }
        return value;
    }

    private static long foldSunday(long mask) {
        return (mask & ~(1L << 7)) | ((mask >>> 7) & 1L);
    }

    private String namesHint() {
        return String.join(", ", names);
    }

    private InvalidCronException problem(String what) {
        return new InvalidCronException(label + " field " + what);
    }
}
