package io.strata.hold;

import java.util.List;

/**
 * What a hold or release did.
 *
 * @param action        {@code hold} or {@code release}
 * @param holds         the point's holds after a hold (the new one last); the holds removed by a release
 * @param objects       objects of the point's folder (its holds not counted)
 * @param tagged        objects whose tags were written (out of every lifecycle rule, or back)
 * @param objectLock    whether the vault has S3 Object Lock, so that each object got an S3 legal hold (ON, or OFF)
 */
public record HoldOutcome(String action, String recoveryPoint, String vault, List<LegalHold> holds, int objects,
                          int tagged, boolean objectLock) {

    public HoldOutcome {
        holds = List.copyOf(holds);
    }

    /** One line, for the log, a request's outcome and JMX. */
    public String summary() {
        return (action.equals("hold") ? "Held " : "Released ") + recoveryPoint + ": " + holds.size() + " hold(s), "
                + objects + " object(s), " + tagged + " tagged" + (objectLock ? ", S3 legal hold "
                + (action.equals("hold") ? "ON" : "OFF") + " on each" : "");
    }
}
