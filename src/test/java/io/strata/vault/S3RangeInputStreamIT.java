package io.strata.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strata.config.AwsClients;
import io.strata.support.TestAws;
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
}
