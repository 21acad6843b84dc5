package io.strata.trigger;

import io.strata.service.CommonRestoreOptions;
import io.strata.service.RestoreOption;
import io.strata.service.RestoreOptionCatalog;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A restore's failure told in a request file's terms. The services name their options as the command
 * line spells them ("pass --overwrite"); whoever wrote a request file must read the field to set
 * instead ({@code "overwrite": true}). A command quoted in a message ({@code strata restore …}, what to
 * run to bring archived objects back) is a command, and is left as it is.
 */
final class RequestTerms {

    /** The command-line spelling of each restore option (without dashes), and its declaration. */
    private final Map<String, RestoreOption> options = new TreeMap<>();

    private static final Pattern OPTION = Pattern.compile("--([a-z][a-z-]*[a-z])(?![a-z-])");
    /** A command quoted in a message runs until the sentence or the parenthesis after it. */
    private static final Pattern COMMAND = Pattern.compile("strata (?:restore|verify|backup) [^(;]*");

    RequestTerms(RestoreOptionCatalog catalog) {
        catalog.all().forEach(option -> options.put(option.name(), option));
    }

    String of(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder told = new StringBuilder();
        Matcher command = COMMAND.matcher(message);
        int from = 0;
        while (command.find()) {
            told.append(fields(message.substring(from, command.start()))).append(command.group());
            from = command.end();
        }
        return told.append(fields(message.substring(from))).toString();
    }

    private String fields(String text) {
        Matcher option = OPTION.matcher(text);
        StringBuilder told = new StringBuilder();
        while (option.find()) {
            RestoreOption declared = options.get(option.group(1));
            String replacement = option.group(1).equals(CommonRestoreOptions.TARGET.name())
                    ? "\"" + CommonRestoreOptions.TARGET_FIELD + "\""
                    : declared == null ? option.group()
                    : "\"" + declared.field() + "\"" + (declared.isFlag() ? ": true" : "");
            option.appendReplacement(told, Matcher.quoteReplacement(replacement));
        }
        option.appendTail(told);
        return told.toString();
    }
}
