package io.strata.dynamodb;

import io.strata.exit.UsageException;
import io.strata.plan.ResourceSelector;
import io.strata.service.BackupService;
import io.strata.service.Failures;
import io.strata.service.InterruptedRestore;
import io.strata.service.Resource;
import io.strata.service.RestoreOption;
import io.strata.service.RestoreRequest;
import io.strata.service.RestoreTest;
import io.strata.service.RestoreWindow;
import io.strata.service.RestoredTags;
import io.strata.service.SelectorSyntax;
import io.strata.service.Waiter;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import io.strata.vault.attempt.AttemptTiming;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * DynamoDB behind the service contract: streaming parallel-scan exports in the native Export-to-S3
 * layout, verified file by file, restored into a new table. Its data lives in the vault, so expiry
 * has nothing to delete outside it.
 */
public final class DynamoDbService implements BackupService {

    public static final String NAME = "dynamodb";

    private final DynamoDbClient dynamoDb;
    private final DynamoDbSettings settings;
    private final DynamoDbPlans plans;
    private final TableExporter exporter;
    private final NativeExporter nativeExporter;
    private final AutoMode auto;
    private final BooleanSupplier stopRequested;
    private final Vault vault;
    private final NativeSettings backupSettings;
    private final NativeBackup nativeBackup;
    private final NativeRestorer nativeRestorer;
    private final DynamoDbRestoreTest restoreTest;

    /** With DynamoDB's own backups polled as {@link NativeSettings#defaults()} say (tests). */
    public DynamoDbService(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings settings, DynamoDbPlans plans,
                           TableExporter exporter, NativeExporter nativeExporter, NativeExportSettings nativeSettings,
                           BooleanSupplier stopRequested) {
        this(dynamoDb, vault, settings, plans, exporter, nativeExporter, nativeSettings, stopRequested,
                NativeSettings.defaults(), Clock.systemUTC(), AttemptTiming.DEFAULT,
                new Waiter(NativeSettings.defaults().pollInterval()));
    }

    /**
     * @param backupSettings DynamoDB's on-demand backups and the restores from backups and points in time
     * @param waiter         polls backups and restored tables (its pause ends a wait when a stop is asked for)
     */
    public DynamoDbService(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings settings, DynamoDbPlans plans,
                           TableExporter exporter, NativeExporter nativeExporter, NativeExportSettings nativeSettings,
                           BooleanSupplier stopRequested, NativeSettings backupSettings, Clock clock,
                           AttemptTiming timing, Waiter waiter) {
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.settings = settings;
        this.plans = plans;
        this.exporter = exporter;
        this.nativeExporter = nativeExporter;
        this.auto = new AutoMode(dynamoDb, nativeSettings.autoNativeBytes());
        this.stopRequested = stopRequested;
        this.backupSettings = backupSettings;
        this.nativeBackup = new NativeBackup(dynamoDb, vault, backupSettings, clock,
                dynamoDb.serviceClientConfiguration().region().id(), timing, waiter);
        this.nativeRestorer = new NativeRestorer(dynamoDb, backupSettings, waiter, settings.planTags());
        this.restoreTest = new DynamoDbRestoreTest(dynamoDb, vault, settings, stopRequested);
    }

    /** The steps of {@code backup-dynamodb}'s native-backup branch: create, await, commit. */
    public NativeBackup nativeBackup() {
        return nativeBackup;
    }

    /** The client the service works with, shared with camel-aws2-ddb's endpoints in the restore-test route. */
    public DynamoDbClient client() {
        return dynamoDb;
    }

    /** The restore test's steps, which {@code restore-test-dynamodb} calls one by one. */
    public DynamoDbRestoreTest restoreTestSteps() {
        return restoreTest;
    }

    @Override
    public Optional<RestoreTest> restoreTest() {
        return Optional.of(restoreTest);
    }

    /** The steps of {@code backup-dynamodb} after DescribeTable in mode scan: begin, scan, commit. */
    public TableExporter exporter() {
        return exporter;
    }

    /** The steps of {@code backup-dynamodb} after DescribeTable in mode native-export: begin, start, await, commit. */
    public NativeExporter nativeExporter() {
        return nativeExporter;
    }

    /**
     * The first step of {@code backup-dynamodb}: DescribeTable, once ({@link TableExporter#begin} reads the
     * schema from this answer). A table it does not find fails the resource naming the table.
     */
    public TableDescription describeTable(String table) {
        try {
            return dynamoDb.describeTable(r -> r.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("table " + table + " not found", e);
        }
    }

    /**
     * The second step of {@code backup-dynamodb}: how this table is backed up now, as the route's choice
     * reads it ({@code scan}, {@code native-export}), from the plan's {@code dynamodb.mode}; {@code auto} is
     * decided here, per table and run ({@link AutoMode}), so the route only ever sees a mode it runs.
     */
    public String mode(TableDescription table, String plan) {
        DynamoDbMode mode = plans.mode(plan);
        return (mode == DynamoDbMode.AUTO ? auto.choose(table) : mode).word();
    }

    /**
     * The step before the mode's: a plan with {@code dynamodb.ensure-pitr} turns point-in-time recovery on for
     * the table when it lacks it ({@code strata.dynamodb.pitr-days}); the table's description passes through.
     */
    public TableDescription ensurePitr(TableDescription table, String plan) {
        if (plans.ensurePitr(plan)) {
            new PitrSwitch(dynamoDb).ensure(table.tableName(), backupSettings.pitrDays());
        }
        return table;
    }

    @Override
    public SelectorSyntax syntax() {
        return new DynamoDbSelectors();
    }

    @Override
    public List<Resource> resolve(List<ResourceSelector> selectors) {
        return new TableResolver(dynamoDb).resolve(selectors);
    }

    @Override
    public RecoveryPoint backup(String table, String plan) {
        TableDescription description = ensurePitr(describeTable(table), plan);
        return switch (DynamoDbMode.of(mode(description, plan))) {
            case SCAN -> exporter.commit(exporter.scan(exporter.begin(description, plan)));
            case NATIVE_EXPORT -> nativeExporter.commit(settings.slots().export("The native export of " + table,
                    () -> nativeExporter.await(nativeExporter.start(nativeExporter.begin(description, plan)))));
            case NATIVE_BACKUP -> nativeBackup.backup(description, plan);
            // mode() resolves auto to one of the three; no default branch, so a new mode is a compile error here.
            case AUTO -> throw new IllegalStateException("Internal error: mode auto of " + table
                    + " was not resolved to scan, native-export or native-backup");
        };
    }

    /** An incremental export is verified with its whole chain: every recovery point a restore of it reads. */
    @Override
    public VerificationReport verify(Vault holder, RecoveryPoint point) {
        if (NativeBackupDetails.isNativeBackup(point)) {
            return new NativeBackupCheck(dynamoDb).verify(point);
        }
        if (ChainLink.of(point).isPresent()) {
            return new IncrementalChains(holder).verify(point, this::verifyOne);
        }
        return verifyOne(holder, point);
    }

    private VerificationReport verifyOne(Vault holder, RecoveryPoint point) {
        // The items' keys are checked in the pass that reads every file, under the recorded key schema.
        return new ExportVerifier(holder).verify(RecoveryPointKey.parse(point.key()), read -> TableSchema.of(read)
                .<ItemReader>map(schema -> new UniqueKeys(schema, read.files(), i -> holder.open(read.files().get(i).key())))
                .orElseGet(ItemReader::lines));
    }

    @Override
    public List<RestoreOption> restoreOptions() {
        return RestoreOptions.DECLARED;
    }

    @Override
    public String restore(Vault holder, RecoveryPoint point, RestoreRequest request) {
        if (NativeBackupDetails.isNativeBackup(point)) {
            request.allowOnly(NAME, RestoreOptions.NATIVE_BACKUP);
            return settings.slots().restore("The restore of " + point.key(), () -> nativeRestorer.fromBackup(point,
                    target(request), request.flag(RestoredTags.KEEP_TAGS.name())));
        }
        if (ChainLink.of(point).isPresent()) {
            List<ExportSource> chain = new IncrementalChains(holder).sources(point, new ExportSourceResolver(vault));
            return restore(chain.get(0), chain.subList(1, chain.size()), request);
        }
        return restore(new ExportSourceResolver(vault).resolve(holder, point), List.of(), request);
    }

    @Override
    public Optional<String> restoreForeign(String reference, RestoreRequest request) {
        String live = NAME + ":";
        if (reference.trim().startsWith(live)) {
            request.allowOnly(NAME, RestoreOptions.POINT_IN_TIME_RESTORE);
            String table = reference.trim().substring(live.length());
            return Optional.of(settings.slots().restore("The point-in-time restore of " + table, () -> nativeRestorer
                    .toPointInTime(table, target(request), request.option(RestoreOptions.POINT_IN_TIME.name()),
                            request.flag(RestoredTags.KEEP_TAGS.name()))));
        }
        if (!reference.trim().startsWith("s3://")) {
            return Optional.empty();
        }
        return Optional.of(restore(new ExportSourceResolver(vault).resolve(reference), List.of(), request));
    }

    private String restore(ExportSource source, List<ExportSource> incrementals, RestoreRequest request) {
        RestoreOptions options = RestoreOptions.of(request);
        target(request);
        if (options.viaImport()) {
            RestoreResult imported = settings.slots().importTable("The import into " + request.target(),
                    () -> new TableImporter(dynamoDb, vault, settings, stopRequested).restore(source, request.target(),
                            options));
            return String.format("Imported %,d items into %s in %.1fs", imported.items(), imported.table(),
                    imported.seconds()) + imported.tagNote();
        }
        RestoreResult result = new TableRestorer(dynamoDb, vault, settings, stopRequested).restore(source,
                incrementals, request.target(), options);
        return String.format("Restored %,d items into %s in %.1fs (%,.0f items/s)", result.items(), result.table(),
                result.seconds(), result.itemsPerSecond()) + result.tagNote();
    }

    /** The target a restore names ({@code --to}), checked: a foreign source's service is known only here. */
    private String target(RestoreRequest request) {
        if (request.target() == null || request.target().isBlank()) {
            throw new IllegalArgumentException("A DynamoDB restore needs --to TABLE (the table to restore into)");
        }
        try {
            syntax().checkTarget("--to", request.target());
        } catch (IllegalArgumentException e) {
            throw new UsageException(Failures.message(e));
        }
        return request.target();
    }

    /** Tables of the region tagged by a restore that never finished. */
    @Override
    public List<InterruptedRestore> interruptedRestores() {
        return new InterruptedRestores(dynamoDb).find();
    }

    /**
     * An export lives in the vault only: the archive deletes its objects, nothing else exists. A native-backup
     * recovery point's backup is deleted, by the ARN recorded and only if it is the one Strata made.
     */
    @Override
    public void expire(RecoveryPoint point) {
        if (NativeBackupDetails.isNativeBackup(point)) {
            new NativeBackupCheck(dynamoDb).expire(point);
        }
    }

    /** False for a native-backup: an S3 lifecycle rule must not expire its descriptor and leave its backup. */
    @Override
    public boolean livesInVault(RecoveryPoint point) {
        return !NativeBackupDetails.isNativeBackup(point);
    }

    /** The archive pass's sweep: on-demand backups of attempts that never committed, of any table. */
    @Override
    public int sweepAbandonedAttempts() {
        return nativeBackup.sweepAbandoned();
    }

    /** Each table the selector names, with its PITR window now (or why it has none). */
    @Override
    public List<RestoreWindow> restoreWindows(ResourceSelector selector) {
        return resolve(List.of(selector)).stream().filter(resource -> resource.problem() == null)
                .map(resource -> new PitrWindows(dynamoDb).of(resource.id())).toList();
    }

    @Override
    public boolean matches(RecoveryPoint point, ResourceSelector selector) {
        String table = point.resourceId();
        return switch (selector.kind()) {
            case NAME -> table.equals(selector.value());
            case PREFIX -> table.startsWith(selector.value());
            case TAG -> TableSchema.of(point).map(s -> selector.value().equals(s.tags().get(selector.tagKey())))
                    .orElse(false);
        };
    }
}
