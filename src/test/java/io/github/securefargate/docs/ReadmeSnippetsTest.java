package io.github.securefargate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Compiles every Java snippet of the README against the library, so that no snippet can drift from the API. Each
 * snippet becomes the body of a method of a {@code Stack} subclass (so {@code this} is a stack, as in a user's stack
 * constructor); the names a snippet uses without declaring them (a VPC, a certificate ARN, the stage environments, the
 * user's own stack classes) are declared by {@link #CONTEXT}, which is the only thing the README leaves to the reader.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private static final String IMPORTS = String.join(
            "\n",
            "import io.github.cdklabs.cdknag.*;",
            "import io.github.securefargate.bluegreen.*;",
            "import io.github.securefargate.cluster.*;",
            "import io.github.securefargate.compliance.*;",
            "import io.github.securefargate.guardduty.*;",
            "import io.github.securefargate.notifications.*;",
            "import io.github.securefargate.pipeline.*;",
            "import io.github.securefargate.service.*;",
            "import io.github.securefargate.storage.*;",
            "import java.util.List;",
            "import java.util.Map;",
            "import software.amazon.awscdk.App;",
            "import software.amazon.awscdk.Duration;",
            "import software.amazon.awscdk.Environment;",
            "import software.amazon.awscdk.Stack;",
            "import software.amazon.awscdk.StackProps;",
            "import software.amazon.awscdk.Stage;",
            "import software.amazon.awscdk.services.certificatemanager.*;",
            "import software.amazon.awscdk.services.codedeploy.*;",
            "import software.amazon.awscdk.services.dynamodb.Table;",
            "import software.amazon.awscdk.services.ec2.*;",
            "import software.amazon.awscdk.services.ecs.*;",
            "import software.amazon.awscdk.services.efs.AccessPoint;",
            "import software.amazon.awscdk.services.efs.LifecyclePolicy;",
            "import software.amazon.awscdk.services.iam.*;",
            "import software.amazon.awscdk.services.kms.IKey;",
            "import software.amazon.awscdk.services.lambda.IFunction;",
            "import software.amazon.awscdk.services.sns.ITopic;",
            "import software.amazon.awscdk.pipelines.*;",
            "import software.constructs.Construct;");

    /** What the README leaves to the reader: values a snippet uses, and the user's own stack classes. */
    private static final String CONTEXT = String.join(
            "\n",
            "    Vpc vpc;",
            "    EncryptedCluster cluster;",
            "    EncryptedCluster encryptedCluster;",
            "    SecureFargateService service;",
            "    ICertificate certificate;",
            "    String certificateArn;",
            "    String connectionArn;",
            "    Table table;",
            "    IConnectable database;",
            "    Environment uatEnv;",
            "    Environment prodEnv;",
            "    Environment toolchainEnv;",
            "    IKey sharedKey;",
            "    Stack keyAccountStack;",
            "    ITopic alertTopic;",
            "    IFunction smokeTests;",
            "    Snippet(final Construct scope) {",
            "        super(scope, \"Snippet\");",
            "    }",
            "    /** The user's stack with a blue/green service (README: Toolchain). */",
            "    static class BlueGreenServiceStack extends Stack {",
            "        BlueGreenServiceStack(Construct scope, String id, StackProps props, IEcsDeploymentConfig config) {",
            "            super(scope, id, props);",
            "        }",
            "        BlueGreenServiceStack(Construct scope, String id, StackProps props, NativeTrafficShift shift) {",
            "            super(scope, id, props);",
            "        }",
            "        BlueGreenService getBlueGreen() {",
            "            return null;",
            "        }",
            "        NativeBlueGreenService getNativeBlueGreen() {",
            "            return null;",
            "        }",
            "    }",
            "    /** The user's toolchain stack (README: Compliance). */",
            "    static class ToolchainStack extends Stack {",
            "        ToolchainStack(Construct scope, String id, StackProps props) {",
            "            super(scope, id, props);",
            "        }",
            "    }");

    static List<String> snippets(final String readme) {
        List<String> found = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static JavaFileObject source(final int index, final String snippet) {
        String name = "Snippet" + index;
        String code = "package readme;\n" + IMPORTS + "\n\nclass " + name + " extends Stack {\n"
                + CONTEXT.replace("Snippet(", name + "(")
                + "\n    void snippet() throws Exception {\n" + snippet + "\n    }\n}\n";
        return new SimpleJavaFileObject(URI.create("string:///readme/" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(final boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }

    @Test
    void everyJavaSnippetOfTheReadmeCompilesAgainstTheLibrary() throws IOException {
        List<String> snippets = snippets(Files.readString(Path.of("README.md")));
        assertThat(snippets).as("Java snippets in README.md").hasSizeGreaterThanOrEqualTo(8);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createDirectories(Path.of("target", "readme-snippets"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<JavaFileObject> sources = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            sources.add(source(i, snippets.get(i)));
        }
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            boolean ok = compiler.getTask(
                            null,
                            files,
                            diagnostics,
                            List.of("-classpath", classpath, "-d", out.toString(), "-proc:none", "--release", "17"),
                            null,
                            sources)
                    .call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> "README snippet " + d.getSource().getName().replaceAll("\\D", "") + ", line "
                            + (d.getLineNumber()
                                    - IMPORTS.lines().count()
                                    - CONTEXT.lines().count()
                                    - 4) + ": "
                            + d.getMessage(Locale.ROOT))
                    .toList();
            assertThat(errors).isEmpty();
            assertThat(ok).isTrue();
        }
    }
}
