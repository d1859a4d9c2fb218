package org.odetoode.agents.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.hazelcast.core.HazelcastInstance;
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
 * A member's rollout executor, built from the config its tasks carry and kept while the tasks carry the same one
 * (a run); a task of another run replaces it. Tasks run one at a time per member (the executor's pool has one thread),
 * each on all of the member's threads.
 */
final class MemberRollouts implements AutoCloseable {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final int threads;
    private String configYaml;
    private TrainConfig config;
    private RolloutExecutor executor;
    private long candidates;

    MemberRollouts(int threads) {
        this.threads = threads;
    }

    synchronized PairResults evaluate(String yaml, CandidateBatch batch, MeanStdFilter filter, boolean record,
            double rewardShift) {
        if (!yaml.equals(configYaml)) {
            close();
            TrainConfig c = parse(yaml);
            Policy policy;
            try (Env probe = Trainer.makeEnv(c)) {
                policy = Trainer.rolloutPolicy(c, probe);
            }
            executor = new RolloutExecutor(threads, () -> Trainer.makeEnv(c), policy);
            config = c;
            configYaml = yaml;
        }
        candidates += batch.size();
        return PairResults.of(executor.run(batch.episodes(CandidateEvaluator.noiseTable(config, batch)), filter,
                record, rewardShift));
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
        if (executor != null) {
            executor.close();
            executor = null;
            configYaml = null;
        }
    }
}
