package io.stagegate.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The health and metrics paths the application serves: Quarkus' defaults (non-application root "q", SmallRye Health
 * at "health" with "live", "ready" and "started", Micrometer's Prometheus endpoint at "metrics") unless the
 * application's own application.properties moves them, and only if pom.xml has the extensions that serve them.
 */
final class AppPaths {
    private static final Properties APP = load();

    private AppPaths() {
    }

    /** /q/health/live, /q/health/ready or /q/health/started, as the application configures them. */
    static String health(String kind) {
        require("quarkus-smallrye-health");
        String group = switch (kind) {
            case "live" -> APP.getProperty("quarkus.smallrye-health.liveness-path", "live");
            case "ready" -> APP.getProperty("quarkus.smallrye-health.readiness-path", "ready");
            case "started" -> APP.getProperty("quarkus.smallrye-health.startup-path", "started");
            default -> throw new IllegalArgumentException(kind);
        };
        return join(root(), APP.getProperty("quarkus.smallrye-health.root-path", "health"), group);
    }

    /** /q/metrics, as the application configures it. */
    static String metrics() {
        require("quarkus-micrometer-registry-prometheus");
        return join(root(), APP.getProperty("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    private static String root() {
        return APP.getProperty("quarkus.http.non-application-root-path", "q");
    }

    /** Quarkus resolves relative paths under the non-application root; an absolute one stands alone. */
    private static String join(String root, String... parts) {
        String path = "/" + root.replaceAll("^/|/$", "");
        for (String p : parts) {
            path = p.startsWith("/") ? p : path + "/" + p;
        }
        return path;
    }

    private static void require(String extension) {
        try {
            if (!Files.readString(Path.of("pom.xml")).contains("<artifactId>" + extension + "</artifactId>")) {
                throw new AssertionError("pom.xml lacks " + extension + ", which serves the path the manifests use");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = AppPaths.class.getClassLoader().getResourceAsStream("application.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
