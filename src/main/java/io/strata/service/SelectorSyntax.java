package io.strata.service;

import io.strata.plan.ResourceSelector;

/** What the ids of one service's selectors look like; pure, so that bad input fails before any AWS call. */
public interface SelectorSyntax {

    String service();

    /** Throws IllegalArgumentException saying what the id must look like. */
    void check(ResourceSelector selector);
}
