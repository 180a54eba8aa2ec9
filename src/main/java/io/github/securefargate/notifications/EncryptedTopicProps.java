package io.github.securefargate.notifications;

import java.util.List;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.kms.IKey;

/** Properties of {@link EncryptedTopic}. */
public final class EncryptedTopicProps {
    private final @Nullable IKey key;
    private final @Nullable List<String> alertEmails;
    private final @Nullable String displayName;

    private EncryptedTopicProps(final Builder b) {
        this.key = b.key;
        this.alertEmails = b.alertEmails == null ? null : List.copyOf(b.alertEmails);
        this.displayName = b.displayName;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Customer-managed symmetric encryption key that encrypts the topic (asymmetric and HMAC keys are rejected). For a
     * key of this app the construct adds the statement that lets this account's CloudWatch alarms use it; EventBridge
     * targets add theirs. For an imported key, its policy must let {@code events.amazonaws.com} and
     * {@code cloudwatch.amazonaws.com} use it ({@code kms:Decrypt}, {@code kms:GenerateDataKey*}), or EventBridge rules
     * and alarms cannot publish (the construct warns).
     *
     * @default - a new key with rotation, retained on delete, whose policy lets CloudWatch alarms and EventBridge publish
     */
    public @Nullable IKey getKey() {
        return key;
    }

    /**
     * E-mail addresses to subscribe. Each recipient must confirm the subscription.
     *
     * @default - no subscriptions
     */
    public @Nullable List<String> getAlertEmails() {
        return alertEmails;
    }

    /**
     * Display name of the topic, shown as the sender of e-mail notifications; at most 100 characters.
     *
     * @default - no display name
     */
    public @Nullable String getDisplayName() {
        return displayName;
    }

    /** Builder for {@link EncryptedTopicProps}. */
    public static final class Builder {
        private IKey key;
        private List<String> alertEmails;
        private String displayName;

        private Builder() {}

        /** @see EncryptedTopicProps#getKey() */
        public Builder key(final IKey key) {
            this.key = key;
            return this;
        }

        /** @see EncryptedTopicProps#getAlertEmails() */
        public Builder alertEmails(final List<String> alertEmails) {
            this.alertEmails = alertEmails;
            return this;
        }

        /** @see EncryptedTopicProps#getDisplayName() */
        public Builder displayName(final String displayName) {
            this.displayName = displayName;
            return this;
        }

        /** @return the props */
        public EncryptedTopicProps build() {
            return new EncryptedTopicProps(this);
        }
    }
}
