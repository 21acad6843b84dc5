package io.strata.camel;

import io.strata.run.ResourceOutcome;
import io.strata.run.ResourceRef;
import io.strata.service.Failures;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Gathers the split's per-resource outcomes into one list, whatever happened to each resource.
 * The list lives in an exchange of its own: the split's first exchange may carry the "error
 * handled" mark of a failed resource, which would make Camel skip the rest of the run route (no
 * report); an exception that escaped a backup route becomes that resource's failed outcome.
 */
public final class OutcomeAggregation implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange gathered, Exchange next) {
        if (gathered == null) {
            gathered = new DefaultExchange(next.getContext());
            gathered.getMessage().setBody(new ArrayList<ResourceOutcome>());
        }
        gathered.getMessage().getBody(List.class).add(outcomeOf(next));
        return gathered;
    }

    private static ResourceOutcome outcomeOf(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        Exception error = exchange.getException();
        if (error == null && body instanceof ResourceOutcome outcome) {
            return outcome;
        }
        // The backup routes keep the resource in the exchange property 'resource': an exception the routes' error
        // handler did not turn into an outcome (one rethrown from a doCatch) arrives here with the body a later step
        // made (an RDS or EC2 attempt), which would otherwise name the failed resource.
        ResourceRef ref = body instanceof ResourceRef given ? given : exchange.getProperty("resource", ResourceRef.class);
        String resource = ref != null ? ref.id() : String.valueOf(body);
        exchange.setException(null);
        return ResourceOutcome.failed(resource, error != null ? Failures.describe(error)
                : "the backup route returned " + (body == null ? "nothing" : body.getClass().getSimpleName()));
    }
}
