package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.support.Tables;
import io.strata.support.TestAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Request objects under s3://strata.requests.bucket/ops/requests/, end to end against S3Mock and DynamoDB Local. */
class S3RequestsIT {

    @TempDir
    Path temp;
    private String bucket;
    private TriggerFixture aws;

    @BeforeEach
    void start() throws Exception {
        bucket = TestAws.unique("requests");
        aws = new TriggerFixture("strata.requests.bucket", bucket, "strata.requests.prefix", "ops/requests/",
                "strata.requests.state-dir", temp.resolve("state").toString());
        aws.clients.s3().createBucket(r -> r.bucket(bucket));
        aws.start();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private void put(Map<String, byte[]> requests) throws Exception {
        NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-s3").whenDone(requests.size()).create();
        requests.forEach((name, bytes) -> aws.clients.s3().putObject(r -> r.bucket(bucket).key("ops/requests/" + name),
                RequestBody.fromBytes(bytes)));
        assertTrue(done.matches(60, TimeUnit.SECONDS), "S3 requests not done in 60 s: " + requests.keySet());
    }

    private boolean exists(String key) {
        try {
            aws.clients.s3().headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private RequestOutcome outcome(String folder, String name) throws Exception {
        assertTrue(exists("ops/" + folder + "/" + name), name + " moved to ops/" + folder + "/");
        assertFalse(exists("ops/requests/" + name), name + " no longer under the request prefix");
        return TriggerFixture.outcome(aws.clients.s3().getObjectAsBytes(r -> r.bucket(bucket)
                .key("ops/results/" + name + ".json")).asByteArray());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void backupVerifyAndRestoreRequestsEachWriteTheirOutcomeAndMoveToProcessed() throws Exception {
        put(Map.of("backup.json", utf8("{\"action\":\"backup\",\"resources\":[\"dynamodb:" + aws.table + "\"]}")));
        RequestOutcome backup = outcome("processed", "backup.json");
        assertEquals(RequestOutcome.OK, backup.status(), backup.toString());
        assertEquals(1, aws.points().size());
        String point = backup.recoveryPoints().get(0);
        String target = aws.table + "-from-s3";

        put(Map.of("verify.json", utf8("{\"action\":\"verify\",\"recoveryPoint\":\"s3://" + aws.vault.bucket() + "/" + point + "\"}"),
                "restore.json", utf8("{\"action\":\"restore\",\"recoveryPoint\":\"" + point + "\",\"target\":\"" + target + "\"}")));

        assertEquals(RequestOutcome.OK, outcome("processed", "verify.json").status());
        RequestOutcome restore = outcome("processed", "restore.json");
        assertEquals(RequestOutcome.OK, restore.status(), restore.toString());
        assertEquals(2, Tables.scanAll(aws.clients.dynamoDb(), target).size());
    }

    @Test
    void malformedRequestsMoveToFailedWithTheirReason() throws Exception {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("json.json", utf8("not json"));
        bad.put("field.json", utf8("{\"action\":\"backup\",\"plan\":\"orders\",\"priority\":1}"));
        bad.put("nothing.json", utf8("{\"action\":\"backup\",\"resources\":[\"dynamodb:" + aws.table + "-none-*\"]}"));
        bad.put("big.json", utf8("{\"action\":\"verify\",\"recoveryPoint\":\"" + "x".repeat(70_000) + "\"}"));
        put(bad);

        Map<String, String> reasons = Map.of("json.json", "not JSON", "field.json", "unknown field(s) [priority]",
                "nothing.json", "matched no table", "big.json", "larger than 64 KB");
        for (var expected : reasons.entrySet()) {
            RequestOutcome outcome = outcome("failed", expected.getKey());
            assertEquals(RequestOutcome.REJECTED, outcome.status());
            assertTrue(outcome.errors().get(0).contains(expected.getValue()), expected.getKey() + ": " + outcome.errors());
        }
        assertTrue(aws.points().isEmpty());
    }

    @Test
    void theSameObjectDeliveredTwiceRunsOnce() throws Exception {
        byte[] request = utf8("{\"action\":\"backup\",\"plan\":\"orders\"}");
        put(Map.of("nightly.json", request));
        RequestOutcome first = outcome("processed", "nightly.json");

        put(Map.of("nightly.json", request));

        assertEquals(first, outcome("processed", "nightly.json"));
        assertEquals(1, aws.points().size());
    }

    /** The console's "Create folder" leaves an empty object named like the prefix: it is no request. */
    @Test
    void theFolderMarkerIsNotARequest() throws Exception {
        aws.clients.s3().putObject(r -> r.bucket(bucket).key("ops/requests/"), RequestBody.empty());
        aws.clients.s3().putObject(r -> r.bucket(bucket).key("ops/requests/after-marker.json"),
                RequestBody.fromBytes(utf8("{\"action\":\"backup\",\"plan\":\"orders\"}")));
        // The listing is in key order: the marker is met before the request, so its fate is sealed by then.
        long deadline = System.currentTimeMillis() + 60_000;
        while (exists("ops/requests/after-marker.json") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(RequestOutcome.OK, outcome("processed", "after-marker.json").status());

        assertTrue(exists("ops/requests/"), "the marker is left where it is");
        assertFalse(exists("ops/results/.json"), "no outcome for the marker");
        assertFalse(exists("ops/failed/"), "the marker was not moved to failed/");
        assertFalse(exists("ops/processed/"), "nor to processed/");
    }

    @Test
    void aNewObjectUnderANameAlreadyUsedKeepsBothOutcomes() throws Exception {
        put(Map.of("again.json", utf8("{\"action\":\"verify\"}")));
        RequestOutcome first = outcome("failed", "again.json");
        byte[] firstOutcome = aws.clients.s3().getObjectAsBytes(r -> r.bucket(bucket).key("ops/results/again.json.json"))
                .asByteArray();

        byte[] other = utf8("{\"action\":\"drop-table\"}");
        put(Map.of("again.json", other));

        assertEquals(new String(firstOutcome, StandardCharsets.UTF_8), new String(aws.clients.s3().getObjectAsBytes(r -> r
                .bucket(bucket).key("ops/results/again.json.json")).asByteArray(), StandardCharsets.UTF_8),
                "the first outcome is never overwritten");
        assertEquals("{\"action\":\"verify\"}", aws.clients.s3().getObjectAsBytes(r -> r.bucket(bucket)
                .key("ops/failed/again.json")).asUtf8String(), "nor the first request");
        String second = "again.json." + RequestHandler.sha256(other).substring(0, 12);
        RequestOutcome secondOutcome = outcome("failed", second);
        assertEquals(RequestHandler.sha256(other), secondOutcome.sha256());
        assertTrue(secondOutcome.errors().get(0).contains("unknown action 'drop-table'"), secondOutcome.errors().toString());
        assertEquals(first.sha256(), RequestHandler.sha256(utf8("{\"action\":\"verify\"}")));
    }
}
