package io.github.securefargate.cluster;

import java.util.List;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;

/** Properties of {@link KeyStateAlert}. Immutable; build with {@link #builder()}. */
public final class KeyStateAlertProps {
    private final @Nullable IKey key;
    private final @Nullable String clusterName;
    private final @Nullable ITopic alertTopic;
    private final @Nullable List<String> alertEmails;

    private KeyStateAlertProps(final Builder b) {
        this.key = b.key;
        this.clusterName = b.clusterName;
        this.alertTopic = b.alertTopic;
        this.alertEmails = b.alertEmails == null ? null : List.copyOf(b.alertEmails);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** The Fargate ephemeral-storage key to watch, in this construct's account. Required. */
    public @Nullable IKey getKey() {
        return key;
    }

    /** Name of the ECS cluster the key encrypts, used in the alert text. Required. */
    public @Nullable String getClusterName() {
        return clusterName;
    }

    /**
     * Topic that receives the alerts.
     *
     * @default - a new {@link io.github.securefargate.notifications.EncryptedTopic} with its own key
     */
    public @Nullable ITopic getAlertTopic() {
        return alertTopic;
    }

    /**
     * E-mail addresses subscribed to the topic the construct creates. Not allowed with {@link #getAlertTopic()}.
     *
     * @default - no subscriptions
     */
    public @Nullable List<String> getAlertEmails() {
        return alertEmails;
    }

    /** Builder of {@link KeyStateAlertProps}. */
    public static final class Builder {
        private IKey key;
        private String clusterName;
        private ITopic alertTopic;
        private List<String> alertEmails;

        private Builder() {}

        /** @see KeyStateAlertProps#getKey() */
        public Builder key(final IKey key) {
            this.key = key;
            return this;
        }

        /** @see KeyStateAlertProps#getClusterName() */
        public Builder clusterName(final String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /** @see KeyStateAlertProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            this.alertTopic = alertTopic;
            return this;
        }

        /** @see KeyStateAlertProps#getAlertEmails() */
        public Builder alertEmails(final List<String> alertEmails) {
            this.alertEmails = alertEmails;
            return this;
        }

        /** @return the properties */
        public KeyStateAlertProps build() {
            return new KeyStateAlertProps(this);
        }
    }
}
