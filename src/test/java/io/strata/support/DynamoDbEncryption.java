package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table's server-side encryption setting, kept by {@link DynamoDbProxy} as the DynamoDB API reference
 * documents it, so that a test sees which key a restored table got: {@code SSESpecification} of CreateTable
 * and UpdateTable and {@code SSESpecificationOverride} of the restores are taken off the request before it
 * reaches DynamoDB Local (which has no KMS) and kept here; DescribeTable then answers
 * {@code SSEDescription{Status=ENABLED, SSEType=KMS, KMSMasterKeyArn}} for a KMS table. A table without
 * one (an AWS owned key, the default) has no SSEDescription, as in AWS. A KMS specification without a key
 * means the AWS managed key {@code alias/aws/dynamodb}; {@code Enabled=false} means the AWS owned key.
 * DeleteTable forgets the table.
 */
public final class DynamoDbEncryption {

    /** The ARN this fake gives the AWS managed key. */
    public static final String AWS_MANAGED = "arn:aws:kms:us-east-1:000000000000:alias/aws/dynamodb";

    private final DynamoDbProxy proxy;
    private final Map<String, String> kmsKeyByTable = new ConcurrentHashMap<>();

    DynamoDbEncryption(DynamoDbProxy proxy) {
        this.proxy = proxy;
    }

    /** The KMS key of {@code table}, empty for an AWS owned key. */
    public Optional<String> kmsKey(String table) {
        return Optional.ofNullable(kmsKeyByTable.get(table));
    }

    /** CreateTable or UpdateTable: the SSE specification kept here, the rest forwarded. */
    Reply createOrUpdate(Call call) {
        ObjectNode request = (ObjectNode) call.tree();
        String table = request.path("TableName").asText("");
        JsonNode sse = request.remove("SSESpecification");
        if (sse == null) {
            return proxy.forward(call);
        }
        boolean onlySse = call.operation().equals("UpdateTable") && request.size() == 1;
        Reply reply = onlySse ? proxy.forward(call.with("DescribeTable", request)) : proxy.forward(call.with(
                call.operation(), request));
        if (reply.ok()) {
            restored(table, sse);
        }
        if (!onlySse) {
            return reply;
        }
        ObjectNode answer = DynamoDbProxy.JSON.createObjectNode();
        answer.set("TableDescription", reply.tree().path("Table"));
        return Reply.json(200, answer);
    }

    /** A restore's {@code SSESpecificationOverride} (missing: the AWS owned key). */
    void restored(String table, JsonNode sse) {
        boolean kms = sse != null && sse.path("Enabled").asBoolean(false)
                && "KMS".equals(sse.path("SSEType").asText("KMS"));
        if (kms) {
            kmsKeyByTable.put(table, sse.path("KMSMasterKeyId").asText(AWS_MANAGED));
        } else {
            kmsKeyByTable.remove(table);
        }
    }

    /** DescribeTable forwarded: the table's SSE description added. */
    Reply described(Reply reply) {
        if (!reply.ok()) {
            return reply;
        }
        ObjectNode answer = (ObjectNode) reply.tree();
        String key = kmsKeyByTable.get(answer.path("Table").path("TableName").asText());
        if (key == null) {
            return reply;
        }
        ((ObjectNode) answer.path("Table")).putObject("SSEDescription").put("Status", "ENABLED").put("SSEType", "KMS")
                .put("KMSMasterKeyArn", key);
        return Reply.json(200, answer);
    }

    void forget(String table) {
        kmsKeyByTable.remove(table);
    }
}
