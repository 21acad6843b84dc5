package io.strata.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.TagResourceResponse;

/**
 * DynamoDB Local answers "Tagging is not currently supported". This decorator adds TagResource and
 * ListTagsOfResource as AWS documents them (tags per table ARN, a later value replaces an earlier
 * one); every other call goes to the real client.
 */
public final class TaggingDynamoDb {

    private TaggingDynamoDb() {
    }

    public static DynamoDbClient wrap(DynamoDbClient real) {
        Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
        return (DynamoDbClient) Proxy.newProxyInstance(TaggingDynamoDb.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "tagResource" -> {
                            TagResourceRequest request = args[0] instanceof TagResourceRequest r ? r
                                    : TagResourceRequest.builder().applyMutation(consumer(args[0])).build();
                            request.tags().forEach(t -> tags.computeIfAbsent(request.resourceArn(),
                                    a -> new ConcurrentHashMap<>()).put(t.key(), t.value()));
                            return TagResourceResponse.builder().build();
                        }
                        case "listTagsOfResource" -> {
                            ListTagsOfResourceRequest request = args[0] instanceof ListTagsOfResourceRequest r ? r
                                    : ListTagsOfResourceRequest.builder().applyMutation(consumer(args[0])).build();
                            List<Tag> list = tags.getOrDefault(request.resourceArn(), Map.of()).entrySet().stream()
                                    .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
                            return ListTagsOfResourceResponse.builder().tags(list).build();
                        }
                        default -> {
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private static <T> Consumer<T> consumer(Object argument) {
        return (Consumer<T>) argument;
    }
}
