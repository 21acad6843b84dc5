package io.strata.service;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One restore option, declared once by whoever reads it (a service, or {@link CommonRestoreOptions}
 * for every restore): the command line, request files and JMX are built from these declarations,
 * so that a service adds an option in its own package only.
 *
 * @param name  the key in {@link RestoreRequest#options()} and in JMX's {@code key=value,…}, and the
 *              command line's option without its dashes: {@code keep-partial}
 * @param label what the value is, for the usage text ({@code CLASS}); null for a yes/no flag
 * @param help  one sentence for {@code strata restore --help}
 * @param check checks a given value and returns it as the service reads it; throws
 *              {@link IllegalArgumentException} saying what is wrong (not repeating the option's name)
 * @param makes whether the option says what the restore makes, given instead of a target ({@code --to}),
 *              as EC2's {@code --launch}: a restore without a target needs one of these
 */
public record RestoreOption(String name, String label, String help, UnaryOperator<String> check, boolean makes) {

    public RestoreOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("A restore option is named in lower case with dashes, not '" + name + "'");
        }
        check = check == null ? UnaryOperator.identity() : check;
    }

    /** A yes/no option: {@code --launch} on the command line, {@code "launch": true} in a request file. */
    public static RestoreOption flag(String name, String help) {
        return new RestoreOption(name, null, help, null, false);
    }

    /** An option with a value: {@code --instance-class CLASS}, {@code "instanceClass": "db.r6g.large"}. */
    public static RestoreOption value(String name, String label, String help) {
        return new RestoreOption(name, label, help, null, false);
    }

    /** The same option with its value checked (and normalised) by {@code check}. */
    public RestoreOption checkedBy(UnaryOperator<String> check) {
        return new RestoreOption(name, label, help, check, makes);
    }

    /** The same option, given instead of a target: it says what the restore makes. */
    public RestoreOption insteadOfTarget() {
        return new RestoreOption(name, label, help, check, true);
    }

    public boolean isFlag() {
        return label == null;
    }

    /** As the command line spells it: {@code --keep-partial}. */
    public String option() {
        return "--" + name;
    }

    /** The request file's field: the name in camel case, {@code keepPartial}. */
    public String field() {
        StringBuilder field = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                field.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return field.toString();
    }

    /** The value as the service reads it; a flag takes true or false only ("yes" must not mean a real launch). */
    public String checked(String value) {
        if (isFlag()) {
            if (!"true".equals(value) && !"false".equals(value)) {
                throw new IllegalArgumentException("must be true or false, not '" + value + "'");
            }
            return value;
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("needs a value (" + label + ")");
        }
        return check.apply(value.trim());
    }
}
