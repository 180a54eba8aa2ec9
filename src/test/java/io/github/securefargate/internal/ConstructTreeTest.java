package io.github.securefargate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.securefargate.testing.TestApps;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupEgress;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.constructs.Construct;
import software.constructs.IConstruct;

class ConstructTreeTest {
    /** A construct class written in Java, as this library's constructs are. */
    static final class Marker extends Construct {
        Marker(final Construct scope, final String id) {
            super(scope, id);
        }
    }

    /** A Stage written in Java, as a CDK Pipelines app writes its stages. */
    static final class Prod extends Stage {
        Prod(final Construct scope, final String id) {
            super(scope, id);
        }
    }

    /**
     * The table of subclasses is what lets the walk skip a construct by its class name, so it must list every
     * aws-cdk-lib subclass of each class in it: compared here with the class hierarchy in aws-cdk-lib's own jsii
     * assembly (the one the kernel loads), so that an aws-cdk-lib upgrade that adds a subclass fails this test.
     */
    @Test
    void theSubclassTableListsEverySubclassInTheAwsCdkLibAssembly() throws IOException {
        Map<String, String> bases = awsCdkLibBases();
        assertThat(bases).containsKeys("aws-cdk-lib.aws_ecs.FargateService", "aws-cdk-lib.App");
        for (Map.Entry<String, Set<String>> entry : ConstructTree.SUBCLASSES.entrySet()) {
            assertThat(bases).as("class %s in aws-cdk-lib", entry.getKey()).containsKey(entry.getKey());
            Set<String> subclasses = new TreeSet<>();
            for (String type : bases.keySet()) {
                for (String base = bases.get(type); base != null; base = bases.get(base)) {
                    if (base.equals(entry.getKey())) {
                        subclasses.add(type);
                    }
                }
            }
            assertThat(new TreeSet<>(entry.getValue()))
                    .as("aws-cdk-lib subclasses of %s", entry.getKey())
                    .isEqualTo(subclasses);
        }
    }

    @Test
    void findsWhatFindAllFindsOfTheWantedTypesAndSkipsTheRest() {
        App app = TestApps.app();
        Stack stack = new Stack(app, "Tree");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        SecurityGroup closed = SecurityGroup.Builder.create(stack, "Closed")
                .vpc(vpc)
                .allowAllOutbound(false)
                .build();
        SecurityGroup other =
                SecurityGroup.Builder.create(stack, "Other").vpc(vpc).build();
        closed.getConnections().allowTo(other, Port.tcp(443), "to other"); // an egress rule made in JavaScript
        // a FargateService made in JavaScript
        ApplicationLoadBalancedFargateService.Builder.create(stack, "Pattern")
                .cluster(Cluster.Builder.create(stack, "Cluster").vpc(vpc).build())
                .securityGroups(List.of(closed))
                .taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
                        .image(ContainerImage.fromRegistry("nginx"))
                        .build())
                .build();
        Marker marker = new Marker(stack, "Marker");
        Prod prod = new Prod(app, "Prod");
        new Stack(prod, "InProd");

        // Before findAll, which would give every construct a Java object.
        List<IConstruct> candidates =
                ConstructTree.candidates(app, BaseService.class, CfnSecurityGroupEgress.class, Marker.class);
        List<IConstruct> all = app.getNode().findAll();

        List<IConstruct> wanted = all.stream()
                .filter(c -> c instanceof BaseService || c instanceof CfnSecurityGroupEgress || c instanceof Marker)
                .collect(Collectors.toList());
        assertThat(wanted)
                .hasSize(4) // the service, the egress rules of allowTo and of the load balancer, the marker
                .contains(marker)
                .hasAtLeastOneElementOfType(BaseService.class)
                .hasAtLeastOneElementOfType(CfnSecurityGroupEgress.class);
        assertThat(candidates.stream()
                        .filter(c ->
                                c instanceof BaseService || c instanceof CfnSecurityGroupEgress || c instanceof Marker)
                        .collect(Collectors.toList()))
                .isEqualTo(wanted);
        // Only the plain Constructs (the class Marker extends) come along; every other construct is skipped.
        assertThat(candidates).allMatch(c -> wanted.contains(c) || c.getClass() == Construct.class);
        assertThat(all.size()).isGreaterThan(10 * candidates.size());
        // A Java subclass of a wanted aws-cdk-lib class is referred to by that class.
        assertThat(ConstructTree.candidates(app, Stage.class)).contains(app, prod);
    }

    @Test
    void namesAJavaClassByTheJsiiClassItExtends() {
        assertThat(ConstructTree.jsiiNames(Marker.class)).containsExactly("constructs.Construct");
        assertThat(ConstructTree.jsiiNames(Prod.class)).containsExactly("aws-cdk-lib.Stage");
        // a class of another jsii library is named by itself: that library's classes are always made Java objects
        assertThat(ConstructTree.jsiiNames(io.github.cdklabs.cdknag.NagPack.class))
                .containsExactly("cdk-nag.NagPack");
        assertThat(ConstructTree.jsiiNames(BaseService.class))
                .containsExactlyInAnyOrder(
                        "aws-cdk-lib.aws_ecs.BaseService",
                        "aws-cdk-lib.aws_ecs.FargateService",
                        "aws-cdk-lib.aws_ecs.Ec2Service",
                        "aws-cdk-lib.aws_ecs.ExternalService");
    }

    @Test
    void rejectsAnAwsCdkLibClassWhoseSubclassesItDoesNotList() {
        assertThatThrownBy(() -> ConstructTree.jsiiNames(Vpc.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ConstructTree lists no aws-cdk-lib subclasses of aws-cdk-lib.aws_ec2.Vpc; add the class "
                        + "to SUBCLASSES (ConstructTreeTest checks the list), got "
                        + "software.amazon.awscdk.services.ec2.Vpc");
    }

    @Test
    void rejectsAnInterfaceWhichNoReferenceNames() {
        assertThatThrownBy(() -> ConstructTree.jsiiNames(software.amazon.awscdk.services.ecs.IService.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ConstructTree finds constructs by class, and a reference names only the object's class, "
                        + "never an interface; ask for classes, got software.amazon.awscdk.services.ecs.IService");
    }

    /** @return every class of aws-cdk-lib's jsii assembly that has a base class, with that base (jsii names) */
    private static Map<String, String> awsCdkLibBases() throws IOException {
        Path jar = Path.of(toUri(App.class));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().matches("software/amazon/awscdk/aws-cdk-lib@[^/]+\\.jsii\\.tgz")) {
                    try (InputStream tgz = new GZIPInputStream(zip.getInputStream(entry), 1 << 16)) {
                        return bases(new GZIPInputStream(
                                new ByteArrayInputStream(tarEntry(tgz, "package/.jsii.gz")), 1 << 16));
                    }
                }
            }
        }
        throw new AssertionError("no aws-cdk-lib jsii assembly in " + jar);
    }

    private static URI toUri(final Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the content of the entry {@code name} of a tar stream (ustar headers of 512 bytes) */
    private static byte[] tarEntry(final InputStream tar, final String name) throws IOException {
        DataInputStream in = new DataInputStream(tar);
        byte[] header = new byte[512];
        while (true) {
            in.readFully(header);
            String entryName = new String(header, 0, 100, StandardCharsets.US_ASCII).replaceAll("\0.*", "");
            if (entryName.isEmpty()) {
                throw new AssertionError("no " + name + " in the assembly tarball");
            }
            long size =
                    Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).replaceAll("[\0 ]", ""), 8);
            if (entryName.equals(name)) {
                byte[] content = new byte[(int) size];
                in.readFully(content);
                return content;
            }
            in.skipNBytes((size + 511) / 512 * 512);
        }
    }

    /** @return, from a jsii assembly, each type that names a base class, with that base */
    private static Map<String, String> bases(final InputStream assembly) throws IOException {
        Map<String, String> bases = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(assembly)) {
            p.nextToken(); // the assembly object
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("types")) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String fqn = p.currentName();
                    p.nextToken(); // the type object
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        p.nextToken();
                        if (key.equals("base") && p.currentToken() == JsonToken.VALUE_STRING) {
                            bases.put(fqn, p.getText());
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        }
        return bases;
    }
}
