package io.github.securefargate.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.constructs.Construct;

/**
 * One shape for every construct of the library: {@code Xxx.Builder.create(scope, id)...build()} beside
 * {@code new Xxx(scope, id, props)}, and the construct's builder has exactly the setters of its props builder, so a
 * prop never exists on one but not the other.
 */
class BuilderShapeTest {

    /** Every public construct class of the library, found from the main sources (so a new one cannot be missed). */
    static List<Class<?>> constructs() throws IOException, ClassNotFoundException {
        Path root = Path.of("src", "main", "java");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.java$", "");
                if (name.contains(".internal.")) {
                    continue;
                }
                Class<?> c = Class.forName(name);
                if (Construct.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers())) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    private static Set<String> setters(final Class<?> builder) {
        return Arrays.stream(builder.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getReturnType() == builder)
                .map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyConstructHasBuilderCreateAndTheSettersOfItsProps() throws Exception {
        List<Class<?>> constructs = constructs();
        assertThat(constructs).hasSizeGreaterThanOrEqualTo(7);
        List<String> problems = new ArrayList<>();
        for (Class<?> c : constructs) {
            Class<?> builder = Arrays.stream(c.getDeclaredClasses())
                    .filter(k -> k.getSimpleName().equals("Builder"))
                    .findFirst()
                    .orElse(null);
            if (builder == null) {
                problems.add(c.getSimpleName() + " has no Builder");
                continue;
            }
            Method create = builder.getMethod("create", software.constructs.Construct.class, String.class);
            if (!Modifier.isStatic(create.getModifiers()) || create.getReturnType() != builder) {
                problems.add(c.getSimpleName() + ".Builder.create(scope, id) is not a static factory");
            }
            Class<?> props = Class.forName(c.getName() + "Props");
            Class<?> propsBuilder = Arrays.stream(props.getDeclaredClasses())
                    .filter(k -> k.getSimpleName().equals("Builder"))
                    .findFirst()
                    .orElseThrow();
            Set<String> onConstruct = setters(builder);
            Set<String> onProps = setters(propsBuilder);
            if (!onConstruct.equals(onProps)) {
                Set<String> onlyConstruct = new TreeSet<>(onConstruct);
                onlyConstruct.removeAll(onProps);
                Set<String> onlyProps = new TreeSet<>(onProps);
                onlyProps.removeAll(onConstruct);
                problems.add(c.getSimpleName() + ": only on the construct builder " + onlyConstruct
                        + ", only on the props builder " + onlyProps);
            }
            c.getConstructor(software.constructs.Construct.class, String.class, props);
        }
        assertThat(problems).isEmpty();
    }
}
