package io.strata.monitor;

import java.time.Duration;

/** Durations as people read them in a status line: {@code 3d 4h}, {@code 26h}, {@code 12m}, {@code 40s}. */
public final class Ages {

    private Ages() {
    }

    public static String of(Duration duration) {
        if (duration == null) {
            return "-";
        }
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 3 * 86400) {
            long hours = seconds / 3600;
            long minutes = seconds % 3600 / 60;
            return hours + "h" + (minutes == 0 ? "" : " " + minutes + "m");
        }
        long hours = seconds % 86400 / 3600;
        return seconds / 86400 + "d" + (hours == 0 ? "" : " " + hours + "h");
    }
}
