package io.github.securefargate.guardduty;

import static io.github.securefargate.guardduty.RuntimeMonitoring.ISOLATION_RECORD_TAG;
import static io.github.securefargate.guardduty.RuntimeMonitoring.ISOLATION_TAG;

import io.github.securefargate.internal.AlarmTopics;
import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Shared;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/**
 * Task isolation of {@link RuntimeMonitoring} ({@code isolateTasks}): the rule and function ({@code isolate_task.py})
 * that quarantine the addresses of a task named in a finding in the VPC's network ACLs, and the alarm on failures.
 */
final class Isolation {
    /** Environment variable of the isolation function: the tag key that records the finding on an interface. */
    static final String ENV_ISOLATION_TAG = "ISOLATION_TAG";
    /** Environment variable of the isolation function: the tag key that records the network ACL entries. */
    static final String ENV_ISOLATION_RECORD_TAG = "ISOLATION_RECORD_TAG";

    private Isolation() {}

    /**
     * @return the function that quarantines a task's addresses, with its encrypted dead-letter queue and the alarm
     *         on it, created in the owner's scope
     */
    static Function createFunction(
            final RuntimeMonitoring owner,
            final Handlers handlers,
            final ICluster cluster,
            final String clusterName,
            final IVpc vpc,
            final ITopic alertTopic) {
        Stack stack = Env.stack(owner);
        Key deadLetterKey = Keys.create(
                owner,
                "IsolationDeadLetterKey",
                "Encrypts failed GuardDuty task-isolation events of ECS cluster " + clusterName);
        Queue deadLetters = Queue.Builder.create(owner, "IsolationDeadLetterQueue")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(deadLetterKey)
                .enforceSsl(true)
                .retentionPeriod(Shared.days(14))
                .build();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CLUSTER_NAME", clusterName);
        environment.put("CLUSTER_ARN", cluster.getClusterArn());
        environment.put("VPC_ID", vpc.getVpcId());
        // The handler reads the tag names from here, so that they have one home: the constants the IAM policy uses too.
        environment.put(ENV_ISOLATION_TAG, ISOLATION_TAG);
        environment.put(ENV_ISOLATION_RECORD_TAG, ISOLATION_RECORD_TAG);
        List<PolicyStatement> statements = new ArrayList<>();
        // The function is granted sqs:SendMessage on the queue (deadLetterQueue); SQS needs these on the queue's key.
        statements.add(PolicyStatement.Builder.create()
                .sid("EncryptDeadLetters")
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(deadLetterKey.getKeyArn()))
                .build());

        String vpcArn = Handlers.vpcArn(stack, vpc);
        Map<String, Object> inThisVpc = Map.of("StringEquals", Map.of("ec2:Vpc", vpcArn));
        statements.add(PolicyStatement.Builder.create()
                .sid("DescribeTasksOfThisCluster")
                .actions(List.of("ecs:DescribeTasks"))
                .resources(List.of(Handlers.arn(stack, "ecs", "task", clusterName + "/*")))
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", cluster.getClusterArn())))
                .build());
        // Fargate task interfaces are requester-managed: only their tags may change
        // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/requester-managed-eni.html), so the task is contained
        // with deny entries in the network ACLs of this VPC, and its interface gets the two record tags only.
        statements.add(PolicyStatement.Builder.create()
                .sid("FindNetworkAcls")
                .actions(List.of("ec2:DescribeNetworkAcls"))
                .resources(List.of("*"))
                .build());
        statements.add(PolicyStatement.Builder.create()
                .sid("QuarantineInNetworkAclsOfThisVpc")
                .actions(List.of("ec2:CreateNetworkAclEntry"))
                .resources(List.of(Handlers.arn(stack, "ec2", "network-acl", "*")))
                .conditions(inThisVpc)
                .build());
        statements.add(PolicyStatement.Builder.create()
                .sid("RecordIsolationOnInterfacesOfThisVpc")
                .actions(List.of("ec2:CreateTags"))
                .resources(List.of(Handlers.arn(stack, "ec2", "network-interface", "*")))
                // Sorted: the same template text on every synth (Map.of's order changes from one JVM to the next).
                .conditions(new TreeMap<>(Map.of(
                        "StringEquals",
                        Map.of("ec2:Vpc", vpcArn),
                        "ForAllValues:StringEquals",
                        Map.of("aws:TagKeys", List.of(ISOLATION_TAG, ISOLATION_RECORD_TAG)))))
                .build());
        Function function = handlers.create(
                "IsolationFunction",
                "isolate_task.py",
                "Quarantines the address of ECS tasks named in GuardDuty findings in the VPC's network ACLs",
                Shared.minutes(1),
                2,
                environment,
                deadLetters,
                statements,
                Nag.rule(
                        "Task network interfaces and the "
                                + "network ACLs' entries are matched by the ec2:Vpc condition of this VPC instead of by id (Fargate "
                                + "creates the interfaces at run time); only the two isolation tags may be set; tasks are limited to "
                                + "this cluster; DescribeNetworkAcls, DescribeNetworkInterfaces and the VPC network-interface actions "
                                + "accept only resource *",
                        List.of(
                                "Resource::*",
                                "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ecs:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):task\\/.+\\/\\*$/",
                                "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ec2:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):network-interface\\/\\*$/",
                                "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ec2:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):network-acl\\/\\*$/"),
                        "AwsSolutions-IAM5"));

        Alarm alarm = Alarm.Builder.create(owner, "IsolationFailedAlarm")
                .alarmDescription("A GuardDuty task isolation of ECS cluster " + clusterName + " failed: the event "
                        + "is in the dead-letter queue and the function logs say why. Isolate the task by hand.")
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Shared.minutes(1))
                        .statistic("Maximum")
                        .build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        AlarmTopics.allowAlarms(owner, alertTopic);
        alarm.addAlarmAction(new SnsAction(alertTopic));
        return function;
    }

    /** @return the rule that sends findings naming a task of the cluster at or above {@code severity} to function */
    static Rule createRule(
            final RuntimeMonitoring owner, final String clusterName, final Function function, final Number severity) {
        // EventBridge's own delivery retries (up to 185 over 24 hours) stay: the target has no dead-letter queue, so
        // fewer retries would drop an event silently. Failures inside the function go to the function's queue.
        return Rule.Builder.create(owner, "IsolationRule")
                .description("Isolates tasks of ECS cluster " + clusterName + " named in GuardDuty findings with "
                        + "severity >= " + severity)
                .eventPattern(Alerts.findingPattern(owner, clusterName, severity, true))
                .targets(List.of(new LambdaFunction(function)))
                .build();
    }
}
