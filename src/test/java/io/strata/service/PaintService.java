package io.strata.service;

import io.strata.plan.ResourceSelector;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service that exists only in the tests: it restores {@code paint:WALL} references (its live resources)
 * and declares one restore option no built-in service has, {@code --colour}, and a flag, {@code --varnish}.
 * It keeps every request it was asked to restore, so that a test sees what reached it.
 */
final class PaintService implements BackupService {

    static final String NAME = "paint";
    static final RestoreOption COLOUR = RestoreOption.value("colour", "COLOUR", "The colour to paint the wall in.")
            .checkedBy(colour -> {
                if (!colour.matches("[a-z]+")) {
                    throw new IllegalArgumentException("must be a colour's name in lower case, not '" + colour + "'");
                }
                return colour;
            });
    static final RestoreOption VARNISH = RestoreOption.flag("varnish", "Varnish the wall once painted.");

    final List<RestoreRequest> restored = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RestoreOption> restoreOptions() {
        return List.of(COLOUR, VARNISH);
    }

    @Override
    public Optional<String> restoreForeign(String reference, RestoreRequest request) {
        if (!reference.startsWith(NAME + ":")) {
            return Optional.empty();
        }
        request.allowOnly(NAME, restoreOptions());
        restored.add(request);
        return Optional.of("Painted " + reference.substring(NAME.length() + 1) + " " + request.option(COLOUR.name())
                + (request.flag(VARNISH.name()) ? ", varnished," : "") + " into " + request.target());
    }

    @Override
    public String restore(Vault vault, RecoveryPoint point, RestoreRequest request) {
        throw new UnsupportedOperationException("paint keeps no recovery points");
    }

    @Override
    public SelectorSyntax syntax() {
        return new SelectorSyntax(NAME, "Paint", "wall", Map.of("", NameRule.of("a wall", "[a-z][a-z-]*",
                "lower-case letters and dashes")), null, null, "paint:WALL") {
        };
    }

    @Override
    public List<Resource> resolve(List<ResourceSelector> selectors) {
        return List.of();
    }

    @Override
    public RecoveryPoint backup(String resourceId, String plan) {
        throw new UnsupportedOperationException("paint backs nothing up");
    }

    @Override
    public VerificationReport verify(Vault vault, RecoveryPoint point) {
        throw new UnsupportedOperationException("paint keeps no recovery points");
    }

    @Override
    public void expire(RecoveryPoint point) {
    }

    @Override
    public boolean matches(RecoveryPoint point, ResourceSelector selector) {
        return false;
    }
}
