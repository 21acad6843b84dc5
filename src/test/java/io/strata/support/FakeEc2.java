package io.strata.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * One in-memory EC2 "world" of several regions, for tests (no emulator runs EC2 here). It keeps
 * state as AWS documents it: instances with volumes, tags and user data; snapshots that go
 * {@code pending → completed} and AMIs {@code pending → available} over Describe polls; copies that
 * appear in the destination region only; tag filters; the real error codes for unknown ids; a
 * registered AMI's snapshots that cannot be deleted; at most {@link #copyLimit} copies in flight per
 * destination region (ResourceLimitExceeded); and switchable throttling. {@link #calls} records
 * every mutating call in order.
 *
 * <p>{@link #serve()} serves the world over loopback HTTP in EC2's Query protocol ({@link QueryServer}):
 * point the real {@link Ec2Client} at it with {@code strata.aws.endpoint.ec2}, from this JVM or a
 * child one. The world has the regions it was made with (three unless told), each answering the
 * requests signed for it.
 */
public final class FakeEc2 implements AutoCloseable {

    /** The regions of a world made without naming any. */
    public static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");

    /** Describe polls before a pending snapshot, image or tier restore is done. */
    public volatile int pollsToComplete = 2;
    /** Copies in flight per destination region before CopySnapshot/CopyImage answer ResourceLimitExceeded. */
    public volatile int copyLimit = 20;
    /** How many of the next calls of an operation (e.g. "CopySnapshot") fail with RequestLimitExceeded. */
    public final Map<String, AtomicInteger> throttleNext = new ConcurrentHashMap<>();
    /** Action name (lower case) -> the next answers that fail, in order; see {@link #failNext}. */
    private final Map<String, Deque<Failure>> failNext = new ConcurrentHashMap<>();
    /** Mutating calls in order: "us-east-1 DeregisterImage ami-…". */
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** Cross-region CopySnapshot calls that carried a valid presigned URL: "eu-west-1 snap-… presigned for us-east-1". */
    public final List<String> presignedCopies = Collections.synchronizedList(new ArrayList<>());
    /** The most in flight copies seen at once, per destination region. */
    public final Map<String, Integer> maxCopiesInFlight = new ConcurrentHashMap<>();

    final Map<String, RegionState> regions = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(0x1000);
    private final List<String> served;
    private final Map<String, FakeEc2Client> handlers = new ConcurrentHashMap<>();
    private QueryServer server;

    public FakeEc2() {
        this(REGIONS.toArray(String[]::new));
    }

    public FakeEc2(String... regions) {
        this.served = List.of(regions);
    }

    static final class RegionState {
        final String name;
        final Map<String, Inst> instances = new LinkedHashMap<>();
        final Map<String, Vol> volumes = new LinkedHashMap<>();
        final Map<String, Snap> snapshots = new LinkedHashMap<>();
        final Map<String, Img> images = new LinkedHashMap<>();

        RegionState(String name) {
            this.name = name;
        }
    }

    static final class Inst {
        String id, type, imageId, az, subnetId, keyName, iamProfileArn, rootDevice, userData, state = "running";
        List<String> securityGroups = List.of();
        Map<String, String> tags = new TreeMap<>();
        Map<String, String> devices = new LinkedHashMap<>();
    }

    static final class Vol {
        /** Null for an instance's volume (in-use); CreateVolume's go creating → available over Describe polls. */
        String id, az, type, kmsKeyId, snapshotId, state;
        int size, pollsLeft;
        Integer iops, throughput;
        boolean encrypted;
        Map<String, String> tags = new TreeMap<>();
    }

    static final class Snap {
        String id, volumeId, state = "pending", description, kmsKeyId, tier = "standard", copiedFrom;
        int size, pollsLeft, tierPollsLeft = -1;
        boolean encrypted, restored;
        Map<String, String> tags = new TreeMap<>();
    }

    static final class Img {
        String id, name, state = "pending", rootDevice, copiedFrom;
        int pollsLeft;
        Map<String, String> tags = new TreeMap<>();
        Map<String, String> devices = new LinkedHashMap<>();
    }

    /**
     * An answer that fails: HTTP {@code status} with AWS's error {@code code} and {@code message}, or,
     * with a null code, a bare HTTP status whose body is no AWS error document at all (what a proxy
     * or a broken emulator sends). The SDK retries 500s and 503s by itself: queue enough of them.
     */
    public record Failure(int status, String code, String message) {

        RuntimeException exception() {
            return code == null ? new QueryServer.BareStatus(status) : error(status, code, message);
        }
    }

    /** The next {@code times} calls of {@code action} (e.g. "CreateImage"), in any region, fail as {@code failure}. */
    public void failNext(String action, int times, Failure failure) {
        Deque<Failure> queue = failNext.computeIfAbsent(action.toLowerCase(Locale.ROOT), k -> new ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(failure);
        }
    }

    /** Drops the failures still queued for {@code action}. */
    public void clearFailures(String action) {
        failNext.remove(action.toLowerCase(Locale.ROOT));
    }

    /** The failure the next call of {@code action} answers with, if one is queued (consumes it). */
    Optional<Failure> nextFailure(String action) {
        Deque<Failure> queue = failNext.get(action.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(queue == null ? null : queue.poll());
    }

    /** Starts serving the world over loopback HTTP (once) and gives its endpoint, for strata.aws.endpoint.ec2. */
    public synchronized URI serve() {
        if (server == null) {
            server = new QueryServer("ec2", true, Ec2Client.class,
                    name -> served.contains(name) ? Optional.of(handler(name)) : Optional.empty());
        }
        return server.endpoint();
    }

    /** The endpoint the world is served at (the source endpoint of every region's presigned copies). */
    synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("FakeEc2 is not served: call serve()");
        }
        return server.endpoint();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    FakeEc2Client handler(String region) {
        return handlers.computeIfAbsent(region, name -> new FakeEc2Client(this, region(name)));
    }

    synchronized RegionState region(String name) {
        return regions.computeIfAbsent(name, RegionState::new);
    }

    String id(String prefix) {
        return prefix + "-" + String.format("%017x", ids.incrementAndGet());
    }

    /** The base AMI of a region: what the test instances were launched from (not Strata's). */
    public synchronized String baseImage(String region) {
        RegionState state = region(region);
        return state.images.values().stream().filter(i -> i.name.equals("base")).map(i -> i.id).findFirst()
                .orElseGet(() -> {
                    Img image = new Img();
                    image.id = id("ami");
                    image.name = "base";
                    image.state = "available";
                    image.rootDevice = "/dev/xvda";
                    state.images.put(image.id, image);
                    return image.id;
                });
    }

    /**
     * A running instance in {@code region}'s zone a: root {@code /dev/xvda} (8 GiB gp3) and
     * {@code dataVolumes} more ({@code /dev/sdf}, {@code /dev/sdg}, ... of 100 GiB io2, 3000 IOPS).
     */
    public synchronized String instance(String region, Map<String, String> tags, String userDataBase64, int dataVolumes) {
        RegionState state = region(region);
        Inst inst = new Inst();
        inst.id = id("i");
        inst.type = "m5.large";
        inst.imageId = baseImage(region);
        inst.az = region + "a";
        inst.subnetId = "subnet-0a1b2c3d";
        inst.securityGroups = List.of("sg-0aaa", "sg-0bbb");
        inst.keyName = "ops-key";
        inst.iamProfileArn = "arn:aws:iam::123456789012:instance-profile/app";
        inst.rootDevice = "/dev/xvda";
        inst.userData = userDataBase64;
        inst.tags.putAll(tags);
        inst.devices.put("/dev/xvda", volume(state, inst.az, 8, "gp3", 3000, 125).id);
        for (int i = 0; i < dataVolumes; i++) {
            inst.devices.put("/dev/sd" + (char) ('f' + i), volume(state, inst.az, 100, "io2", 3000, null).id);
        }
        state.instances.put(inst.id, inst);
        return inst.id;
    }

    Vol volume(RegionState state, String az, int size, String type, Integer iops, Integer throughput) {
        Vol vol = new Vol();
        vol.id = id("vol");
        vol.az = az;
        vol.size = size;
        vol.type = type;
        vol.iops = iops;
        vol.throughput = throughput;
        state.volumes.put(vol.id, vol);
        return vol;
    }

    /** Encrypts a volume with {@code kmsKeyId}: its snapshots are encrypted, and so must their copies be. */
    public synchronized void encrypt(String region, String volumeId, String kmsKeyId) {
        Vol vol = region(region).volumes.get(volumeId);
        vol.encrypted = true;
        vol.kmsKeyId = kmsKeyId;
    }

    // ---- what tests look at ----

    public synchronized Map<String, Map<String, String>> snapshotTags(String region) {
        Map<String, Map<String, String>> tags = new TreeMap<>();
        region(region).snapshots.values().forEach(s -> tags.put(s.id, Map.copyOf(s.tags)));
        return tags;
    }

    public synchronized Set<String> imageIds(String region) {
        return Set.copyOf(region(region).images.keySet());
    }

    public synchronized String snapshotState(String region, String snapshotId) {
        return region(region).snapshots.get(snapshotId).state;
    }

    public synchronized String volumeOfDevice(String region, String instanceId, String device) {
        return region(region).instances.get(instanceId).devices.get(device);
    }

    public synchronized Map<String, String> volume(String region, String volumeId) {
        Vol vol = region(region).volumes.get(volumeId);
        return Map.of("az", vol.az, "snapshot", String.valueOf(vol.snapshotId), "type", vol.type, "size",
                String.valueOf(vol.size));
    }

    /** The volumes CreateVolume made that still exist, with their tags. */
    public synchronized List<String> createdVolumes(String region) {
        return region(region).volumes.values().stream().filter(v -> v.state != null).map(v -> v.id + " " + v.tags).toList();
    }

    public synchronized Map<String, String> instanceView(String region, String instanceId) {
        Inst inst = region(region).instances.get(instanceId);
        Map<String, String> view = new TreeMap<>(Map.of("type", inst.type, "image", inst.imageId, "subnet",
                inst.subnetId, "key", String.valueOf(inst.keyName), "profile", String.valueOf(inst.iamProfileArn),
                "userData", String.valueOf(inst.userData), "groups", String.join(",", inst.securityGroups)));
        inst.tags.forEach((k, v) -> view.put("tag:" + k, v));
        inst.devices.forEach((d, v) -> view.put("device:" + d, String.valueOf(region(region).volumes.get(v).snapshotId)));
        return view;
    }

    public synchronized void deleteSnapshotBehindStratasBack(String region, String snapshotId) {
        region(region).snapshots.remove(snapshotId);
    }

    public synchronized void archive(String region, String snapshotId) {
        region(region).snapshots.get(snapshotId).tier = "archive";
    }

    static Ec2Exception error(int status, String code, String message) {
        return (Ec2Exception) Ec2Exception.builder().statusCode(status).message(message + " (Service: Ec2, Status Code: "
                + status + ")").awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                .serviceName("Ec2").build()).build();
    }
}
