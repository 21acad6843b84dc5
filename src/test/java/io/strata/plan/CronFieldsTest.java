package io.strata.plan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quartz.CronExpression;

class CronFieldsTest {

    /** Quartz 2.5 parses each of these and then fires on a schedule nobody wrote, or never. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 0 99 * * ?          | hours must be 0-23, not 99",
        "0 0 1,99 * * ?        | hours must be 0-23, not 99",
        "0 0 99/2 * * ?        | hours must be 0-23, not 99",
        "0 99 * * * ?          | minutes must be 0-59, not 99",
        "99 * * * * ?          | seconds must be 0-59, not 99",
        "0 0/0 * * * ?         | minutes increment must be 1-59, not 0",
        "0 0 12 99 * ?         | day-of-month must be 1-31, not 99",
        "0 0 12 0W * ?         | day-of-month must be 1-31, not 0",
        "0 0 12 ? * 0#2        | day-of-week must be 1-7 or SUN-SAT, not 0",
        "0 0 12 ? * 8#2        | day-of-week must be 1-7 or SUN-SAT, not 8",
        "0 0 12 ? * LW         | day-of-week must be 1-7 or SUN-SAT, not LW",
        "0 0 12 ? * 2-4#3      | day-of-week '2-4#3' is not a Quartz form",
        "0 0 12 * * ? 1969     | year must be 1970-2099, not 1969",
        "0 0 12 * * ? 3000     | year must be 1970-2099, not 3000",
        "0 0 12 * * ? 2020-2199 | year must be 1970-2099, not 2199",
    })
    void rejectsWhatQuartzAccepts(String cron, String reason) {
        assertTrue(CronExpression.isValidExpression(cron), "Quartz itself accepts " + cron);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CronFields.check(cron));

        assertTrue(error.getMessage().startsWith(reason), error.getMessage());
    }

    /** Quartz rejects these itself; the checks agree and name the field. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 70 * * * ?          | minutes must be 0-59, not 70",
        "0/75 * * * * ?        | seconds increment must be 1-59, not 75",
        "0 0 12 32 * ?         | day-of-month must be 1-31, not 32",
        "0 0 12 L-40 * ?       | day-of-month offset in L-n must be 0-30, not 40",
        "0 0 12 ? 13 *         | month must be 1-12 or JAN-DEC, not 13",
        "0 0 12 ? * 8          | day-of-week must be 1-7 or SUN-SAT, not 8",
        "0 0 12 ? * MON#6      | day-of-week occurrence after # must be 1-5, not 6",
        "0 0 12 * *            | expected 6 or 7 fields, found 5",
    })
    void agreesWithWhatQuartzRejects(String cron, String reason) {
        assertFalse(CronExpression.isValidExpression(cron), "Quartz itself rejects " + cron);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CronFields.check(cron));

        assertEquals(reason, error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0 0 2 * * ?", "0 0/15 * * * ?", "*/5 * * * * ?", "0 0 22-2 * * ?", "0 0 8,12,18 ? * mon-fri",
        "0 0 12 L * ?", "0 0 12 L-3 * ?", "0 0 12 LW * ?", "0 0 12 L-30W * ?", "0 0 12 15W * ?", "0 0 12 L,15 * ?",
        "0 0 12 ? * L", "0 0 12 ? * 6L", "0 0 12 ? * FRIL", "0 0 12 ? * FRI#5", "0 0 12 ? * 1#1",
        "0 0 12 ? JAN-MAR,dec *", "0 0 12 ? JAN/3 *", "0 0 12 1-31/2 * ?", "0 0 0/23 * * ?",
        "0 0 12 * * ? *", "0 0 12 ? * 2 2030-2040/3", "0 0 12 * * ? 2099", "  0\t0 12 * * ?  ",
    })
    void acceptsEveryDocumentedForm(String cron) {
        assertTrue(CronExpression.isValidExpression(cron), "Quartz accepts " + cron);
        assertDoesNotThrow(() -> CronFields.check(cron));
    }
}
