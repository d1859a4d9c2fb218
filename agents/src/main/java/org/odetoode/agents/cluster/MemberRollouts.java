package org.odetoode.agents.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.hazelcast.core.HazelcastInstance;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.Trainer;
import org.odetoode.agents.rollout.CandidateBatch;
import org.odetoode.agents.rollout.CandidateEvaluator;
import org.odetoode.agents.rollout.MeanStdFilter;
import org.odetoode.agents.rollout.RolloutExecutor;
import org.odetoode.envs.Env;
import org.odetoode.modules.policy.Policy;

/**
 * A member's rollout executors, one per run it serves (built from the config its tasks carry, the least recently used
 * closed beyond {@value #RUNS}: a suite trains several cells at a time). Tasks run one at a time per member (the
 * executor service has one thread), each on all of the member's threads.
 */
final class MemberRollouts implements AutoCloseable {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int RUNS = 4;

    /** A run's config and executor. */
    private record Run(TrainConfig config, RolloutExecutor executor) {
    }

    private final int threads;
    private final Map<String, Run> runs = new LinkedHashMap<>(8, 0.75f, true);
    private long candidates;

    MemberRollouts(int threads) {
        this.threads = threads;
    }

    synchronized PairResults evaluate(String yaml, CandidateBatch batch, MeanStdFilter filter, boolean record,
            double rewardShift) {
        Run run = runs.get(yaml);
        if (run == null) {
            TrainConfig c = parse(yaml);
            Policy policy;
            try (Env probe = Trainer.makeEnv(c)) {
                policy = Trainer.rolloutPolicy(c, probe);
            }
            run = new Run(c, new RolloutExecutor(threads, () -> Trainer.makeEnv(c), policy));
            runs.put(yaml, run);
            if (runs.size() > RUNS) {
                Iterator<Run> eldest = runs.values().iterator();
                eldest.next().executor().close();
                eldest.remove();
            }
        }
        candidates += batch.size();
        return PairResults.of(run.executor().run(batch.episodes(CandidateEvaluator.noiseTable(run.config(), batch)),
                filter, record, rewardShift));
    }

    /** Candidates this member evaluated. */
    synchronized long candidates() {
        return candidates;
    }

    /** The rollouts of {@code member}, a member that {@link Cluster} started. */
    static MemberRollouts of(HazelcastInstance member) {
        return (MemberRollouts) member.getUserContext().get(Cluster.ROLLOUTS);
    }

    @SuppressWarnings("unchecked")
    private static TrainConfig parse(String yaml) {
        try {
            return TrainConfig.resolve(YAML.readValue(yaml, Map.class), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the coordinator sent a config that is not YAML: "
                    + e.getOriginalMessage());
        }
    }

    @Override
    public synchronized void close() {
        runs.values().forEach(r -> r.executor().close());
        runs.clear();
    }
}
