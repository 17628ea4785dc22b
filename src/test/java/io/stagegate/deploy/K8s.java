package io.stagegate.deploy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reading Kubernetes objects held as parsed YAML maps. */
final class K8s {
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");

    private K8s() {
    }

    static String name(Map<String, Object> r) {
        return (String) map(r, "metadata").get("name");
    }

    static boolean isWorkload(Map<String, Object> r) {
        return WORKLOADS.contains((String) r.get("kind"));
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload, "spec"), "template"), "spec");
    }

    static Map<String, Object> podLabels(Map<String, Object> workload) {
        return map(map(map(map(workload, "spec"), "template"), "metadata"), "labels");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> containers(Map<String, Object> r) {
        if (!isWorkload(r)) {
            return List.of();
        }
        return (List<Map<String, Object>>) podSpec(r).getOrDefault("containers", List.of());
    }

    /** A nested map, or an empty map where the key is absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v == null ? Map.of() : (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v == null ? List.of() : (List<Map<String, Object>>) v;
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> resources, String kind) {
        return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    static Optional<Map<String, Object>> find(List<Map<String, Object>> resources, String kind, String name) {
        return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(name(r))).findFirst();
    }

    /** A selector's labels all present, with the same values, among the pod's labels. */
    static boolean selects(Map<String, Object> matchLabels, Map<String, Object> podLabels) {
        return !matchLabels.isEmpty() && matchLabels.entrySet().stream()
                .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
    }

    /** A Kubernetes quantity (20Gi, 500m, 2) in base units (bytes, cores). */
    static BigDecimal quantity(Object q) {
        String s = String.valueOf(q).trim();
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
                {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}, {"m", "0.001"}};
        for (String[] suffix : suffixes) {
            if (s.endsWith(suffix[0])) {
                return new BigDecimal(s.substring(0, s.length() - suffix[0].length())).multiply(new BigDecimal(suffix[1]));
            }
        }
        return new BigDecimal(s);
    }
}
