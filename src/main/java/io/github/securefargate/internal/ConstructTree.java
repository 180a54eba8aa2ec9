package io.github.securefargate.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.jsii.Jsii;
import software.constructs.IConstruct;

/**
 * Finds the constructs of a few types in a construct tree without a Java object for every other construct.
 *
 * <p>{@code node.findAll()} returns every construct below a scope. The jsii runtime makes a new Java proxy for each one
 * that Java has not seen yet (the L1 resources and helpers that aws-cdk-lib's constructs create in JavaScript), and each
 * new proxy costs one more round trip: the runtime asks the kernel for the module's Java names every time. In a stack
 * of this library that is about 90 round trips per walk, for constructs the walk then ignores.
 *
 * <p>Each reference in {@code findAll}'s answer names the jsii class the runtime would make the Java object from: the
 * class the object was first known by, which for an object created in Java is the jsii class nearest to its Java class,
 * and for one created in JavaScript the nearest exported jsii class. So this class takes the answer as JSON, and makes
 * Java objects only of the references whose class may be a wanted type:
 *
 * <ul>
 *   <li>a wanted aws-cdk-lib class or one of its aws-cdk-lib subclasses ({@link #SUBCLASSES});
 *   <li>for a wanted Java class (one of this library's constructs), the jsii class it extends. The runtime already
 *       holds the Java object of every construct created in Java, so those cost nothing; but every construct that
 *       JavaScript created of that same jsii class is made a Java object too (for {@code Construct}, each plain scope
 *       aws-cdk-lib makes, such as a pipeline's stage and action scopes), a round trip each;
 *   <li>any class of a module other than aws-cdk-lib and constructs: a jsii construct library may subclass a wanted
 *       type, and its classes are not listed here.
 * </ul>
 *
 * Callers still test each result with {@code instanceof}. Should the runtime answer in another shape (not an array of
 * references of the form {@code fqn@id}), the walk falls back to {@code findAll} and returns every construct.
 *
 * <p>Not part of the public API.
 */
public final class ConstructTree {
    /**
     * The aws-cdk-lib classes that may be looked for, each with all its subclasses in aws-cdk-lib (jsii names).
     * {@code ConstructTreeTest} holds this table to the class hierarchy of the aws-cdk-lib on the class path.
     */
    static final Map<String, Set<String>> SUBCLASSES = Map.of(
            "aws-cdk-lib.Stage", Set.of("aws-cdk-lib.App"),
            "aws-cdk-lib.aws_ecs.BaseService",
                    Set.of(
                            "aws-cdk-lib.aws_ecs.FargateService",
                            "aws-cdk-lib.aws_ecs.Ec2Service",
                            "aws-cdk-lib.aws_ecs.ExternalService"),
            "aws-cdk-lib.aws_ec2.CfnSecurityGroupEgress", Set.of(),
            "aws-cdk-lib.aws_iam.Policy", Set.of(),
            "aws-cdk-lib.aws_codebuild.CfnProject", Set.of(),
            "aws-cdk-lib.aws_s3.CfnBucketPolicy", Set.of(),
            "aws-cdk-lib.aws_kms.CfnKey", Set.of());

    /** The jsii modules whose classes {@link #SUBCLASSES} covers. */
    private static final Set<String> LISTED_MODULES = Set.of("aws-cdk-lib", "constructs");

    private ConstructTree() {}

    /**
     * @param root the scope to walk; it is included, as in {@code findAll}
     * @param types the wanted types: aws-cdk-lib classes listed in {@link #SUBCLASSES}, Java classes, or classes of
     *     other jsii libraries
     * @return in {@code findAll}'s order (pre-order), the constructs that may be of a wanted type, among them every one
     *     that is
     * @throws IllegalArgumentException for a class of aws-cdk-lib or constructs whose subclasses are not listed
     */
    public static List<IConstruct> candidates(final IConstruct root, final Class<?>... types) {
        Set<String> fqns = jsiiNames(types);
        JsonNode refs = JsiiJson.call(root.getNode(), "findAll");
        if (refs == null || !refs.isArray()) {
            return root.getNode().findAll();
        }
        List<IConstruct> found = new ArrayList<>();
        for (JsonNode ref : refs) {
            String text = ref.path(JsiiJson.REF).asText("");
            int at = text.lastIndexOf('@');
            if (at <= 0) {
                return root.getNode().findAll();
            }
            String fqn = text.substring(0, at);
            if (fqns.contains(fqn) || !LISTED_MODULES.contains(module(fqn))) {
                Object object = JsiiJson.object(ref);
                if (object instanceof IConstruct) {
                    found.add((IConstruct) object);
                }
            }
        }
        return found;
    }

    /** @return the jsii class names under which constructs of {@code types} appear in a reference */
    static Set<String> jsiiNames(final Class<?>... types) {
        Set<String> fqns = new HashSet<>();
        for (Class<?> type : types) {
            if (type.isInterface()) {
                throw new IllegalArgumentException("ConstructTree finds constructs by class, and a reference names "
                        + "only the object's class, never an interface; ask for classes, got " + type.getName());
            }
            Jsii own = type.getDeclaredAnnotation(Jsii.class);
            if (own == null) {
                // A Java class: its objects are referred to by the jsii class it extends (the annotation is inherited).
                Jsii inherited = type.getAnnotation(Jsii.class);
                if (inherited == null) {
                    throw new IllegalArgumentException(type.getName() + " is not a construct class");
                }
                fqns.add(inherited.fqn());
                continue;
            }
            if (!LISTED_MODULES.contains(module(own.fqn()))) {
                fqns.add(own.fqn()); // another jsii library: its classes are always made Java objects
                continue;
            }
            Set<String> subclasses = SUBCLASSES.get(own.fqn());
            if (subclasses == null) {
                throw new IllegalArgumentException("ConstructTree lists no aws-cdk-lib subclasses of " + own.fqn()
                        + "; add the class to SUBCLASSES (ConstructTreeTest checks the list), got " + type.getName());
            }
            fqns.add(own.fqn());
            fqns.addAll(subclasses);
        }
        return fqns;
    }

    /** @return the jsii module of a class name: the part before the first dot ({@code Object} for none) */
    private static String module(final String fqn) {
        int dot = fqn.indexOf('.');
        return dot < 0 ? fqn : fqn.substring(0, dot);
    }
}
