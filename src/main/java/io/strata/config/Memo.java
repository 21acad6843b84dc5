package io.strata.config;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value made on first use, once, whichever thread asks first; every later caller gets the same
 * one. SDK clients are built this way so that a command pays only for the clients it calls.
 */
final class Memo<T> implements Supplier<T> {

    private final Supplier<T> make;
    private volatile T value;

    Memo(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T made = value;
        if (made == null) {
            synchronized (this) {
                made = value;
                if (made == null) {
                    made = make.get();
                    value = made;
                }
            }
        }
        return made;
    }

    /** The value if it was made, without making it (for closing). */
    Optional<T> ifMade() {
        return Optional.ofNullable(value);
    }
}
