package uk.org.phobos.agency.scheduler.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronParserTest {
    private final CronParser parser = new CronParser();

    @Test
    void starAllowsEveryValue() {
        CronExpression e = parser.parse("* * * * *");

        assertThat(values(e.minutes())).hasSize(60);
        assertThat(values(e.hours())).hasSize(24);
        assertThat(values(e.daysOfMonth())).containsExactlyElementsOf(range(1, 31));
        assertThat(values(e.months())).containsExactlyElementsOf(range(1, 12));
        assertThat(values(e.daysOfWeek())).containsExactlyElementsOf(range(0, 6));
        assertThat(e.dayOfMonthStar()).isTrue();
        assertThat(e.dayOfWeekStar()).isTrue();
    }

    @Test
    void rangesStepsAndLists() {
        CronExpression e = parser.parse("0,15-17,*/20 1-10/3 2/10 1-3,12 1-5");

        assertThat(values(e.minutes())).containsExactly(0, 15, 16, 17, 20, 40);
        assertThat(values(e.hours())).containsExactly(1, 4, 7, 10);
        assertThat(values(e.daysOfMonth())).containsExactly(2, 12, 22);
        assertThat(values(e.months())).containsExactly(1, 2, 3, 12);
        assertThat(values(e.daysOfWeek())).containsExactly(1, 2, 3, 4, 5);
        assertThat(e.dayOfMonthStar()).isFalse();
        assertThat(e.dayOfWeekStar()).isFalse();
    }

    @Test
    void monthAndWeekdayNamesInAnyCase() {
        CronExpression e = parser.parse("0 0 * jan,Mar-MAY,dec mon-fri,SUN");

        assertThat(values(e.months())).containsExactly(1, 3, 4, 5, 12);
        assertThat(values(e.daysOfWeek())).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void sevenIsSunday() {
        assertThat(values(parser.parse("0 0 * * 7").daysOfWeek())).containsExactly(0);
        assertThat(values(parser.parse("0 0 * * 5-7").daysOfWeek())).containsExactly(0, 5, 6);
        assertThat(values(parser.parse("0 0 * * 0-7").daysOfWeek())).containsExactlyElementsOf(range(0, 6));
    }

    @ParameterizedTest
    @CsvSource({
        "7/1, 0",
        "7/2, 0",
        "7/7, 0",
        "sun/3, 0 3 6",
        "1/2, 1 3 5",
        "5/1, 5 6",
        "0/7, 0",
        "*/2, 0 2 4 6",
        "1-7/2, 0 1 3 5"
    })
    void weekdayStepsFromAValueRunToSaturdayAndFromSevenMeanSunday(String field, String days) {
        List<Integer> expected =
                java.util.Arrays.stream(days.split(" ")).map(Integer::valueOf).toList();

        assertThat(values(parser.parse("0 0 * * " + field).daysOfWeek())).isEqualTo(expected);
    }

    @Test
    void sevenStepTwoFiresOnSundays() {
        CronExpression e = parser.parse("0 0 * * 7/2");

        assertThat(e.nextMatch(java.time.LocalDateTime.parse("2025-01-06T00:01")))
                .contains(java.time.LocalDateTime.parse("2025-01-12T00:00")); // the next Sunday
    }

    /** Every step and range form in every field, each start and step: none may leave its field empty. */
    @Test
    void noStepOrRangeLeavesAFieldEmpty() {
        String[] template = {"0", "0", "1", "1", "*"};
        int[][] bounds = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        for (int field = 0; field < 5; field++) {
            int min = bounds[field][0];
            int max = bounds[field][1];
            for (int from = min; from <= max; from++) {
                for (int step = 1; step <= max - min + 1; step++) {
                    for (String element : List.of(from + "/" + step, from + "-" + max + "/" + step, "*/" + step)) {
                        String[] fields = template.clone();
                        fields[field] = element;
                        String text = String.join(" ", fields);
                        CronExpression e;
                        try {
                            e = parser.parse(text);
                        } catch (InvalidCronException refused) {
                            continue; // refused is fine (a day-of-month February never has); empty is not
                        }
                        long[] masks = {e.minutes(), e.hours(), e.daysOfMonth(), e.months(), e.daysOfWeek()};
                        assertThat(masks[field]).as(text).isNotZero();
                    }
                }
            }
        }
    }

    @Test
    void anExpressionWithAnEmptyFieldCannotBeMade() {
        assertThatThrownBy(() -> new CronExpression("0 0 * * x", 1L, 1L, 1L << 1, 1L << 1, 0L, true, false))
                .isInstanceOf(InvalidCronException.class)
                .hasMessage("'0 0 * * x' can never fire: its day-of-week field allows no value");
    }

    @ParameterizedTest
    @CsvSource({
        "@hourly, 0 * * * *",
        "@daily, 0 0 * * *",
        "@midnight, 0 0 * * *",
        "@weekly, 0 0 * * 0",
        "@monthly, 0 0 1 * *",
        "@yearly, 0 0 1 1 *",
        "@annually, 0 0 1 1 *",
        "@DAILY, 0 0 * * *"
    })
    void macrosExpandToTheirFiveFields(String macro, String fields) {
        CronExpression fromMacro = parser.parse(macro);
        CronExpression plain = parser.parse(fields);

        assertThat(fromMacro.text()).isEqualTo(macro);
        assertThat(fromMacro).usingRecursiveComparison().ignoringFields("text").isEqualTo(plain);
    }

    @Test
    void extraWhitespaceIsFine() {
        assertThat(values(parser.parse("  5\t4  * *   * ").minutes())).containsExactly(5);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''| the expression is empty",
                "* * * *| expected 5 fields",
                "* * * * * *| expected 5 fields",
                "60 * * * *| minute field value 60 is out of range 0-59",
                "* 24 * * *| hour field value 24 is out of range 0-23",
                "* * 0 * *| day-of-month field value 0 is out of range 1-31",
                "* * 32 * *| day-of-month field value 32 is out of range 1-31",
                "* * * 13 *| month field value 13 is out of range 1-12",
                "* * * * 8| day-of-week field value 8 is out of range 0-7",
                "* * * foo *| month field 'foo' is not a number or a name (JAN, FEB",
                "* * * * funday| day-of-week field 'funday' is not a number or a name (SUN, MON",
                "5-1 * * * *| minute field range '5-1' runs backwards",
                "*/0 * * * *| minute field step in '*/0' must be between 1 and 60",
                "*/x * * * *| minute field step in '*/x' must be a whole number",
                "1,,2 * * * *| minute field has an empty list element",
                "1- * * * *| minute field has a range with a missing end",
                "@reboot| unknown macro '@reboot'",
                "@often| unknown macro '@often'"
            })
    void malformedExpressionsSayWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(InvalidCronException.class)
                .hasMessageContaining(message.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 31 2 *", "0 0 30 2 *", "0 0 30,31 feb *", "0 0 31 4,6,9,11 *", "0 0 30-31 2 *"})
    void expressionsThatCanNeverFireAreRefused(String text) {
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(InvalidCronException.class)
                .hasMessageContaining("can never fire");
    }

    @Test
    void neverFiringMessageNamesTheDaysAndMonths() {
        assertThatThrownBy(() -> parser.parse("0 0 31 2 *"))
                .hasMessage("'0 0 31 2 *' can never fire: day-of-month 31 never occurs in February");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 29 2 *", "0 0 31 2 1", "0 0 30 2 mon", "0 0 31 1-2 *", "0 0 31 * *"})
    void expressionsThatFireSometimesAreAccepted(String text) {
        assertThat(parser.parse(text).text()).isEqualTo(text);
    }

    private static List<Integer> values(long mask) {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((mask & (1L << i)) != 0) {
                values.add(i);
            }
        }
        return values;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }
}
