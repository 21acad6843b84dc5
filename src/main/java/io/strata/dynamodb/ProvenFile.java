package io.strata.dynamodb;

import io.strata.vault.DataFile;
import io.strata.vault.stream.ObjectVersion;

/**
 * A data file read whole and found equal to its record (size, MD5, SHA-256 where recorded, item
 * count), with the stored object that was read: the restore writes from exactly that object.
 */
record ProvenFile(DataFile file, ObjectVersion version) {
}
