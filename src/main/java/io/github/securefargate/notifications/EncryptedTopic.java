package io.github.securefargate.notifications;

import io.github.securefargate.internal.AlarmTopics;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.internal.Rules;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * An SNS topic for operational alerts: encrypted with a customer-managed key that CloudWatch alarms and EventBridge
 * rules may use, and a topic policy that denies any publish or subscribe request not made over TLS.
 *
 * <p>Used by the library for key-state alerts, GuardDuty coverage and finding notifications; usable on its own.
 */
public class EncryptedTopic extends Construct {

    private final Topic topic;
    private final IKey key;
    private final List<String> emails = new ArrayList<>();

    /** Creates an encrypted topic with default properties. */
    public EncryptedTopic(final Construct scope, final String id) {
        this(scope, id, EncryptedTopicProps.builder().build());
    }

    /**
     * @param scope parent
     * @param id    construct id
     * @param props properties
     */
    public EncryptedTopic(final Construct scope, final String id, final EncryptedTopicProps props) {
        super(scope, id);
        List<String> subscriptions = props.getAlertEmails() == null ? List.of() : props.getAlertEmails();
        Check.emails(this, "alertEmails", subscriptions);
        Rules.topicDisplayName(this, "displayName", props.getDisplayName());
        Rules.symmetricKey(this, "key", props.getKey());

        if (props.getKey() != null) {
            this.key = props.getKey();
        } else {
            this.key = Keys.create(this, "Key", "Encrypts the alert topic " + Check.path(this));
        }
        this.topic = Topic.Builder.create(this, "Resource")
                .masterKey(key)
                .enforceSsl(true)
                .displayName(props.getDisplayName())
                .build();
        // The TLS-only topic policy replaces SNS's default policy: without this, alarms could not publish.
        AlarmTopics.allowAlarms(this, topic);
        subscriptions.forEach(this::addAlertEmail);
    }

    /**
     * Subscribes an e-mail address. The recipient must confirm the subscription.
     *
     * @param address e-mail address
     */
    public void addAlertEmail(final String address) {
        Check.emails(this, "alertEmails", List.of(address));
        topic.addSubscription(new EmailSubscription(address));
        emails.add(address);
    }

    /** @return the topic */
    public Topic getTopic() {
        return topic;
    }

    /** @return the key that encrypts the topic */
    public IKey getKey() {
        return key;
    }

    /** @return the subscribed e-mail addresses */
    public List<String> getAlertEmails() {
        return List.copyOf(emails);
    }

    /** Builder in the style of aws-cdk-lib. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final EncryptedTopicProps.Builder props = EncryptedTopicProps.builder();

        private Builder(final Construct scope, final String id) {
            this.scope = scope;
            this.id = id;
        }

        /** @return a builder for a topic with {@code id} under {@code scope} */
        public static Builder create(final Construct scope, final String id) {
            return new Builder(scope, id);
        }

        /** @see EncryptedTopicProps#getKey() */
        public Builder key(final IKey key) {
            props.key(key);
            return this;
        }

        /** @see EncryptedTopicProps#getAlertEmails() */
        public Builder alertEmails(final List<String> alertEmails) {
            props.alertEmails(alertEmails);
            return this;
        }

        /** @see EncryptedTopicProps#getDisplayName() */
        public Builder displayName(final String displayName) {
            props.displayName(displayName);
            return this;
        }

        /** @return the topic */
        public EncryptedTopic build() {
            return new EncryptedTopic(scope, id, props.build());
        }
    }
}
