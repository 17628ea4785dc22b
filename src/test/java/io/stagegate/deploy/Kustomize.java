package io.stagegate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The subset of kustomize that k8s/ uses, so the manifest checks run on what kubectl would apply without a kubectl:
 * resources (files and directories), components, strategic-merge patches (maps merge; lists of named maps merge by
 * name; other lists are replaced), configMapGenerator (files; behavior create or replace) and images (newName,
 * newTag). Anything else in a kustomization fails loudly. ConfigMaps keep their plain names (kustomize appends a
 * content hash to them and to their references; {@code K8sManifestsTest} compares with kubectl where it exists).
 */
final class Kustomize {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "components", "patches",
            "configMapGenerator", "images");

    private Kustomize() {
    }

    /** The YAML documents of one file; a parse error names the file. */
    static List<Object> loadAll(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Object> docs = new ArrayList<>();
        try {
            new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadAllFromString(text).forEach(d -> {
                if (d != null) {
                    docs.add(d);
                }
            });
        } catch (RuntimeException e) {
            throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    /** The resources a kustomization directory renders to, with extra components (like "components:" would add). */
    static List<Map<String, Object>> render(Path dir, Path... extraComponents) {
        List<Map<String, Object>> out = new ArrayList<>();
        apply(dir, out);
        for (Path c : extraComponents) {
            apply(c, out);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void apply(Path dir, List<Map<String, Object>> out) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.exists(file)) {
            throw new AssertionError(dir + " has no kustomization.yaml");
        }
        Map<String, Object> k = (Map<String, Object>) loadAll(file).getFirst();
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new AssertionError(file + ": '" + key + "' is not supported by the checks' renderer (Kustomize.java);"
                        + " add it there or use one of " + SUPPORTED);
            }
        }
        for (String r : strings(k.get("resources"))) {
            Path p = dir.resolve(r).normalize();
            if (Files.isDirectory(p)) {
                apply(p, out);
            } else if (Files.exists(p)) {
                loadAll(p).forEach(d -> out.add((Map<String, Object>) d));
            } else {
                throw new AssertionError(file + " lists resource " + r + ", which does not exist");
            }
        }
        for (String c : strings(k.get("components"))) {
            apply(dir.resolve(c).normalize(), out);
        }
        for (Object g : list(k.get("configMapGenerator"))) {
            generate(dir, file, (Map<String, Object>) g, out);
        }
        for (Object p : list(k.get("patches"))) {
            Object path = ((Map<String, Object>) p).get("path");
            if (path == null) {
                throw new AssertionError(file + ": only patches with a path are supported");
            }
            for (Object doc : loadAll(dir.resolve((String) path))) {
                Map<String, Object> patch = (Map<String, Object>) doc;
                Map<String, Object> target = out.stream().filter(r -> sameResource(r, patch)).findFirst()
                        .orElseThrow(() -> new AssertionError(file + ": patch " + path + " targets " + id(patch)
                                + ", which no resource of this kustomization is"));
                merge(target, patch);
            }
        }
        for (Object i : list(k.get("images"))) {
            retag(out, (Map<String, Object>) i);
        }
    }

    @SuppressWarnings("unchecked")
    private static void generate(Path dir, Path file, Map<String, Object> g, List<Map<String, Object>> out) {
        String name = (String) g.get("name");
        Map<String, Object> data = new LinkedHashMap<>();
        for (String f : strings(g.get("files"))) {
            try {
                data.put(Path.of(f).getFileName().toString(), Files.readString(dir.resolve(f)));
            } catch (IOException e) {
                throw new AssertionError(file + ": configMapGenerator " + name + " names " + f + ", which cannot be read");
            }
        }
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
        cm.put("data", data);
        boolean exists = out.removeIf(r -> sameResource(r, cm));
        String behavior = (String) g.getOrDefault("behavior", "create");
        if (exists != behavior.equals("replace")) {
            throw new AssertionError(file + ": configMapGenerator " + name + " with behavior " + behavior
                    + (exists ? " but a ConfigMap of that name exists" : " but there is no ConfigMap of that name to replace"));
        }
        out.add(cm);
    }

    @SuppressWarnings("unchecked")
    private static void retag(List<Map<String, Object>> out, Map<String, Object> image) {
        String name = (String) image.get("name");
        for (Map<String, Object> r : out) {
            for (Map<String, Object> c : K8s.containers(r)) {
                String current = (String) c.get("image");
                String bare = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
                if (bare.equals(name)) {
                    String newName = (String) image.getOrDefault("newName", bare);
                    String tag = current.contains(":") ? current.substring(current.lastIndexOf(':') + 1) : null;
                    tag = (String) image.getOrDefault("newTag", tag);
                    c.put("image", tag == null ? newName : newName + ":" + tag);
                }
            }
        }
    }

    /** Strategic merge as far as k8s/ needs it. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object old = target.get(e.getKey());
            Object value = e.getValue();
            if (old instanceof Map && value instanceof Map) {
                merge((Map<String, Object>) old, (Map<String, Object>) value);
            } else if (old instanceof List<?> a && value instanceof List<?> b && named(a) && named(b)) {
                List<Object> merged = new ArrayList<>(a);
                for (Object item : b) {
                    Map<String, Object> m = (Map<String, Object>) item;
                    merged.stream().filter(x -> Objects.equals(((Map<?, ?>) x).get("name"), m.get("name"))).findFirst()
                            .ifPresentOrElse(x -> merge((Map<String, Object>) x, m), () -> merged.add(m));
                }
                target.put(e.getKey(), merged);
            } else {
                target.put(e.getKey(), value);
            }
        }
    }

    private static boolean named(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(x -> x instanceof Map<?, ?> m && m.get("name") != null);
    }

    static boolean sameResource(Map<String, Object> a, Map<String, Object> b) {
        return id(a).equals(id(b));
    }

    static String id(Map<String, Object> r) {
        return r.get("kind") + "/" + K8s.name(r);
    }

    private static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String.class::cast).toList();
    }
}
