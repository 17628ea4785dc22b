package io.stagegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.stagegate.config.ConfigChecks;
import io.stagegate.config.StagegateConfig;
import io.stagegate.model.BuiltinCheckpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CI checks of k8s/: every file parses, and each variant (cpu, gpu, each with and without the autoscale component)
 * renders to objects that agree with each other and with the application: selectors pick the pods, Service and probe
 * ports name declared container ports, probes use the application's health paths, volumes resolve, the configuration
 * passes the application's own checks, the stop budget covers the events flush, the GPU variant asks for a GPU.
 */
class K8sManifestsTest {
    static final Path K8S = Path.of("k8s");

    record Variant(String name, Path dir, boolean gpu, boolean autoscale) {
        List<Map<String, Object>> render() {
            return autoscale ? Kustomize.render(dir, K8S.resolve("autoscale")) : Kustomize.render(dir);
        }

        @Override
        public String toString() {
            return name + (autoscale ? "+autoscale" : "");
        }
    }

    static Stream<Variant> variants() {
        return Stream.of(new Variant("cpu", K8S.resolve("cpu"), false, false),
                new Variant("gpu", K8S.resolve("gpu"), true, false),
                new Variant("cpu", K8S.resolve("cpu"), false, true),
                new Variant("gpu", K8S.resolve("gpu"), true, true));
    }

    @Test
    void everyYamlFileParsesAndNamesItsKind() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(K8S)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no YAML under " + K8S.toAbsolutePath());
        for (Path f : files) {
            List<Object> docs = Kustomize.loadAll(f);
            assertFalse(docs.isEmpty(), f + " holds no YAML document");
            if (f.getFileName().toString().endsWith("-values.yaml")) {
                continue; // Helm values, not a Kubernetes object
            }
            for (Object d : docs) {
                assertTrue(d instanceof Map<?, ?> m && m.get("apiVersion") instanceof String && m.get("kind") instanceof String,
                        f + ": every document must be an object with apiVersion and kind, found " + d);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void oneWriterPerIndex(Variant v) {
        for (Map<String, Object> w : v.render().stream().filter(K8s::isWorkload).toList()) {
            boolean statefulSet = w.get("kind").equals("StatefulSet");
            Map<String, Object> spec = K8s.map(w, "spec");
            boolean singleRecreate = w.get("kind").equals("Deployment") && Integer.valueOf(1).equals(spec.get("replicas"))
                    && "Recreate".equals(K8s.map(spec, "strategy").get("type"));
            assertTrue(statefulSet || singleRecreate, v + ": " + Kustomize.id(w) + " must be a StatefulSet (a volume per "
                    + "replica) or a one-replica Deployment with strategy Recreate: a Lucene index takes one writer");
            if (statefulSet) {
                assertFalse(K8s.list(spec, "volumeClaimTemplates").isEmpty(),
                        v + ": " + Kustomize.id(w) + " needs volumeClaimTemplates, so every replica gets its own index");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void selectorsPickThePods(Variant v) {
        List<Map<String, Object>> all = v.render();
        List<Map<String, Object>> workloads = all.stream().filter(K8s::isWorkload).toList();
        assertEquals(1, workloads.size(), v + ": expected one workload, found " + workloads.stream().map(Kustomize::id).toList());
        Map<String, Object> w = workloads.getFirst();
        Map<String, Object> pods = K8s.podLabels(w);
        Map<String, Object> own = K8s.map(K8s.map(w, "spec"), "selector");
        assertTrue(K8s.selects(K8s.map(own, "matchLabels"), pods),
                v + ": " + Kustomize.id(w) + " selector " + own + " does not match its pod labels " + pods);
        for (Map<String, Object> svc : K8s.ofKind(all, "Service")) {
            Map<String, Object> sel = K8s.map(K8s.map(svc, "spec"), "selector");
            assertTrue(K8s.selects(sel, pods), v + ": Service " + K8s.name(svc) + " selector " + sel
                    + " matches no pod of " + Kustomize.id(w) + " (labels " + pods + ")");
        }
        for (Map<String, Object> pdb : K8s.ofKind(all, "PodDisruptionBudget")) {
            Map<String, Object> sel = K8s.map(K8s.map(K8s.map(pdb, "spec"), "selector"), "matchLabels");
            assertTrue(K8s.selects(sel, pods), v + ": PodDisruptionBudget " + K8s.name(pdb) + " selector " + sel
                    + " matches no pod (labels " + pods + ")");
        }
        if (w.get("kind").equals("StatefulSet")) {
            String serviceName = (String) K8s.map(w, "spec").get("serviceName");
            Map<String, Object> headless = K8s.find(all, "Service", String.valueOf(serviceName)).orElseThrow(
                    () -> new AssertionError(v + ": StatefulSet serviceName " + serviceName + " names no Service"));
            assertEquals("None", K8s.map(headless, "spec").get("clusterIP"),
                    v + ": the StatefulSet's Service " + serviceName + " must be headless (clusterIP: None)");
        }
        Map<String, Object> monitor = (Map<String, Object>) Kustomize.loadAll(K8S.resolve("monitoring/podmonitor.yaml")).getFirst();
        Map<String, Object> monitored = K8s.map(K8s.map(K8s.map(monitor, "spec"), "selector"), "matchLabels");
        assertTrue(K8s.selects(monitored, pods), "k8s/monitoring/podmonitor.yaml selects " + monitored + ", not the pods");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void servicePortsAndProbesNameDeclaredContainerPorts(Variant v) {
        List<Map<String, Object>> all = v.render();
        Map<String, Object> w = workload(v, all);
        Map<String, Integer> ports = containerPorts(w);
        assertTrue(ports.containsValue(8080), v + ": the gateway listens on 8080 (HTTP and gRPC); declared " + ports);
        for (Map<String, Object> svc : K8s.ofKind(all, "Service")) {
            for (Map<String, Object> p : K8s.list(K8s.map(svc, "spec"), "ports")) {
                Object target = p.getOrDefault("targetPort", p.get("port"));
                assertTrue(target instanceof String s ? ports.containsKey(s) : ports.containsValue(target),
                        v + ": Service " + K8s.name(svc) + " port " + p.get("name") + " targets " + target
                                + ", which no container port is (declared: " + ports + ")");
                assertTrue(p.get("name") instanceof String, v + ": Service " + K8s.name(svc) + " ports must be named");
            }
        }
        Map<String, Object> grpc = K8s.list(K8s.map(K8s.find(all, "Service", "stagegate").orElseThrow(), "spec"), "ports")
                .stream().filter(p -> "grpc".equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(v + ": Service stagegate has no port named grpc"));
        assertEquals("kubernetes.io/h2c", grpc.get("appProtocol"), v + ": gRPC needs HTTP/2 cleartext (appProtocol)");
        for (Map<String, Object> c : K8s.containers(w)) {
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                Map<String, Object> get = K8s.map(K8s.map(c, probe), "httpGet");
                assertFalse(get.isEmpty(), v + ": container " + c.get("name") + " has no HTTP " + probe);
                Object port = get.get("port");
                assertTrue(port instanceof String s ? ports.containsKey(s) : ports.containsValue(port),
                        v + ": " + probe + " port " + port + " is not a declared container port " + ports);
            }
        }
        Map<String, Object> annotations = K8s.map(K8s.map(K8s.map(K8s.map(w, "spec"), "template"), "metadata"), "annotations");
        if (annotations.containsKey("prometheus.io/port")) {
            assertTrue(ports.containsValue(Integer.parseInt((String) annotations.get("prometheus.io/port"))),
                    v + ": prometheus.io/port " + annotations.get("prometheus.io/port") + " is not a container port");
            assertEquals(AppPaths.metrics(), annotations.get("prometheus.io/path"), v + ": prometheus.io/path");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void probesUseTheApplicationsHealthPaths(Variant v) {
        Map<String, String> expected = Map.of("startupProbe", AppPaths.health("started"),
                "readinessProbe", AppPaths.health("ready"), "livenessProbe", AppPaths.health("live"));
        for (Map<String, Object> c : K8s.containers(workload(v, v.render()))) {
            expected.forEach((probe, path) -> assertEquals(path, K8s.map(K8s.map(c, probe), "httpGet").get("path"),
                    v + ": " + probe + " of " + c.get("name") + " must use the application's " + path));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void podMonitorScrapesTheMetricsPathOnADeclaredPort(Variant v) {
        Map<String, Integer> ports = containerPorts(workload(v, v.render()));
        @SuppressWarnings("unchecked")
        Map<String, Object> monitor = (Map<String, Object>) Kustomize.loadAll(K8S.resolve("monitoring/podmonitor.yaml")).getFirst();
        for (Map<String, Object> e : K8s.list(K8s.map(monitor, "spec"), "podMetricsEndpoints")) {
            assertTrue(ports.containsKey((String) e.get("port")), "podmonitor.yaml port " + e.get("port")
                    + " is not a container port name of " + v + " " + ports.keySet());
            assertEquals(AppPaths.metrics(), e.get("path"), "podmonitor.yaml path");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void volumesAndConfigMapsResolve(Variant v) {
        List<Map<String, Object>> all = v.render();
        Map<String, Object> w = workload(v, all);
        Set<String> volumes = volumeNames(w);
        for (Map<String, Object> c : K8s.containers(w)) {
            for (Map<String, Object> m : K8s.list(c, "volumeMounts")) {
                assertTrue(volumes.contains((String) m.get("name")), v + ": container " + c.get("name") + " mounts "
                        + m.get("name") + ", which is no volume or claim template " + volumes);
            }
        }
        for (Map<String, Object> vol : K8s.list(K8s.podSpec(w), "volumes")) {
            String cm = (String) K8s.map(vol, "configMap").get("name");
            if (cm != null) {
                assertTrue(K8s.find(all, "ConfigMap", cm).isPresent(), v + ": volume " + vol.get("name")
                        + " names ConfigMap " + cm + ", which this variant does not create");
            }
            String claim = (String) K8s.map(vol, "persistentVolumeClaim").get("claimName");
            if (claim != null) {
                assertTrue(K8s.find(all, "PersistentVolumeClaim", claim).isPresent(), v + ": volume " + vol.get("name")
                        + " names PersistentVolumeClaim " + claim + ", which this variant does not create");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void configurationPassesTheApplicationsChecks(Variant v) {
        StagegateConfig config = config(v, v.render());
        Set<String> checkpoints = new HashSet<>(BuiltinCheckpoints.all().keySet());
        checkpoints.addAll(config.checkpoints().keySet());
        config.pairs().forEach((id, p) -> {
            assertTrue(checkpoints.contains(p.embedder()), v + ": pair " + id + " embedder " + p.embedder()
                    + " is neither built in nor configured " + checkpoints);
            p.reranker().ifPresent(r -> assertTrue(checkpoints.contains(r),
                    v + ": pair " + id + " reranker " + r + " is neither built in nor configured"));
        });
        Map<String, Object> w = workload(v, v.render());
        assertTrue(mountPaths(w).containsKey(config.dataDir()), v + ": stagegate.data-dir " + config.dataDir()
                + " is not a mounted volume " + mountPaths(w).keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void spoolHasAPersistentVolumeThatHoldsIt(Variant v) {
        List<Map<String, Object>> all = v.render();
        StagegateConfig config = config(v, all);
        Map<String, Object> w = workload(v, all);
        String dir = config.events().spool().dir().orElse(config.dataDir() + "/events-spool");
        String volume = mountPaths(w).entrySet().stream().filter(e -> dir.equals(e.getKey()) || dir.startsWith(e.getKey() + "/"))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(v + ": spool directory " + dir + " is on no mounted volume"));
        Map<String, Object> claim = K8s.list(K8s.map(w, "spec"), "volumeClaimTemplates").stream()
                .filter(t -> volume.equals(K8s.name(t))).findFirst().orElseThrow(() -> new AssertionError(
                        v + ": spool directory " + dir + " is on volume " + volume + ", which is not a persistent claim "
                                + "template: spooled events would not survive a pod restart"));
        BigDecimal size = K8s.quantity(K8s.map(K8s.map(K8s.map(claim, "spec"), "resources"), "requests").get("storage"));
        long needed = config.events().spool().maxBytes() + config.events().spool().segmentBytes();
        if (volume.equals(mountPaths(w).get(config.dataDir()))) {
            fail(v + ": the spool shares the index volume " + volume + "; give it its own so a full spool cannot fill it");
        }
        assertTrue(size.compareTo(BigDecimal.valueOf(needed)) >= 0, v + ": spool volume " + volume + " requests " + size
                + " bytes, less than stagegate.events.spool.max-bytes + one segment (" + needed + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void terminationGraceCoversTheShutdown(Variant v) {
        List<Map<String, Object>> all = v.render();
        Map<String, Object> w = workload(v, all);
        StagegateConfig config = config(v, all);
        Properties props = properties(v, all);
        long preStop = 0;
        for (Map<String, Object> c : K8s.containers(w)) {
            Object cmd = K8s.map(K8s.map(K8s.map(c, "lifecycle"), "preStop"), "exec").get("command");
            if (cmd instanceof List<?> l && l.size() == 2 && "sleep".equals(l.get(0))) {
                preStop = Long.parseLong(String.valueOf(l.get(1)));
            }
        }
        long drain = Duration.parse("PT" + props.getProperty("quarkus.shutdown.timeout", "0s").toUpperCase()).toSeconds();
        long events = config.events().shutdownTimeout().toSeconds();
        Object grace = K8s.podSpec(w).get("terminationGracePeriodSeconds");
        long needed = preStop + drain + events + 10;
        assertTrue(grace instanceof Integer g && g >= needed, v + ": terminationGracePeriodSeconds " + grace
                + " must cover preStop " + preStop + " s + quarkus.shutdown.timeout " + drain
                + " s + stagegate.events.shutdown-timeout " + events + " s + 10 s to close the index = " + needed + " s");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void onlyTheGpuVariantAsksForAGpuAndRunsOnIt(Variant v) {
        List<Map<String, Object>> all = v.render();
        Map<String, Object> w = workload(v, all);
        StagegateConfig config = config(v, all);
        for (Map<String, Object> c : K8s.containers(w)) {
            Object gpus = K8s.map(K8s.map(c, "resources"), "limits").get("nvidia.com/gpu");
            if (v.gpu()) {
                assertTrue(gpus != null && K8s.quantity(gpus).compareTo(BigDecimal.ONE) >= 0,
                        v + ": container " + c.get("name") + " must set resources.limits nvidia.com/gpu >= 1, was " + gpus);
                assertTrue(String.valueOf(c.get("image")).endsWith(":cuda"),
                        v + ": the GPU variant must run the CUDA image (docker/Dockerfile.cuda), was " + c.get("image"));
            } else {
                assertEquals(null, gpus, v + ": the CPU variant must not ask for a GPU");
            }
        }
        String defaultEmbedder = config.pairs().get(config.defaultPair()).embedder();
        String device = config.checkpoints().containsKey(defaultEmbedder)
                ? config.checkpoints().get(defaultEmbedder).device() : "cpu";
        if (v.gpu()) {
            assertTrue(device.startsWith("cuda:"), v + ": the default pair's embedder " + defaultEmbedder
                    + " must run on cuda:N in the GPU variant, runs on " + device);
        } else {
            assertTrue(config.checkpoints().values().stream().allMatch(c -> c.device().equals("cpu")),
                    v + ": the CPU variant configures a CUDA checkpoint");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void autoscalerScalesTheWorkloadOnAnAdapterMetric(Variant v) {
        List<Map<String, Object>> all = v.render();
        List<Map<String, Object>> hpas = K8s.ofKind(all, "HorizontalPodAutoscaler");
        assertEquals(v.autoscale() ? 1 : 0, hpas.size(), v + ": HorizontalPodAutoscalers");
        for (Map<String, Object> hpa : hpas) {
            assertEquals("autoscaling/v2", hpa.get("apiVersion"), v + ": HPA apiVersion");
            Map<String, Object> ref = K8s.map(K8s.map(hpa, "spec"), "scaleTargetRef");
            assertTrue(K8s.find(all, (String) ref.get("kind"), (String) ref.get("name")).isPresent(),
                    v + ": HPA scaleTargetRef " + ref + " names no object of this variant");
            Set<String> served = AdapterRules.servedMetrics();
            for (Map<String, Object> m : K8s.list(K8s.map(hpa, "spec"), "metrics")) {
                Map<String, Object> source = K8s.map(m, "pods");
                assertEquals("Pods", m.get("type"), v + ": the autoscaler reads a per-pod metric");
                String name = (String) K8s.map(source, "metric").get("name");
                assertTrue(served.contains(name), v + ": HPA metric " + name + " is not served by any rule in "
                        + AdapterRules.FILE + " " + served);
            }
        }
    }

    @Test
    void pdbAllowsOneReplicaAtATime() {
        for (Variant v : variants().toList()) {
            for (Map<String, Object> pdb : K8s.ofKind(v.render(), "PodDisruptionBudget")) {
                assertEquals(1, K8s.map(pdb, "spec").get("maxUnavailable"),
                        v + ": PodDisruptionBudget maxUnavailable (never minAvailable: it would block drains of one replica)");
            }
        }
    }

    private static Map<String, Object> workload(Variant v, List<Map<String, Object>> all) {
        return all.stream().filter(K8s::isWorkload).findFirst()
                .orElseThrow(() -> new AssertionError(v + " renders no workload"));
    }

    private static Map<String, Integer> containerPorts(Map<String, Object> w) {
        Map<String, Integer> ports = new HashMap<>();
        for (Map<String, Object> c : K8s.containers(w)) {
            for (Map<String, Object> p : K8s.list(c, "ports")) {
                ports.put(String.valueOf(p.get("name")), (Integer) p.get("containerPort"));
            }
        }
        return ports;
    }

    private static Set<String> volumeNames(Map<String, Object> w) {
        Set<String> names = new HashSet<>();
        K8s.list(K8s.podSpec(w), "volumes").forEach(v -> names.add((String) v.get("name")));
        K8s.list(K8s.map(w, "spec"), "volumeClaimTemplates").forEach(t -> names.add(K8s.name(t)));
        return names;
    }

    /** Mount path → volume name. */
    private static Map<String, String> mountPaths(Map<String, Object> w) {
        Map<String, String> out = new HashMap<>();
        K8s.containers(w).forEach(c -> K8s.list(c, "volumeMounts")
                .forEach(m -> out.put((String) m.get("mountPath"), (String) m.get("name"))));
        return out;
    }

    /** The application.properties the pods read: the ConfigMap mounted where QUARKUS_CONFIG_LOCATIONS points. */
    static Properties properties(Variant v, List<Map<String, Object>> all) {
        Map<String, Object> w = workload(v, all);
        Map<String, Object> c = K8s.containers(w).getFirst();
        String location = K8s.list(c, "env").stream().filter(e -> "QUARKUS_CONFIG_LOCATIONS".equals(e.get("name")))
                .map(e -> (String) e.get("value")).findFirst()
                .orElseThrow(() -> new AssertionError(v + ": QUARKUS_CONFIG_LOCATIONS is not set"));
        Path file = Path.of(location);
        String volume = mountPaths(w).get(file.getParent().toString());
        Map<String, Object> vol = K8s.list(K8s.podSpec(w), "volumes").stream().filter(x -> x.get("name").equals(volume))
                .findFirst().orElseThrow(() -> new AssertionError(v + ": " + location + " is on no volume"));
        String cm = (String) K8s.map(vol, "configMap").get("name");
        Map<String, Object> map = K8s.find(all, "ConfigMap", String.valueOf(cm))
                .orElseThrow(() -> new AssertionError(v + ": " + location + " is not in a ConfigMap"));
        String text = (String) K8s.map(map, "data").get(file.getFileName().toString());
        if (text == null) {
            fail(v + ": ConfigMap " + cm + " has no key " + file.getFileName());
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The configuration as the pod would see it (the image's application.properties, then the ConfigMap), checked. */
    static StagegateConfig config(Variant v, List<Map<String, Object>> all) {
        Properties image = new Properties();
        try (InputStream in = K8sManifestsTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            image.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StagegateConfig mapped;
        try {
            // Quarkus' own Duration converter, which reads "5s" as the running application does.
            SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(StagegateConfig.class)
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withSources(new PropertiesConfigSource(strings(image), "application.properties in the image", 250))
                    .withSources(new PropertiesConfigSource(strings(properties(v, all)), v + " ConfigMap", 260))
                    .build();
            mapped = config.getConfigMapping(StagegateConfig.class);
            ConfigChecks.validate(mapped);
        } catch (RuntimeException e) {
            throw new AssertionError(v + ": the ConfigMap's application.properties fails the application's checks: "
                    + e.getMessage(), e);
        }
        return mapped;
    }

    private static Map<String, String> strings(Properties p) {
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** The custom metrics prometheus-adapter serves by k8s/monitoring/prometheus-adapter-values.yaml. */
    static final class AdapterRules {
        static final Path FILE = K8S.resolve("monitoring/prometheus-adapter-values.yaml");

        @SuppressWarnings("unchecked")
        static List<Map<String, Object>> rules() {
            Map<String, Object> values = (Map<String, Object>) Kustomize.loadAll(FILE).getFirst();
            return K8s.list(K8s.map(values, "rules"), "custom");
        }

        static Set<String> servedMetrics() {
            Set<String> out = new HashSet<>();
            for (Map<String, Object> r : rules()) {
                out.add((String) K8s.map(r, "name").get("as"));
            }
            return out;
        }

        static List<String> queries() {
            List<String> out = new ArrayList<>();
            for (Map<String, Object> r : rules()) {
                out.add((String) r.get("seriesQuery"));
                out.add((String) r.get("metricsQuery"));
            }
            return out;
        }
    }
}
