package io.stagegate.app;

import io.stagegate.config.ProcessRole;
import io.stagegate.config.Replication;
import io.stagegate.config.StagegateConfig;

import io.quarkus.runtime.StartupEvent;
import io.stagegate.index.DemoCorpus;
import io.stagegate.index.Ingestor;
import io.stagegate.catalog.Gateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * In the serve role, loads every pair's checkpoints before traffic arrives, brings each embedder index up to the
 * corpus, and indexes the shipped demo corpus on a first start (empty store).
 */
@ApplicationScoped
public class ServeStartup {
    private static final Logger LOG = Logger.getLogger(ServeStartup.class);

    @Inject
    StagegateConfig config;

    /** Resolved only in the serve role: a CLI command opens its own gateway over its own data directory. */
    @Inject
    jakarta.enterprise.inject.Instance<Gateway> gateways;

    /** Built here so startup says which API-key protection is in force. */
    @Inject
    jakarta.enterprise.inject.Instance<io.stagegate.security.ApiKeys> keys;

    @Inject
    jakarta.enterprise.inject.Instance<io.stagegate.catalog.PairAdmin> pairAdmin;

    @Inject
    jakarta.enterprise.inject.Instance<io.stagegate.catalog.CheckpointAdmin> checkpointAdmin;

    @Inject
    jakarta.enterprise.inject.Instance<io.stagegate.experiments.Experiments> experiments;

    /** Built here so startup says where events go (and a broken spool fails startup, not the first search). */
    @Inject
    jakarta.enterprise.inject.Instance<io.stagegate.events.EventSink> events;

    void onStart(@Observes StartupEvent event) {
        if (config.role() != ProcessRole.SERVE) {
            return;
        }
        Gateway gateway = gateways.get();
        events.get().enabled();
        keys.get().configured();
        boolean replicated = config.index().replication() == Replication.KAFKA;
        if (replicated && config.demo().enabled()) {
            LOG.info("demo corpus not indexed: with stagegate.index.replication=kafka the corpus comes from the documents "
                    + "topic (ingest it through any replica)");
        }
        if (!replicated && gateway.store().size() == 0 && config.demo().enabled()) {
            var docs = DemoCorpus.load();
            Ingestor.Report report = gateway.ingestor().ingest(docs, Ingestor.Progress.NONE);
            LOG.infof("indexed the demo corpus: %d documents in %d ms (stagegate.demo.enabled=false turns this off)",
                    report.documents(), report.millis());
        }
        int backfilled = gateway.backfills().all(Ingestor.Progress.NONE);
        if (backfilled > 0) {
            LOG.infof("embedded %d stored documents for newly configured embedders", backfilled);
        }
        restore(checkpointAdmin.get(), pairAdmin.get(), experiments.get());
        experiments.get().running().ifPresent(x -> LOG.infof("experiment %s (%s, version %d) is running: arms %s",
                x.id(), x.mode().wire(), x.version(), x.weights()));
        LOG.infof("serving pairs %s (default %s) over %d documents in %s", gateway.pairs().keySet(), gateway.defaultPair(),
                gateway.store().size(), config.dataDir());
    }

    /**
     * What a restarted gateway brings back, each after what it names: checkpoints registered at runtime, then the
     * runtime pairs that read them, then the experiments that name those pairs (which wait while a pair still builds).
     */
    public static void restore(io.stagegate.catalog.CheckpointAdmin checkpoints, io.stagegate.catalog.PairAdmin pairs,
                               io.stagegate.experiments.Experiments experiments) {
        checkpoints.restore();
        pairs.restore();
        experiments.resume();
    }
}
