package io.strata.hold;

/** Where a hold or release is carried out: {@link Holds} itself, or the daemon's {@code direct:hold-request} route. */
public interface HoldRequests {

    HoldOutcome hold(HoldOrder order);

    HoldOutcome release(HoldOrder order);
}
