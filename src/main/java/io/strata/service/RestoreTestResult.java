package io.strata.service;

import java.util.List;

/**
 * What a restore test found.
 *
 * @param passed  whether the scratch resources held what the recovery point records
 * @param scratch the scratch resources made (and deleted): a table, volumes, an instance
 * @param checked what was compared, for the record ("1,000 items, content digest …")
 * @param reason  why it failed; null when it passed
 */
public record RestoreTestResult(boolean passed, List<String> scratch, String checked, String reason) {

    public RestoreTestResult {
        scratch = List.copyOf(scratch);
    }

    public static RestoreTestResult passed(List<String> scratch, String checked) {
        return new RestoreTestResult(true, scratch, checked, null);
    }

    public static RestoreTestResult failed(List<String> scratch, String reason) {
        return new RestoreTestResult(false, scratch, "", reason);
    }

    /** The same result, with a scratch resource that could not be deleted named (and the test failed). */
    public RestoreTestResult notDeleted(String what, String problem) {
        String note = what + " could not be deleted (" + problem + "): the next restore test deletes it";
        return new RestoreTestResult(false, scratch, checked, reason == null ? note : reason + "; " + note);
    }
}
