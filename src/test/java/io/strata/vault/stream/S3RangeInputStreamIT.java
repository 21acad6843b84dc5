package io.strata.vault.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.support.TestAws;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

class S3RangeInputStreamIT {

    @Test
    void readsAnObjectRangeByRangeExactly() throws Exception {
        try (AwsClients clients = TestAws.clients(TestAws.settings(TestAws.unique("vault")))) {
            String bucket = TestAws.unique("ranges");
            clients.s3().createBucket(r -> r.bucket(bucket));
            byte[] content = new byte[10_001];
            new Random(5).nextBytes(content);
            clients.s3().putObject(r -> r.bucket(bucket).key("blob"), RequestBody.fromBytes(content));
            clients.s3().putObject(r -> r.bucket(bucket).key("empty"), RequestBody.empty());

            try (InputStream in = new S3RangeInputStream(clients.s3(), bucket, "blob", 1000)) {
                assertEquals(content[0] & 0xff, in.read());
                byte[] rest = in.readAllBytes();
                assertArrayEquals(java.util.Arrays.copyOfRange(content, 1, content.length), rest);
                assertEquals(-1, in.read());
            }
            try (InputStream in = new S3RangeInputStream(clients.s3(), bucket, "empty", 1000)) {
                assertEquals(0, in.readAllBytes().length);
            }
        }
    }

    /** A rewrite between two ranges, or between a first read and a later one, is an error, never a mix. */
    @Test
    void readsOnlyTheObjectItFirstSaw() throws Exception {
        try (AwsClients clients = TestAws.clients(TestAws.settings(TestAws.unique("vault")))) {
            String bucket = TestAws.unique("ranges");
            clients.s3().createBucket(r -> r.bucket(bucket));
            byte[] first = new byte[3000];
            new Random(7).nextBytes(first);
            byte[] second = first.clone();
            second[2500] ^= 1; // the same size, one bit changed after the first range
            clients.s3().putObject(r -> r.bucket(bucket).key("blob"), RequestBody.fromBytes(first));

            S3RangeInputStream seen = new S3RangeInputStream(clients.s3(), bucket, "blob", 1000);
            assertArrayEquals(java.util.Arrays.copyOf(first, 1000), seen.readNBytes(1000));
            clients.s3().putObject(r -> r.bucket(bucket).key("blob"), RequestBody.fromBytes(second));
            IOException rewritten = assertThrows(IOException.class, seen::readAllBytes);
            assertTrue(rewritten.getMessage().contains("s3://" + bucket + "/blob was rewritten since it was first read"),
                    rewritten.getMessage());

            try (InputStream again = new S3RangeInputStream(clients.s3(), bucket, "blob", 1000, seen.version())) {
                assertThrows(IOException.class, again::read, "a later read of the first object finds it gone");
            }
            S3RangeInputStream current = new S3RangeInputStream(clients.s3(), bucket, "blob", 1000);
            assertArrayEquals(second, current.readAllBytes());
            try (InputStream again = new S3RangeInputStream(clients.s3(), bucket, "blob", 1000, current.version())) {
                assertArrayEquals(second, again.readAllBytes());
            }
        }
    }
}
