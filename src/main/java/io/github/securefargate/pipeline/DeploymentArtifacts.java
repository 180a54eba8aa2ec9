package io.github.securefargate.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;

/**
 * Writes the three files a CodeDeploy blue/green deployment to ECS needs, from the task definition a stage actually
 * registered (the output of {@code aws ecs describe-task-definition}), so that nothing is kept by hand:
 *
 * <ul>
 *   <li>{@value #TASK_DEFINITION_FILE}: the registered task definition with the read-only fields removed and the
 *       application container's image replaced by {@code <}{@value #IMAGE_PLACEHOLDER}{@code >};</li>
 *   <li>{@value #IMAGE_DETAIL_FILE}: {@code {"ImageURI": "..."}}, the image the stage's deployment registered (or the
 *       one given with {@code --image});</li>
 *   <li>{@value #APPSPEC_FILE}: the ECS AppSpec naming the container and port that take load-balancer traffic, the
 *       platform version and the lifecycle hooks.</li>
 * </ul>
 *
 * <p>The pipeline's build step runs it with {@link #main(String[])}; {@link #generate} is the same logic for tests.
 *
 * <pre>
 * java -cp ... io.github.securefargate.pipeline.DeploymentArtifacts \
 *     --task-definition described.json --container app --port 8080 \
 *     [--image URI] [--platform-version LATEST] [--hook AfterAllowTestTraffic=my-function] --out deploy
 * </pre>
 */
public final class DeploymentArtifacts {
    /** Task definition template file name (the CodeDeploy action's default). */
    public static final String TASK_DEFINITION_FILE = "taskdef.json";
    /** AppSpec file name (the CodeDeploy action's default). */
    public static final String APPSPEC_FILE = "appspec.yaml";
    /** Image detail file name CodePipeline reads for an image input. */
    public static final String IMAGE_DETAIL_FILE = "imageDetail.json";
    /** Placeholder name the CodeDeploy action replaces with the image URI of its first image input. */
    public static final String IMAGE_PLACEHOLDER = "IMAGE1_NAME";
    /** Placeholder CodeDeploy replaces with the ARN of the task definition it registers. */
    public static final String TASK_DEFINITION_PLACEHOLDER = "<TASK_DEFINITION>";
    /** Fields of a described task definition that RegisterTaskDefinition rejects or ignores. */
    public static final List<String> READ_ONLY_FIELDS = List.of(
            "taskDefinitionArn",
            "revision",
            "status",
            "requiresAttributes",
            "compatibilities",
            "registeredAt",
            "registeredBy",
            "deregisteredAt");
    /** Lifecycle events of an ECS deployment that can run a hook function, in the order they happen. */
    public static final List<String> HOOK_EVENTS = List.of(
            "BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DeploymentArtifacts() {}

    /**
     * What to generate.
     *
     * @param containerName   the container that receives load-balancer traffic (its image gets the placeholder)
     * @param containerPort   its port
     * @param image           image URI for {@value #IMAGE_DETAIL_FILE}; null takes the container's registered image
     * @param platformVersion Fargate platform version for the AppSpec, or null to leave it out
     * @param hooks           lifecycle event ({@link #HOOK_EVENTS}) to function name or ARN, in any order
     */
    public record Options(
            String containerName,
            int containerPort,
            @Nullable String image,
            @Nullable String platformVersion,
            Map<String, String> hooks) {
        /** Validates and copies. */
        public Options {
            if (containerName == null || containerName.isBlank()) {
                throw new IllegalArgumentException("container name is required");
            }
            if (containerPort < 1 || containerPort > 65535) {
                throw new IllegalArgumentException("container port must be between 1 and 65535, got " + containerPort);
            }
            hooks = hooks == null ? Map.of() : Map.copyOf(hooks);
            for (String event : hooks.keySet()) {
                if (!HOOK_EVENTS.contains(event)) {
                    throw new IllegalArgumentException(
                            "hook event must be one of " + HOOK_EVENTS + ", got '" + event + "'");
                }
            }
        }
    }

    /**
     * The three files.
     *
     * @param taskDefinition content of {@value #TASK_DEFINITION_FILE}
     * @param appSpec        content of {@value #APPSPEC_FILE}
     * @param imageDetail    content of {@value #IMAGE_DETAIL_FILE}
     */
    public record Result(String taskDefinition, String appSpec, String imageDetail) {
        /** Writes the files into {@code directory}, creating it. */
        public void writeTo(final Path directory) throws IOException {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(TASK_DEFINITION_FILE), taskDefinition);
            Files.writeString(directory.resolve(APPSPEC_FILE), appSpec);
            Files.writeString(directory.resolve(IMAGE_DETAIL_FILE), imageDetail);
        }
    }

    /**
     * Generates the files from a described task definition.
     *
     * @param describedTaskDefinition output of {@code aws ecs describe-task-definition} (with or without the
     *                                {@code taskDefinition} wrapper)
     * @param options                 container, port, image, platform version and hooks
     * @return the three files
     * @throws IllegalArgumentException when the task definition has no such container or port, or no image
     */
    public static Result generate(final String describedTaskDefinition, final Options options) {
        JsonNode root;
        try {
            root = JSON.readTree(describedTaskDefinition);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("task definition is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode definition = root != null && root.has("taskDefinition") ? root.get("taskDefinition") : root;
        if (definition == null || !definition.isObject() || !definition.has("containerDefinitions")) {
            throw new IllegalArgumentException("task definition must be the output of `aws ecs "
                    + "describe-task-definition` (an object with containerDefinitions)");
        }
        ObjectNode taskDefinition = ((ObjectNode) definition).deepCopy();
        READ_ONLY_FIELDS.forEach(taskDefinition::remove);

        ObjectNode container = findContainer(taskDefinition, options.containerName());
        requirePort(container, options);
        String registeredImage = container.path("image").asText("");
        String image = options.image() != null ? options.image() : registeredImage;
        if (image.isBlank() || image.contains("<")) {
            throw new IllegalArgumentException("container '" + options.containerName() + "' has no image to deploy"
                    + " (got '" + registeredImage + "'); pass --image");
        }
        container.put("image", "<" + IMAGE_PLACEHOLDER + ">");

        Map<String, String> imageDetail = new LinkedHashMap<>();
        imageDetail.put("ImageURI", image);
        try {
            return new Result(
                    JSON.writeValueAsString(taskDefinition) + "\n",
                    appSpec(options),
                    JSON.writeValueAsString(imageDetail) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode findContainer(final ObjectNode taskDefinition, final String name) {
        JsonNode containers = taskDefinition.get("containerDefinitions");
        List<String> names = new ArrayList<>();
        if (containers instanceof ArrayNode) {
            for (JsonNode c : containers) {
                String n = c.path("name").asText();
                if (n.equals(name)) {
                    return (ObjectNode) c;
                }
                names.add(n);
            }
        }
        throw new IllegalArgumentException("container '" + name + "' is not in the task definition; it has " + names);
    }

    private static void requirePort(final ObjectNode container, final Options options) {
        List<Integer> ports = new ArrayList<>();
        for (Iterator<JsonNode> it = container.path("portMappings").elements(); it.hasNext(); ) {
            int port = it.next().path("containerPort").asInt(-1);
            if (port == options.containerPort()) {
                return;
            }
            ports.add(port);
        }
        throw new IllegalArgumentException("container '" + options.containerName() + "' does not map port "
                + options.containerPort() + "; it maps " + ports);
    }

    private static String appSpec(final Options options) {
        StringBuilder y = new StringBuilder();
        y.append("version: 0.0\n");
        y.append("Resources:\n");
        y.append("  - TargetService:\n");
        y.append("      Type: AWS::ECS::Service\n");
        y.append("      Properties:\n");
        y.append("        TaskDefinition: ")
                .append(quote(TASK_DEFINITION_PLACEHOLDER))
                .append('\n');
        y.append("        LoadBalancerInfo:\n");
        y.append("          ContainerName: ")
                .append(quote(options.containerName()))
                .append('\n');
        y.append("          ContainerPort: ").append(options.containerPort()).append('\n');
        if (options.platformVersion() != null) {
            y.append("        PlatformVersion: ")
                    .append(quote(options.platformVersion()))
                    .append('\n');
        }
        if (!options.hooks().isEmpty()) {
            y.append("Hooks:\n");
            for (String event : HOOK_EVENTS) {
                String function = options.hooks().get(event);
                if (function != null) {
                    y.append("  - ")
                            .append(event)
                            .append(": ")
                            .append(quote(function))
                            .append('\n');
                }
            }
        }
        return y.toString();
    }

    /** YAML double-quoted scalar. */
    private static String quote(final String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Command line entry point; see the class comment for the arguments. Exits with 2 on bad arguments or input.
     *
     * @param args command-line arguments
     */
    public static void main(final String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DeploymentArtifacts: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("DeploymentArtifacts: " + e);
            System.exit(2);
        }
    }

    /**
     * Parses the arguments, generates and writes the files.
     *
     * @param args command-line arguments
     * @return the directory the files were written to
     * @throws IOException when a file cannot be read or written
     */
    public static Path run(final String[] args) throws IOException {
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, String> hooks = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[i + 1];
            switch (flag) {
                case "--task-definition", "--container", "--port", "--image", "--platform-version", "--out" ->
                    single.put(flag, value);
                case "--hook" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0 || eq == value.length() - 1) {
                        throw new IllegalArgumentException("--hook must be Event=function, got '" + value + "'");
                    }
                    hooks.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument " + flag);
            }
        }
        for (String required : List.of("--task-definition", "--container", "--port", "--out")) {
            if (!single.containsKey(required)) {
                throw new IllegalArgumentException(required + " is required");
            }
        }
        int port;
        try {
            port = Integer.parseInt(single.get("--port"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, got '" + single.get("--port") + "'", e);
        }
        Options options = new Options(
                single.get("--container"), port, single.get("--image"), single.get("--platform-version"), hooks);
        Result result = generate(Files.readString(Path.of(single.get("--task-definition"))), options);
        Path out = Path.of(single.get("--out"));
        result.writeTo(out);
        return out;
    }
}
