package io.strata.cli.output;

import io.strata.archive.ArchiveReport;
import io.strata.hold.HoldOutcome;
import io.strata.monitor.PlanOverview;
import io.strata.monitor.RunHistory;
import io.strata.run.RunReport;
import io.strata.vault.VerificationReport;
import java.util.List;

/**
 * Where a command's result goes: stdout, for a person ({@link HumanOutput}) or a script
 * ({@link JsonOutput}, README "Output"). A command builds its result once and hands it here; it
 * never decides how it looks.
 */
public interface Output {

    void list(ListResult result);

    /** {@code backup} (one run) and {@code run --once} (one per plan). */
    void runs(List<RunReport> reports);

    void verification(VerificationReport report);

    void restore(RestoreResult result);

    void archive(List<ArchiveReport> reports);

    void vaultCheck(VaultCheckResult result);

    /** Called once the point is gone, or (JSON only, the human view said it before asking) refused or stopped. */
    void forget(ForgetResult result);

    void clusterStatus(ClusterStatusResult result);

    /** {@code hold} and {@code release}: the point's holds (after a hold; those removed by a release). */
    void hold(HoldOutcome outcome);

    /** {@code plans}: each plan as configured and what its selectors resolve to now. */
    void plans(List<PlanOverview.Plan> plans);

    /** {@code history}: run reports, newest first. */
    void history(RunHistory.History history);

    /** {@code strata status}: each resource of the plans, OK or why not. */
    void status(StatusResult result);

    /** {@code strata audit}: each control, PASS or FAIL with the reason. */
    void audit(AuditResult result);

    void cost(CostResult result);
}
