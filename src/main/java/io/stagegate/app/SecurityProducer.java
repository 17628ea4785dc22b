package io.stagegate.app;

import io.stagegate.config.StagegateConfig;

import io.stagegate.security.ApiKeys;
import io.stagegate.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/** API keys from configuration and an optional keys file; says at startup which protection is in force. */
@ApplicationScoped
public class SecurityProducer {
    private static final Logger LOG = Logger.getLogger(SecurityProducer.class);

    @Produces
    @Singleton
    ApiKeys apiKeys(StagegateConfig config) {
        ApiKeys keys = build(config.security());
        if (keys.configured()) {
            LOG.infof("API keys: %s required for %s", "a key", keys.required().stream().map(Role::wire).sorted().toList());
        } else {
            LOG.info("API keys: none configured; admin endpoints (pairs, experiments, ingest) answer loopback clients "
                    + "only, search and feedback are open (set stagegate.security.api-keys.<name>.key to change this)");
        }
        return keys;
    }

    static ApiKeys build(StagegateConfig.SecurityConfig s) {
        Map<String, Set<Role>> keys = new LinkedHashMap<>();
        s.apiKeys().forEach((name, k) -> keys.put(k.key(), k.roles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(k.roles())));
        s.keysFile().ifPresent(file -> readFile(Path.of(file), keys));
        Set<Role> required = EnumSet.noneOf(Role.class);
        if (s.searchRequiresKey()) {
            required.add(Role.SEARCH);
        }
        if (s.feedbackRequiresKey()) {
            required.add(Role.FEEDBACK);
        }
        if ((s.searchRequiresKey() || s.feedbackRequiresKey()) && keys.isEmpty()) {
            throw new IllegalStateException("stagegate.security.search/feedback-requires-key is on but no API key is "
                    + "configured; nobody could search");
        }
        return new ApiKeys(keys, required);
    }

    private static void readFile(Path file, Map<String, Set<Role>> keys) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                if (parts.length != 2) {
                    throw new IllegalStateException(file + " line " + (i + 1) + " must be 'key role[,role...]'");
                }
                keys.put(parts[0], roles(List.of(parts[1].split(",")), file + " line " + (i + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stagegate.security.keys-file " + file, e);
        }
    }

    private static Set<Role> roles(List<String> names, String where) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String n : names) {
            try {
                roles.add(Role.parse(n));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage());
            }
        }
        return roles;
    }
}
