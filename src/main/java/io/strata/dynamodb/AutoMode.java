package io.strata.dynamodb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Mode {@code auto}, decided per table at each run: {@code native-export} when the table is larger than
 * {@code strata.dynamodb.auto-native-bytes} (DescribeTable's size, which DynamoDB refreshes about every six
 * hours) and its PITR is on (DescribeContinuousBackups), since a native export needs PITR and spends no read
 * capacity; {@code scan} otherwise, which needs neither and is cheaper for small tables.
 */
final class AutoMode {

    private static final Logger LOG = LoggerFactory.getLogger(AutoMode.class);

    private final DynamoDbClient dynamoDb;
    private final long nativeAbove;

    AutoMode(DynamoDbClient dynamoDb, long nativeAbove) {
        this.dynamoDb = dynamoDb;
        this.nativeAbove = nativeAbove;
    }

    DynamoDbMode choose(TableDescription table) {
        long size = table.tableSizeBytes() == null ? 0 : table.tableSizeBytes();
        if (size <= nativeAbove) {
            LOG.info("Mode auto: {} holds {} bytes, at most strata.dynamodb.auto-native-bytes ({}): scan",
                    table.tableName(), size, nativeAbove);
            return DynamoDbMode.SCAN;
        }
        PointInTimeRecoveryStatus pitr = dynamoDb.describeContinuousBackups(r -> r.tableName(table.tableName()))
                .continuousBackupsDescription().pointInTimeRecoveryDescription().pointInTimeRecoveryStatus();
        DynamoDbMode mode = pitr == PointInTimeRecoveryStatus.ENABLED ? DynamoDbMode.NATIVE_EXPORT : DynamoDbMode.SCAN;
        LOG.info("Mode auto: {} holds {} bytes, over strata.dynamodb.auto-native-bytes ({}), PITR {}: {}",
                table.tableName(), size, nativeAbove, pitr, mode.word());
        return mode;
    }
}
