package org.odetoode.agents.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.rollout.CandidateBatch;
import org.odetoode.agents.rollout.CandidateEvaluator;
import org.odetoode.agents.rollout.MeanStdFilter;
import org.odetoode.agents.rollout.RolloutExecutor;
import org.odetoode.envs.wrappers.RunningMeanStd;

/**
 * Spreads the candidates of an iteration over the cluster's workers (its full members) as tasks of a few pairs each, and runs its own
 * share on the coordinator's executor. Each member holds at most {@value #IN_FLIGHT} tasks (one running, one queued,
 * so it never waits for the coordinator); the coordinator takes tasks from the other end of the queue between
 * answers. The members are read at every iteration, so one that joins gets work from the next iteration. A task
 * whose member leaves (killed, or silent past the heartbeat timeout) goes back to the queue, for a survivor or the
 * coordinator. Results are stored by candidate index, so the run is the same whoever evaluated what.
 */
final class ClusterEvaluator implements CandidateEvaluator {
    /** Tasks per participant and iteration: enough to balance uneven members, few enough to keep messages few. */
    private static final int TASKS_PER_PARTICIPANT = 4;
    private static final int IN_FLIGHT = 2;

    private final HazelcastInstance member;
    private final IExecutorService executor;
    private final TrainConfig config;
    private final String configYaml;
    private final RolloutExecutor local;
    private final AtomicLong resent;

    ClusterEvaluator(HazelcastInstance member, TrainConfig config, RolloutExecutor local, AtomicLong resent) {
        this.member = member;
        this.executor = member.getExecutorService(Cluster.EXECUTOR);
        this.config = config;
        this.configYaml = config.toYaml();
        this.local = local;
        this.resent = resent;
    }

    /** A task's pairs [from, to) and, once answered, its results or its failure. */
    private record Answer(Member member, int from, int to, PairResults results, Throwable failure) {
    }

    @Override
    public RolloutExecutor.Results evaluate(CandidateBatch batch, MeanStdFilter filter, boolean record,
            double rewardShift) {
        int n = batch.size();
        RolloutExecutor.Results out = new RolloutExecutor.Results(new double[n], new double[n], new int[n],
                record ? new RunningMeanStd[n] : null, new boolean[n]);
        List<Member> remotes = new ArrayList<>();
        for (Member m : member.getCluster().getMembers()) {
            if (!m.isLiteMember()) {
                remotes.add(m);
            }
        }
        int pairs = batch.pairs();
        int perTask = Math.max(1, -Math.floorDiv(-pairs, TASKS_PER_PARTICIPANT * (remotes.size() + 1)));
        Deque<int[]> todo = new ArrayDeque<>();
        for (int from = 0; from < pairs; from += perTask) {
            todo.add(new int[] {from, Math.min(pairs, from + perTask)});
        }
        BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        Map<Member, Integer> inFlight = new HashMap<>();
        Set<Member> gone = new HashSet<>();
        int pending = 0;
        boolean interrupted = false;
        while (true) {
            for (Member m : remotes) {
                while (!gone.contains(m) && inFlight.getOrDefault(m, 0) < IN_FLIGHT && !todo.isEmpty()) {
                    submit(m, todo.pollFirst(), batch, filter, record, rewardShift, answers);
                    inFlight.merge(m, 1, Integer::sum);
                    pending++;
                }
            }
            Answer a = answers.poll();
            if (a == null && !todo.isEmpty()) {
                int[] range = todo.pollLast();
                CandidateBatch mine = batch.pairs(range[0], range[1]);
                PairResults.of(local.run(mine.episodes(CandidateEvaluator.noiseTable(config, mine)), filter, record,
                        rewardShift)).copyTo(out, 2 * range[0]);
                continue;
            }
            if (a == null && pending == 0) {
                break;
            }
            while (a == null) {
                try {
                    a = answers.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // The tasks out there end on their own (or with their member): wait for them, then pass it on.
                    interrupted = true;
                }
            }
            pending--;
            inFlight.merge(a.member(), -1, Integer::sum);
            if (a.results() != null) {
                a.results().copyTo(out, 2 * a.from());
            } else if (memberLeft(a.failure())) {
                gone.add(a.member());
                todo.addFirst(new int[] {a.from(), a.to()});
                resent.addAndGet(2L * (a.to() - a.from()));
            } else {
                throw new IllegalStateException("cluster member " + a.member().getAddress() + " failed on candidates "
                        + 2 * a.from() + ".." + (2 * a.to() - 1) + ": " + a.failure(), a.failure());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private void submit(Member m, int[] range, CandidateBatch batch, MeanStdFilter filter, boolean record,
            double rewardShift, BlockingQueue<Answer> answers) {
        EvaluatePairs task = new EvaluatePairs(configYaml, batch.pairs(range[0], range[1]), filter, record,
                rewardShift);
        try {
            executor.submitToMember(task, m, new ExecutionCallback<PairResults>() {
                @Override
                public void onResponse(PairResults r) {
                    answers.add(new Answer(m, range[0], range[1], r, null));
                }

                @Override
                public void onFailure(Throwable t) {
                    answers.add(new Answer(m, range[0], range[1], null, t));
                }
            });
        } catch (RuntimeException e) {
            answers.add(new Answer(m, range[0], range[1], null, e));
        }
    }

    /** Whether a task failed because its member left the cluster (its work is then re-sent), not because it ran. */
    private static boolean memberLeft(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MemberLeftException || c instanceof TargetNotMemberException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
    }
}
