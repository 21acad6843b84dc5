package io.strata.copies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.vault.lock.ObjectEncryption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class VaultCopiesTest {

    private static final Region HOME = Region.US_EAST_1;
    private static final Region WEST = Region.US_WEST_2;

    @Test
    void sseS3AndTheManagedKmsKeyServeEveryRegion() {
        assertEquals(Optional.empty(), VaultCopies.kmsProblem(ObjectEncryption.of("AES256", null), HOME, WEST));
        assertEquals(Optional.empty(), VaultCopies.kmsProblem(ObjectEncryption.of("aws:kms", ""), HOME, WEST));
    }

    @Test
    void aKeyOfAnotherRegionIsRefusedNamingItsRegion() {
        String arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assertEquals(Optional.empty(), VaultCopies.kmsProblem(ObjectEncryption.of("aws:kms", arn), HOME, HOME));
        String problem = VaultCopies.kmsProblem(ObjectEncryption.of("aws:kms", arn), HOME, WEST).orElseThrow();
        assertTrue(problem.contains("strata.vault.kms-key-id names a KMS key of us-east-1"), problem);
        assertTrue(VaultCopies.kmsProblem(ObjectEncryption.of("aws:kms", "arn:aws:kms:us-east-1:123456789012:alias/vault"),
                HOME, WEST).isPresent());
        // A bare key id is a key of the home region.
        assertTrue(VaultCopies.kmsProblem(ObjectEncryption.of("aws:kms", "1234abcd-12ab-34cd-56ef-1234567890ab"),
                HOME, WEST).isPresent());
        assertEquals(Optional.empty(), VaultCopies.kmsProblem(ObjectEncryption.of("aws:kms",
                "arn:aws:kms:us-west-2:123456789012:key/x"), HOME, WEST));
    }

    @Test
    void anAliasIsLookedUpInTheSecondVaultsRegion() {
        assertEquals(Optional.empty(), VaultCopies.kmsProblem(ObjectEncryption.of("aws:kms", "alias/strata-vault"), HOME,
                WEST));
    }
}
