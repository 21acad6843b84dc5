package io.strata.config;

import io.strata.exit.UsageException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The SDK's default credential chain, unchanged, except how it fails: with no credentials anywhere the
 * SDK's message is ~1,500 characters listing every provider's internals. Strata says in one line that
 * none were found, where it looked and how to provide them; the failure is bad usage (exit 2), and the
 * SDK's own message stays its cause for the debug log.
 */
final class CredentialsChain implements AwsCredentialsProvider {

    private final AwsCredentialsProvider chain;

    CredentialsChain(AwsCredentialsProvider chain) {
        this.chain = chain;
    }

    static CredentialsChain standard() {
        return new CredentialsChain(DefaultCredentialsProvider.builder().build());
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return chain.resolveCredentials();
        } catch (SdkClientException e) {
            throw new NoCredentialsException(message(), e);
        }
    }

    /** The sources in the order the default chain tries them, with what is set on this machine. */
    static String message() {
        String profile = firstSet(System.getProperty("aws.profile"), System.getenv("AWS_PROFILE"), "default");
        boolean imdsOff = "true".equalsIgnoreCase(firstSet(System.getProperty("aws.disableEc2Metadata"),
                System.getenv("AWS_EC2_METADATA_DISABLED"), "false"));
        return "No AWS credentials found. Tried: Java properties aws.accessKeyId/aws.secretAccessKey; environment "
                + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; web identity (AWS_WEB_IDENTITY_TOKEN_FILE); profile '" + profile
                + "' (AWS_PROFILE) in ~/.aws/credentials and ~/.aws/config; container credentials "
                + "(AWS_CONTAINER_CREDENTIALS_FULL_URI or _RELATIVE_URI); EC2 instance profile"
                + (imdsOff ? " (disabled: AWS_EC2_METADATA_DISABLED)" : "")
                + ". Provide one: export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run 'aws configure' "
                + "(--profile P, then AWS_PROFILE=P), or run with an IAM role";
    }

    private static String firstSet(String first, String second, String otherwise) {
        if (first != null && !first.isBlank()) {
            return first.trim();
        }
        return second != null && !second.isBlank() ? second.trim() : otherwise;
    }

    @Override
    public String toString() {
        return "CredentialsChain(" + chain + ")";
    }

    /** No credentials in any source of the default chain: bad usage, named in one line. */
    static final class NoCredentialsException extends UsageException {
        NoCredentialsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
