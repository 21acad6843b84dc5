package io.strata.trigger;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Real DynamoDB Local + S3Mock, a table of two items, a plan over it, and the runtime with its request triggers. */
final class TriggerFixture implements AutoCloseable {

    final String table = TestAws.unique("req");
    final Properties properties;
    final AwsClients clients;
    final Vault vault;
    StrataRuntime runtime;

    TriggerFixture(String... extra) {
        String[] all = new String[extra.length + 6];
        all[0] = "strata.plan.orders.cron";
        all[1] = "0 0 2 * * ?";
        all[2] = "strata.plan.orders.resources";
        all[3] = "dynamodb:" + table;
        all[4] = "strata.requests.poll-interval";
        all[5] = "200ms";
        System.arraycopy(extra, 0, all, 6, extra.length);
        properties = TestAws.properties(TestAws.unique("vault"), all);
        StrataSettings settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        Tables.create(clients.dynamoDb(), table);
        try {
            Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("k", 1, "a"), Tables.simple("k", 2, "b")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts (or restarts) the runtime and its triggers; {@code interceptors} slow or break calls on purpose. */
    StrataRuntime start(ExecutionInterceptor... interceptors) throws Exception {
        return start(new io.strata.service.StopSignal(), interceptors);
    }

    StrataRuntime start(io.strata.service.StopSignal stop, ExecutionInterceptor... interceptors) throws Exception {
        StrataSettings settings = StrataSettings.from(properties);
        AwsClients used = interceptors.length == 0 ? clients : TestAws.clients(settings, interceptors);
        runtime = Composition.of(Path.of("").toAbsolutePath(), settings,
                PlanCatalog.from(properties, Services.selectors()::parse), used, Vault.from(used.s3(), settings),
                Clock.systemUTC(), stop).runtime().start();
        runtime.startRequestTriggers(RequestSettings.from(properties), used, stop::requested);
        return runtime;
    }

    List<RecoveryPoint> points() {
        return vault.list(p -> p.resource().equals("dynamodb:" + table)).points();
    }

    static RequestOutcome outcome(byte[] json) throws IOException {
        return Json.MAPPER.readValue(json, RequestOutcome.class);
    }

    /** For what follows a route's completion (the file move runs in its on-completion): at most 10 s. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
        clients.close();
    }
}
