package io.stagegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Where kubectl is installed, the checks' own renderer (Kustomize.java) must produce what "kubectl kustomize" does,
 * so the other checks see what would be applied. Skipped without kubectl.
 */
class KubectlAgreementTest {
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void ourRenderingMatchesKubectlKustomize(String variant) throws Exception {
        Path dir = K8sManifestsTest.K8S.resolve(variant);
        String kubectl = System.getProperty("stagegate.kubectl", "kubectl");
        Process p;
        try {
            p = new ProcessBuilder(kubectl, "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            assumeTrue(false, "no kubectl on PATH: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
        assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + " failed: " + err);
        List<Object> theirs = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(out).forEach(theirs::add);
        List<Object> ours = new ArrayList<>(Kustomize.render(dir));
        assertEquals(normalize(ours), normalize(theirs), variant + ": Kustomize.java and kubectl kustomize disagree");
    }

    /** Hash suffixes of generated ConfigMaps dropped, lists of named maps sorted by name, resources sorted by id. */
    @SuppressWarnings("unchecked")
    private static Object normalize(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.keySet().stream().map(String::valueOf).sorted().forEach(k -> out.put(k, normalize(((Map<String, Object>) m).get(k))));
            if ("ConfigMap".equals(out.get("kind"))) {
                Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) out.get("metadata"));
                meta.put("name", String.valueOf(meta.get("name")).replaceAll("-[a-z0-9]{10}$", ""));
                out.put("metadata", meta);
            }
            if (out.containsKey("configMap") && out.get("configMap") instanceof Map<?, ?> cm) {
                Map<String, Object> ref = new LinkedHashMap<>((Map<String, Object>) cm);
                ref.put("name", String.valueOf(ref.get("name")).replaceAll("-[a-z0-9]{10}$", ""));
                out.put("configMap", ref);
            }
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.stream().map(KubectlAgreementTest::normalize).toList());
            if (out.stream().allMatch(x -> x instanceof Map<?, ?> m && (m.get("name") != null || m.get("kind") != null))) {
                out.sort(Comparator.comparing(x -> String.valueOf(((Map<?, ?>) x).get("kind")) + "/"
                        + ((Map<?, ?>) x).get("name") + "/" + ((Map<?, ?>) x).get("metadata")));
            }
            return out;
        }
        return o;
    }
}
