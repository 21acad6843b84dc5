package io.strata.dynamodb;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingsException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code strata.dynamodb.*} settings of DynamoDB's server-side Export to S3 ({@code native-export} and
 * {@code auto} modes), declared and read here.
 *
 * @param pollInterval    between two DescribeExport calls
 * @param timeout         how long an export may run before the attempt stops waiting (the export goes on in
 *                        DynamoDB, and the next run within the lease's hour resumes it)
 * @param autoNativeBytes {@code auto} exports natively a table larger than this (and with PITR on)
 */
public record NativeExportSettings(Duration pollInterval, Duration timeout, long autoNativeBytes) {

    static final Setting POLL_INTERVAL = Setting.duration("strata.dynamodb.export-poll-interval", "30s",
            "Between two DescribeExport calls while a native export runs");
    static final Setting TIMEOUT = Setting.duration("strata.dynamodb.export-timeout", "24h",
            "How long a native export may run before the backup stops waiting (the next run resumes it)");
    static final Setting AUTO_NATIVE_BYTES = new Setting("strata.dynamodb.auto-native-bytes", "50GiB",
            SettingType.described("size (50GiB, 1048576)"),
            "Mode auto exports natively a table larger than this, when its PITR is on; scan otherwise");

    /** What native exports read. */
    public static final List<Setting> SETTINGS = List.of(POLL_INTERVAL, TIMEOUT, AUTO_NATIVE_BYTES);

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KIB|MB|MIB|GB|GIB|TB|TIB)?");

    /** The defaults (tests, benchmarks). */
    public static NativeExportSettings defaults() {
        return from(new Properties());
    }

    public static NativeExportSettings from(Properties p) {
        return new NativeExportSettings(POLL_INTERVAL.duration(p), TIMEOUT.duration(p),
                bytes(AUTO_NATIVE_BYTES.key(), AUTO_NATIVE_BYTES.text(p)));
    }

    /** 50GiB, 1048576: KB and KiB both mean 1,024 bytes, as the archive's sizes do. */
    static long bytes(String key, String text) {
        Matcher matcher = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!matcher.matches() || matcher.group(1).length() > 15) {
            throw new SettingsException(key + " = '" + text + "': expected a size such as 50GiB, 500MB or 1048576");
        }
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        long factor = switch (unit.charAt(0)) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            case 'T' -> 1024L * 1024 * 1024 * 1024;
            default -> 1L;
        };
        long number = Long.parseLong(matcher.group(1));
        if (number > Long.MAX_VALUE / factor) {
            throw new SettingsException(key + " = '" + text + "': too large");
        }
        return number * factor;
    }
}
