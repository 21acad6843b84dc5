package io.strata.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.SettingsException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** EC2 selector syntax and settings, checked before any AWS call. */
class Ec2SelectorsAndSettingsTest {

    @Test
    void selectorsNameAnInstanceOrATag() {
        assertEquals("instance/i-0123456789abcdef0", Services.selectors().parse("ec2:instance/i-0123456789abcdef0").value());
        assertEquals("Backup", Services.selectors().parse("ec2:tag/Backup=nightly").tagKey());
        for (String bad : List.of("ec2:i-0123456789abcdef0", "ec2:instance/web", "ec2:instance/i-*", "ec2:instance/i-0123")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Services.selectors().parse(bad), bad);
            assertTrue(e.getMessage().contains("not a valid EC2 selector"), e.getMessage());
        }
    }

    @Test
    void settingsHaveDefaultsAndNameTheBadKeyAndValue() {
        Properties p = new Properties();
        p.setProperty("strata.plan.dr.copy-to-region", "eu-west-1, us-west-2");
        p.setProperty("strata.ec2.copy-kms-key-id.eu-west-1", "alias/dr");
        Ec2Settings settings = Ec2Settings.from(p);
        assertEquals(20, settings.maxConcurrentCopies());
        assertEquals(Duration.ofSeconds(15), settings.pollInterval());
        assertEquals(List.of("eu-west-1", "us-west-2"), settings.copyRegionsOf("dr"));
        assertEquals(List.of(), settings.copyRegionsOf("nightly"));
        assertEquals("alias/dr", settings.copyKmsKeyIds().get("eu-west-1"));

        p.setProperty("strata.ec2.max-concurrent-copies", "lots");
        var e = assertThrows(SettingsException.class, () -> Ec2Settings.from(p));
        assertEquals("strata.ec2.max-concurrent-copies must be a whole number, not 'lots'", e.getMessage());
        p.remove("strata.ec2.max-concurrent-copies");
        p.setProperty("strata.ec2.create-image", "yes");
        e = assertThrows(SettingsException.class, () -> Ec2Settings.from(p));
        assertEquals("strata.ec2.create-image must be true or false, not 'yes'", e.getMessage());
        p.remove("strata.ec2.create-image");
        p.setProperty("strata.plan.dr.copy-to-region", "Ireland");
        e = assertThrows(SettingsException.class, () -> Ec2Settings.from(p));
        assertTrue(e.getMessage().contains("strata.plan.dr.copy-to-region") && e.getMessage().contains("'Ireland'"),
                e.getMessage());
    }
}
