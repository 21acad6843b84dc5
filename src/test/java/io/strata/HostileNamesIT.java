package io.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.management.StrataMBean;
import io.strata.plan.PlanCatalog;
import io.strata.service.StopSignal;
import io.strata.support.StrataCli;
import io.strata.support.TestAws;
import io.strata.text.Printable;
import io.strata.vault.Vault;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.management.JMX;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Names AWS would refuse (issue 19 point 8): a restore target {@code ../../etc/passwd}, 300 characters or
 * full-width digits is refused by the CLI, a request file and JMX alike, naming the option and the rule,
 * before anything starts. (DynamoDB Local refuses such table names itself, as AWS does; a listing that
 * returns one is HostileRdsNamesIT's case, through the RDS fake that does not check.)
 */
class HostileNamesIT {

    private static final List<String> HOSTILE = List.of("../../etc/passwd", "t".repeat(300), "ｏrders１",
            "orders\u202Egpj.exe");

    @Test
    void theCliRefusesARestoreTargetAwsWouldRefuseWithExit2NamingIt() {
        String bucket = TestAws.unique("names-vault");
        for (String target : HOSTILE) {
            List<String> args = new ArrayList<>(StrataCli.against(bucket));
            args.addAll(List.of("restore", "strata/dynamodb/us-east-1/orders/20261122T020000Z-0123abcd/", "--to", target));
            StrataCli.Result result = StrataCli.run(args);
            assertEquals(2, result.code(), result.err());
            assertTrue(result.err().contains("--to '" + Printable.of(target) + "'"),
                    "names the option and the target: " + result.err());
            assertTrue(result.err().contains("is not a valid DynamoDB table name: 3-255 characters of a-z A-Z 0-9 _ . -"),
                    result.err());
            assertTrue(!result.err().contains("\u202E"), "never the raw bidi character: " + result.err());
        }
        List<String> rds = new ArrayList<>(StrataCli.against(bucket));
        rds.addAll(List.of("restore", "rds:instance/prod-db", "--point-in-time", "latest", "--to", "prod--db"));
        StrataCli.Result result = StrataCli.run(rds);
        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("--to 'prod--db' is not a valid DB instance or cluster identifier: 1-63 letters"),
                result.err());
    }

    @Test
    void jmxRefusesARestoreTargetAwsWouldRefuseNamingIt() throws Exception {
        Properties properties = TestAws.properties(TestAws.unique("names-vault"));
        StrataSettings settings = StrataSettings.from(properties);
        try (AwsClients clients = TestAws.clients(settings)) {
            Vault vault = TestAws.vault(clients, settings);
            try (StrataRuntime runtime = Composition.of(Path.of("").toAbsolutePath(), settings,
                    PlanCatalog.from(properties, Services.selectors()::parse), clients, vault, Clock.systemUTC(),
                    new StopSignal()).runtime().start()) {
                StrataMBean strata = JMX.newMBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                        new ObjectName("io.strata:type=Strata"), StrataMBean.class);
                for (String target : HOSTILE) {
                    String message = assertThrows(RuntimeException.class, () -> strata.restore(
                            "strata/dynamodb/us-east-1/orders/20261122T020000Z-0123abcd/", target)).getMessage();
                    assertTrue(message.contains("target '") && message.contains(
                            "is not a valid DynamoDB table name: 3-255 characters"), message);
                    assertTrue(!message.contains("\u202E"), message);
                }
            }
        }
    }
}
