package io.stagegate.cli;

import io.stagegate.experiments.report.ReportOptions;
import io.stagegate.experiments.report.ReportSimulation;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stagegate simulate-report}: the report's statistics checked against synthetic experiments whose truth is
 * known (recurring users with their own click propensities), so a tester can see, and rerun, how far to trust them.
 */
@Command(name = "simulate-report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check the report's statistics on simulated experiments: A/A false positives under peeking, "
                + "interval coverage, sample-ratio detection, CUPED's variance reduction.")
public final class SimulateReportCommand implements Callable<Integer> {
    @Option(names = "--seeds", defaultValue = "400", description = "Simulated experiments per check (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--users", defaultValue = "2000", description = "Users per A/A and coverage experiment (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--peek-every", defaultValue = "50", description = "Users between two looks in the A/A (default ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--srm-users", defaultValue = "20000", description = "Users per sample-ratio experiment (default ${DEFAULT-VALUE})")
    int srmUsers;

    @Option(names = "--srm-seeds", defaultValue = "1000", description = "Experiments per sample-ratio check (default ${DEFAULT-VALUE})")
    int srmSeeds;

    @Option(names = "--lift", defaultValue = "0", description = "Relative click-through lift of the coverage experiment (default ${DEFAULT-VALUE})")
    double lift;

    @Override
    public Integer call() {
        if (seeds < 10 || users < 2 * every || every < 10 || srmUsers < 100 || srmSeeds < 10) {
            throw new IllegalArgumentException("need --seeds >= 10, --peek-every >= 10, --users >= 2 * --peek-every, "
                    + "--srm-users >= 100, --srm-seeds >= 10");
        }
        ReportSimulation sim = new ReportSimulation(ReportOptions.DEFAULT);
        long t0 = System.nanoTime();
        ReportSimulation.Peeking p = sim.peeking(seeds, users, every);
        System.out.printf(Locale.ROOT, "A/A, %d experiments of %d users, a look every %d users (%d looks):%n", p.seeds(),
                p.users(), p.every(), p.users() / p.every());
        row("always-valid (mixture SPRT) ever rejects", p.alwaysValid(), p.seeds());
        row("fixed-horizon p < 0.05 at any look", p.fixedPeeking(), p.seeds());
        row("fixed-horizon p < 0.05 at the planned end only", p.fixedOnce(), p.seeds());
        ReportSimulation.Coverage c = sim.coverage(seeds, users, lift);
        System.out.printf(Locale.ROOT, "%s, %d experiments of %d users, true click-through difference %+.4f:%n",
                lift == 0 ? "A/A" : "A/B", c.seeds(), c.users(), c.trueDifference());
        row("unit-level 95% interval covers the truth", c.unitLevel(), c.seeds());
        row("unit-level CUPED 95% interval covers the truth", c.cupedUnitLevel(), c.seeds());
        row("per-query 95% interval covers the truth", c.perQuery(), c.seeds());
        System.out.printf(Locale.ROOT, "  CUPED variance reduction, mean: %.1f%%; interval width with CUPED: %.3f of "
                + "without; units per arm to detect a %.3f difference: %.0f, with CUPED %.0f%n",
                100 * c.meanVarianceReduction(), c.meanCupedWidthRatio(), ReportOptions.DEFAULT.mde(), c.meanUnitsPerArm(),
                c.meanUnitsPerArmWithCuped());
        ReportSimulation.SrmRate fair = sim.srm(srmSeeds, srmUsers, 0.5);
        ReportSimulation.SrmRate skewed = sim.srm(srmSeeds, srmUsers, 0.485);
        System.out.printf(Locale.ROOT, "Sample-ratio check (alpha 0.001), %d experiments of %d users, 50/50 promised:%n",
                fair.seeds(), fair.users());
        row("flags a true 50/50 split", fair.flagged(), fair.seeds());
        row("flags a true 48.5/51.5 split", skewed.flagged(), skewed.seeds());
        System.out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static void row(String label, double share, int n) {
        double[] w = ReportSimulation.wilson(share, n, 0.05);
        System.out.printf(Locale.ROOT, "  %-52s %6.2f%%  (95%% interval %.2f%%-%.2f%%)%n", label, 100 * share, 100 * w[0],
                100 * w[1]);
    }
}
