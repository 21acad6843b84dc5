package io.strata.management;

/**
 * Strata over JMX ({@code io.strata:type=Strata}), for jconsole and scripts. Long operations
 * (runPlan, backup, verify, restore) return a task id at once; {@link #status} follows it.
 * Bad input fails with an {@link IllegalArgumentException} whose message says what was wrong.
 */
public interface StrataMBean {

    /** Runs a plan now, as its schedule would; returns the run id. */
    String runPlan(String plan);

    /** Backs up the selected resources now ({@code dynamodb:orders, dynamodb:tag/env=prod}); returns the run id. */
    String backup(String selectors);

    /** The committed recovery points, of the selected resources when {@code selector} is not blank. */
    String listRecoveryPoints(String selector);

    /** Verifies a recovery point (as listed); returns the task id, its status ends VERIFIED or CORRUPT. */
    String verify(String recoveryPoint);

    /** Restores a recovery point into {@code target} (a new table, DB identifier...); returns the task id. */
    String restore(String recoveryPoint, String target);

    /**
     * A restore with options, as {@code strata restore} takes them, in one string: {@code overwrite,keep-partial},
     * {@code instance-class=db.r6g.large}, {@code key=pk:S,sk:N}, {@code retrieval-tier=Bulk,restore-days=7}
     * (a flag alone or {@code =true}). {@code target} may be blank when an option says what to make, as EC2's
     * {@code launch}; {@code recoveryPoint} may name what its service restores from, as {@code rds:instance/ID}.
     */
    String restore(String recoveryPoint, String target, String options);

    /**
     * Puts a recovery point (as listed) under a legal hold, recorded with origin {@code jmx}; returns what it did.
     * Done at once, not as a task: a hold is a few requests.
     */
    String hold(String recoveryPoint, String reason);

    /** Ends every legal hold on a recovery point; fails when it is not held. */
    String release(String recoveryPoint);

    /** {@code RUNNING}, {@code OK} or {@code FAILED}, then the task's summary on the following lines. */
    String status(String taskId);

    /** The last run of one plan: time, status, resources, failed, items, bytes. */
    String lastRun(String plan);

    /** One line per plan that has run since start-up (the same fields as {@link #lastRun}). */
    String getLastRuns();

    /** The configured plans, by name. */
    String[] getPlans();
}
