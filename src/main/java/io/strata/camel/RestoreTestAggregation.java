package io.strata.camel;

import io.strata.monitor.RestoreTestOutcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Gathers the restore-test split's outcomes into one list, in an exchange of its own (as
 * {@link OutcomeAggregation} does, and for the same reason: a test's handled failure must not make Camel skip
 * the rest of the pass). Every test ends in an outcome: its failures are caught inside the route.
 */
public final class RestoreTestAggregation implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange gathered, Exchange next) {
        if (gathered == null) {
            gathered = new DefaultExchange(next.getContext());
            gathered.getMessage().setBody(new ArrayList<RestoreTestOutcome>());
        }
        if (next.getMessage().getBody() instanceof RestoreTestOutcome outcome) {
            gathered.getMessage().getBody(List.class).add(outcome);
        }
        return gathered;
    }
}
