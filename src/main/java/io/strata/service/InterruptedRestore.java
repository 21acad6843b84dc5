package io.strata.service;

/**
 * A restore that did not finish and left its target incomplete, as its service can tell from the
 * target itself (DynamoDB: the table's {@code strata:restore-incomplete} tag).
 *
 * @param target the resource the restore was writing, e.g. a table name
 * @param source what it was restoring, as {@code strata restore} takes it
 * @param finish the command that finishes it
 */
public record InterruptedRestore(String target, String source, String finish) {
}
