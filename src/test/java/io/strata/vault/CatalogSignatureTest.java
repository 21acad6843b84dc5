package io.strata.vault;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.FakeKms;
import io.strata.vault.error.VaultException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The MAC of one catalog object, through the real {@code KmsClient} against {@link FakeKms} over
 * loopback HTTP: what passes, what is refused and how it is named.
 */
class CatalogSignatureTest {

    private static final String DESCRIPTOR = "strata/dynamodb/us-east-1/orders/20260301T020000Z-0a1b2c3d/recovery-point.json";
    private static final byte[] BYTES = "{\"key\":\"strata/dynamodb/us-east-1/orders/20260301T020000Z-0a1b2c3d/\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static FakeKms fake;
    private static AwsClients clients;
    private static String key;

    @BeforeAll
    static void start() {
        fake = new FakeKms();
        key = fake.hmacKey();
        Properties properties = new Properties();
        properties.setProperty("strata.aws.region", "us-east-1");
        properties.setProperty("strata.aws.endpoint.kms", fake.endpoint().toString());
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
        clients = new AwsClients(StrataSettings.from(properties));
    }

    @AfterAll
    static void stop() {
        clients.close();
        fake.close();
    }

    private static CatalogSignature signature(String keyId) {
        return CatalogSignature.with(keyId, clients::kms);
    }

    @Test
    void anObjectSignedWithItsKeyChecksAndNamesTheKeyThatSignedIt() {
        Map<String, String> metadata = signature(key).metadataFor(DESCRIPTOR, BYTES);

        assertEquals("arn:aws:kms:us-east-1:111122223333:key/" + key, metadata.get(CatalogSignature.MAC_KEY));
        assertEquals(32, java.util.Base64.getDecoder().decode(metadata.get(CatalogSignature.MAC)).length, "HMAC-SHA256");
        assertDoesNotThrow(() -> signature(key).check("vault", DESCRIPTOR, BYTES, metadata));
    }

    @Test
    void oneChangedByteIsRefusedNamingTheObject() {
        Map<String, String> metadata = signature(key).metadataFor(DESCRIPTOR, BYTES);
        byte[] altered = BYTES.clone();
        altered[altered.length - 3] ^= 1;

        VaultException refused = assertThrows(VaultException.class,
                () -> signature(key).check("vault", DESCRIPTOR, altered, metadata));

        assertTrue(refused.getMessage().startsWith("s3://vault/" + DESCRIPTOR + " does not match its MAC"),
                refused.getMessage());
    }

    @Test
    void aSignedObjectMovedToAnotherKeyIsRefused() {
        Map<String, String> metadata = signature(key).metadataFor(DESCRIPTOR, BYTES);
        String elsewhere = "strata/dynamodb/us-east-1/orders/20250101T020000Z-0badc0de/recovery-point.json";
        String asMarker = DESCRIPTOR.replace("recovery-point.json", "expiring.json");

        assertThrows(VaultException.class, () -> signature(key).check("vault", elsewhere, BYTES, metadata));
        assertThrows(VaultException.class, () -> signature(key).check("vault", asMarker, BYTES, metadata));
        // Another bucket holding the same key (a second vault) is the same recovery point.
        assertDoesNotThrow(() -> signature(key).check("second-vault", DESCRIPTOR, BYTES, metadata));
    }

    @Test
    void noMacOrAMacOfAnotherKeyIsRefused() {
        VaultException none = assertThrows(VaultException.class,
                () -> signature(key).check("vault", DESCRIPTOR, BYTES, Map.of()));
        assertTrue(none.getMessage().contains(DESCRIPTOR + " carries no MAC"), none.getMessage());

        // Someone with a HMAC key of his own signs, and names his key: checked with the configured key only.
        String own = fake.hmacKey();
        Map<String, String> forged = signature(own).metadataFor(DESCRIPTOR, BYTES);
        VaultException other = assertThrows(VaultException.class,
                () -> signature(key).check("vault", DESCRIPTOR, BYTES, forged));
        assertTrue(other.getMessage().contains("does not match its MAC (strata.vault.signing-key " + key + ")"),
                other.getMessage());

        Map<String, String> garbage = new HashMap<>(forged);
        garbage.put(CatalogSignature.MAC, "not base64!");
        assertTrue(assertThrows(VaultException.class, () -> signature(key).check("vault", DESCRIPTOR, BYTES, garbage))
                .getMessage().contains("not base64"));
    }

    @Test
    void objectsLargerThanWhatKmsTakesAreSignedByTheirDigest() {
        byte[] large = new byte[200_000]; // a descriptor or manifest of many files; KMS takes 4,096 bytes
        new Random(7).nextBytes(large);

        Map<String, String> metadata = signature(key).metadataFor(DESCRIPTOR, large);

        assertDoesNotThrow(() -> signature(key).check("vault", DESCRIPTOR, large, metadata));
        large[123_456] ^= 1;
        assertThrows(VaultException.class, () -> signature(key).check("vault", DESCRIPTOR, large, metadata));
    }

    @Test
    void anAliasOrArnOfTheKeyWorksAndAKeyThatCannotMacIsNamedAtTheProbe() {
        String alias = fake.alias("strata-catalog", key);
        Map<String, String> metadata = signature(alias).metadataFor(DESCRIPTOR, BYTES);
        assertDoesNotThrow(() -> signature("arn:aws:kms:us-east-1:111122223333:key/" + key)
                .check("vault", DESCRIPTOR, BYTES, metadata));

        VaultException missing = assertThrows(VaultException.class, () -> signature("alias/no-such-key").probe());
        assertTrue(missing.getMessage().contains("strata.vault.signing-key alias/no-such-key"), missing.getMessage());
        assertTrue(missing.getMessage().contains("NotFoundException"), missing.getMessage());

        String encryption = fake.encryptionKey();
        VaultException usage = assertThrows(VaultException.class, () -> signature(encryption).probe());
        assertTrue(usage.getMessage().contains("InvalidKeyUsageException"), usage.getMessage());
        assertTrue(usage.getMessage().contains("it must be an HMAC_SHA_256 KMS key"), usage.getMessage());

        String disabled = fake.hmacKey();
        fake.disable(disabled);
        assertTrue(assertThrows(VaultException.class, () -> signature(disabled).probe()).getMessage()
                .contains("DisabledException"));
    }

    @Test
    void withoutAKeyNothingIsSignedOrCheckedAndKmsIsNeverBuilt() {
        AtomicInteger built = new AtomicInteger();
        CatalogSignature off = CatalogSignature.with(" ", () -> {
            built.incrementAndGet();
            return KmsClient.builder().build();
        });

        assertEquals(Map.of(), off.metadataFor(DESCRIPTOR, BYTES));
        assertDoesNotThrow(() -> off.check("vault", DESCRIPTOR, BYTES, Map.of()));
        off.probe();
        assertEquals(0, built.get());
    }
}
