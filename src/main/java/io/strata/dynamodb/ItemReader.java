package io.strata.dynamodb;

import io.strata.vault.DataFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What a service checks in the items of a recovery point while {@code verify} reads its data
 * files, in the same pass (no second read of S3): the vault knows no item format, the service
 * does. {@link #lines()} only counts items, one per line.
 */
public interface ItemReader extends AutoCloseable {

    /** Reads the decompressed content of data file number {@code index} whole; returns how many items it holds. */
    long read(int index, DataFile file, InputStream content) throws IOException;

    /** Every problem found across the items of all files; called once, after the last file. */
    List<String> finish();

    /** Frees what the reader holds (temporary files), whether or not {@link #finish()} ran. */
    @Override
    void close();

    /** Counts item lines, checks nothing in them. */
    static ItemReader lines() {
        return new ItemReader() {
            @Override
            public long read(int index, DataFile file, InputStream content) throws IOException {
                long lines = 0;
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = content.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
                return lines;
            }

            @Override
            public List<String> finish() {
                return List.of();
            }

            @Override
            public void close() {
            }
        };
    }
}
