package io.strata.bench;

import io.strata.app.Services;
import io.strata.archive.ArchiveDecision;
import io.strata.archive.ArchivePlanner;
import io.strata.retention.ArchivePolicies;
import io.strata.archive.ArchiveReport;
import io.strata.archive.Archivist;
import io.strata.archive.Expiry;
import io.strata.tiering.ObjectTiering;
import io.strata.vault.StorageTier;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.dynamodb.ExportVerifier;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The archive side of Strata over a vault of many small recovery points: {@code list} of the whole
 * vault and of one table, {@code archive --dry-run}, and a real copy-mode pass (tiering throughput
 * of {@code ObjectTiering.move}, expiries). The recovery points are clones of one real export
 * ({@link ArchiveSeeder}): the read-only phases share one seeding, each destructive round gets a
 * fresh one. Usage: ArchiveBenchmark DYNAMODB_URL S3_URL POINTS TABLES WARMUP ROUNDS
 */
public final class ArchiveBenchmark {

    static final String RETENTION = "daily=7,weekly=4,monthly=12,yearly=7";
    static final String TIERING = "30d:GLACIER_IR,90d:DEEP_ARCHIVE";
    static final String MIN_SIZE = "1KB";
    private static final int SEEDERS = 32;
    private static final int TEMPLATE_ITEMS = 8;
    private static final String PLAN = ArchiveSeeder.PLAN;

    private final Vault vault;
    private final Vault tierVault;
    private final PlanCatalog plans;
    private final ArchivePolicies policies;
    private final ServiceRegistry services;
    private final RequestCounter requests;
    private final Rounds rounds;
    private final Clock clock = Clock.systemUTC();

    private ArchiveBenchmark(Vault vault, Vault tierVault, PlanCatalog plans, ArchivePolicies policies,
                             ServiceRegistry services, RequestCounter requests, Rounds rounds) {
        this.vault = vault;
        this.tierVault = tierVault;
        this.plans = plans;
        this.policies = policies;
        this.services = services;
        this.requests = requests;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: ArchiveBenchmark DYNAMODB_URL S3_URL POINTS TABLES WARMUP ROUNDS");
            System.exit(2);
        }
        int points = Integer.parseInt(args[2]);
        int tables = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int measured = Integer.parseInt(args[5]);
        Rounds rounds;
        try {
            rounds = new Rounds(warmup, measured);
            if (tables < 1 || points < tables) {
                throw new IllegalArgumentException("need at least one table and a recovery point per table, got "
                        + points + " over " + tables);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ArchiveBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        Properties p = new Properties();
        p.setProperty("strata.local", "true");
        p.setProperty("strata.aws.endpoint.dynamodb", args[0]);
        p.setProperty("strata.aws.endpoint.s3", args[1]);
        p.setProperty("strata.vault.bucket", "bench-archive");
        p.setProperty("strata.dynamodb.segments", "1"); // the template export: one small data file
        p.setProperty("strata.plan." + PLAN + ".cron", "0 0 2 * * ?");
        p.setProperty("strata.plan." + PLAN + ".resources", "dynamodb:bench-*");
        p.setProperty("strata.plan." + PLAN + ".retention", RETENTION);
        p.setProperty("strata.plan." + PLAN + ".tiering", TIERING);
        p.setProperty("strata.plan." + PLAN + ".tiering-min-size", MIN_SIZE);
        StrataSettings settings = StrataSettings.from(p);
        PlanCatalog plans = PlanCatalog.from(p, Services.selectors()::parse);
        ArchivePolicies policies = ArchivePolicies.from(p, plans);
        RequestCounter requests = new RequestCounter();
        try (AwsClients clients = new AwsClients(settings, List.of(requests))) {
            Vault vault = Vault.from(clients.s3(), settings);
            Vault templateVault = vault.inBucket("bench-template");
            Vault tierVault = vault.inBucket("bench-archive-tier");
            for (Vault v : List.of(vault, templateVault, tierVault)) {
                v.checkBucket(true);
            }
            ServiceRegistry services = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal());
            System.out.printf("recovery points %,d over %,d tables, plan %s: retention %s, tiering %s, tiering-min-size %s;"
                    + " warm-up rounds %d, measured rounds %d, max heap %d MiB%n", points, tables, PLAN, RETENTION, TIERING,
                    MIN_SIZE, warmup, measured, Runtime.getRuntime().maxMemory() >> 20);
            ArchiveSeeder.Template template = ArchiveSeeder.template(clients.dynamoDb(), templateVault, settings,
                    clients.region().id(), "bench-template", TEMPLATE_ITEMS);
            System.out.printf("template: a real export of %d items, data file %,d bytes gzip (%s)%n",
                    template.point().itemCount(), template.file().bytes(), template.point().key());
            new ArchiveBenchmark(vault, tierVault, plans, policies, services, requests, rounds)
                    .run(new ArchiveSeeder(vault, template, SEEDERS), new ArchiveSeeder(tierVault, template, SEEDERS),
                            points, tables);
        }
        System.exit(0); // the SDK's threads would keep the JVM alive
    }

    private void run(ArchiveSeeder seeder, ArchiveSeeder tierSeeder, int points, int tables) throws Exception {
        // Every recovery point at 02:00:xx UTC, one a day back from today; the pass is evaluated at 03:00 today.
        Instant newest = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(2));
        Instant asOf = newest.plus(Duration.ofHours(1));
        requests.take();
        CpuMeter seedCpu = new CpuMeter();
        ArchiveSeeder.Seeding seeding = seeder.seed(points, tables, newest);
        CpuMeter.Lap seeded = seedCpu.lap();
        ArchiveSeeder.Stored stored = ArchiveSeeder.stored(vault);
        System.out.printf("seed (clone, %d threads)   %,10.0f points/s, %,.0f objects/s %s%n", SEEDERS,
                points / seeded.wall(), stored.objects() / seeded.wall(), seeded);
        System.out.printf("vault s3://%s: %,d recovery points, %,d objects, %,.1f MiB; requests %s%n", vault.bucket(),
                seeding.points(), stored.objects(), stored.bytes() / 1048576.0, RequestCounter.format(requests.take()));
        checkClones(seeding);

        String oneTable = seeding.tables().get(0);
        int ofOneTable = seeding.keysByTable().get(0).size();
        Phase rawListing = new Phase("raw ListObjectsV2 (vault)", "objects/s");
        Phase listAll = new Phase("list (whole vault)", "points/s");
        Phase listOne = new Phase("list dynamodb:" + oneTable, "points/s");
        Phase dryRun = new Phase("archive --dry-run", "points/s");
        Map<Phase, Map<String, RequestCounter.Calls>> mixes = new LinkedHashMap<>();
        measure(rawListing, mixes, () -> {
            long objects = vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(vault.prefix() + "strata/"))
                    .contents().stream().count();
            check(objects, stored.objects(), "raw listing");
            return objects;
        });
        measure(listAll, mixes, () -> {
            // As `strata list` does: every descriptor, then each point's GFS class today (printing left out).
            Listing listing = services.catalog().find(vault, null);
            checkListing(listing, points, "list");
            policies.gfsLabels(listing.points(), clock.instant());
            return listing.points().size();
        });
        ResourceSelector selector = Services.selectors().parse("dynamodb:" + oneTable);
        measure(listOne, mixes, () -> {
            Listing listing = services.catalog().find(vault, selector);
            checkListing(listing, ofOneTable, "list dynamodb:" + oneTable);
            policies.gfsLabels(listing.points(), clock.instant());
            return listing.points().size();
        });
        Archivist archivist = new Archivist(plans, policies, services, vault, clock, new StopSignal());
        List<DryRun> dryRuns = new ArrayList<>();
        measure(dryRun, mixes, () -> {
            List<ArchiveReport> reports = archivist.run(new Archivist.ArchiveOrder(PLAN, asOf, true));
            DryRun planned = DryRun.of(reports.get(0));
            if (!reports.get(0).problems().isEmpty() || planned.points() != points) {
                throw new IllegalStateException("dry run decided " + planned.points() + " of " + points
                        + " recovery points; problems " + reports.get(0).problems());
            }
            dryRuns.add(planned);
            return planned.points();
        });
        DryRun planned = dryRuns.get(0);
        if (dryRuns.stream().anyMatch(d -> !d.equals(planned))) {
            throw new IllegalStateException("dry runs of one vault decided differently: " + dryRuns);
        }
        System.out.printf("dry run as of %s: %,d kept, %,d to a colder class (%,d objects, %,.2f MiB), %,d expired%n",
                asOf, planned.kept(), planned.tiered(), planned.objectsDue(), planned.bytesDue() / 1048576.0,
                planned.expired());

        Pass pass = new Pass();
        for (int round = 1; round <= rounds.total(); round++) {
            passRound(round, tierSeeder, points, tables, newest, asOf, planned, pass);
        }

        System.out.printf("median of %d measured rounds (after %d warm-up): rate (min–max), wall s (min–max), "
                + "median CPU; S3 requests of one round%n", rounds.measured(), rounds.total() - rounds.measured());
        mixes.put(pass.plan, pass.planMix);
        mixes.put(pass.tierObjects, pass.tierMix);
        mixes.put(pass.expiry, pass.expiryMix);
        for (Phase phase : List.of(rawListing, listAll, listOne, dryRun, pass.seed, pass.plan, pass.tierObjects,
                pass.tierBytes, pass.expiry, pass.whole)) {
            System.out.printf("%-34s %s %s, wall %s s  median %s%n", phase.name(),
                    phase.rate().format(phase.unit().startsWith("MiB") ? "%,.3f" : "%,.1f"), phase.unit(),
                    phase.wall().format("%.2f"), phase.medianCpu());
            if (mixes.containsKey(phase)) {
                Map<String, RequestCounter.Calls> mix = mixes.get(phase);
                long requestCount = mix.values().stream().mapToLong(RequestCounter.Calls::count).sum();
                System.out.printf("%-34s   requests (last round): %s; s3mock %.1f ms CPU per request (median CPU / requests)%n",
                        "", RequestCounter.format(mix), phase.medianCpu().s3Mock() * 1000 / requestCount);
            }
        }
        System.out.printf("peak RSS of this (Strata) process: %d MiB%n", Benchmark.peakRssMiB());
    }

    /** Warm-up and measured rounds of a read-only phase; {@code work} returns what it counted. */
    private void measure(Phase phase, Map<Phase, Map<String, RequestCounter.Calls>> mixes, Supplier<Number> work)
            throws Exception {
        rounds.run(phase, round -> {
            requests.take();
            CpuMeter cpu = new CpuMeter();
            long counted = work.get().longValue();
            CpuMeter.Lap lap = cpu.lap();
            mixes.put(phase, requests.take());
            return new Phase.Sample(counted / lap.wall(), lap);
        });
    }

    /** The phases of the destructive rounds, and the request mix of the last one. */
    private static final class Pass {
        final Phase seed = new Phase("seed (clone, " + SEEDERS + " threads)", "points/s");
        final Phase plan = new Phase("pass: plan (ArchivePlanner)", "points/s");
        final Phase tierObjects = new Phase("pass: tiering (ObjectTiering.move)", "objects/s");
        final Phase tierBytes = new Phase("pass: tiering (ObjectTiering.move)", "MiB/s");
        final Phase expiry = new Phase("pass: expiry (Expiry.expire, batched)", "points/s");
        final Phase whole = new Phase("pass: whole (plan+tier+expire)", "points/s");
        Map<String, RequestCounter.Calls> planMix;
        Map<String, RequestCounter.Calls> tierMix;
        Map<String, RequestCounter.Calls> expiryMix;
    }

    /**
     * One destructive round: a fresh seeding, then a real copy-mode pass made of the very calls
     * {@code Archivist} makes (planner, {@code ObjectTiering.move} per due object, {@code Expiry.expire}
     * per expired point, single-threaded like it), tiering first and expiry second so that each step
     * has a CPU lap of its own; then the vault is checked against the dry run's plan.
     */
    private void passRound(int round, ArchiveSeeder seeder, int points, int tables, Instant newest, Instant asOf,
                           DryRun expected, Pass pass) throws Exception {
        String label = rounds.label(round);
        boolean counted = rounds.counted(round);
        ArchiveSeeder.wipe(tierVault);
        requests.take();
        CpuMeter cpu = new CpuMeter();
        seeder.seed(points, tables, newest);
        CpuMeter.Lap seeded = cpu.lap();
        record(pass.seed, counted, label, points / seeded.wall(), seeded);
        requests.take();

        long start = System.nanoTime();
        ArchivePlanner.PlanDecisions decisions = new ArchivePlanner(services).plan(tierVault, plans.require(PLAN),
                policies.of(PLAN), asOf);
        boolean versioned = versioned(tierVault);
        CpuMeter.Lap planned = cpu.lap();
        pass.planMix = requests.take();
        if (!decisions.problems().isEmpty() || !decisions.unfinishedExpiries().isEmpty()) {
            throw new IllegalStateException("plan of a fresh seeding: problems " + decisions.problems()
                    + ", unfinished expiries " + decisions.unfinishedExpiries().keySet());
        }
        DryRun real = DryRun.of(decisions.decisions());
        if (!real.equals(expected)) {
            throw new IllegalStateException("the real pass planned " + real + ", the dry run " + expected);
        }
        ObjectTiering tiering = new ObjectTiering();
        long moved = 0;
        long movedBytes = 0;
        for (ArchiveDecision decision : decisions.decisions()) {
            if (decision.action() == ArchiveDecision.Action.TIER) {
                for (StoredObject object : decision.toMove()) {
                    if (tiering.move(tierVault, object, decision.target(), versioned)) {
                        moved++;
                        movedBytes += object.size();
                    }
                }
            }
        }
        CpuMeter.Lap tiered = cpu.lap();
        pass.tierMix = requests.take();
        Expiry expiry = new Expiry(services, clock);
        boolean lockable = tierVault.locks().enabledNow(); // once per pass, as Archivist reads it
        // As Archivist does: the pass's expiries together, each step in DeleteObjects batches.
        List<ArchiveDecision> expiring = decisions.decisions().stream()
                .filter(decision -> decision.action() == ArchiveDecision.Action.EXPIRE).toList();
        List<Expiry.Result> results = expiry.expire(tierVault, expiring.stream()
                .map(d -> new Expiry.Expiring(d.point(), d.objects())).toList(), versioned, lockable);
        long expired = 0;
        for (int i = 0; i < results.size(); i++) {
            Expiry.Result result = results.get(i);
            if (result.failure() != null || result.lock().isPresent()) {
                throw new IllegalStateException(expiring.get(i).point().key() + " not expired: " + result);
            }
            expired++;
        }
        CpuMeter.Lap expiredLap = cpu.lap();
        double whole = (System.nanoTime() - start) / 1e9;
        pass.expiryMix = requests.take();
        check(moved, expected.objectsDue(), "objects moved");
        check(expired, expected.expired(), "recovery points expired");
        checkAfterPass(decisions.decisions(), expected);

        record(pass.plan, counted, label, decisions.decisions().size() / planned.wall(), planned);
        record(pass.tierObjects, counted, label, moved / tiered.wall(), tiered);
        record(pass.tierBytes, counted, label, movedBytes / 1048576.0 / tiered.wall(), tiered);
        record(pass.expiry, counted, label, expired / expiredLap.wall(), expiredLap);
        CpuMeter.Lap all = new CpuMeter.Lap(planned.strata() + tiered.strata() + expiredLap.strata(),
                planned.dynamoDbLocal() + tiered.dynamoDbLocal() + expiredLap.dynamoDbLocal(),
                planned.s3Mock() + tiered.s3Mock() + expiredLap.s3Mock(), whole);
        record(pass.whole, counted, label, decisions.decisions().size() / whole, all);
    }

    private static void record(Phase phase, boolean counted, String label, double rate, CpuMeter.Lap lap) {
        System.out.printf("%-10s %-34s " + (phase.unit().startsWith("MiB") ? "%,10.3f" : "%,10.1f") + " %s %s%n", label,
                phase.name(), rate, phase.unit(), lap);
        if (counted) {
            phase.add(new Phase.Sample(rate, lap));
        }
    }

    /** After a pass: exactly the kept and tiered points remain, each moved object in its class, nothing half-done. */
    private void checkAfterPass(List<ArchiveDecision> decisions, DryRun expected) {
        Listing after = tierVault.list(point -> true);
        checkListing(after, (int) (expected.kept()), "list after the pass");
        if (!after.unfinishedExpiries().isEmpty()) {
            throw new IllegalStateException("expiries left half-done: " + after.unfinishedExpiries().keySet());
        }
        Set<String> remaining = after.points().stream().map(RecoveryPoint::key).collect(Collectors.toSet());
        long inTarget = 0;
        for (ArchiveDecision decision : decisions) {
            boolean expires = decision.action() == ArchiveDecision.Action.EXPIRE;
            if (remaining.contains(decision.point().key()) == expires) {
                throw new IllegalStateException(decision.point().key() + " should " + (expires ? "be gone" : "remain"));
            }
            if (decision.action() == ArchiveDecision.Action.TIER) {
                Set<String> due = decision.toMove().stream().map(StoredObject::key).collect(Collectors.toSet());
                for (StoredObject object : after.objectsOf(decision.point())) {
                    if (due.contains(object.key())) {
                        if (StorageTier.ofS3(object.storageClass()) != decision.target()) {
                            throw new IllegalStateException(object.key() + " is in " + object.storageClass() + ", not "
                                    + decision.target());
                        }
                        inTarget++;
                    }
                }
            }
        }
        check(inTarget, expected.objectsDue(), "objects in their new class");
    }

    /** Three clones (first, middle, last) verified as `strata verify` does: descriptor, manifests, digests, items. */
    private void checkClones(ArchiveSeeder.Seeding seeding) {
        List<String> all = seeding.keysByTable().stream().flatMap(List::stream).toList();
        for (String key : List.of(all.get(0), all.get(all.size() / 2), all.get(all.size() - 1))) {
            VerificationReport report = new ExportVerifier(vault).verify(RecoveryPointKey.parse(key));
            if (!report.problems().isEmpty()) {
                throw new IllegalStateException("clone " + key + " does not verify: " + report.problems());
            }
        }
    }

    private static void checkListing(Listing listing, int expected, String what) {
        if (!listing.problems().isEmpty()) {
            throw new IllegalStateException(what + ": " + listing.problems().size() + " unreadable, first "
                    + listing.problems().get(0));
        }
        check(listing.points().size(), expected, what);
    }

    private static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + ", expected " + expected);
        }
    }

    private static boolean versioned(Vault in) {
        BucketVersioningStatus status = in.s3().getBucketVersioning(r -> r.bucket(in.bucket())).status();
        return status == BucketVersioningStatus.ENABLED || status == BucketVersioningStatus.SUSPENDED;
    }

    /** What one plan decided: counts of each action and the objects (and bytes) due to move. */
    record DryRun(long points, long kept, long tiered, long expired, long objectsDue, long bytesDue) {

        static DryRun of(ArchiveReport report) {
            return of(report.outcomes().stream().map(ArchiveReport.Outcome::decision).toList());
        }

        static DryRun of(List<ArchiveDecision> decisions) {
            long tiered = decisions.stream().filter(d -> d.action() == ArchiveDecision.Action.TIER).count();
            long expired = decisions.stream().filter(d -> d.action() == ArchiveDecision.Action.EXPIRE).count();
            List<StoredObject> due = decisions.stream().filter(d -> d.action() == ArchiveDecision.Action.TIER)
                    .flatMap(d -> d.toMove().stream()).toList();
            return new DryRun(decisions.size(), decisions.size() - expired, tiered, expired, due.size(),
                    due.stream().mapToLong(StoredObject::size).sum());
        }
    }
}
