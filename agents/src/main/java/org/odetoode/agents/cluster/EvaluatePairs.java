package org.odetoode.agents.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;
import org.odetoode.agents.rollout.CandidateBatch;
import org.odetoode.agents.rollout.MeanStdFilter;

/** The task a coordinator sends a member: evaluate these pairs of candidates of this run. */
final class EvaluatePairs implements Callable<PairResults>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String configYaml;
    private final CandidateBatch batch;
    private final MeanStdFilter filter;
    private final boolean record;
    private final double rewardShift;
    private transient HazelcastInstance member;

    EvaluatePairs(String configYaml, CandidateBatch batch, MeanStdFilter filter, boolean record, double rewardShift) {
        this.configYaml = configYaml;
        this.batch = batch;
        this.filter = filter;
        this.record = record;
        this.rewardShift = rewardShift;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public PairResults call() {
        return MemberRollouts.of(member).evaluate(configYaml, batch, filter, record, rewardShift);
    }
}
