package io.github.securefargate.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * Immutable aws-cdk-lib values, made once per JVM. Each {@code Duration.days(30)}, {@code new ServicePrincipal(..)},
 * {@code EventField.fromPath(..)} or {@code Port.tcp(..)} is a round trip across the jsii bridge, and a second one when
 * the result is an object Java has not seen yet; the library makes the same few values in every stack. None of them
 * holds state of a stack: a service principal, an event field or a port is rendered where it is used.
 *
 * <p>The durations made here also remember their length, so that checking a default needs no round trip.
 *
 * <p>Not part of the public API.
 */
public final class Shared {
    private static final Map<String, Object> VALUES = new ConcurrentHashMap<>();
    /** Seconds of each duration made here (by identity: a Duration a user built is not known). */
    private static final Map<Duration, Long> SECONDS = Collections.synchronizedMap(new IdentityHashMap<>());

    private static final long MINUTE = 60;
    private static final long DAY = 86400;

    private Shared() {}

    /** @return {@code Duration.seconds(amount)} */
    public static Duration seconds(final long amount) {
        return duration(amount + "s", amount, () -> Duration.seconds(amount));
    }

    /** @return {@code Duration.minutes(amount)} */
    public static Duration minutes(final long amount) {
        return duration(amount + "min", amount * MINUTE, () -> Duration.minutes(amount));
    }

    /** @return {@code Duration.days(amount)} */
    public static Duration days(final long amount) {
        return duration(amount + "d", amount * DAY, () -> Duration.days(amount));
    }

    private static Duration duration(final String key, final long seconds, final Supplier<Duration> make) {
        return (Duration) VALUES.computeIfAbsent("duration:" + key, k -> {
            Duration d = make.get();
            SECONDS.put(d, seconds);
            return d;
        });
    }

    /** @return the length of {@code d} in seconds if it was made here, else null */
    public static Long knownSeconds(final Duration d) {
        return SECONDS.get(d);
    }

    /** @return whether {@code d} is a token; no round trip for a duration made here */
    public static boolean isUnresolved(final Duration d) {
        return !SECONDS.containsKey(d) && d.isUnresolved();
    }

    /** @return {@code d.toSeconds()}; no round trip for a duration made here */
    public static double toSeconds(final Duration d) {
        Long known = SECONDS.get(d);
        return known != null ? known : d.toSeconds().doubleValue();
    }

    /** @return {@code new ServicePrincipal(service)} */
    public static ServicePrincipal service(final String service) {
        return (ServicePrincipal) VALUES.computeIfAbsent("principal:" + service, k -> new ServicePrincipal(service));
    }

    /** @return {@code new AccountRootPrincipal()}: the root of the account of the stack it is used in */
    public static AccountRootPrincipal accountRoot() {
        return (AccountRootPrincipal) VALUES.computeIfAbsent("principal:root", k -> new AccountRootPrincipal());
    }

    /** @return {@code new AnyPrincipal()} */
    public static AnyPrincipal anyPrincipal() {
        return (AnyPrincipal) VALUES.computeIfAbsent("principal:*", k -> new AnyPrincipal());
    }

    /** @return {@code EventField.fromPath(path)}: the token string of the field, rendered per rule where it is used */
    public static String eventField(final String path) {
        return (String) VALUES.computeIfAbsent("event:" + path, k -> EventField.fromPath(path));
    }

    /** @return {@code Port.tcp(port)} */
    public static Port tcp(final int port) {
        return (Port) VALUES.computeIfAbsent("tcp:" + port, k -> Port.tcp(port));
    }

    /** @return {@code Port.tcp(port)}; a token port is made anew (it is not a value to share) */
    public static Port tcp(final Number port) {
        return Check.isToken(port) || port.doubleValue() != Math.rint(port.doubleValue())
                ? Port.tcp(port)
                : tcp(port.intValue());
    }

    /** @return {@code Peer.anyIpv4()} */
    public static IPeer anyIpv4() {
        return (IPeer) VALUES.computeIfAbsent("peer:0.0.0.0/0", k -> Peer.anyIpv4());
    }
}
