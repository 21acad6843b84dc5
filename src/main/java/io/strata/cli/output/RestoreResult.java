package io.strata.cli.output;

import java.util.Map;

/**
 * What {@code strata restore} did.
 *
 * @param source   what was restored, as given: a recovery point, {@code s3://bucket/prefix}, {@code rds:instance/ID}
 * @param target   the {@code --to} name; null when the service makes its own target ({@code --launch})
 * @param options  the service options given, by name, flags as "true"
 * @param restored what the service made, in its own words
 */
public record RestoreResult(String source, String target, Map<String, String> options, String restored) {

    public RestoreResult {
        options = Map.copyOf(options);
    }
}
